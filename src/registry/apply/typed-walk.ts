// How server-side apply sees a JSON object through its type: which nodes are leaves (scalars,
// atomic maps, structs and lists), which lists are sets or maps keyed by fields, and the path
// element of each list item. `toFieldSet` and `compare` follow structured-merge-diff's
// typed/tofieldset.go and typed/compare.go: the set of fields a value sets, and the fields added,
// modified and removed between two values. Type facts come from src/apis/patch-strategy.ts.
import { errors } from '../../apis/errors.js';
import { isAtomicObject, listTypeFor } from '../../apis/patch-strategy.js';
import { FieldSet, pe, type FieldPath, type PathElement } from './field-set.js';
import { isObject, jsonEqual } from '../../apis/json-values.js';

/** Key fields that have a schema default (`+default="TCP"` on ServicePort and ContainerPort). */
const keyDefaults: Record<string, unknown> = { protocol: 'TCP' };

export interface Typed {
  kind: string;
  /** Strict: an associative list item without its keys is an error (apply); else the list is atomic. */
  strict: boolean;
}

export function dotted(parent: string, field: string): string {
  return parent ? `${parent}.${field}` : field;
}

export type ListShape =
  | { type: 'atomic' }
  | { type: 'set' | 'map'; items: Array<{ pe: PathElement; value: unknown }> };

/** The path elements of a list's items, or atomic when its type (or, leniently, its content) says so. */
export function listShape(t: Typed, path: string, list: unknown[]): ListShape {
  const lt = listTypeFor(t.kind, path);
  if (lt.listType === 'set') {
    if (list.some((v) => isObject(v) || Array.isArray(v))) return { type: 'atomic' };
    return { type: 'set', items: list.map((v) => ({ pe: pe.value(v), value: v })) };
  }
  if (lt.listType !== 'map') return { type: 'atomic' };
  const items: Array<{ pe: PathElement; value: unknown }> = [];
  for (const [i, v] of list.entries()) {
    const key: Record<string, unknown> = {};
    for (const k of lt.keys) {
      const kv = isObject(v) ? v[k] : undefined;
      if (kv !== undefined && kv !== null) key[k] = kv;
      else if (k in keyDefaults) key[k] = keyDefaults[k];
      else if (t.strict) {
        throw errors.badRequest(`.${path}: element ${i}: associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`);
      } else return { type: 'atomic' };
    }
    items.push({ pe: pe.key(key), value: v });
  }
  return { type: 'map', items };
}

/** True when the value at `path` is owned and compared as one value. */
function isLeaf(t: Typed, path: string, v: unknown): boolean {
  if (!isObject(v) && !Array.isArray(v)) return true;
  if (isObject(v)) return isAtomicObject(t.kind, path);
  return listShape(t, path, v).type === 'atomic';
}

function isEmptyContainer(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);
}

/** The fields a value sets (fieldpath members): leaves, empty maps, and every list item. */
export function toFieldSet(t: Typed, value: unknown): FieldSet {
  const set = new FieldSet();
  const walk = (v: unknown, path: string, fp: FieldPath): void => {
    if (fp.length > 0 && (isLeaf(t, path, v) || (isObject(v) && Object.keys(v).length === 0))) {
      set.insert(fp);
      return;
    }
    if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) walk(child, dotted(path, k), [...fp, pe.field(k)]);
    } else if (Array.isArray(v)) {
      const shape = listShape(t, path, v);
      if (shape.type === 'atomic') return;
      for (const item of shape.items) {
        set.insert([...fp, item.pe]);
        if (shape.type === 'map') walk(item.value, path, [...fp, item.pe]);
      }
    }
  };
  walk(value, '', []);
  return set;
}

export interface Comparison { added: FieldSet; modified: FieldSet; removed: FieldSet }

/** What changed from `lhs` to `rhs`; `undefined` is absence, `null` a present null value. */
export function compare(t: Typed, lhs: unknown, rhs: unknown): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const walk = (l: unknown, r: unknown, path: string, fp: FieldPath): void => {
    // null and absence take the shape of the other side (a null list is an empty list).
    const wild = (x: unknown) => x === undefined || x === null;
    const sameKind = wild(l) || wild(r) || (isObject(l) === isObject(r) && Array.isArray(l) === Array.isArray(r));
    const leaf = !sameKind
      || (!wild(l) && isLeaf(t, path, l)) || (!wild(r) && isLeaf(t, path, r))
      || (isEmptyContainer(l) && isEmptyContainer(r));
    if (leaf) {
      if (fp.length === 0) return;
      if (l === undefined) c.added.insert(fp);
      else if (r === undefined) c.removed.insert(fp);
      else if (!jsonEqual(l, r)) c.modified.insert(fp);
      return;
    }
    if (isObject(l) || isObject(r)) {
      const lo = isObject(l) ? l : {};
      const ro = isObject(r) ? r : {};
      for (const k of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
        walk(lo[k], ro[k], dotted(path, k), [...fp, pe.field(k)]);
      }
    } else {
      const ls = Array.isArray(l) ? listShape(t, path, l) : { type: 'map' as const, items: [] };
      const rs = Array.isArray(r) ? listShape(t, path, r) : { type: 'map' as const, items: [] };
      if (ls.type === 'atomic' || rs.type === 'atomic') {
        if (!jsonEqual(l, r)) c.modified.insert(fp);
        return;
      }
      const lm = new Map(ls.items.map((i) => [i.pe, i.value]));
      const rm = new Map(rs.items.map((i) => [i.pe, i.value]));
      for (const k of new Set([...lm.keys(), ...rm.keys()])) walk(lm.get(k), rm.get(k), path, [...fp, k]);
    }
    if (fp.length === 0) return;
    if (l === undefined) c.added.insert(fp);
    else if (r === undefined) c.removed.insert(fp);
  };
  walk(lhs, rhs, '', []);
  return c;
}
