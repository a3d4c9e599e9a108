// The pure half of the ReplicaSet controller (pkg/controller/replicaset/replica_set.go
// manageReplicas and replica_set_utils.go calculateStatus): how many pods to create, which to
// delete, and the status the ReplicaSet reports.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, ReplicaSetStatus, ReplicaSetCondition } from 'kubernetes-types/apps/v1.js';
import { podsToDelete } from '../workload-common/active-pods.js';
import { isPodAvailable, isPodReady, msUntilAvailable, nowTimestamp } from '../workload-common/pod-status.js';

/** At most this many creations or deletions per sync (kube's burstReplicas). */
export const burstReplicas = 500;

export interface ReplicaSetPlan<P extends Pod = Pod> { create: number; delete: P[] }

/** `active` are the ReplicaSet's active pods; `related` all active pods of its family, for ranking. */
export function planReplicas<P extends Pod>(desired: number, active: readonly P[], related: readonly Pod[] = active): ReplicaSetPlan<P> {
  const diff = active.length - desired;
  if (diff < 0) return { create: Math.min(-diff, burstReplicas), delete: [] };
  if (diff > 0) return { create: 0, delete: podsToDelete(active, Math.min(diff, burstReplicas), related) };
  return { create: 0, delete: [] };
}

export interface StatusResult { status: ReplicaSetStatus; /** re-check when a ready pod turns available */ requeueAfterMs?: number }

/**
 * Status from the active pods: fullyLabeled pods carry every template label; available ones have been
 * ready for minReadySeconds. `failure` is a create/delete error message (ReplicaFailure condition).
 */
export function replicaSetStatus(rs: ReplicaSet, active: readonly Pod[], now: number, failure?: { reason: 'FailedCreate' | 'FailedDelete'; message: string }): StatusResult {
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0, ready = 0, available = 0, requeueAfterMs: number | undefined;
  for (const p of active) {
    const labels = p.metadata?.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
      else {
        const wait = msUntilAvailable(p, minReady, now);
        if (wait !== undefined) requeueAfterMs = Math.min(requeueAfterMs ?? wait, wait);
      }
    }
  }
  const status: ReplicaSetStatus = {
    replicas: active.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata?.generation,
  };
  const others = (rs.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  const old = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  let conditions: ReplicaSetCondition[] = others;
  if (failure) {
    const same = old && old.reason === failure.reason && old.message === failure.message;
    conditions = [...others, same ? old : { type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message, lastTransitionTime: nowTimestamp(now) }];
  } else if (old && active.length !== (rs.spec?.replicas ?? 1)) {
    // kube keeps the failure until the replica count is reached.
    conditions = [...others, old];
  }
  if (conditions.length) status.conditions = conditions;
  return { status, requeueAfterMs };
}

/** Status equality as the controller cares about it (skip no-op writes). */
export function sameStatus(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  const x: ReplicaSetStatus = a ?? ({} as ReplicaSetStatus);
  return (x.replicas ?? 0) === (b.replicas ?? 0) && (x.fullyLabeledReplicas ?? 0) === (b.fullyLabeledReplicas ?? 0)
    && (x.readyReplicas ?? 0) === (b.readyReplicas ?? 0) && (x.availableReplicas ?? 0) === (b.availableReplicas ?? 0)
    && x.observedGeneration === b.observedGeneration
    && JSON.stringify(x.conditions ?? []) === JSON.stringify(b.conditions ?? []);
}
