// Garbage collector (pkg/controller/garbagecollector): deletes objects whose owners are all gone
// (matched by uid), runs foreground deletion (dependents with blockOwnerDeletion go before the
// owner's foregroundDeletion finalizer is removed) and orphaning (references to the owner removed
// from its dependents before the orphan finalizer is). Decisions are pure (decide.ts); an owner
// the cache does not have is looked up live before anything is deleted, as upstream's isDangling
// does, so a lagging informer never costs a pod.
import type { KubeObject, OwnerReference } from '../../apis/object.js';
import { deepCopy } from '../../apis/object.js';
import { isStatusError } from '../../apis/errors.js';
import { resourceForKind, resources, type ResourceInfo } from '../../apis/resources.js';
import type { Informer, ReconcileResult } from '../../client/types.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorkers } from '../../client/controller-loop.js';
import type { Controller, ControllerContext } from '../context.js';
import {
  decideDependent, decideDeletingOwner, foregroundFinalizer, isWaitingForDependents, orphanFinalizer, withoutOwners, type OwnerState,
} from './decide.js';

const byUID = 'gc:byUID';
const byOwnerUID = 'gc:byOwnerUID';
/** Kinds the collector watches: everything served but Events (never owners, never owned by us) and Namespaces. */
const unmonitored = new Set(['Event', 'Namespace']);
/** While an owner waits for its dependents, look again at least this often (their deletions also wake it). */
const waitRecheckMs = 2_000;

/** Queue keys carry the kind: 'Pod|default/web-1', 'Node|node1'. */
export function gcKey(kind: string, obj: KubeObject): string {
  const m = obj.metadata;
  return m.namespace ? `${kind}|${m.namespace}/${m.name}` : `${kind}|${m.name}`;
}

function ownerKey(ref: OwnerReference, dependentNamespace: string | undefined, info: ResourceInfo): string {
  return info.namespaced && dependentNamespace ? `${ref.kind}|${dependentNamespace}/${ref.name}` : `${ref.kind}|${ref.name}`;
}

function hasOurFinalizer(o: KubeObject): boolean {
  return !!o.metadata.deletionTimestamp && !!o.metadata.finalizers?.some((f) => f === foregroundFinalizer || f === orphanFinalizer);
}

export class GarbageCollectorController implements Controller {
  private readonly informers = new Map<string, Informer>();
  private readonly queue = new WorkQueue({ baseDelayMs: 50, maxDelayMs: 30_000 });
  private readonly log;

