// Deployment controller (pkg/controller/deployment): owns ReplicaSets named
// `<deployment>-<pod-template-hash>`, one per template revision, and moves replicas from old sets
// to the new one by the strategy (RollingUpdate within maxSurge/maxUnavailable, or Recreate), then
// writes status and conditions that `kubectl rollout status` follows. The ReplicaSet controller
// makes the pods. Set names are deterministic, so a create the cache has not seen yet comes back
// AlreadyExists instead of making a second set.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { deepCopy, objectKey, type KubeObject } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import { labelSelectorFromObject } from '../../apis/selectors.js';
import type { Informer, ReconcileResult, ResourceClient } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { EventRecorder } from '../../client/events.js';
import type { Logger } from '../../lib/logger.js';
import type { Controller, ControllerContext } from '../context.js';
import { adoptAll, releaseAll } from '../workload-common/adoption.js';
import { claim, controllerOf, controllerRef, isControlledBy } from '../workload-common/owner.js';
import { addNamespaceIndex, addOwnershipIndexes, byControllerUID, byNamespace, claimCandidates } from '../workload-common/pod-index.js';
import { isPodActive } from '../workload-common/pod-status.js';
import { isScalingEvent, newRSReplicas, oldRSScaleDown, scaleSets, setsToCleanUp } from './rolling.js';
import { calculateStatus, isComplete, rolloutStatus, sameDeploymentStatus, type ProgressEvent } from './status.js';
import {
  buildNewReplicaSet, isRollingUpdate, maxRevision, replicas, revisionAnnotation, revisionOf, sameTemplateIgnoringHash,
  scaleAnnotations, splitNewAndOld, type DeploymentObj, type RSObj,
} from './util.js';

type PodObj = Pod & KubeObject;

export class DeploymentController implements Controller {
  private readonly queue = new WorkQueue();
  private readonly dInformer: Informer<DeploymentObj>;
  private readonly rsInformer: Informer<RSObj>;
  private readonly podInformer: Informer<PodObj>;
  private readonly dClient: ResourceClient<DeploymentObj>;
  private readonly rsClient: ResourceClient<RSObj>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;

  constructor(ctx: ControllerContext, private readonly opts: { workers?: number } = {}) {
    this.dInformer = ctx.informers.forKind<DeploymentObj>('Deployment');
    this.rsInformer = ctx.informers.forKind<RSObj>('ReplicaSet');
    this.podInformer = ctx.informers.forKind<PodObj>('Pod');
    this.dClient = ctx.client.forKind<DeploymentObj>('Deployment');
    this.rsClient = ctx.client.forKind<RSObj>('ReplicaSet');
    this.recorder = ctx.recorder('deployment-controller');
    this.log = ctx.log.child({ controller: 'deployment' });
    addOwnershipIndexes(this.rsInformer);
    addOwnershipIndexes(this.podInformer);
    addNamespaceIndex(this.dInformer);
    this.dInformer.addEventHandler({
      add: (d) => this.queue.add(objectKey(d)),
      update: (_, d) => this.queue.add(objectKey(d)),
      delete: (d) => this.queue.add(objectKey(d)),
    });
    this.rsInformer.addEventHandler({
      add: (rs) => this.rsChanged(rs),
      update: (o, rs) => { if (o.metadata.resourceVersion !== rs.metadata.resourceVersion) { this.rsChanged(o); this.rsChanged(rs); } },
      delete: (rs) => this.rsChanged(rs),
    });
    // Recreate waits for old pods to be gone before it makes the new set.
    this.podInformer.addEventHandler({ delete: (p) => this.podDeleted(p) });
  }

