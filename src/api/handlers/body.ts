// Reading an object from a request: decode, check apiVersion/kind/namespace against the URL,
// and run field validation (fieldValidation=Strict|Warn|Ignore; kube's default is Warn).
import type { KubeObject } from '../../apis/object.js';
import { errors } from '../../apis/errors.js';
import { decodeBody, mediaType, readBody } from '../codec.js';
import { duplicateFields, typeErrors, unknownFields } from '../openapi/field-validation.js';
import type { HandlerContext } from './context.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationOf(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation') ?? 'Warn';
  if (v !== 'Strict' && v !== 'Warn' && v !== 'Ignore') {
    throw errors.badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
  }
  return v;
}

/** The decoded body; with allowEmpty an empty body gives value undefined (DELETE's optional DeleteOptions). */
export async function readRaw(ctx: HandlerContext, opts: { allowEmpty?: boolean } = {}): Promise<{ raw: Buffer; contentType: string; value: unknown }> {
  const raw = await readBody(ctx.req);
  const contentType = String(ctx.req.headers['content-type'] ?? '');
  if (opts.allowEmpty && raw.toString('utf8').trim() === '') return { raw, contentType, value: undefined };
  return { raw, contentType, value: decodeBody(raw, contentType) };
}

/**
 * Check an object body of the kind `apiVersion`/`kind`: type errors always fail (as Go's decoder
 * does); unknown and duplicate fields fail under Strict, warn under Warn.
 */
export function checkFields(ctx: HandlerContext, obj: KubeObject, apiVersion: string, kind: string, rawJson: string | undefined): void {
  const mode = fieldValidationOf(ctx.query);
  const prefix = `${kind} in version "${apiVersion.split('/').pop()}" cannot be handled as a ${kind}`;
  const typeErrs = typeErrors(apiVersion, kind, obj);
  if (typeErrs.length) throw errors.badRequest(`${prefix}: ${typeErrs[0]}`);
  if (mode === 'Ignore') return;
  const problems = [
    ...(rawJson ? duplicateFields(rawJson).map((f) => `duplicate field "${f}"`) : []),
    ...unknownFields(apiVersion, kind, obj).map((f) => `unknown field "${f}"`),
  ];
  if (!problems.length) return;
  if (mode === 'Strict') throw errors.badRequest(`${prefix}: strict decoding error: ${problems.join(', ')}`);
  ctx.warnings.push(...problems);
}

/** Decode and check a whole object for create/update, defaulting apiVersion/kind from the URL. */
export async function readObject(ctx: HandlerContext, expect: { apiVersion: string; kind: string }): Promise<KubeObject> {
  const { raw, contentType, value } = await readRaw(ctx);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest(`Object 'Kind' is missing in '${raw.toString('utf8').slice(0, 200)}'`);
  }
  const obj = value as KubeObject;
  if (obj.apiVersion !== undefined && obj.apiVersion !== expect.apiVersion) {
    throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expect.apiVersion})`);
  }
  if (obj.kind !== undefined && obj.kind !== expect.kind) {
    throw errors.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${expect.kind})`);
  }
  if (obj.metadata !== undefined && (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata))) {
    throw errors.badRequest(`${expect.kind} in version "${expect.apiVersion.split('/').pop()}" cannot be handled as a ${expect.kind}: json: cannot unmarshal ${jsonTypeName(obj.metadata)} into Go struct field ${expect.kind}.metadata of type v1.ObjectMeta`);
  }
  obj.metadata = obj.metadata ?? {};
  const json = mediaType(contentType) === 'application/json' || mediaType(contentType) === '' ? raw.toString('utf8') : undefined;
  checkFields(ctx, obj, expect.apiVersion, expect.kind, json);
  return obj;
}

export function checkNamespace(ctx: HandlerContext, obj: KubeObject): void {
  const ns = ctx.request.namespace;
  if (!ctx.request.resource.namespaced) return;
  if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? 'number' : typeof v;
}

