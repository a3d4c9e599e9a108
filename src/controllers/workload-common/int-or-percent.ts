// IntOrString values such as maxSurge / maxUnavailable resolved against a replica count
// (apimachinery intstr.GetScaledValueFromIntOrPercent and deployment util ResolveFenceposts).

export type IntOrPercent = number | string | undefined;

/** An int stays as is; "N%" is N% of total, rounded up or down. Invalid strings throw. */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    if (/^\d+$/.test(v)) return Number(v);
    throw new Error(`invalid value for IntOrString: invalid value "${v}": must be an integer or a percentage`);
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * maxSurge rounds up, maxUnavailable down; both zero would stall a rollout, so maxUnavailable
 * becomes 1 (validation forbids 0/0 only when both are literally zero, percentages can still be).
 */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}
