// Which pods a ReplicaSet deletes first when it has too many (pkg/controller/controller_utils.go
// ActivePodsWithRanks.Less). Earlier in the order = deleted first:
//   1. not assigned to a node            5. ready for a shorter time (both ready)
//   2. Pending < Unknown < Running         6. more container restarts
//   3. not ready < ready                   7. newer creation time
//   4. more co-located siblings (rank)     then name, for a stable order
import type { Pod } from 'kubernetes-types/core/v1.js';
import { creationTime, isPodReady, podReadySince } from './pod-status.js';

const phaseOrder: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(p: Pod): number {
  let max = 0;
  for (const c of p.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/** Negative when a should be deleted before b. rank(p) = number of active siblings on p's node. */
export function compareForDeletion(a: Pod, b: Pod, rank: (p: Pod) => number = () => 0): number {
  const na = a.spec?.nodeName ?? '', nb = b.spec?.nodeName ?? '';
  if ((na === '') !== (nb === '')) return na === '' ? -1 : 1;
  const pa = phaseOrder[a.status?.phase ?? 'Pending'] ?? 0, pb = phaseOrder[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a), rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  const ka = rank(a), kb = rank(b);
  if (ka !== kb) return kb - ka;
  if (ra && rb) {
    const ta = podReadySince(a) ?? 0, tb = podReadySince(b) ?? 0;
    if (ta !== tb) return tb - ta;
  }
  const xa = restarts(a), xb = restarts(b);
  if (xa !== xb) return xb - xa;
  const ca = creationTime(a), cb = creationTime(b);
  if (ca !== cb) return cb - ca;
  const sa = a.metadata?.name ?? '', sb = b.metadata?.name ?? '';
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * The `count` pods to delete from `pods`. Rank is the number of `related` pods (all active pods of
 * the owner, kube also counts siblings of other ReplicaSets of the same Deployment) on the same node,
 * so spreading survives a scale-down.
 */
export function podsToDelete<P extends Pod>(pods: readonly P[], count: number, related: readonly Pod[] = pods): P[] {
  if (count <= 0) return [];
  if (count >= pods.length) return [...pods];
  const perNode = new Map<string, number>();
  for (const p of related) {
    const n = p.spec?.nodeName;
    if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const rank = (p: Pod) => (p.spec?.nodeName ? perNode.get(p.spec.nodeName) ?? 0 : 0);
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank)).slice(0, count);
}
