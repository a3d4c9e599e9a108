// Kubernetes time texts: metav1.Time (RFC 3339, whole seconds) and metav1.MicroTime (six
// fractional digits), both UTC with a Z, as Go's apimachinery marshals them.

/** metav1.Time: '2026-11-25T07:00:00Z' (sub-second part truncated, as Go's RFC3339 format drops it). */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** metav1.MicroTime: '2026-11-25T07:00:00.123000Z' (Date has milliseconds; the last three digits are 0). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
