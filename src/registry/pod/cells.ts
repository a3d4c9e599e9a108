// Cells shared by the workload tables (printers.go layoutContainerCells, label selector strings).
import type { Container } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { labelSelectorString } from '../../apis/selectors.js';

/** [names, images], each comma-joined, for the Containers and Images columns. */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/**
 * labels.Selector.String() of a LabelSelector: requirements sorted by key (stable), `k=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k`, `!k`. Returns undefined for an invalid operator.
 */
/** metav1.FormatLabelSelector without its placeholders (see labelSelectorString). */
export const selectorString = labelSelectorString;

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = selectorString(sel);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}
