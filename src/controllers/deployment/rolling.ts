// Rollout arithmetic, pure (pkg/controller/deployment/rolling.go, recreate.go, sync.go scale):
// how far the new ReplicaSet may grow, how far old ones may shrink, and proportional scaling of
// a Deployment resized mid-rollout. Each returns the new spec.replicas per ReplicaSet name.
import { byCreation, desiredReplicasAnnotation, fenceposts, isRollingUpdate, maxReplicasAnnotation, replicas, sumSpec, type DeploymentObj, type RSObj } from './util.js';

/** The new RS's replicas for this step: grow while total pods stay within replicas + maxSurge. */
export function newRSReplicas(d: DeploymentObj, all: readonly RSObj[], newRS: RSObj): number {
  const want = replicas(d), cur = replicas(newRS);
  if (!isRollingUpdate(d)) return want;
  if (cur >= want) return want;
  const maxTotal = want + fenceposts(d).surge;
  const current = sumSpec(all);
  if (current >= maxTotal) return cur;
  return cur + Math.min(maxTotal - current, want - cur);
}

/**
 * Old RS sizes after this step (rolling.go reconcileOldReplicaSets): first drop unhealthy old pods
 * (replicas beyond their available ones), then scale old sets down, oldest first, as far as keeps
 * `replicas - maxUnavailable` pods available. Returns only the sets whose size changes.
 */
export function oldRSScaleDown(d: DeploymentObj, oldRSs: readonly RSObj[], newRS: RSObj | undefined): Map<string, number> {
  const out = new Map<string, number>();
  const olds = [...oldRSs].filter((rs) => replicas(rs) > 0).sort(byCreation);
  if (olds.length === 0) return out;
  const size = (rs: RSObj) => out.get(rs.metadata.name ?? '') ?? replicas(rs);
  const all = newRS ? [...olds, newRS] : olds;
  let allPods = sumSpec(all);
  const minAvailable = replicas(d) - fenceposts(d).unavailable;
  const newUnavailable = newRS ? replicas(newRS) - (newRS.status?.availableReplicas ?? 0) : 0;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return out;
  // Unhealthy replicas first: they serve nobody, removing them costs no availability.
  let cleaned = 0;
  for (const rs of olds) {
    if (cleaned >= maxScaledDown) break;
    const avail = rs.status?.availableReplicas ?? 0;
    if (replicas(rs) === avail) continue;
    const n = Math.min(maxScaledDown - cleaned, replicas(rs) - avail);
    out.set(rs.metadata.name ?? '', replicas(rs) - n);
    cleaned += n;
  }
  allPods -= cleaned;
  // Then healthy ones, as far as availability allows (counted from every set's available pods).
  const available = all.reduce((n, rs) => n + Math.min(rs.status?.availableReplicas ?? 0, size(rs)), 0);
  if (available <= minAvailable) return out;
  let budget = available - minAvailable;
  for (const rs of olds) {
    if (budget <= 0) break;
    const cur = size(rs);
    if (cur === 0) continue;
    const n = Math.min(cur, budget);
    out.set(rs.metadata.name ?? '', cur - n);
    budget -= n;
  }
  return out;
}

/** A scaling event: an active RS was sized for a different spec.replicas (sync.go isScalingEvent). */
export function isScalingEvent(d: DeploymentObj, all: readonly RSObj[]): boolean {
  return all.some((rs) => {
    if (replicas(rs) === 0) return false;
    const a = rs.metadata.annotations?.[desiredReplicasAnnotation];
    return a !== undefined && Number(a) !== replicas(d);
  });
}

function isSaturated(d: DeploymentObj, rs: RSObj | undefined): boolean {
  if (!rs) return false;
  return Number(rs.metadata.annotations?.[desiredReplicasAnnotation]) === replicas(d)
    && replicas(rs) === replicas(d) && (rs.status?.availableReplicas ?? 0) === replicas(d);
}

/**
 * sync.go scale: one active set takes the whole size; a saturated new set leaves olds at 0;
 * otherwise, mid-rollout, the extra (or missing) replicas are spread over active sets in
 * proportion to their size, the remainder to the largest. Returns new sizes for changed sets.
 */
export function scaleSets(d: DeploymentObj, newRS: RSObj | undefined, oldRSs: readonly RSObj[]): Map<string, number> {
  const out = new Map<string, number>();
  const all = newRS ? [...oldRSs, newRS] : [...oldRSs];
  const active = all.filter((rs) => replicas(rs) > 0);
  const want = replicas(d);
  if (active.length <= 1) {
    const target = active[0] ?? newRS ?? [...oldRSs].sort(byCreation).at(-1);
    if (target && replicas(target) !== want) out.set(target.metadata.name ?? '', want);
    return out;
  }
  if (isSaturated(d, newRS)) {
    for (const rs of oldRSs) if (replicas(rs) > 0) out.set(rs.metadata.name ?? '', 0);
    return out;
  }
  if (!isRollingUpdate(d)) return out;
  const allowed = want > 0 ? want + fenceposts(d).surge : 0;
  const toAdd = allowed - sumSpec(active);
  if (toAdd === 0) return out;
  // Larger first; ties: newer first when growing, older first when shrinking.
  const sorted = [...active].sort((a, b) => replicas(b) - replicas(a) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b)));
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of sorted) {
    const p = proportion(rs, d, toAdd, added);
    sizes.set(rs.metadata.name ?? '', replicas(rs) + p);
    added += p;
  }
  const first = sorted[0].metadata.name ?? '';
  sizes.set(first, Math.max(0, (sizes.get(first) ?? 0) + toAdd - added));
  for (const rs of sorted) {
    const n = sizes.get(rs.metadata.name ?? '') ?? 0;
    if (n !== replicas(rs)) out.set(rs.metadata.name ?? '', n);
  }
  return out;
}

function proportion(rs: RSObj, d: DeploymentObj, toAdd: number, added: number): number {
  if (replicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = rsFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function rsFraction(rs: RSObj, d: DeploymentObj): number {
  if (replicas(d) === 0) return -replicas(rs);
  const deploymentReplicas = replicas(d) + fenceposts(d).surge;
  const annotated = Number(rs.metadata.annotations?.[maxReplicasAnnotation] ?? NaN);
  const base = Number.isFinite(annotated) && annotated > 0 ? annotated : (d.status?.replicas ?? 0);
  if (base === 0) return 0;
  return Math.round((replicas(rs) * deploymentReplicas) / base) - replicas(rs);
}

/** Old sets beyond revisionHistoryLimit that are fully scaled down, oldest revision first. */
export function setsToCleanUp(d: DeploymentObj, oldRSs: readonly RSObj[]): RSObj[] {
  const limit = d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === null) return [];
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return [];
  const rev = (rs: RSObj) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  const sorted = [...cleanable].sort((a, b) => rev(a) - rev(b) || byCreation(a, b));
  return sorted.slice(0, diff).filter((rs) => (rs.status?.replicas ?? 0) === 0 && replicas(rs) === 0
    && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}
