// The endpoints.kubernetes.io/last-change-trigger-time value (upstream TriggerTimeTracker): the
// time of the earliest pod or service change a sync has not yet written out. Pod changes count
// from their Ready condition's lastTransitionTime, a new service from its creationTimestamp; a
// successful sync clears what it covered.
import type { Pod } from '../../apis/object.js';

export class TriggerTimeTracker {
  private readonly pending = new Map<string, number>();

  record(key: string, at: number): void {
    if (!Number.isFinite(at)) return;
    const prev = this.pending.get(key);
    if (prev === undefined || at < prev) this.pending.set(key, at);
  }

  /** The pending trigger time (ms since epoch) for a key, if any. */
  peek(key: string): number | undefined {
    return this.pending.get(key);
  }

  /** A sync wrote state covering every change up to `covered` (the value peek returned). */
  clear(key: string, covered: number | undefined): void {
    if (covered === undefined || this.pending.get(key) === covered) this.pending.delete(key);
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}

/** When this pod's state last changed, as far as endpoints care. */
export function podTriggerTime(pod: Pod): number {
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const t = ready?.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return Number.isFinite(t) ? t : Date.now();
}

/** Go's time.RFC3339Nano, as upstream writes the annotation: fractional seconds without trailing zeros. */
export function formatTriggerTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}
