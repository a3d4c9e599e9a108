// The one entry point the PATCH handler calls: decode a body by its Content-Type and apply it.
// application/apply-patch+yaml is server-side apply and lives in src/api/apply/; it is only decoded
// here (YAML or JSON into an object) so the handler parses every body in one place.
import { parse as parseYaml } from 'yaml';
import { errors } from '../../apis/errors.js';
import type { KubeObject } from '../../apis/object.js';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { isObject } from '../../apis/json-values.js';

export { applyJsonPatch } from './json-patch.js';
export { applyMergePatch, mergePatchValue } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const patchContentTypes: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The patch type of a Content-Type header (parameters such as charset ignored); 415 otherwise. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const t = patchContentTypes[media];
  if (!t) throw errors.unsupportedMediaType(contentType ?? '');
  return t;
}

/** Parses a PATCH body; apply bodies may be YAML (JSON is YAML too). Malformed: 400. */
export function decodePatchBody(type: PatchType, body: string): unknown {
  try {
    if (type === 'apply') {
      const doc: unknown = parseYaml(body);
      if (!isObject(doc)) throw new Error('the apply configuration must be an object');
      return doc;
    }
    return JSON.parse(body);
  } catch (e) {
    throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/** Applies a decoded json, merge or strategic patch to `doc` (apply patches go to serverSideApply). */
export function applyPatch(kind: string, type: Exclude<PatchType, 'apply'>, doc: KubeObject, patch: unknown): KubeObject {
  switch (type) {
    case 'json': return applyJsonPatch(doc, patch);
    case 'merge': return applyMergePatch(doc, patch);
    case 'strategic': return applyStrategicMergePatch(kind, doc, patch);
  }
}
