// The scheduler (pkg/scheduler, reduced to what svcnet needs): binds pending pods whose
// schedulerName is default-scheduler to a Ready, schedulable node (select-node.ts), one decision
// at a time so consecutive replicas spread. Emits Scheduled / FailedScheduling events and the
// PodScheduled=False condition, and retries unschedulable pods when nodes change.
import type { KubeObject, Node as NodeType, Pod as PodType } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import type { Informer, ReconcileResult } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { EventRecorder } from '../../client/events.js';
import type { Controller, ControllerContext } from '../context.js';
import { controllerUID, needsScheduling, selectNode } from './select-node.js';
import { SchedulerCache } from './scheduler-cache.js';
import { httpsBinder, type Binder } from './binder.js';

type Pod = PodType & KubeObject;
type Node = NodeType & KubeObject;

export const schedulerName = 'default-scheduler';
/** Unschedulable pods are tried again at least this often (upstream flushes them after 5 min; nodes changing retries sooner). */
const unschedulableRetryMs = 15_000;

function placement(pod: Pod): string | undefined {
  const phase = pod.status?.phase;
  if (!pod.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return undefined;
  return pod.spec.nodeName;
}

export class SchedulerController implements Controller {
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 10_000 });
  private readonly cache = new SchedulerCache();
  private readonly recorder: EventRecorder;
  private readonly binder: Binder;
  private readonly log;

  constructor(private readonly ctx: ControllerContext, binder?: Binder) {
    this.pods = ctx.informers.forKind<Pod>('Pod');
    this.nodes = ctx.informers.forKind<Node>('Node');
    this.recorder = ctx.recorder(schedulerName);
    this.binder = binder ?? httpsBinder({ ...ctx.client.config, userAgent: schedulerName });
    this.log = ctx.log.child({ controller: 'scheduler' });
    // The cache of placements is the scheduler's own bookkeeping (as upstream's), kept from events.
    const seen = (p: Pod, old?: Pod) => {
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      this.cache.observe(key, placement(p), controllerUID(p));
      if (!needsScheduling(p, schedulerName)) return;
      // Our own PodScheduled=False write is no reason to try again; a spec or label change is.
      if (old && needsScheduling(old, schedulerName) && JSON.stringify(old.spec) === JSON.stringify(p.spec)
        && JSON.stringify(old.metadata.labels) === JSON.stringify(p.metadata.labels)) return;
      this.queue.add(key);
    };
    this.pods.addEventHandler({
      add: (p) => seen(p),
      update: (o, p) => seen(p, o),
      delete: (p) => this.cache.forget(`${p.metadata.namespace}/${p.metadata.name}`),
    });
    const nodeChanged = () => { for (const p of this.pods.list()) if (needsScheduling(p, schedulerName)) this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`); };
    this.nodes.addEventHandler({ add: nodeChanged, update: (o, n) => { if (JSON.stringify(o.status?.conditions) !== JSON.stringify(n.status?.conditions) || JSON.stringify(o.spec) !== JSON.stringify(n.spec)) nodeChanged(); } });
  }

  async run(): Promise<void> {
    await Promise.all([this.pods.waitForSync(), this.nodes.waitForSync()]);
    // One worker: decisions are sequential so each sees the previous binding (no overcommit of one node).
    await runWorkers({ name: 'scheduler', queue: this.queue, workers: 1, reconcile: (k) => this.reconcile(k), log: this.log });
  }

  stop(): void { this.queue.shutDown(); this.binder.close(); }

  private async reconcile(key: string): Promise<ReconcileResult> {
    const pod = this.pods.get(key);
    if (!pod || !needsScheduling(pod, schedulerName) || this.cache.isAssumed(key)) return;
    const result = selectNode(pod, this.nodes.list(), this.cache.loads);
    if ('message' in result) {
      this.recorder.event(pod, 'Warning', 'FailedScheduling', result.message);
      await this.markUnschedulable(pod, result.message);
      return { requeueAfterMs: unschedulableRetryMs };
    }
    const ns = pod.metadata.namespace!, name = pod.metadata.name!;
    this.cache.assume(key, result.node, controllerUID(pod));
    try {
      await this.binder.bind(ns, name, pod.metadata.uid, result.node);
    } catch (e) {
      this.cache.forget(key);
      if (isStatusError(e, 'NotFound') && e.details?.name === name) return; // the pod is gone
      // Conflict: already bound by someone else; the informer will show it.
      if (isStatusError(e, 'Conflict')) return;
      throw e;
    }
    this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${result.node}`);
  }

  /** PodScheduled=False, reason Unschedulable, written only when it changes (no write loop). */
  private async markUnschedulable(pod: Pod, message: string): Promise<void> {
    const conds = pod.status?.conditions ?? [];
    const cur = conds.find((c) => c.type === 'PodScheduled');
    if (cur && cur.status === 'False' && cur.reason === 'Unschedulable' && cur.message === message) return;
    const cond = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: cur?.status === 'False' ? cur.lastTransitionTime : new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    const next = [...conds.filter((c) => c.type !== 'PodScheduled'), cond];
    try {
      await this.ctx.client.forKind<Pod>('Pod').patch(pod.metadata.namespace, pod.metadata.name!, 'merge', { status: { conditions: next } }, { subresource: 'status', fieldManager: schedulerName });
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}
