// Deployment status and conditions, pure (pkg/controller/deployment/sync.go calculateStatus and
// syncRolloutStatus, progress.go). `kubectl rollout status` reads exactly these fields:
// observedGeneration, replicas, updatedReplicas, availableReplicas and the Progressing condition.
import type { DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { nowTimestamp } from '../workload-common/pod-status.js';
import { fenceposts, replicas, sumSpec, sumStatus, type DeploymentObj, type RSObj } from './util.js';

export type ProgressEvent = { reason: 'NewReplicaSetCreated' | 'FoundNewReplicaSet'; rsName: string };

/** Put a condition in place; an unchanged status keeps its lastTransitionTime (SetDeploymentCondition). */
export function setCondition(conds: DeploymentCondition[], c: DeploymentCondition): DeploymentCondition[] {
  const cur = conds.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason && cur.message === c.message) return conds;
  const next = { ...c };
  if (cur && cur.status === c.status) next.lastTransitionTime = cur.lastTransitionTime;
  return [...conds.filter((x) => x.type !== c.type), next];
}

function cond(type: string, status: 'True' | 'False', reason: string, message: string, now: number): DeploymentCondition {
  const t = nowTimestamp(now);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

/** Counts from the sets' status, the Available condition, observedGeneration. */
export function calculateStatus(d: DeploymentObj, all: readonly RSObj[], newRS: RSObj | undefined, now: number): DeploymentStatus {
  const available = sumStatus(all, 'availableReplicas');
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: sumStatus(all, 'replicas'),
    updatedReplicas: newRS ? newRS.status?.replicas ?? 0 : 0,
    readyReplicas: sumStatus(all, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sumSpec(all) - available),
    collisionCount: d.status?.collisionCount,
  };
  let conds = [...(d.status?.conditions ?? [])];
  conds = available >= replicas(d) - fenceposts(d).unavailable
    ? setCondition(conds, cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now))
    : setCondition(conds, cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  status.conditions = conds;
  return status;
}

/** Every replica updated and available, and this generation observed (util.DeploymentComplete). */
export function isComplete(d: DeploymentObj, s: DeploymentStatus): boolean {
  return (s.updatedReplicas ?? 0) === replicas(d) && (s.replicas ?? 0) === replicas(d)
    && (s.availableReplicas ?? 0) === replicas(d) && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** The rollout moved since the last status (util.DeploymentProgressing). */
function isProgressing(d: DeploymentObj, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld
    || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

export interface RolloutStatus { status: DeploymentStatus; /** check the deadline again then */ requeueAfterMs?: number }

/**
 * The full status with the Progressing condition: NewReplicaSetCreated / FoundNewReplicaSet when
 * the new set appears, ReplicaSetUpdated while it moves, NewReplicaSetAvailable once complete,
 * ProgressDeadlineExceeded (False) when nothing moved for progressDeadlineSeconds.
 */
export function rolloutStatus(d: DeploymentObj, all: readonly RSObj[], newRS: RSObj | undefined, now: number, event?: ProgressEvent): RolloutStatus {
  const status = calculateStatus(d, all, newRS, now);
  let conds = status.conditions ?? [];
  if (event) {
    const msg = event.reason === 'NewReplicaSetCreated' ? `Created new replica set "${event.rsName}"` : `Found new replica set "${event.rsName}"`;
    if (event.reason === 'NewReplicaSetCreated' || !conds.some((c) => c.type === 'Progressing')) conds = setCondition(conds, cond('Progressing', 'True', event.reason, msg, now));
  }
  const deadline = d.spec?.progressDeadlineSeconds;
  let requeueAfterMs: number | undefined;
  const cur = conds.find((c) => c.type === 'Progressing');
  const name = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  const alreadyComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && cur?.reason === 'NewReplicaSetAvailable';
  if (deadline !== undefined && deadline !== null && !alreadyComplete && !d.spec?.paused) {
    if (isComplete(d, status)) {
      conds = setCondition(conds, cond('Progressing', 'True', 'NewReplicaSetAvailable', `${name} has successfully progressed.`, now));
    } else if (isProgressing(d, status)) {
      conds = setCondition(conds.filter((c) => !(c.type === 'Progressing' && c.status !== 'True')), cond('Progressing', 'True', 'ReplicaSetUpdated', `${name} is progressing.`, now));
      const upd = conds.find((c) => c.type === 'Progressing');
      if (upd && upd.reason === 'ReplicaSetUpdated') upd.lastUpdateTime = nowTimestamp(now);
      requeueAfterMs = deadline * 1000 + 1000;
    } else if (cur && cur.reason !== 'ProgressDeadlineExceeded') {
      const last = Date.parse(cur.lastUpdateTime ?? cur.lastTransitionTime ?? '') || now;
      const left = last + deadline * 1000 - now;
      if (left < 0) conds = setCondition(conds, cond('Progressing', 'False', 'ProgressDeadlineExceeded', `${name} has timed out progressing.`, now));
      else requeueAfterMs = left + 1000;
    }
  }
  status.conditions = conds;
  return { status, requeueAfterMs };
}

/** Compare ignoring condition timestamps that alone would cause a write per sync. */
export function sameDeploymentStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  const strip = (s: DeploymentStatus | undefined) => JSON.stringify({ ...(s ?? {}), conditions: (s?.conditions ?? []).map((c) => ({ ...c, lastUpdateTime: undefined })) });
  return strip(a) === strip(b);
}