  async run(): Promise<void> {
    await Promise.all([this.dInformer.waitForSync(), this.rsInformer.waitForSync(), this.podInformer.waitForSync()]);
    await runWorkers({ name: 'deployment', queue: this.queue, workers: this.opts.workers ?? 5, reconcile: (k) => this.reconcile(k), log: this.log });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private rsChanged(rs: RSObj): void {
    const ref = controllerOf(rs);
    if (ref?.kind === 'Deployment') return this.queue.add(`${rs.metadata.namespace}/${ref.name}`);
    if (ref) return;
    for (const d of this.dInformer.byIndex(byNamespace, rs.metadata.namespace ?? '')) {
      if (labelSelectorFromObject(d.spec?.selector).matches(rs.metadata.labels as Record<string, string>)) this.queue.add(objectKey(d));
    }
  }

  private podDeleted(p: PodObj): void {
    const ref = controllerOf(p);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.rsInformer.get(`${p.metadata.namespace}/${ref.name}`);
    const dref = rs && controllerOf(rs);
    if (dref?.kind !== 'Deployment') return;
    const key = `${p.metadata.namespace}/${dref.name}`;
    if (this.dInformer.get(key)?.spec?.strategy?.type === 'Recreate') this.queue.add(key);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const cached = this.dInformer.get(key);
    if (!cached) return;
    let d = deepCopy(cached);
    const selector = labelSelectorFromObject(d.spec?.selector);
    if (selector.empty) {
      this.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      return;
    }
    const claimed = claim(d, selector, claimCandidates(this.rsInformer, d));
    const adopted = await adoptAll(this.rsClient, claimed.adopt, controllerRef({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: d.metadata }));
    await releaseAll(this.rsClient, claimed.release, d.metadata.uid ?? '');
    const rss = claimed.owned.filter((rs) => !claimed.adopt.includes(rs) || adopted.has(objectKey(rs))).map((rs) => deepCopy(rs));
    if (d.metadata.deletionTimestamp) return this.writeStatus(d, rss, splitNewAndOld(d, rss).newRS, false);

    if (d.spec?.paused || isScalingEvent(d, rss)) {
      const { newRS, oldRSs } = splitNewAndOld(d, rss);
      await this.applySizes(d, [...oldRSs, ...(newRS ? [newRS] : [])], scaleSets(d, newRS, oldRSs));
      if (d.spec?.paused) await this.cleanup(d, oldRSs);
      return this.writeStatus(d, rss, newRS, false);
    }
    return isRollingUpdate(d) ? this.rolloutRolling(d, rss) : this.rolloutRecreate(d, rss);
  }

  private async rolloutRolling(d: DeploymentObj, rss: RSObj[]): Promise<ReconcileResult> {
    const { newRS, oldRSs, event, d: d2 } = await this.newAndOld(d, rss, true);
    d = d2;
    const all = [...oldRSs, newRS!];
    const target = newRSReplicas(d, all, newRS!);
    if (target !== replicas(newRS)) {
      await this.applySizes(d, all, new Map([[newRS!.metadata.name ?? '', target]]));
      return this.writeStatus(d, all, newRS, true, event);
    }
    const down = oldRSScaleDown(d, oldRSs, newRS);
    if (down.size > 0) {
      await this.applySizes(d, all, down);
      return this.writeStatus(d, all, newRS, true, event);
    }
    if (isComplete(d, calculateStatus(d, all, newRS, Date.now()))) await this.cleanup(d, oldRSs);
    return this.writeStatus(d, all, newRS, true, event);
  }

  private async rolloutRecreate(d: DeploymentObj, rss: RSObj[]): Promise<ReconcileResult> {
    let { newRS, oldRSs, d: d2 } = await this.newAndOld(d, rss, false);
    d = d2;
    const active = oldRSs.filter((rs) => replicas(rs) > 0);
    if (active.length > 0) {
      await this.applySizes(d, oldRSs, new Map(active.map((rs) => [rs.metadata.name ?? '', 0])));
      return this.writeStatus(d, rss, newRS, true);
    }
    const oldPodsRunning = oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0
      || this.podInformer.byIndex(byControllerUID, rs.metadata.uid ?? '').some(isPodActive));
    if (oldPodsRunning) return this.writeStatus(d, rss, newRS, true);
    let event: ProgressEvent | undefined;
    if (!newRS) ({ newRS, oldRSs, event, d } = await this.newAndOld(d, rss, true));
    const all = [...oldRSs, newRS!];
    if (replicas(newRS) !== replicas(d)) await this.applySizes(d, all, new Map([[newRS!.metadata.name ?? '', replicas(d)]]));
    if (isComplete(d, calculateStatus(d, all, newRS, Date.now()))) await this.cleanup(d, oldRSs);
    return this.writeStatus(d, all, newRS, true, event);
  }

