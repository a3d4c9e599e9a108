// Strategic merge patch (application/strategic-merge-patch+json), the patch kubectl apply (client
// side), edit, patch, rollout restart, set image and cordon send. Like a JSON merge patch, except
// that lists whose type says `patchStrategy: merge` merge element by element (by `patchMergeKey`,
// or as sets for lists of scalars), and these directives are honoured:
//   `$patch: replace|delete|merge` in a map or list element, `$retainKeys: [...]`,
//   `$setElementOrder/<list>: [...]`, `$deleteFromPrimitiveList/<list>: [...]`.
// The per-field facts come from src/apis/patch-strategy.ts. Semantics follow
// k8s.io/apimachinery/pkg/util/strategicpatch (patch.go); errors follow the apiserver's mapping
// (bad directive formats 400, retainKeys mismatch 422). Pure: inputs are never mutated.
import { errors, StatusError } from '../../apis/errors.js';
import type { KubeObject } from '../../apis/object.js';
import { patchStrategyFor } from '../../apis/patch-strategy.js';
import { isObject, jsonEqual, type JsonObject } from '../../apis/json-values.js';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

interface Ctx { kind: string }

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function unprocessable(message: string): StatusError {
  return new StatusError(422, 'Invalid', message);
}

/** Applies a strategic merge patch to an object of `kind`; returns a new object. */
export function applyStrategicMergePatch(kind: string, doc: KubeObject, patch: unknown): KubeObject {
  if (!isObject(patch)) throw errors.badRequest('invalid JSON document');
  const out = mergeMap({ kind }, structuredClone(doc) as JsonObject, patch, '');
  return out as KubeObject;
}

/** Merges `patch` into `original` (owned by us: callers pass clones) at `path`. */
function mergeMap(ctx: Ctx, original: JsonObject, patch: JsonObject, path: string): JsonObject {
  const directive = patch[PATCH];
  if (directive !== undefined) {
    if (directive === 'replace') return stripDirectives(ctx, withoutKey(patch, PATCH), path) as JsonObject;
    if (directive === 'delete') return {};
    if (directive !== 'merge') throw errors.badRequest(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) applyRetainKeys(original, patch, retain);

  for (const [key, value] of Object.entries(patch)) {
    if (key === PATCH || key === RETAIN_KEYS || key.startsWith(SET_ORDER)) continue;
    if (key.startsWith(DELETE_PRIMITIVE)) {
      deleteFromPrimitiveList(original, key.slice(DELETE_PRIMITIVE.length), value);
      continue;
    }
    const fieldPath = join(path, key);
    if (value === null) {
      delete original[key];
      continue;
    }
    const current = original[key];
    if (isObject(value) && isObject(current) && patchStrategyFor(ctx.kind, fieldPath)?.strategy !== 'replace') {
      original[key] = mergeMap(ctx, current, value, fieldPath);
    } else if (Array.isArray(value) && Array.isArray(current)) {
      original[key] = mergeList(ctx, current, value, fieldPath, patch[SET_ORDER + key]);
    } else {
      // Absent in the original, or of another type: the patch value, with its directives resolved.
      original[key] = stripDirectives(ctx, value, fieldPath);
    }
  }
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const list = key.slice(SET_ORDER.length);
    if (!Array.isArray(patch[key])) throw errors.badRequest('invalid patch format for $setElementOrder list');
    if (Array.isArray(original[list]) && !(list in patch)) {
      original[list] = orderList(ctx, original[list] as unknown[], patch[key] as unknown[], join(path, list));
    }
  }
  return original;
}

function withoutKey(o: JsonObject, key: string): JsonObject {
  const { [key]: _drop, ...rest } = o;
  return rest;
}

/** `$retainKeys`: keys of the original not listed are cleared (union-type fields like volume sources). */
function applyRetainKeys(original: JsonObject, patch: JsonObject, retain: unknown): void {
  if (!Array.isArray(retain) || !retain.every((k) => typeof k === 'string')) {
    throw errors.badRequest('invalid patch format for retainKeys');
  }
  const keep = new Set(retain as string[]);
  for (const key of Object.keys(patch)) {
    if (key.startsWith('$')) continue;
    if (patch[key] !== null && !keep.has(key)) throw unprocessable('not all items in patch are present in retainKeys');
  }
  for (const key of Object.keys(original)) if (!keep.has(key)) delete original[key];
}

