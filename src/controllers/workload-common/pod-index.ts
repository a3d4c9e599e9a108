// Pod lookups every workload controller needs at scale (100,000 pods): pods by the UID of their
// controller, and orphan pods by namespace, so a sync touches only its own pods and the few orphans
// it might adopt instead of the whole cache.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Informer } from '../../client/types.js';
import type { KubeObject } from '../../apis/object.js';
import { controllerOf } from './owner.js';

export const byControllerUID = 'workloads:controller-uid';
export const orphansByNamespace = 'workloads:orphans-by-namespace';
export const byNamespace = 'workloads:namespace';

/** Add the indexes once per shared informer (several controllers share it). */
export function addOwnershipIndexes<T extends KubeObject>(inf: Informer<T>): void {
  const marked = inf as unknown as { __workloadIndexes?: boolean };
  if (marked.__workloadIndexes) return;
  marked.__workloadIndexes = true;
  inf.addIndexer(byControllerUID, (o) => {
    const uid = controllerOf(o)?.uid;
    return uid ? [uid] : [];
  });
  inf.addIndexer(orphansByNamespace, (o) => (controllerOf(o) ? [] : [o.metadata.namespace ?? '']));
}

export function addNamespaceIndex<T extends KubeObject>(inf: Informer<T>): void {
  const marked = inf as unknown as { __workloadNsIndex?: boolean };
  if (marked.__workloadNsIndex) return;
  marked.__workloadNsIndex = true;
  inf.addIndexer(byNamespace, (o) => [o.metadata.namespace ?? '']);
}

/** What an owner may claim: what it controls plus the orphans of its namespace. */
export function claimCandidates<T extends KubeObject>(inf: Informer<T>, owner: { metadata?: { uid?: string; namespace?: string } }): T[] {
  return [...inf.byIndex(byControllerUID, owner.metadata?.uid ?? ''), ...inf.byIndex(orphansByNamespace, owner.metadata?.namespace ?? '')];
}

export type { Pod };