  constructor(private readonly ctx: ControllerContext) {
    this.log = ctx.log.child({ controller: 'garbagecollector' });
    for (const info of resources) {
      if (unmonitored.has(info.kind)) continue;
      const inf = ctx.informers.forKind(info.kind);
      inf.addIndexer(byUID, (o) => (o.metadata.uid ? [o.metadata.uid] : []));
      inf.addIndexer(byOwnerUID, (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
      const kind = info.kind;
      inf.addEventHandler({
        add: (o) => { if (o.metadata.ownerReferences?.length || hasOurFinalizer(o)) this.queue.add(gcKey(kind, o)); },
        update: (old, o) => {
          const refsChanged = JSON.stringify(old.metadata.ownerReferences) !== JSON.stringify(o.metadata.ownerReferences);
          if (refsChanged || hasOurFinalizer(o) || (o.metadata.deletionTimestamp && !old.metadata.deletionTimestamp)) this.queue.add(gcKey(kind, o));
        },
        delete: (o) => {
          // Its dependents may now dangle; owners waiting on it may now finish.
          if (o.metadata.uid) for (const d of this.dependentsOf(o.metadata.uid)) this.queue.add(d.key);
          for (const ref of o.metadata.ownerReferences ?? []) {
            const ri = resourceForKind(ref.apiVersion, ref.kind);
            if (ri) this.queue.add(ownerKey(ref, o.metadata.namespace, ri));
          }
        },
      });
      this.informers.set(kind, inf);
    }
  }

  async run(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
    for (const [kind, inf] of this.informers) {
      for (const o of inf.list()) if (o.metadata.ownerReferences?.length || hasOurFinalizer(o)) this.queue.add(gcKey(kind, o));
    }
    await runWorkers({ name: 'garbagecollector', queue: this.queue, workers: 4, reconcile: (k) => this.reconcile(k), log: this.log });
  }

  stop(): void { this.queue.shutDown(); }

  private dependentsOf(uid: string): Array<{ kind: string; key: string; obj: KubeObject }> {
    const out: Array<{ kind: string; key: string; obj: KubeObject }> = [];
    for (const [kind, inf] of this.informers) for (const o of inf.byIndex(byOwnerUID, uid)) out.push({ kind, key: gcKey(kind, o), obj: o });
    return out;
  }

  private async reconcile(key: string): Promise<ReconcileResult> {
    const bar = key.indexOf('|');
    const kind = key.slice(0, bar), objKey = key.slice(bar + 1);
    const obj = this.informers.get(kind)?.get(objKey);
    if (!obj) return;
    if (hasOurFinalizer(obj)) {
      const r = await this.processDeletingOwner(kind, obj);
      if (r) return r;
    }
    if (obj.metadata.ownerReferences?.length) await this.attemptToDelete(kind, obj);
  }

  private async processDeletingOwner(kind: string, owner: KubeObject): Promise<ReconcileResult> {
    const deps = this.dependentsOf(owner.metadata.uid!);
    const d = decideDeletingOwner(owner, deps.map((x) => x.obj));
    switch (d.action) {
      case 'none': return;
      case 'orphan':
        for (const dep of deps) if (d.dependents.includes(dep.obj)) await this.removeOwnerRefs(dep.kind, dep.obj, [owner.metadata.uid!]);
        await this.removeFinalizer(kind, owner, orphanFinalizer);
        return;
      case 'waitForDependents':
        // Every dependent, blocking or not, is attempted: the owner no longer holds them.
        for (const dep of deps) this.queue.add(dep.key);
        return { requeueAfterMs: waitRecheckMs };
      case 'removeFinalizer':
        for (const dep of deps) this.queue.add(dep.key); // non-blocking dependents still go
        await this.removeFinalizer(kind, owner, d.finalizer);
        return;
    }
  }

  private async attemptToDelete(kind: string, item: KubeObject): Promise<void> {
    const states = new Map<string, OwnerState>();
    for (const ref of item.metadata.ownerReferences ?? []) states.set(ref.uid, await this.ownerState(ref, item.metadata.namespace));
    const hasDependents = this.dependentsOf(item.metadata.uid!).length > 0;
    const d = decideDependent(item, states, hasDependents);
    if (d.action === 'removeOwnerReferences') { await this.removeOwnerRefs(kind, item, d.uids); return; }
    if (d.action !== 'delete') return;
    const m = item.metadata;
    this.log.info({ kind, namespace: m.namespace, name: m.name, propagationPolicy: d.propagationPolicy }, 'deleting object whose owners are gone');
    try {
      await this.ctx.client.forKind(kind).delete(m.namespace, m.name!, { propagationPolicy: d.propagationPolicy, preconditions: { uid: m.uid } });
    } catch (e) {
      // Gone already, or the name now belongs to a new object (uid precondition): nothing to do.
      if (isStatusError(e, 'NotFound') || isStatusError(e, 'Conflict')) return;
      throw e;
    }
  }

  /** The owner by uid from the cache; if the cache lacks it, ask the API server (never delete on a stale cache). */
  private async ownerState(ref: OwnerReference, namespace: string | undefined): Promise<OwnerState> {
    const info = resourceForKind(ref.apiVersion, ref.kind);
    if (!info) return 'solid'; // a kind we cannot look up: keep the dependent
    const inCache = this.informers.get(ref.kind)?.byIndex(byUID, ref.uid)
      .find((o) => o.metadata.name === ref.name && (!info.namespaced || o.metadata.namespace === namespace));
    if (inCache) return isWaitingForDependents(inCache) ? 'waiting' : 'solid';
    if (info.namespaced && !namespace) return 'dangling'; // a cluster-scoped dependent cannot have a namespaced owner
    try {
      const live = await this.ctx.client.resource(info).get(info.namespaced ? namespace : undefined, ref.name);
      if (live.metadata.uid !== ref.uid) return 'dangling';
      return isWaitingForDependents(live) ? 'waiting' : 'solid';
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return 'dangling';
      throw e;
    }
  }

  private async removeOwnerRefs(kind: string, item: KubeObject, uids: string[]): Promise<void> {
    const next = deepCopy(item);
    next.metadata.ownerReferences = withoutOwners(item.metadata.ownerReferences, uids);
    if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
    try {
      // PUT with the cached resourceVersion: a concurrent change to the references is a Conflict, retried.
      await this.ctx.client.forKind(kind).update(next, { fieldManager: 'garbage-collector' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }

  private async removeFinalizer(kind: string, owner: KubeObject, finalizer: string): Promise<void> {
    const next = deepCopy(owner);
    next.metadata.finalizers = (owner.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    try {
      await this.ctx.client.forKind(kind).update(next, { fieldManager: 'garbage-collector' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}