function deleteFromPrimitiveList(original: JsonObject, list: string, values: unknown): void {
  if (!Array.isArray(values)) throw errors.badRequest('invalid patch format for primitive list');
  const current = original[list];
  if (!Array.isArray(current)) return;
  original[list] = current.filter((item) => !values.some((v) => jsonEqual(v, item)));
}

/** A patch value placed where the original had nothing: drop nulls and resolve `$patch` markers. */
function stripDirectives(ctx: Ctx, value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    return value
      .filter((v) => !(isObject(v) && (v[PATCH] === 'delete' || (v[PATCH] === 'replace' && Object.keys(v).length === 1))))
      .map((v) => stripDirectives(ctx, v, path));
  }
  if (!isObject(value)) return value;
  if (value[PATCH] === 'delete') return {};
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === PATCH || k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE) || v === null) continue;
    out[k] = stripDirectives(ctx, v, join(path, k));
  }
  return out;
}

function mergeList(ctx: Ctx, original: unknown[], patch: unknown[], path: string, order: unknown): unknown[] {
  const strategy = patchStrategyFor(ctx.kind, path);
  if (!strategy || !strategy.strategy.startsWith('merge')) {
    return stripDirectives(ctx, patch, path) as unknown[];
  }
  // `[{"$patch": "replace"}, ...items]` replaces the whole list with the items.
  if (patch.some((p) => isObject(p) && p[PATCH] === 'replace')) {
    return stripDirectives(ctx, patch, path) as unknown[];
  }
  const merged = strategy.mergeKey === undefined
    ? mergePrimitiveList(original, patch)
    : mergeKeyedList(ctx, original, patch, path, strategy.mergeKey);
  return order === undefined ? merged : orderList(ctx, merged, order as unknown[], path);
}

/** A merged list of scalars is a set: the original order, then new values. */
function mergePrimitiveList(original: unknown[], patch: unknown[]): unknown[] {
  const out = [...original];
  for (const v of patch) {
    if (isObject(v) || Array.isArray(v)) throw errors.badRequest('invalid patch format for primitive list');
    if (!out.some((o) => jsonEqual(o, v))) out.push(v);
  }
  return out;
}

function mergeKeyedList(ctx: Ctx, original: unknown[], patch: unknown[], path: string, mergeKey: string): unknown[] {
  const out = original.map((o) => (isObject(o) ? { ...o } : o));
  const indexOf = (key: unknown) => out.findIndex((o) => isObject(o) && jsonEqual(o[mergeKey], key));
  for (const item of patch) {
    if (!isObject(item)) throw errors.badRequest(`invalid patch: list ${path} with merge key ${mergeKey} holds a non-object element`);
    if (!(mergeKey in item)) {
      throw errors.badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    }
    const at = indexOf(item[mergeKey]);
    if (item[PATCH] === 'delete') {
      // Every element with this key goes, duplicates included.
      for (let i = out.length - 1; i >= 0; i--) {
        const o = out[i];
        if (isObject(o) && jsonEqual(o[mergeKey], item[mergeKey])) out.splice(i, 1);
      }
      continue;
    }
    if (at >= 0) out[at] = mergeMap(ctx, out[at] as JsonObject, item, path);
    else out.push(stripDirectives(ctx, item, path));
  }
  return out;
}

/**
 * `$setElementOrder/<list>`: the listed elements take the given order; elements the patch does not
 * mention (server-only) keep their original positions among them.
 */
function orderList(ctx: Ctx, list: unknown[], order: unknown[], path: string): unknown[] {
  const mergeKey = patchStrategyFor(ctx.kind, path)?.mergeKey;
  const keyOf = (v: unknown): unknown => (mergeKey !== undefined && isObject(v) ? v[mergeKey] : v);
  const orderKeys = order.map((o) => {
    if (mergeKey !== undefined && (!isObject(o) || !(mergeKey in o))) throw errors.badRequest('invalid patch format for $setElementOrder list');
    return keyOf(o);
  });
  const rank = (v: unknown) => orderKeys.findIndex((k) => jsonEqual(k, keyOf(v)));
  const listed = list.filter((v) => rank(v) >= 0).sort((a, b) => rank(a) - rank(b));
  const out: unknown[] = [];
  let next = 0;
  list.forEach((v) => {
    if (rank(v) >= 0) out.push(listed[next++]);
    else out.push(v);
  });
  return out;
}
