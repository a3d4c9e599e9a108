// Go's %#v rendering of the few composite values our field errors show. kube-apiserver prints a bad
// value that is a map or struct with %#v (`map[string]string{"app":"web"}`), and kubectl users see
// that text; formatValue in field-errors.ts renders JSON, so these values travel pre-rendered.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { FieldError } from '../field-errors.js';

const q = (s: string): string => JSON.stringify(s);

/** map[string]string{"a":"1", "b":"2"} with keys sorted, as fmt prints maps; nil map when absent. */
export function goStringMap(m: Record<string, string> | undefined | null): string {
  if (!m) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${q(k)}:${q(m[k]!)}`).join(', ')}}`;
}

function goStringSlice(v: string[] | undefined): string {
  return v ? `[]string{${v.map(q).join(', ')}}` : '[]string(nil)';
}

/** v1.LabelSelector{MatchLabels:..., MatchExpressions:...}, the value shown when a selector is immutable. */
export function goLabelSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return 'null';
  const exprs = sel.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((e) => `v1.LabelSelectorRequirement{Key:${q(e.key)}, Operator:${q(e.operator)}, Values:${goStringSlice(e.values)}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`;
}

/**
 * An "Invalid value" error whose value is already rendered Go-style. The value rides in the detail
 * (value left undefined) so formatFieldError prints `Invalid value: <rendered>: <detail>` verbatim.
 */
export function invalidRendered(path: string, rendered: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: path, detail: `${rendered}: ${detail}` };
}
