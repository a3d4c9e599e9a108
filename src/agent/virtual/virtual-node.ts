// A virtual node (`--node-mode virtual`, as kwok does): it registers a Node, keeps its Lease and
// status fresh, and "runs" every pod bound to it without running anything: each pod gets an IP
// from the node's spec.podCIDR and is reported Running and Ready (after readinessDelayMs). Deleting
// a pod works as with the kubelet: a pod with a deletionTimestamp is stopped and then deleted with
// gracePeriodSeconds 0; its IP is released when the pod is gone.
//
// Scale (100,000 pods over 100 nodes on one small machine): handlers only enqueue keys; a fixed
// pool of workers (default 16 per node) limits status writes in flight; an unchanged status is not
// written; the readiness delay is one FIFO with one timer, not one timer per pod.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import type { Client, Informer } from '../../client/types.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { Logger } from '../../lib/logger.js';
import { formatIP } from '../../lib/ip.js';
import { NodeLeaseRenewer } from '../lease.js';
import { NodeStatusReporter, virtualNodeIdentity, type Node } from '../node-status.js';
import { DelayLine } from './delay-line.js';
import { PodIPAllocator } from './pod-ips.js';
import { desiredPodStatus, isTerminal, sameStatus, type Pod } from './pod-status.js';

export interface VirtualNodeOptions {
  client: Client;
  nodeName: string;
  log: Logger;
  /** Extra Node labels, over the well-known ones. */
  labels?: Record<string, string>;
  /** The node's InternalIP (and every pod's hostIP); default: one derived from the name in 198.18.0.0/15. */
  internalIP?: string;
  /** How long a started pod stays unready before it turns Ready (default 0). */
  readinessDelayMs?: number;
  /** Lease spec.leaseDurationSeconds (default 40, as the kubelet). */
  leaseDurationSeconds?: number;
  /** How often the Lease is renewed (default 10 s, as the kubelet). */
  renewIntervalMs?: number;
  /** How often Node status is rewritten with a fresh lastHeartbeatTime (default 60 s). */
  statusIntervalMs?: number;
  /** status.capacity.pods (default 110, as the kubelet; raise it for scale tests). */
  maxPods?: number;
  /** Pod status writes in flight at once (default 16). */
  workers?: number;
}

/** A stable address in the benchmarking range 198.18.0.0/15 (RFC 2544), never .0 or .255 in the last octet. */
export function defaultInternalIP(nodeName: string): string {
  const h = createHash('sha256').update(nodeName).digest().readUInt32BE(0);
  const third = (h >>> 8) % 512; // 198.18.0.x .. 198.19.255.x
  const last = 1 + ((h & 0xff) % 254);
  return formatIP((198n << 24n) + (18n << 16n) + (BigInt(third) << 8n) + BigInt(last), 4);
}

export class VirtualNode {
  private readonly log: Logger;
  private readonly informers: SharedInformerFactory;
  private readonly queue = new WorkQueue();
  private readonly reporter: NodeStatusReporter;
  private readonly lease: NodeLeaseRenewer;
  private readonly internalIP: string;
  private readonly readinessDelayMs: number;
  private readonly delayLine: DelayLine | undefined;
  private pods: Informer<Pod> | undefined;
  private ips: PodIPAllocator | undefined;
  /** Which uid a key held last, so a deleted or replaced pod's IP is released. */
  private readonly uidByKey = new Map<string, string>();
  /** When each pod (by uid) started here; its readiness delay counts from this. */
  private readonly startedAt = new Map<string, number>();
  /** Keys waiting in the delay line (each enters once). */
  private readonly delayed = new Set<string>();
  private synced = false;
  private workersDone: Promise<void> | undefined;

  constructor(private readonly opts: VirtualNodeOptions) {
    this.log = opts.log.child({ node: opts.nodeName });
    this.informers = new SharedInformerFactory(opts.client);
    this.internalIP = opts.internalIP ?? defaultInternalIP(opts.nodeName);
    this.readinessDelayMs = opts.readinessDelayMs ?? 0;
    const identity = virtualNodeIdentity(opts.nodeName, this.internalIP, {
      labels: { 'node.kubernetes.io/instance-type': 'virtual', ...opts.labels },
      annotations: { 'svcnet.io/node-mode': 'virtual' },
    });
    identity.capacity.pods = String(opts.maxPods ?? 110);
    this.reporter = new NodeStatusReporter({ client: opts.client, identity, log: this.log, heartbeatIntervalMs: opts.statusIntervalMs ?? 60_000 });
    this.lease = new NodeLeaseRenewer({
      client: opts.client, nodeName: opts.nodeName, log: this.log,
      leaseDurationSeconds: opts.leaseDurationSeconds ?? 40, renewIntervalMs: opts.renewIntervalMs ?? 10_000,
      nodeUID: () => this.reporter.uid,
    });
    if (this.readinessDelayMs > 0) {
      this.delayLine = new DelayLine(this.readinessDelayMs, (key) => { this.delayed.delete(key); this.queue.add(key); });
    }
  }

