// ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas active pods that match the
// selector and are controlled by the ReplicaSet. Handlers only enqueue 'ns/name'; reconcile reads
// the caches, adopts/releases pods, creates or deletes the difference (planReplicas) and writes
// status. Expectations stop it from acting again before its informer has seen its own creations
// and deletions, so a lagging cache never yields extra pods.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { deepCopy, objectKey, type KubeObject } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import { labelSelectorFromObject } from '../../apis/selectors.js';
import type { Informer, ReconcileResult, ResourceClient } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { EventRecorder } from '../../client/events.js';
import type { Logger } from '../../lib/logger.js';
import type { Controller, ControllerContext } from '../context.js';
import { Expectations } from '../workload-common/expectations.js';
import { claim, controllerOf, controllerRef } from '../workload-common/owner.js';
import { addNamespaceIndex, addOwnershipIndexes, byNamespace, claimCandidates } from '../workload-common/pod-index.js';
import { adoptAll, releaseAll } from '../workload-common/adoption.js';
import { podFromTemplate } from '../workload-common/pod-template.js';
import { isPodActive, isPodReady } from '../workload-common/pod-status.js';
import { slowStartBatch } from '../workload-common/slow-start.js';
import { planReplicas, replicaSetStatus, sameStatus } from './reconcile.js';

type RS = ReplicaSet & KubeObject;
type PodObj = Pod & KubeObject;

export interface ReplicaSetControllerOptions { workers?: number }

export class ReplicaSetController implements Controller {
  readonly expectations = new Expectations();
  private readonly queue = new WorkQueue();
  private readonly rsInformer: Informer<RS>;
  private readonly podInformer: Informer<PodObj>;
  private readonly rsClient: ResourceClient<RS>;
  private readonly podClient: ResourceClient<PodObj>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;

  constructor(ctx: ControllerContext, private readonly opts: ReplicaSetControllerOptions = {}) {
    this.rsInformer = ctx.informers.forKind<RS>('ReplicaSet');
    this.podInformer = ctx.informers.forKind<PodObj>('Pod');
    this.rsClient = ctx.client.forKind<RS>('ReplicaSet');
    this.podClient = ctx.client.forKind<PodObj>('Pod');
    this.recorder = ctx.recorder('replicaset-controller');
    this.log = ctx.log.child({ controller: 'replicaset' });
    addOwnershipIndexes(this.podInformer);
    addOwnershipIndexes(this.rsInformer);
    addNamespaceIndex(this.rsInformer);
    this.rsInformer.addEventHandler({
      add: (rs) => this.queue.add(objectKey(rs)),
      update: (_, rs) => this.queue.add(objectKey(rs)),
      delete: (rs) => { this.expectations.forget(objectKey(rs)); this.queue.add(objectKey(rs)); },
    });
    this.podInformer.addEventHandler({
      add: (p) => this.podAdded(p),
      update: (o, p) => this.podUpdated(o, p),
      delete: (p) => this.podDeleted(p),
    });
  }

  async run(): Promise<void> {
    await Promise.all([this.rsInformer.waitForSync(), this.podInformer.waitForSync()]);
    await runWorkers({ name: 'replicaset', queue: this.queue, workers: this.opts.workers ?? 5, reconcile: (k) => this.reconcile(k), log: this.log });
  }

  stop(): void {
    this.queue.shutDown();
  }

  /** The ReplicaSet key that controls p, if a ReplicaSet does. */
  private ownerKey(p: PodObj): string | undefined {
    const ref = controllerOf(p);
    if (ref?.kind !== 'ReplicaSet') return undefined;
    const key = `${p.metadata.namespace}/${ref.name}`;
    const rs = this.rsInformer.get(key);
    return rs && rs.metadata.uid === ref.uid ? key : undefined;
  }

  /** ReplicaSets of p's namespace whose selector matches it (an orphan someone may adopt). */
  private enqueueMatching(p: PodObj): void {
    for (const rs of this.rsInformer.byIndex(byNamespace, p.metadata.namespace ?? '')) {
      if (labelSelectorFromObject(rs.spec?.selector).matches(p.metadata.labels as Record<string, string>)) this.queue.add(objectKey(rs));
    }
  }

