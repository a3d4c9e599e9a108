// Cells shared by the workload tables (printers.go layoutContainerCells, label selector strings).
import type { Container } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';

/** [names, images], each comma-joined, for the Containers and Images columns. */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/**
 * labels.Selector.String() of a LabelSelector: requirements sorted by key (stable), `k=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k`, `!k`. Returns undefined for an invalid operator.
 */
export function selectorString(sel: LabelSelector | undefined | null): string | undefined {
  if (!sel) return '';
  const reqs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push([k, `${k}=${v}`]);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In': reqs.push([e.key, `${e.key} in (${values})`]); break;
      case 'NotIn': reqs.push([e.key, `${e.key} notin (${values})`]); break;
      case 'Exists': reqs.push([e.key, e.key]); break;
      case 'DoesNotExist': reqs.push([e.key, `!${e.key}`]); break;
      default: return undefined;
    }
  }
  return reqs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s).join(',');
}

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = selectorString(sel);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}