  /** The node's InternalIP (every pod's hostIP). */
  get address(): string { return this.internalIP; }
  /** spec.podCIDR once the node has one (undefined until then: pods wait Pending). */
  get podCIDR(): string | undefined { return this.ips?.cidr.text; }
  /** Pods holding an IP here. */
  get podCount(): number { return this.ips?.allocated ?? 0; }

  /** Registers the Node, takes the Lease, syncs the pod cache and starts the workers. */
  async start(): Promise<void> {
    await this.reporter.register();
    await this.lease.start();
    this.reporter.start();
    const name = this.opts.nodeName;
    const nodes = this.informers.forKind<Node>('Node', { fieldSelector: `metadata.name=${name}` });
    const pods = this.informers.forKind<Pod>('Pod', { fieldSelector: `spec.nodeName=${name}` });
    this.pods = pods;
    const onNode = (n: Node) => { if (this.synced) this.adoptPodCIDR(n); };
    nodes.addEventHandler({ add: onNode, update: (_, n) => onNode(n) });
    const enqueue = (p: KubeObject) => this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
    pods.addEventHandler({ add: enqueue, update: (_, p) => enqueue(p), delete: enqueue });
    this.informers.start();
    await this.informers.waitForSync();
    this.synced = true;
    const self = nodes.get(name);
    if (self) this.adoptPodCIDR(self);
    this.workersDone = runWorkers({ name: `virtual-node/${name}`, queue: this.queue, workers: this.opts.workers ?? 16, reconcile: (k) => this.reconcile(k), log: this.log });
    this.log.info({ internalIP: this.internalIP, podCIDR: this.ips?.cidr.text }, 'virtual node started');
  }

  /** Stops renewing, reporting and working. The Node and its pods stay as they are (as with a stopped kubelet). */
  async stop(): Promise<void> {
    this.queue.shutDown();
    this.delayLine?.stop();
    this.reporter.stop();
    await this.lease.stop();
    this.informers.stop();
    await this.workersDone;
  }

  /**
   * The first time spec.podCIDR is seen (after the pod cache synced): re-claim the addresses pods
   * already report (an agent restart), before any new pod is given one, then go over every pod.
   */
  private adoptPodCIDR(node: Node): void {
    const cidr = node.spec?.podCIDR;
    if (this.ips || !cidr || !this.pods) return;
    const ips = new PodIPAllocator(cidr);
    for (const p of this.pods.list()) {
      const uid = p.metadata.uid, ip = p.status?.podIP;
      if (uid && ip && ips.restore(uid, ip)) this.uidByKey.set(`${p.metadata.namespace}/${p.metadata.name}`, uid);
    }
    this.ips = ips;
    for (const p of this.pods.list()) this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
  }

  private async reconcile(key: string): Promise<void> {
    const pod = this.pods?.get(key);
    const held = this.uidByKey.get(key);
    if (held && held !== pod?.metadata.uid) this.forget(key, held);
    if (!pod) return;
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    if (!this.ips || isTerminal(pod)) return;
    const uid = pod.metadata.uid!;
    const podIP = this.podIP(pod, uid);
    this.uidByKey.set(key, uid);
    const now = Date.now();
    let started = this.startedAt.get(uid);
    if (started === undefined) {
      started = pod.status?.startTime ? Date.parse(pod.status.startTime) : now;
      this.startedAt.set(uid, started);
    }
    const warm = now >= started + this.readinessDelayMs;
    if (!warm && !this.delayed.has(key)) {
      this.delayed.add(key);
      this.delayLine!.push(key);
    }
    const status = desiredPodStatus(pod, { hostIP: this.internalIP, podIP, nowMs: now, startedAtMs: started, warm });
    if (sameStatus(status, pod.status)) return;
    try {
      await this.opts.client.forKind<Pod>('Pod').updateStatus({ ...pod, status });
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return; // gone meanwhile: its delete event releases the IP
      throw e; // Conflict: the cache was stale; retried with backoff
    }
  }

  /** The pod's address: held, else the one its status records (if free), else a new one. */
  private podIP(pod: Pod, uid: string): string {
    const ips = this.ips!;
    const held = ips.ipOf(uid);
    if (held) return held;
    const recorded = pod.status?.podIP;
    if (recorded && ips.restore(uid, recorded)) return recorded;
    return ips.allocate(uid);
  }

  /** The kubelet's side of graceful deletion: containers stop at once here, then the pod is removed. */
  private async deletePod(pod: Pod): Promise<void> {
    try {
      await this.opts.client.forKind<Pod>('Pod').delete(pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      // NotFound: already gone. Conflict: the uid precondition failed, a new pod took the name.
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
    }
  }

  private forget(key: string, uid: string): void {
    this.ips?.release(uid);
    this.uidByKey.delete(key);
    this.startedAt.delete(uid);
  }
}
