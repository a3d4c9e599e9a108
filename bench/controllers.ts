// Controllers benchmark (`npm run bench`, or alone: `node --import tsx bench/controllers.ts`).
// Starts `svcnet server --node-mode none` as a child process (its RSS is then its own; the
// controllers run inside it) and, in this process, virtual nodes that "run" the pods. Creates
// SERVICES Services each selecting PODS/SERVICES bare pods whose spec.nodeName is preset (no
// scheduler: the endpoint path is what is measured), waits until every pod is Ready and every
// EndpointSlice holds every endpoint as ready, then flips readiness of sampled pods and measures,
// on this process's clock, the time from the pod watch showing the new Ready condition to the
// EndpointSlice watch showing the endpoint's new ready condition. Prints figures and the size run.
// Contract: loopback only; every wait has a deadline; stops the nodes and the server it started.
// Env: BENCH_CTRL_SERVICES (default 3,000: the largest size that completes in about 5 minutes on a
// 2-core machine; the size is 10,000), BENCH_CTRL_PODS (default 10 per service),
// BENCH_CTRL_NODES (default: enough nodes for <=250 pods each, since node IPAM gives every node a
// /24), BENCH_CTRL_CONCURRENCY (creates in flight, default 32), BENCH_CTRL_SAMPLES (default 200),
// BENCH_CTRL_TIMEOUT_S (deadline for create + converge, default 900). For profiling the server:
// BENCH_CTRL_SERVER_NODE_OPTIONS (NODE_OPTIONS for the server only, e.g. '--heapsnapshot-signal=SIGUSR2'
// or '--require ./my-profiler.cjs'), and BENCH_CTRL_SIGNAL=1: SIGUSR2 to the server once converged,
// then a pause of BENCH_CTRL_SIGNAL_WAIT_MS for it to write what it writes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startServer, type TestServer } from '../test/e2e/harness.js';
import { newClient } from '../src/client/rest-client.js';
import type { Client, WatchEvent, WatchHandle } from '../src/client/types.js';
import type { KubeObject } from '../src/apis/object.js';
import { VirtualNode } from '../src/agent/virtual/virtual-node.js';
import { percentile, rssMiB } from './load.js';

const NS = 'ctrl-bench';
/** Node IPAM hands every node a /24 (253 pod addresses); stay under it. */
const PODS_PER_NODE = 250;
/** Room for 16,384 /24s, apart from the service range. */
const POD_CIDR = '100.64.0.0/10';
const READY_ANNOTATION = 'virtual.svcnet.io/ready';

export interface ControllersBenchOptions {
  services: number;
  pods: number;
  nodes: number;
  samples: number;
  timeoutMs: number;
  /** Concurrent create requests. */
  concurrency: number;
}

export function optionsFromEnv(env = process.env): ControllersBenchOptions {
  const services = Number(env.BENCH_CTRL_SERVICES ?? 3_000);
  const pods = Number(env.BENCH_CTRL_PODS ?? services * 10);
  const nodes = Number(env.BENCH_CTRL_NODES ?? Math.max(1, Math.ceil(pods / PODS_PER_NODE)));
  return {
    services, pods, nodes,
    samples: Number(env.BENCH_CTRL_SAMPLES ?? 200),
    timeoutMs: Number(env.BENCH_CTRL_TIMEOUT_S ?? 900) * 1000,
    concurrency: Number(env.BENCH_CTRL_CONCURRENCY ?? 32),
  };
}

