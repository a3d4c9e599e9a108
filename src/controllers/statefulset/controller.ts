// StatefulSet controller (pkg/controller/statefulset): pods `<set>-0..N-1` with stable hostnames
// (spec.hostname = pod name, spec.subdomain = serviceName) so the headless Service gives each a DNS
// name. planStatefulSet (reconcile.ts) decides each step; this file reads the caches, writes pods
// and status, and records kube's events. Pod names are fixed, so a create the cache has not seen
// yet fails AlreadyExists instead of making a duplicate.
import { deepCopy, objectKey } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import { labelSelectorFromObject } from '../../apis/selectors.js';
import type { Informer, ReconcileResult, ResourceClient } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { EventRecorder } from '../../client/events.js';
import type { Logger } from '../../lib/logger.js';
import type { Controller, ControllerContext } from '../context.js';
import { adoptAll, releaseAll } from '../workload-common/adoption.js';
import { claim, controllerOf, controllerRef } from '../workload-common/owner.js';
import { addNamespaceIndex, addOwnershipIndexes, byNamespace, claimCandidates } from '../workload-common/pod-index.js';
import { isPodReady, msUntilAvailable } from '../workload-common/pod-status.js';
import { newStatefulPod, ordinalOf, planStatefulSet, sameSetStatus, statefulSetStatus, updateRevisionName, type PodObj, type SetObj } from './reconcile.js';

export class StatefulSetController implements Controller {
  private readonly queue = new WorkQueue();
  private readonly setInformer: Informer<SetObj>;
  private readonly podInformer: Informer<PodObj>;
  private readonly setClient: ResourceClient<SetObj>;
  private readonly podClient: ResourceClient<PodObj>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;

  constructor(ctx: ControllerContext, private readonly opts: { workers?: number } = {}) {
    this.setInformer = ctx.informers.forKind<SetObj>('StatefulSet');
    this.podInformer = ctx.informers.forKind<PodObj>('Pod');
    this.setClient = ctx.client.forKind<SetObj>('StatefulSet');
    this.podClient = ctx.client.forKind<PodObj>('Pod');
    this.recorder = ctx.recorder('statefulset-controller');
    this.log = ctx.log.child({ controller: 'statefulset' });
    addOwnershipIndexes(this.podInformer);
    addNamespaceIndex(this.setInformer);
    this.setInformer.addEventHandler({
      add: (s) => this.queue.add(objectKey(s)),
      update: (_, s) => this.queue.add(objectKey(s)),
      delete: (s) => this.queue.add(objectKey(s)),
    });
    this.podInformer.addEventHandler({
      add: (p) => this.podChanged(p),
      update: (o, p) => {
        if (o.metadata.resourceVersion === p.metadata.resourceVersion) return;
        this.podChanged(o);
        this.podChanged(p);
        const key = this.ownerKey(p);
        const min = key ? this.setInformer.get(key)?.spec?.minReadySeconds ?? 0 : 0;
        if (key && min > 0 && !isPodReady(o) && isPodReady(p)) this.queue.addAfter(key, min * 1000 + 1000);
      },
      delete: (p) => this.podChanged(p),
    });
  }

  async run(): Promise<void> {
    await Promise.all([this.setInformer.waitForSync(), this.podInformer.waitForSync()]);
    await runWorkers({ name: 'statefulset', queue: this.queue, workers: this.opts.workers ?? 5, reconcile: (k) => this.reconcile(k), log: this.log });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private ownerKey(p: PodObj): string | undefined {
    const ref = controllerOf(p);
    return ref?.kind === 'StatefulSet' ? `${p.metadata.namespace}/${ref.name}` : undefined;
  }

  private podChanged(p: PodObj): void {
    const key = this.ownerKey(p);
    if (key) return this.queue.add(key);
    if (controllerOf(p)) return;
    for (const s of this.setInformer.byIndex(byNamespace, p.metadata.namespace ?? '')) {
      if (labelSelectorFromObject(s.spec?.selector).matches(p.metadata.labels as Record<string, string>)) this.queue.add(objectKey(s));
    }
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const cached = this.setInformer.get(key);
    if (!cached) return;
    const set = deepCopy(cached);
    const name = set.metadata.name ?? '';
    const ref = controllerRef({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: set.metadata });
    // Only pods named like members may be adopted (kube's isMemberOf).
    const candidates = claimCandidates(this.podInformer, set).filter((p) => ordinalOf(name, p.metadata.name) !== undefined);
    const claimed = claim(set, labelSelectorFromObject(set.spec?.selector), candidates);
    const adopted = await adoptAll(this.podClient, claimed.adopt, ref);
    await releaseAll(this.podClient, claimed.release, set.metadata.uid ?? '');
    const pods = claimed.owned.filter((p) => !claimed.adopt.includes(p) || adopted.has(objectKey(p)));
    const updateRevision = updateRevisionName(set);
    const now = Date.now();

    let stepError: unknown;
    if (!set.metadata.deletionTimestamp) {
      const plan = planStatefulSet(set, pods, updateRevision, now);
      if (plan.waiting) this.log.debug({ key, why: plan.waiting }, 'statefulset step');
      try {
        await Promise.all(plan.create.map((o) => this.createPod(set, o, updateRevision, ref)));
        await Promise.all(plan.delete.map((p) => this.deletePod(set, p)));
      } catch (e) {
        stepError = e;
      }
    }
    const status = statefulSetStatus(set, pods, updateRevision, now);
    if (!sameSetStatus(set.status, status)) await this.setClient.updateStatus({ ...set, status });
    if (stepError) throw stepError;
    const waits = pods.map((p) => msUntilAvailable(p, set.spec?.minReadySeconds ?? 0, now)).filter((x): x is number => x !== undefined);
    return waits.length ? { requeueAfterMs: Math.min(...waits) + 100 } : undefined;
  }

  private async createPod(set: SetObj, ordinal: number, revision: string, ref: ReturnType<typeof controllerRef>): Promise<void> {
    const pod = newStatefulPod(set, ordinal, revision, ref);
    const podName = pod.metadata.name ?? '';
    try {
      await this.podClient.create(set.metadata.namespace, pod);
      this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${set.metadata.name} successful`);
    } catch (e) {
      // Already there: our own create the cache has not seen yet (or a pod we will adopt or skip).
      if (isStatusError(e, 'AlreadyExists')) return;
      this.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
      throw e;
    }
  }

  private async deletePod(set: SetObj, p: PodObj): Promise<void> {
    const podName = p.metadata.name ?? '';
    try {
      await this.podClient.delete(p.metadata.namespace, podName, { preconditions: { uid: p.metadata.uid } });
      this.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${podName} in StatefulSet ${set.metadata.name} successful`);
    } catch (e) {
      if (isStatusError(e, 'NotFound') || isStatusError(e, 'Conflict')) return;
      this.recorder.event(set, 'Warning', 'FailedDelete', `delete Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
      throw e;
    }
  }
}
