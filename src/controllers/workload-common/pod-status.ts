// Pod state predicates the workload controllers share (pkg/api/v1/pod util, controller_utils.go):
// active = not terminal and not being deleted; ready = condition Ready True; available = ready
// for at least minReadySeconds.
import type { Pod } from 'kubernetes-types/core/v1.js';

export function isPodActive(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata?.deletionTimestamp;
}

export function isPodTerminating(p: Pod): boolean {
  return !!p.metadata?.deletionTimestamp;
}

function readyCondition(p: Pod) {
  return p.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(p: Pod): boolean {
  return readyCondition(p)?.status === 'True';
}

/** When the pod became ready (ms since epoch), or undefined when it is not ready. */
export function podReadySince(p: Pod): number | undefined {
  const c = readyCondition(p);
  if (c?.status !== 'True') return undefined;
  const t = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Ready for minReadySeconds at `now`. A ready pod without a transition time counts as available. */
export function isPodAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  const since = podReadySince(p);
  if (since === undefined) return false;
  if (!minReadySeconds) return true;
  return since + minReadySeconds * 1000 <= now;
}

/** ms until a ready pod becomes available, for a requeue; undefined when nothing to wait for. */
export function msUntilAvailable(p: Pod, minReadySeconds: number, now: number): number | undefined {
  const since = podReadySince(p);
  if (since === undefined || !minReadySeconds) return undefined;
  const at = since + minReadySeconds * 1000;
  return at > now ? at - now : undefined;
}

export function isPodRunningAndReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && isPodReady(p);
}

/** RFC 3339 with second precision, as metav1.Time serializes. */
export function nowTimestamp(now = Date.now()): string {
  return new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function creationTime(o: { metadata?: { creationTimestamp?: string } }): number {
  const t = o.metadata?.creationTimestamp ? Date.parse(o.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? 0 : t;
}
