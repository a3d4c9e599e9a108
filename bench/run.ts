// `npm run bench`: starts svcnet servers itself (loopback, temp data dirs), measures and prints:
// cold start to /readyz, server RSS idle and with 10,000 services, creates/s over HTTPS with 8
// concurrent clients, list latency with 10,000 services (JSON and Table), and watch fan-out to 100
// watchers. Then the controllers benchmark (bench/controllers.ts: pod Ready -> EndpointSlice latency
// with pods on virtual nodes). Every loop is bounded; total run time stays within about ten minutes.
// Stops what it starts.
// Env: BENCH_SERVICES (default 10000), BENCH_DATASTORE (sqlite|etcd, default sqlite),
// BENCH_CONTROLLERS=0 skips the controllers benchmark (its own knobs: bench/controllers.ts).
import https from 'node:https';
import { startServer, type Datastore, type TestServer } from '../test/e2e/harness.js';
import { createServices, openWatch, percentile, rssMiB, timeList, waitFor, type Watcher } from './load.js';
import { runControllersBench } from './controllers.js';

const TOTAL = Number(process.env.BENCH_SERVICES ?? 10_000);
const DATASTORE = (process.env.BENCH_DATASTORE ?? 'sqlite') as Datastore;
const CLIENTS = 8;
const WATCHERS = 100;
const NS = 'bench';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

const results: [string, string][] = [];
const report = (what: string, value: string) => {
  results.push([what, value]);
  console.log(`${what.padEnd(58)} ${value}`);
};
const f1 = (n: number) => n.toFixed(1);

async function coldStart(): Promise<void> {
  // Fresh data dir each time: includes CA/cert generation and store initialisation.
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const s = await startServer({ datastore: DATASTORE });
    times.push(performance.now() - t);
    await s.stop();
  }
  times.sort((a, b) => a - b);
  report('cold start to /readyz (fresh data dir, median of 3)', `${f1(times[1]!)} ms`);
}

async function fanOut(s: TestServer): Promise<void> {
  const agent = new https.Agent({ ca: s.http.creds.ca, keepAlive: true, maxSockets: WATCHERS + 1 });
  const list = await s.http.request('GET', `/api/v1/namespaces/${NS}/services?limit=1`);
  const rv = list.json?.metadata?.resourceVersion as string;
  const watchers: Watcher[] = await Promise.all(Array.from({ length: WATCHERS }, () =>
    openWatch(s.http, agent, `/api/v1/namespaces/${NS}/services?watch=true&resourceVersion=${rv}`)));
  try {
    const t = performance.now();
    const r = await s.http.request('POST', `/api/v1/namespaces/${NS}/services`, { body: { apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'fanout-probe' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } } });
    if (r.status !== 201) throw new Error(`create fanout-probe: ${r.status} ${r.text.slice(0, 200)}`);
    await waitFor(() => watchers.every((w) => w.seen.has('fanout-probe')), 30_000);
    const last = Math.max(...watchers.map((w) => w.seen.get('fanout-probe')!));
    report(`watch fan-out: one create seen by all ${WATCHERS} watchers`, `${f1(last - t)} ms`);

    const N = 200;
    const before = watchers.reduce((n, w) => n + w.events, 0);
    const t2 = performance.now();
    const c = await createServices(s.http, NS, 'fanout', 0, N, CLIENTS, Date.now() + 60_000);
    await waitFor(() => watchers.reduce((n, w) => n + w.events, 0) - before >= c.ok * WATCHERS, 60_000).catch(() => undefined);
    const delivered = watchers.reduce((n, w) => n + w.events, 0) - before;
    const secs = (performance.now() - t2) / 1000;
    report(`watch events delivered (${c.ok} creates x ${WATCHERS} watchers)`, `${Math.round(delivered / secs)} events/s (${delivered} in ${f1(secs)} s)`);
  } finally {
    for (const w of watchers) w.close();
    agent.destroy();
  }
}

async function main(): Promise<void> {
  console.log(`svcnet bench: datastore ${DATASTORE}, ${TOTAL} services, ${CLIENTS} clients, ${WATCHERS} watchers\n`);
  const started = Date.now();
  await coldStart();

  const s = await startServer({ datastore: DATASTORE, args: ['--service-cidr', '10.96.0.0/12'] });
  try {
    await new Promise((r) => setTimeout(r, 2_000));
    report('server RSS idle', `${f1(rssMiB(s.pid!))} MB`);
    const ns = await s.http.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
    if (ns.status !== 201) throw new Error(`create namespace: ${ns.status} ${ns.text.slice(0, 200)}`);

    const first = await createServices(s.http, NS, 'svc', 0, 2_000, CLIENTS, Date.now() + 120_000);
    if (first.ok === 0) throw new Error(`no create succeeded: ${first.firstError}`);
    report(`creates over HTTPS, ${CLIENTS} concurrent clients (first ${first.ok})`, `${f1(first.ok / first.seconds)} creates/s`);

    const rest = await createServices(s.http, NS, 'svc', 2_000, TOTAL, CLIENTS, Date.now() + 150_000);
    const total = first.ok + rest.ok;
    if (rest.ok > 0) report(`creates over HTTPS, ${CLIENTS} clients (up to ${total})`, `${f1(rest.ok / rest.seconds)} creates/s`);
    if (first.failed + rest.failed > 0) report('failed creates', `${first.failed + rest.failed} (first: ${first.firstError || rest.firstError})`);

    await new Promise((r) => setTimeout(r, 1_000));
    report(`server RSS with ${total} services`, `${f1(rssMiB(s.pid!))} MB`);

    for (const [label, accept] of [['JSON', 'application/json'], ['Table', TABLE]] as const) {
      const l = await timeList(s.http, `/api/v1/namespaces/${NS}/services`, accept, 15);
      report(`list ${total} services (${label}, ${(l.bytes / 1048576).toFixed(1)} MiB) p50 / p99`,
        `${f1(percentile(l.ms, 50))} ms / ${f1(percentile(l.ms, 99))} ms`);
    }
    await fanOut(s);
  } finally {
    await s.stop();
  }
  if (process.env.BENCH_CONTROLLERS !== '0') await runControllersBench();
  console.log(`\nbench done in ${f1((Date.now() - started) / 1000)} s`);
}

main().catch((e) => {
  console.error(`bench failed: ${e instanceof Error ? e.stack : e}`);
  process.exitCode = 1;
});
