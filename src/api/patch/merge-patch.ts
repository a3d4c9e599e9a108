// JSON merge patch (RFC 7386, application/merge-patch+json): objects merge key by key, null deletes
// a key, anything else (lists included) replaces. kubectl label/annotate/scale and `patch --type
// merge` send these. Pure: the input document is never mutated.
import { errors } from '../../apis/errors.js';
import type { KubeObject } from '../../apis/object.js';
import { isObject } from '../../apis/json-values.js';

/** RFC 7386 on any JSON value. */
export function mergePatchValue(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatchValue(out[k], v);
  }
  return out;
}

/** Applies a merge patch to an object. A patch that is not a JSON object cannot yield an object: 400. */
export function applyMergePatch(doc: KubeObject, patch: unknown): KubeObject {
  if (!isObject(patch)) throw errors.badRequest('merge patch must be a JSON object');
  const out = mergePatchValue(doc, patch);
  return out as KubeObject;
}
