// Node lifecycle controller (pkg/controller/nodelifecycle): a node whose Lease in kube-node-lease
// (or Ready heartbeat) has not changed for ctx.settings.nodeMonitorGracePeriodMs gets its
// conditions set to Unknown ("Kubelet stopped posting node status."), the unreachable NoSchedule
// taint, and its pods Ready=False, so the endpoints controllers take them out of service.
// Taints follow the Ready condition both ways; the kubelet restores Ready and pod readiness.
import type { KubeObject, Lease as LeaseType, Node as NodeType, Pod as PodType } from '../../apis/object.js';
import { deepCopy } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import type { Informer, ReconcileResult } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { EventRecorder } from '../../client/events.js';
import type { Controller, ControllerContext } from '../context.js';
import {
  desiredTaints, expiredConditions, healthSignature, notReadyConditions, observe, podsToMarkNotReady, readyCondition, type NodeHealth,
} from './node-health.js';

type Node = NodeType & KubeObject;
type Pod = PodType & KubeObject;
type Lease = LeaseType & KubeObject;

export const leaseNamespace = 'kube-node-lease';

function isoNow(): string { return new Date().toISOString().replace(/\.\d+Z$/, 'Z'); }

export class NodeLifecycleController implements Controller {
  private readonly nodes: Informer<Node>;
  private readonly leases: Informer<Lease>;
  private readonly pods: Informer<Pod>;
  private readonly queue = new WorkQueue({ baseDelayMs: 50, maxDelayMs: 5_000 });
  private readonly health = new Map<string, NodeHealth>();
  private readonly recorder: EventRecorder;
  private readonly log;

  constructor(private readonly ctx: ControllerContext, private readonly clock: () => number = Date.now) {
    this.nodes = ctx.informers.forKind<Node>('Node');
    this.leases = ctx.informers.forKind<Lease>('Lease', { namespace: leaseNamespace });
    this.pods = ctx.informers.forKind<Pod>('Pod');
    this.recorder = ctx.recorder('node-controller');
    this.log = ctx.log.child({ controller: 'nodelifecycle' });
    const byName = (o: KubeObject) => this.queue.add(o.metadata.name!);
    this.nodes.addEventHandler({ add: byName, update: (_o, n) => byName(n), delete: byName });
    this.leases.addEventHandler({ add: byName, update: (_o, l) => byName(l) });
    // A pod that turns up Ready on a node we hold NotReady is marked too (upstream processPod).
    const pod = (p: Pod) => {
      const node = p.spec?.nodeName;
      const n = node ? this.nodes.get(node) : undefined;
      if (n && readyCondition(n)?.status !== 'True' && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) this.queue.add(node!);
    };
    this.pods.addEventHandler({ add: pod, update: (_o, p) => pod(p) });
  }

  async run(): Promise<void> {
    await Promise.all([this.nodes.waitForSync(), this.leases.waitForSync(), this.pods.waitForSync()]);
    for (const n of this.nodes.list()) this.queue.add(n.metadata.name!);
    await runWorkers({ name: 'nodelifecycle', queue: this.queue, workers: 2, reconcile: (k) => this.reconcile(k), log: this.log });
  }

  stop(): void { this.queue.shutDown(); }

  private async reconcile(name: string): Promise<ReconcileResult> {
    const cached = this.nodes.get(name);
    if (!cached) { this.health.delete(name); return; }
    const grace = this.ctx.settings.nodeMonitorGracePeriodMs;
    const now = this.clock();
    const lease = this.leases.get(`${leaseNamespace}/${name}`);
    const h = observe(this.health.get(name), healthSignature(cached, lease?.spec?.renewTime as string | undefined), now);
    this.health.set(name, h);

    let node: Node = cached;
    const silentFor = now - h.probeTimestamp;
    if (silentFor > grace) {
      const conds = expiredConditions(node, isoNow());
      if (conds) {
        const wasReady = readyCondition(node)?.status === 'True';
        const next = deepCopy(node);
        Object.assign(next, { status: { ...next.status, conditions: conds } });
        node = await this.ctx.client.forKind<Node>('Node').updateStatus(next, { fieldManager: 'node-controller' });
        // Our own write changes the signature: do not count it as a sign of life.
        this.health.set(name, { signature: healthSignature(node, lease?.spec?.renewTime as string | undefined), probeTimestamp: h.probeTimestamp });
        this.log.info({ node: name, silentForMs: silentFor }, 'node stopped posting status');
        if (wasReady) this.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      }
    }

    const taints = desiredTaints(node);
    if (taints) {
      const next = deepCopy(node);
      next.spec = { ...next.spec, taints };
      node = await this.ctx.client.forKind<Node>('Node').update(next, { fieldManager: 'node-controller' });
    }

    if (readyCondition(node)?.status !== 'True') {
      const onNode = this.pods.list().filter((p) => p.spec?.nodeName === name);
      for (const pod of podsToMarkNotReady(node, onNode) as Pod[]) await this.markPodNotReady(pod);
      return { requeueAfterMs: grace };
    }
    // Healthy: look again just after the grace period would run out.
    return { requeueAfterMs: Math.max(grace - silentFor, 0) + 10 };
  }

  private async markPodNotReady(pod: Pod): Promise<void> {
    const next = deepCopy(pod);
    Object.assign(next, { status: { ...next.status, conditions: notReadyConditions(pod, isoNow()) } });
    try {
      await this.ctx.client.forKind<Pod>('Pod').updateStatus(next, { fieldManager: 'node-controller' });
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return;
      throw e;
    }
    this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
}