  /**
   * The new set (created when `create` and missing) and the old ones, with revisions synced: the
   * new set's revision is one past the highest old one, and the Deployment carries it too.
   */
  private async newAndOld(d: DeploymentObj, rss: RSObj[], create: boolean): Promise<{ newRS?: RSObj; oldRSs: RSObj[]; event?: ProgressEvent; d: DeploymentObj }> {
    let { newRS, oldRSs } = splitNewAndOld(d, rss);
    const revision = maxRevision(oldRSs) + 1;
    let event: ProgressEvent | undefined;
    if (newRS) {
      if (revisionOf(newRS) < revision) {
        const copy = deepCopy(newRS);
        const ann = (copy.metadata.annotations ??= {});
        const prev = ann[revisionAnnotation];
        if (prev) ann['deployment.kubernetes.io/revision-history'] = [ann['deployment.kubernetes.io/revision-history'], prev].filter(Boolean).join(',');
        ann[revisionAnnotation] = String(revision);
        newRS = await this.rsClient.update(copy);
      }
      event = { reason: 'FoundNewReplicaSet', rsName: newRS.metadata.name ?? '' };
    } else if (create) {
      newRS = await this.createNewRS(d, oldRSs, revision);
      event = { reason: 'NewReplicaSetCreated', rsName: newRS.metadata.name ?? '' };
    }
    const rev = newRS?.metadata.annotations?.[revisionAnnotation];
    if (rev && d.metadata.annotations?.[revisionAnnotation] !== rev) {
      const copy = deepCopy(d);
      copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [revisionAnnotation]: rev };
      d = await this.dClient.update(copy);
    }
    return { newRS, oldRSs, event, d };
  }

  private async createNewRS(d: DeploymentObj, oldRSs: RSObj[], revision: number): Promise<RSObj> {
    const ns = d.metadata.namespace ?? 'default';
    const blank = buildNewReplicaSet(d, 0, revision);
    const count = isRollingUpdate(d) ? newRSReplicas(d, [...oldRSs, blank], blank) : replicas(d);
    const rs = buildNewReplicaSet(d, count, revision);
    try {
      const created = await this.rsClient.create(ns, rs);
      if (count > 0) this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${count}`);
      return created;
    } catch (e) {
      if (!isStatusError(e, 'AlreadyExists')) throw e;
      // Ours, not yet in the cache: use it. Someone else's, or another template: a hash collision,
      // so bump collisionCount and retry with a new name (kube's behaviour).
      const existing = await this.rsClient.get(ns, rs.metadata.name ?? '');
      if (isControlledBy(existing, d.metadata.uid) && sameTemplateIgnoringHash(existing.spec?.template, d.spec?.template)) return existing;
      const status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      await this.dClient.updateStatus({ ...d, status });
      throw e;
    }
  }

  /** Write new sizes (and the desired/max annotations) to the sets named in `sizes`. */
  private async applySizes(d: DeploymentObj, rss: RSObj[], sizes: Map<string, number>): Promise<void> {
    const ann = scaleAnnotations(d);
    for (const rs of rss) {
      const n = sizes.get(rs.metadata.name ?? '');
      if (n === undefined) continue;
      const from = replicas(rs);
      const copy = deepCopy(rs);
      copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), ...ann };
      (copy.spec ??= { selector: {} } as NonNullable<RSObj['spec']>);
      (copy.spec as { replicas?: number }).replicas = n;
      const updated = await this.rsClient.update(copy);
      Object.assign(rs, updated);
      if (n !== from) this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${n > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${n}`);
    }
  }

  private async cleanup(d: DeploymentObj, oldRSs: RSObj[]): Promise<void> {
    for (const rs of setsToCleanUp(d, oldRSs)) {
      try {
        await this.rsClient.delete(rs.metadata.namespace, rs.metadata.name ?? '', { preconditions: { uid: rs.metadata.uid } });
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
      }
    }
  }

  private async writeStatus(d: DeploymentObj, all: RSObj[], newRS: RSObj | undefined, withProgress: boolean, event?: ProgressEvent): Promise<ReconcileResult> {
    const now = Date.now();
    const { status, requeueAfterMs } = withProgress ? rolloutStatus(d, all, newRS, now, event) : { status: calculateStatus(d, all, newRS, now), requeueAfterMs: undefined };
    if (!sameDeploymentStatus(d.status, status)) await this.dClient.updateStatus({ ...d, status });
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  }
}
