// Controller ownerReferences and the claim rules of kube's ControllerRefManager
// (pkg/controller/controller_ref_manager.go): an owner keeps the objects it controls that still
// match its selector, adopts matching orphans, and releases controlled objects that stopped matching.
import type { KubeObject, OwnerReference } from '../../apis/object.js';
import type { Selector } from '../../apis/selectors.js';

export interface OwnerIdentity { apiVersion: string; kind: string; metadata: { name?: string; uid?: string } }

/** The reference a controller puts on what it creates: controller and blockOwnerDeletion true. */
export function controllerRef(owner: OwnerIdentity): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export function controllerOf(obj: { metadata?: { ownerReferences?: readonly OwnerReference[] } }): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

export function isControlledBy(obj: KubeObject, ownerUID: string | undefined): boolean {
  return !!ownerUID && controllerOf(obj)?.uid === ownerUID;
}

export interface ClaimResult<T> {
  /** Controlled by the owner and matching: the owner's set (adoptions included). */
  owned: T[];
  /** Orphans that match; the caller sets the controller ref, then they count as owned. */
  adopt: T[];
  /** Controlled by the owner but no longer matching: the caller removes the ref. */
  release: T[];
}

/**
 * Split candidates (same namespace) for an owner. An owner being deleted adopts nothing; objects
 * being deleted are never adopted or released (kube leaves them alone).
 */
export function claim<T extends KubeObject>(owner: { metadata: { uid?: string; deletionTimestamp?: unknown } }, selector: Selector, candidates: readonly T[]): ClaimResult<T> {
  const out: ClaimResult<T> = { owned: [], adopt: [], release: [] };
  const uid = owner.metadata.uid;
  for (const c of candidates) {
    const ref = controllerOf(c);
    const matches = selector.matches(c.metadata.labels as Record<string, string> | undefined);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) out.owned.push(c);
      else if (!c.metadata.deletionTimestamp) out.release.push(c);
      continue;
    }
    if (!matches || c.metadata.deletionTimestamp || owner.metadata.deletionTimestamp) continue;
    out.adopt.push(c);
    out.owned.push(c);
  }
  return out;
}

/** Owner references with ref added (replacing any with the same uid). */
export function withOwnerRef(refs: readonly OwnerReference[] | undefined, ref: OwnerReference): OwnerReference[] {
  return [...(refs ?? []).filter((r) => r.uid !== ref.uid), ref];
}

export function withoutOwnerRef(refs: readonly OwnerReference[] | undefined, uid: string): OwnerReference[] {
  return (refs ?? []).filter((r) => r.uid !== uid);
}
