// Label and field selectors as the API accepts them in ?labelSelector= / ?fieldSelector=, and
// metav1.LabelSelector objects (matchLabels / matchExpressions) as workloads and services carry them.
// Grammar (k8s.io/apimachinery/pkg/labels): terms joined by ',', each one of
//   key  !key  key=v  key==v  key!=v  key in (a,b)  key notin (a,b)
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { errors } from './errors.js';

type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: Set<string> }
  | { op: '=' | '!='; key: string; value: string };

export interface Selector {
  matches(labels: Record<string, string> | undefined): boolean;
  readonly empty: boolean;
  toString(): string;
}

class RequirementSelector implements Selector {
  constructor(private readonly reqs: Requirement[], private readonly text: string) {}
  get empty(): boolean { return this.reqs.length === 0; }
  matches(labels: Record<string, string> | undefined): boolean {
    const l = labels ?? {};
    for (const r of this.reqs) {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      const v = l[r.key];
      switch (r.op) {
        case 'exists': if (!has) return false; break;
        case 'notexists': if (has) return false; break;
        case '=': if (!has || v !== r.value) return false; break;
        case '!=': if (has && v === r.value) return false; break;
        case 'in': if (!has || !r.values.has(v)) return false; break;
        case 'notin': if (has && r.values.has(v)) return false; break;
      }
    }
    return true;
  }
  toString(): string { return this.text; }
}

export const everything: Selector = new RequirementSelector([], '');
export const nothing: Selector = { empty: false, matches: () => false, toString: () => '<nothing>' };

/** Split on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t !== '');
}

export function parseLabelSelector(text: string | undefined | null): Selector {
  if (!text || !text.trim()) return everything;
  const reqs: Requirement[] = [];
  for (const term of splitTerms(text)) {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      reqs.push({ op: m[2] as 'in' | 'notin', key: m[1], values: new Set(m[3].split(',').map((v) => v.trim()).filter((v) => v !== '')) });
    } else if ((m = term.match(/^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/))) {
      reqs.push({ op: m[2] === '!=' ? '!=' : '=', key: m[1], value: m[3] });
    } else if ((m = term.match(/^!\s*([^\s!=(),]+)$/))) {
      reqs.push({ op: 'notexists', key: m[1] });
    } else if ((m = term.match(/^([^\s!=(),]+)$/))) {
      reqs.push({ op: 'exists', key: m[1] });
    } else {
      throw errors.badRequest(`unable to parse requirement: found '${term}', expected: identifier, '=', '==', '!=', 'in', 'notin'`);
    }
  }
  return new RequirementSelector(reqs, text);
}

/** metav1.LabelSelector -> Selector. A nil selector selects nothing; an empty one selects everything. */
export function labelSelectorFromObject(sel: LabelSelector | undefined | null): Selector {
  if (!sel) return nothing;
  const terms = selectorTerms(sel);
  if (!terms) return nothing;
  return new RequirementSelector(terms.map(([, r]) => r), terms.map(([t]) => t).join(','));
}

/**
 * The selector as metav1.FormatLabelSelector writes it (kubectl's SELECTOR column, Scale's
 * status.selector): every requirement sorted by key. '' for an empty selector, undefined when invalid.
 */
export function labelSelectorString(sel: LabelSelector | undefined | null): string | undefined {
  if (!sel) return '';
  return selectorTerms(sel)?.map(([t]) => t).join(',');
}

function selectorTerms(sel: LabelSelector): Array<[string, Requirement]> | undefined {
  const terms: Array<[string, Requirement]> = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) terms.push([`${k}=${v}`, { op: '=', key: k, value: v }]);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort();
    switch (e.operator) {
      case 'In': terms.push([`${e.key} in (${values.join(',')})`, { op: 'in', key: e.key, values: new Set(values) }]); break;
      case 'NotIn': terms.push([`${e.key} notin (${values.join(',')})`, { op: 'notin', key: e.key, values: new Set(values) }]); break;
      case 'Exists': terms.push([e.key, { op: 'exists', key: e.key }]); break;
      case 'DoesNotExist': terms.push([`!${e.key}`, { op: 'notexists', key: e.key }]); break;
      default: return undefined;
    }
  }
  // A stable sort by key keeps matchLabels before expressions on the same key, as upstream's sort does.
  return terms.sort(([, a], [, b]) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface FieldSelector {
  matches(fields: Record<string, string>): boolean;
  /** The value required for a field by an `=` term, if any (lets a list narrow by name or namespace). */
  requiredValue(field: string): string | undefined;
  readonly fields: string[];
  readonly empty: boolean;
}

/** Field selectors: `a=b`, `a==b`, `a!=b`, comma-joined. Unknown fields are rejected by the caller. */
export function parseFieldSelector(text: string | undefined | null): FieldSelector {
  const terms: Array<{ field: string; neg: boolean; value: string }> = [];
  for (const term of splitTerms(text ?? '')) {
    const m = term.match(/^([^!=]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    terms.push({ field: m[1].trim(), neg: m[2] === '!=', value: m[3].trim() });
  }
  return {
    empty: terms.length === 0,
    fields: terms.map((t) => t.field),
    matches: (fields) => terms.every((t) => ((fields[t.field] ?? '') === t.value) !== t.neg),
    requiredValue: (f) => terms.find((t) => t.field === f && !t.neg)?.value,
  };
}