type Report = (what: string, value: string) => void;
const defaultReport: Report = (what, value) => console.log(`${what.padEnd(66)} ${value}`);
const f1 = (n: number) => n.toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** user+system CPU seconds of a process (clock ticks are 100/s on Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface PodLike extends KubeObject {
  status?: { conditions?: { type: string; status: string }[] };
}
interface SliceLike extends KubeObject {
  endpoints?: { targetRef?: { name?: string }; conditions?: { ready?: boolean } }[];
}

/**
 * What the bench sees of the cluster, fed by two watches (pods, EndpointSlices in NS): each pod's
 * Ready condition and each slice's endpoints, with counters kept incrementally so convergence
 * checks are O(1), and waiters resolved on the event that satisfies them.
 */
class ClusterView {
  readonly podReady = new Map<string, boolean>();
  readyPods = 0;
  /** slice name -> pod name -> endpoint ready */
  private readonly slices = new Map<string, Map<string, boolean>>();
  /** pod name -> endpoint ready, over all slices (a pod is in at most one slice of our single-port services). */
  readonly endpointReady = new Map<string, boolean>();
  readyEndpoints = 0;
  private readonly waiters = new Set<{ check: () => boolean; resolve: (t: number) => void }>();
  private readonly handles: WatchHandle[] = [];
  private stopped = false;
  errors = 0;

  constructor(private readonly client: Client) {}

  async start(): Promise<void> {
    await this.watch<PodLike>('Pod', (e) => this.onPod(e));
    await this.watch<SliceLike>('EndpointSlice', (e) => this.onSlice(e));
  }

  stop(): void {
    this.stopped = true;
    for (const h of this.handles) h.stop();
  }

  /** Resolves with performance.now() at the event after which check() holds (at once if it holds now). */
  until(check: () => boolean): Promise<number> {
    if (check()) return Promise.resolve(performance.now());
    return new Promise((resolve) => this.waiters.add({ check, resolve }));
  }

  private async watch<T extends KubeObject>(kind: string, on: (e: WatchEvent<T>) => void): Promise<void> {
    const rc = this.client.forKind<T>(kind);
    const list = await rc.list(NS);
    for (const o of list.items) on({ type: 'ADDED', object: o });
    let rv = list.resourceVersion;
    const open = () => {
      const h = rc.watch(NS, { resourceVersion: rv, allowWatchBookmarks: true }, (e) => {
        rv = e.object.metadata?.resourceVersion ?? rv;
        if (e.type !== 'BOOKMARK') on(e);
      }, (err) => {
        if (this.stopped) return;
        // A watch the server ends is resumed from the last revision seen; an expired one cannot be.
        // (An expired revision would need a relist; counted, and the run's figures say so.)
        if (err) { this.errors++; console.error(`  ${kind} watch ended: ${err.message}`); }
        setTimeout(open, 100);
      });
      this.handles.push(h);
    };
    open();
  }

  private onPod(e: WatchEvent<PodLike>): void {
    const name = e.object.metadata.name!;
    const was = this.podReady.get(name) ?? false;
    const now = e.type !== 'DELETED' && e.object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
    if (e.type === 'DELETED') this.podReady.delete(name); else this.podReady.set(name, now);
    this.readyPods += Number(now) - Number(was);
    this.notify();
  }

  private onSlice(e: WatchEvent<SliceLike>): void {
    const name = e.object.metadata.name!;
    const old = this.slices.get(name) ?? new Map<string, boolean>();
    const next = new Map<string, boolean>();
    if (e.type !== 'DELETED') {
      for (const ep of e.object.endpoints ?? []) {
        const pod = ep.targetRef?.name;
        if (pod) next.set(pod, ep.conditions?.ready !== false);
      }
    }
    for (const [pod, ready] of old) if (!next.has(pod)) { this.endpointReady.delete(pod); this.readyEndpoints -= Number(ready); }
    for (const [pod, ready] of next) {
      const was = this.endpointReady.get(pod) ?? false;
      this.endpointReady.set(pod, ready);
      this.readyEndpoints += Number(ready) - Number(was);
    }
    if (e.type === 'DELETED') this.slices.delete(name); else this.slices.set(name, next);
    this.notify();
  }

  private notify(): void {
    if (this.waiters.size === 0) return;
    const t = performance.now();
    for (const w of this.waiters) if (w.check()) { this.waiters.delete(w); w.resolve(t); }
  }
}

function withDeadline<T>(p: Promise<T>, deadline: number, what: string): Promise<T> {
  const ms = Math.max(0, deadline - Date.now());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `count` jobs with `concurrency` in flight, stopping at the deadline; returns successes and the first error. */
async function pool(count: number, concurrency: number, deadline: number, job: (i: number) => Promise<void>) {
  let next = 0, ok = 0, failed = 0, firstError = '';
  const worker = async () => {
    while (next < count && Date.now() < deadline) {
      const i = next++;
      try { await job(i); ok++; } catch (e) { failed++; firstError ||= e instanceof Error ? e.message : String(e); }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok, failed, firstError };
}

const svcName = (i: number) => `svc-${i}`;
const podName = (svc: number, j: number) => `pod-${svc}-${j}`;

/** Runs the benchmark and reports its figures; throws only when the cluster could not be set up at all. */
export async function runControllersBench(opts: ControllersBenchOptions = optionsFromEnv(), report: Report = defaultReport): Promise<void> {
  const { services, pods, nodes: nodeCount, concurrency } = opts;
  const perService = Math.max(1, Math.floor(pods / services));
  const totalPods = perService * services;
  console.log(`\ncontrollers bench (size from BENCH_CTRL_SERVICES / BENCH_CTRL_PODS / BENCH_CTRL_NODES): ${services} services x ${perService} pods = ${totalPods} pods on ${nodeCount} virtual nodes ` +
    `(${Math.ceil(totalPods / nodeCount)} pods/node), ${concurrency} concurrent creates, ${opts.samples} sampled pods\n`);
  if (totalPods / nodeCount > 253) throw new Error(`${Math.ceil(totalPods / nodeCount)} pods per node do not fit a node's /24: raise BENCH_CTRL_NODES`);

  process.env.SVCNET_LOG_LEVEL ??= 'warn';
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  // The server inherits this process's environment; node flags reach it (only it) through NODE_OPTIONS.
  const nodeOptions = process.env.NODE_OPTIONS;
  if (process.env.BENCH_CTRL_SERVER_NODE_OPTIONS) process.env.NODE_OPTIONS = process.env.BENCH_CTRL_SERVER_NODE_OPTIONS;
  const server: TestServer = await startServer({ args: ['--node-mode', 'none', '--pod-cidr', POD_CIDR], readyTimeoutMs: 120_000 });
  if (nodeOptions === undefined) delete process.env.NODE_OPTIONS; else process.env.NODE_OPTIONS = nodeOptions;
  const pid = server.pid!;
  const creds = server.http.creds;
  const cfg = { server: creds.server, token: creds.token!, caCert: creds.ca.toString('utf8') };
  const log = pino({ level: 'error', base: undefined });
  const nodes: VirtualNode[] = [];
  const clients: Client[] = [];
  const bench = newClient({ ...cfg, userAgent: 'bench' });
  const view = new ClusterView(bench);
  const cpu0 = cpuSeconds(pid);
  try {
    report('server RSS idle (controllers running, no nodes)', `${f1(rssMiB(pid))} MB`);

    // Nodes, each with its own client, as separate agents would be.
    let t = performance.now();
    await pool(nodeCount, 16, deadline, async (i) => {
      const client = newClient({ ...cfg, userAgent: `virtual-node-${i}` });
      clients.push(client);
      const vn = new VirtualNode({ client, nodeName: `vnode-${i}`, log, maxPods: 2000, internalIP: `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`, workers: 8, renewIntervalMs: 10_000 });
      nodes.push(vn);
      await vn.start();
    });
    await withDeadline((async () => { while (nodes.some((n) => !n.podCIDR)) await sleep(50); })(), deadline, 'nodes get a podCIDR');
    report(`${nodeCount} virtual nodes registered with a podCIDR`, `${f1((performance.now() - t) / 1000)} s`);

    const ns = await server.http.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
    if (ns.status !== 201) throw new Error(`create namespace: ${ns.status} ${ns.text.slice(0, 200)}`);
    await view.start();

    const post = async (path: string, body: object) => {
      const r = await server.http.request('POST', path, { body, timeoutMs: 120_000 });
      if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${r.text.slice(0, 200)}`);
    };
    const createStart = performance.now();
    let cpu = cpuSeconds(pid);
    const svc = await pool(services, concurrency, deadline, (i) => post(`/api/v1/namespaces/${NS}/services`, {
      apiVersion: 'v1', kind: 'Service', metadata: { name: svcName(i) },
      spec: { selector: { app: svcName(i) }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    }));
    const svcSecs = (performance.now() - createStart) / 1000;
    report(`create ${svc.ok} services (${svc.failed} failed)`, `${f1(svcSecs)} s, ${f1(svc.ok / svcSecs)}/s, server CPU ${f1(cpuSeconds(pid) - cpu)} s`);
    if (svc.failed) report('  first service create error', svc.firstError);

    const progress = setInterval(() => {
      console.log(`  ... ${Math.round((performance.now() - createStart) / 1000)} s: ${view.podReady.size} pods seen, ${view.readyPods} ready, ` +
        `${view.readyEndpoints} ready endpoints in slices; server RSS ${f1(rssMiB(pid))} MB`);
    }, 15_000);
    try {
      t = performance.now();
      cpu = cpuSeconds(pid);
      const podsCreated = await pool(totalPods, concurrency, deadline, (k) => {
        // Pod k: service k % services, so every service fills up while pods are being created.
        const s = k % services, j = Math.floor(k / services);
        return post(`/api/v1/namespaces/${NS}/pods`, {
          apiVersion: 'v1', kind: 'Pod', metadata: { name: podName(s, j), labels: { app: svcName(s) } },
          spec: { nodeName: `vnode-${k % nodeCount}`, containers: [{ name: 'app', image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', ports: [{ containerPort: 8080 }] }] },
        });
      });
      const podSecs = (performance.now() - t) / 1000;
      report(`create ${podsCreated.ok} pods (${podsCreated.failed} failed)`, `${f1(podSecs)} s, ${f1(podsCreated.ok / podSecs)}/s, server CPU ${f1(cpuSeconds(pid) - cpu)} s`);
      if (podsCreated.failed) report('  first pod create error', podsCreated.firstError);

      const want = podsCreated.ok;
      const readyAt = await withDeadline(view.until(() => view.readyPods >= want), deadline, `${want} pods Ready`).catch((e: Error) => { report('pods Ready', `${e.message} (${view.readyPods} of ${want})`); return undefined; });
      if (readyAt) report(`all ${want} pods Ready (from first service create)`, `${f1((readyAt - createStart) / 1000)} s`);
      const slicesAt = await withDeadline(view.until(() => view.readyEndpoints >= want), deadline, `${want} ready endpoints`).catch((e: Error) => { report('EndpointSlices complete', `${e.message} (${view.readyEndpoints} of ${want})`); return undefined; });
      if (slicesAt) report(`all ${want} endpoints ready in EndpointSlices (from first create)`, `${f1((slicesAt - createStart) / 1000)} s`);
      if (!slicesAt) return;
    } finally {
      clearInterval(progress);
    }

    await sleep(2_000);
    report(`server RSS with ${services} services, ${totalPods} pods, their slices`, `${f1(rssMiB(pid))} MB`);
    report('bench process RSS (virtual nodes + watches)', `${f1(process.memoryUsage().rss / 1048576)} MB`);
    report('server CPU from start to converged', `${f1(cpuSeconds(pid) - cpu0)} s`);
    if (process.env.BENCH_CTRL_SIGNAL) {
      process.kill(pid, 'SIGUSR2');
      await sleep(Number(process.env.BENCH_CTRL_SIGNAL_WAIT_MS ?? 60_000));
    }

    await measureLatency(server, view, services, perService, opts.samples, report);
    report('server RSS after latency samples', `${f1(rssMiB(pid))} MB`);
  } finally {
    view.stop();
    await Promise.all(nodes.map((n) => n.stop().catch(() => undefined)));
    for (const c of clients) c.close();
    bench.close();
    await server.stop();
    console.log(`controllers bench done in ${f1((Date.now() - started) / 1000)} s`);
  }
}

/**
 * Ready -> EndpointSlice latency: for each sampled pod (one per service, spread over the services,
 * `batch` at a time), set the not-ready annotation, then remove it. Each transition gives one
 * sample: from the pod event carrying the new Ready condition to the slice event carrying the
 * endpoint's new ready condition, both on this process's clock.
 */
async function measureLatency(server: TestServer, view: ClusterView, services: number, perService: number, samples: number, report: Report): Promise<void> {
  const batch = 10;
  const step = Math.max(1, Math.floor(services / samples));
  const chosen = Array.from({ length: Math.min(samples, services) }, (_, i) => podName((i * step) % services, i % perService));
  const toUnready: number[] = [], toReady: number[] = [];
  let failures = 0;
  const patch = async (name: string, value: string | null) => {
    const r = await server.http.request('PATCH', `/api/v1/namespaces/${NS}/pods/${name}`, {
      body: { metadata: { annotations: { [READY_ANNOTATION]: value } } }, contentType: 'application/merge-patch+json',
    });
    if (r.status !== 200) throw new Error(`PATCH pod ${name}: ${r.status} ${r.text.slice(0, 200)}`);
  };
  const flip = async (name: string, ready: boolean, into: number[]) => {
    const podSeen = view.until(() => view.podReady.get(name) === ready);
    const sliceSeen = view.until(() => view.endpointReady.get(name) === ready);
    await patch(name, ready ? null : 'false');
    const [tp, ts] = await withDeadline(Promise.all([podSeen, sliceSeen]), Date.now() + 30_000, `${name} ready=${ready}`);
    into.push(Math.max(0, ts - tp));
  };
  const t = performance.now();
  for (let i = 0; i < chosen.length; i += batch) {
    await Promise.all(chosen.slice(i, i + batch).map(async (name) => {
      try {
        await flip(name, false, toUnready);
        await flip(name, true, toReady);
      } catch (e) {
        failures++;
        if (failures === 1) report('  first latency sample error', e instanceof Error ? e.message : String(e));
      }
    }));
  }
  const all = [...toUnready, ...toReady].sort((a, b) => a - b);
  toUnready.sort((a, b) => a - b);
  toReady.sort((a, b) => a - b);
  const line = (xs: number[]) => `p50 ${f1(percentile(xs, 50))} ms / p99 ${f1(percentile(xs, 99))} ms (n=${xs.length})`;
  report(`pod Ready -> EndpointSlice endpoint ready, ${batch} pods at a time`, line(all));
  report('  Ready True -> False', line(toUnready));
  report('  Ready False -> True', line(toReady));
  if (failures) report('  samples timed out or failed', String(failures));
  report('  latency phase took', `${f1((performance.now() - t) / 1000)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runControllersBench().catch((e) => {
    console.error(`controllers bench failed: ${e instanceof Error ? e.stack : e}`);
    process.exitCode = 1;
  });
}