  private podAdded(p: PodObj): void {
    if (p.metadata.deletionTimestamp) return this.podDeleted(p);
    const key = this.ownerKey(p);
    if (key) {
      this.expectations.creationObserved(key);
      this.queue.add(key);
    } else if (!controllerOf(p)) {
      this.enqueueMatching(p);
    }
  }

  private podUpdated(old: PodObj, p: PodObj): void {
    if (old.metadata.resourceVersion === p.metadata.resourceVersion) return;
    const key = this.ownerKey(p);
    if (p.metadata.deletionTimestamp && !old.metadata.deletionTimestamp && key) this.expectations.deletionObserved(key, objectKey(p));
    const oldKey = this.ownerKey(old);
    if (oldKey && oldKey !== key) this.queue.add(oldKey);
    if (key) {
      this.queue.add(key);
      // A pod that just became ready turns available minReadySeconds later.
      const rs = this.rsInformer.get(key);
      const minReady = rs?.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(p)) this.queue.addAfter(key, minReady * 1000 + 1000);
    } else if (!controllerOf(p)) {
      this.enqueueMatching(p);
    }
  }

  private podDeleted(p: PodObj): void {
    const ref = controllerOf(p);
    if (ref?.kind !== 'ReplicaSet') return;
    const key = `${p.metadata.namespace}/${ref.name}`;
    this.expectations.deletionObserved(key, objectKey(p));
    this.queue.add(key);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const cached = this.rsInformer.get(key);
    if (!cached) {
      this.expectations.forget(key);
      return;
    }
    const rs = deepCopy(cached);
    const needsSync = this.expectations.satisfied(key);
    const selector = labelSelectorFromObject(rs.spec?.selector);
    const me = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: rs.metadata };
    const claimed = claim(rs, selector, claimCandidates(this.podInformer, rs));
    const adopted = await adoptAll(this.podClient, claimed.adopt, controllerRef(me));
    await releaseAll(this.podClient, claimed.release, rs.metadata.uid ?? '');
    const owned = claimed.owned.filter((p) => !claimed.adopt.includes(p) || adopted.has(objectKey(p)));
    const active = owned.filter(isPodActive);

    let failure: { reason: 'FailedCreate' | 'FailedDelete'; message: string } | undefined;
    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manage(key, rs, active);
      } catch (e) {
        manageError = e;
        failure = { reason: (e as { op?: string }).op === 'delete' ? 'FailedDelete' : 'FailedCreate', message: String((e as Error).message ?? e) };
      }
    }
    const { status, requeueAfterMs } = replicaSetStatus(rs, active, Date.now(), failure);
    if (!sameStatus(rs.status, status)) {
      await this.rsClient.updateStatus({ ...rs, status });
    }
    if (manageError) throw manageError;
    return requeueAfterMs !== undefined ? { requeueAfterMs: requeueAfterMs + 100 } : undefined;
  }

  private async manage(key: string, rs: RS, active: PodObj[]): Promise<void> {
    const ns = rs.metadata.namespace ?? 'default';
    const plan = planReplicas(rs.spec?.replicas ?? 1, active);
    if (plan.create > 0) {
      this.expectations.expect(key, plan.create);
      const ref = controllerRef({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: rs.metadata });
      const result = await slowStartBatch(plan.create, 1, async () => {
        const created = await this.podClient.create(ns, podFromTemplate(rs.spec?.template, { namespace: ns, ownerRef: ref }) as PodObj);
        this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
      });
      if (result.error !== undefined) {
        // Creations that failed or were skipped will never be observed.
        this.expectations.lowerCreations(key, plan.create - result.ok);
        const msg = (result.error as Error).message ?? String(result.error);
        this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${msg}`);
        throw Object.assign(new Error(msg), { op: 'create' });
      }
    }
    if (plan.delete.length > 0) {
      this.expectations.expect(key, 0, plan.delete.map((p) => objectKey(p)));
      const results = await Promise.allSettled(plan.delete.map(async (p) => {
        try {
          await this.podClient.delete(ns, p.metadata.name ?? '', { preconditions: { uid: p.metadata.uid } });
          this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (e) {
          // Gone already, or a different pod now has the name: nothing left to observe.
          this.expectations.deletionObserved(key, objectKey(p));
          if (isStatusError(e, 'NotFound') || isStatusError(e, 'Conflict')) return;
          this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`);
          throw e;
        }
      }));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw Object.assign(new Error(String((failed.reason as Error).message ?? failed.reason)), { op: 'delete' });
    }
  }
}
