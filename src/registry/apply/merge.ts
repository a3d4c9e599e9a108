// The value side of server-side apply: merge an applied configuration into the live object, then
// prune what the applier stopped applying (structured-merge-diff typed/merge.go and merge/update.go
// `prune`). Maps and structs merge field by field, set and map lists item by item, everything atomic
// (scalars, atomic maps/structs/lists) is replaced. Pure: returns new values.
import { FieldSet, type FieldPath } from './field-set.js';
import { dotted, listShape, type Typed } from './typed-walk.js';
import { isObject } from '../../apis/json-values.js';

/** Merges `config` over `live`; a null in the config is kept here and dropped by `dropNulls`. */
export function mergeValues(t: Typed, live: unknown, config: unknown, path = ''): unknown {
  if (config === undefined) return structuredClone(live);
  if (live === undefined || live === null || config === null) return structuredClone(config);
  if (isObject(live) && isObject(config)) {
    const out: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(live), ...Object.keys(config)])) {
      out[k] = mergeValues(t, live[k], config[k], dotted(path, k));
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(config)) {
    const ls = listShape(t, path, live);
    const rs = listShape(t, path, config);
    if (ls.type === 'atomic' || rs.type === 'atomic') return structuredClone(config);
    return mergeListItems(ls.items, rs.items, (l, r) => (ls.type === 'set' ? r : mergeValues(t, l, r, path)));
  }
  return structuredClone(config);
}

/**
 * Live items keep their place; items the config also holds come in the config's order; new items
 * follow the config item they come after. Matches structured-merge-diff for the usual shapes.
 */
function mergeListItems(
  live: Array<{ pe: string; value: unknown }>,
  config: Array<{ pe: string; value: unknown }>,
  merge: (l: unknown, r: unknown) => unknown,
): unknown[] {
  const liveIndex = new Map(live.map((i, n) => [i.pe, n]));
  const configPEs = new Set(config.map((i) => i.pe));
  const out: unknown[] = [];
  let next = 0;
  const flushLiveOnly = (upTo: number) => {
    for (; next < upTo; next++) if (!configPEs.has(live[next]!.pe)) out.push(structuredClone(live[next]!.value));
  };
  for (const item of config) {
    const at = liveIndex.get(item.pe);
    if (at !== undefined) {
      flushLiveOnly(at);
      next = Math.max(next, at + 1);
      out.push(merge(live[at]!.value, item.value));
    } else {
      out.push(structuredClone(item.value));
    }
  }
  flushLiveOnly(live.length);
  return out;
}

/** Removes null-valued fields (an applied `field: null` unsets it, as decoding into Go types does). */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, c] of Object.entries(v)) if (c !== null) out[k] = dropNulls(c);
  return out;
}

/**
 * Removes every node the applier owned last time (`lastSet`) unless someone still claims it or
 * anything below it (`keep`: the new applied set plus every other manager's set).
 */
export function prune(t: Typed, value: unknown, lastSet: FieldSet, keep: FieldSet): unknown {
  const walk = (v: unknown, path: string, fp: FieldPath): unknown => {
    if (isObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, c] of Object.entries(v)) {
        const cfp = [...fp, `f:${k}`];
        if (lastSet.has(cfp) && !keep.hasAtOrBelow(cfp)) continue;
        out[k] = walk(c, dotted(path, k), cfp);
      }
      return out;
    }
    if (Array.isArray(v)) {
      const shape = listShape(t, path, v);
      if (shape.type === 'atomic') return v;
      return shape.items
        .filter((i) => !(lastSet.has([...fp, i.pe]) && !keep.hasAtOrBelow([...fp, i.pe])))
        .map((i) => (shape.type === 'map' ? walk(i.value, path, [...fp, i.pe]) : i.value));
    }
    return v;
  };
  return walk(value, '', []);
}
