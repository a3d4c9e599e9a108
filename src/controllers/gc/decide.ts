// Garbage-collection decisions, pure (pkg/controller/garbagecollector: attemptToDeleteItem,
// processDeletingDependentsItem, orphanDependents). Owners are matched by uid: an owner recreated
// under the same name is a different owner, and the dependent's reference to the old one dangles.
import type { KubeObject, OwnerReference } from '../../apis/object.js';

export const foregroundFinalizer = 'foregroundDeletion';
export const orphanFinalizer = 'orphan';

/** What the collector knows of one owner reference (after a live lookup for owners the cache lacks). */
export type OwnerState =
  /** Exists with that uid and is not waiting for its dependents. */
  | 'solid'
  /** Gone, or its name now belongs to another uid. */
  | 'dangling'
  /** Being deleted in the foreground: deletionTimestamp and the foregroundDeletion finalizer. */
  | 'waiting';

export type DependentAction =
  | { action: 'none' }
  /** Patch these owner references away (the dependent stays: it still has a solid owner). */
  | { action: 'removeOwnerReferences'; uids: string[] }
  | { action: 'delete'; propagationPolicy: 'Background' | 'Foreground' | 'Orphan' };

export function isDeleting(obj: KubeObject): boolean {
  return !!obj.metadata.deletionTimestamp;
}

export function hasFinalizer(obj: KubeObject, f: string): boolean {
  return obj.metadata.finalizers?.includes(f) ?? false;
}

/** An owner waiting for its dependents: foreground deletion in progress. */
export function isWaitingForDependents(obj: KubeObject): boolean {
  return isDeleting(obj) && hasFinalizer(obj, foregroundFinalizer);
}

/**
 * attemptToDeleteItem: a dependent with owner references. `states` has one entry per owner uid;
 * `hasDependents` says whether anything names this item as its owner.
 */
export function decideDependent(item: KubeObject, states: ReadonlyMap<string, OwnerState>, hasDependents: boolean): DependentAction {
  const refs = item.metadata.ownerReferences ?? [];
  if (refs.length === 0) return { action: 'none' };
  // Already on its way out, unless it is itself waiting in the foreground (its own dependents go first).
  if (isDeleting(item) && !hasFinalizer(item, foregroundFinalizer)) return { action: 'none' };
  const solid: OwnerReference[] = [], dangling: OwnerReference[] = [], waiting: OwnerReference[] = [];
  for (const ref of refs) {
    const s = states.get(ref.uid) ?? 'solid'; // unknown: never delete on a guess
    (s === 'solid' ? solid : s === 'dangling' ? dangling : waiting).push(ref);
  }
  if (solid.length > 0) {
    const gone = [...dangling, ...waiting].map((r) => r.uid);
    return gone.length ? { action: 'removeOwnerReferences', uids: gone } : { action: 'none' };
  }
  if (isDeleting(item)) return { action: 'none' };
  // An owner waits for us and we block it: go in the foreground so our own dependents go first.
  if (waiting.length > 0 && hasDependents && waiting.some((r) => r.blockOwnerDeletion)) {
    return { action: 'delete', propagationPolicy: 'Foreground' };
  }
  // Every owner is gone or going: delete, honouring the policy the item's own finalizers ask for.
  if (hasFinalizer(item, orphanFinalizer)) return { action: 'delete', propagationPolicy: 'Orphan' };
  if (hasFinalizer(item, foregroundFinalizer)) return { action: 'delete', propagationPolicy: 'Foreground' };
  return { action: 'delete', propagationPolicy: 'Background' };
}

export type OwnerAction =
  | { action: 'none' }
  /** Orphan: drop references to the owner from these dependents, then the finalizer. */
  | { action: 'orphan'; dependents: KubeObject[] }
  /** Foreground: these dependents still block the owner; delete them (attemptToDelete) and wait. */
  | { action: 'waitForDependents'; blocking: KubeObject[] }
  | { action: 'removeFinalizer'; finalizer: string };

/** An owner being deleted with the orphan or foregroundDeletion finalizer. Orphan is handled first, as upstream. */
export function decideDeletingOwner(owner: KubeObject, dependents: readonly KubeObject[]): OwnerAction {
  if (!isDeleting(owner)) return { action: 'none' };
  const uid = owner.metadata.uid;
  if (hasFinalizer(owner, orphanFinalizer)) {
    const still = dependents.filter((d) => d.metadata.ownerReferences?.some((r) => r.uid === uid));
    return still.length ? { action: 'orphan', dependents: still } : { action: 'removeFinalizer', finalizer: orphanFinalizer };
  }
  if (hasFinalizer(owner, foregroundFinalizer)) {
    const blocking = dependents.filter((d) => d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion));
    return blocking.length ? { action: 'waitForDependents', blocking } : { action: 'removeFinalizer', finalizer: foregroundFinalizer };
  }
  return { action: 'none' };
}

/** The dependent's owner references without those to the given uids. */
export function withoutOwners(refs: readonly OwnerReference[] | undefined, uids: readonly string[]): OwnerReference[] {
  return (refs ?? []).filter((r) => !uids.includes(r.uid));
}
