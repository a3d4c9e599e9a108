// Write verbs: create (POST), update (PUT), patch (json, merge, strategic, apply), delete,
// deletecollection, on the main resource and its status subresource.
import type { KubeObject } from '../../apis/object.js';
import { errors } from '../../apis/errors.js';
import { mediaType, sendJSON, warningHeader } from '../codec.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../patch/patch.js';
import { serverSideApply } from '../../registry/apply/server-side-apply.js';
import type { DeleteOptions } from '../../registry/generic/registry.js';
import { type HandlerContext, intParam, isDryRun, namespaceOf } from './context.js';
import { checkFields, checkNamespace, readObject, readRaw } from './body.js';

function flushWarnings(ctx: HandlerContext): void {
  if (ctx.warnings.length) ctx.res.setHeader('Warning', ctx.warnings.map(warningHeader));
}

/** kube-apiserver names an unnamed manager after the client's user agent (its first word). */
export function fieldManagerOf(ctx: HandlerContext): string {
  const explicit = ctx.query.get('fieldManager');
  if (explicit) {
    if (explicit.length > 128) throw errors.badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
    return explicit;
  }
  const ua = String(ctx.req.headers['user-agent'] ?? 'unknown');
  return ua.split('/')[0] || 'unknown';
}

function subresourceOf(ctx: HandlerContext): 'status' | undefined {
  const s = ctx.request.subresource;
  if (s === undefined) return undefined;
  if (s === 'status' && ctx.request.resource.subresources.includes('status')) return 'status';
  throw errors.notFound({ group: ctx.request.resource.group, resource: `${ctx.request.resource.plural}/${s}` }, ctx.request.name ?? '');
}

export async function handleCreate(ctx: HandlerContext): Promise<void> {
  const { registry } = ctx;
  if (ctx.request.name !== undefined) throw errors.methodNotAllowed();
  const obj = await readObject(ctx, { apiVersion: registry.apiVersion, kind: registry.info.kind });
  checkNamespace(ctx, obj);
  const created = await registry.create(namespaceOf(ctx), obj, { dryRun: isDryRun(ctx.query), fieldManager: fieldManagerOf(ctx) });
  flushWarnings(ctx);
  sendJSON(ctx.req, ctx.res, 201, created);
}

export async function handleUpdate(ctx: HandlerContext): Promise<void> {
  const { registry, request } = ctx;
  const subresource = subresourceOf(ctx);
  const obj = await readObject(ctx, { apiVersion: registry.apiVersion, kind: registry.info.kind });
  checkNamespace(ctx, obj);
  if (obj.metadata.name && obj.metadata.name !== request.name) {
    throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${request.name})`);
  }
  const { object, created } = await registry.update(namespaceOf(ctx), request.name!, () => obj, {
    dryRun: isDryRun(ctx.query), fieldManager: fieldManagerOf(ctx), subresource,
    preconditionResourceVersion: obj.metadata.resourceVersion || undefined,
    allowCreate: !subresource && allowsCreateOnUpdate(registry.info.kind),
  });
  flushWarnings(ctx);
  sendJSON(ctx.req, ctx.res, created ? 201 : 200, object);
}

/** Kubernetes' AllowCreateOnUpdate: true for these kinds only. */
function allowsCreateOnUpdate(kind: string): boolean {
  return kind === 'Endpoints' || kind === 'Event' || kind === 'Lease' || kind === 'Node';
}

const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

export async function handlePatch(ctx: HandlerContext): Promise<void> {
  const { registry, request, query } = ctx;
  const subresource = subresourceOf(ctx);
  const type = mediaType(ctx.req.headers['content-type']);
  if (!patchTypes.includes(type)) throw errors.unsupportedMediaType(String(ctx.req.headers['content-type'] ?? ''));
  const { value: patch } = await readRaw(ctx);
  const manager = fieldManagerOf(ctx);
  const kind = registry.info.kind;
  const apiVersion = registry.apiVersion;
  const isApply = type === 'application/apply-patch+yaml';
  if (isApply && !query.get('fieldManager')) {
    throw errors.invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' }]);
  }
  const force = query.get('force') === 'true';
  if (!isApply && query.has('force')) throw errors.badRequest('force: Forbidden: may not be specified for non-apply patch');
  let precondition: string | undefined;
  if (patch && typeof patch === 'object' && !Array.isArray(patch)) {
    precondition = ((patch as KubeObject).metadata?.resourceVersion as string | undefined) || undefined;
  }

  const { object, created } = await registry.update(namespaceOf(ctx), request.name!, (current) => {
    if (isApply) {
      const applied = patch as KubeObject;
      if (!applied || typeof applied !== 'object' || Array.isArray(applied)) throw errors.badRequest('apply patch must be an object');
      applied.metadata = applied.metadata ?? {};
      if (applied.metadata.name && applied.metadata.name !== request.name) {
        throw errors.badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${request.name})`);
      }
      if ((applied.apiVersion && applied.apiVersion !== apiVersion) || (applied.kind && applied.kind !== kind)) {
        throw errors.badRequest(`the API version in the data (${applied.apiVersion}) does not match the expected API version (${apiVersion})`);
      }
      checkFields(ctx, applied, apiVersion, kind, undefined);
      if (current === undefined) {
        applied.metadata.name = request.name;
        if (request.resource.namespaced) applied.metadata.namespace = request.namespace;
      }
      return serverSideApply(kind, current, { apiVersion, kind, ...applied }, manager, force, new Date()).object;
    }
    if (!current) throw errors.notFound(registry.gr, request.name!);
    let next: KubeObject;
    if (type === 'application/json-patch+json') next = applyJsonPatch(current, patch) as KubeObject;
    else if (type === 'application/merge-patch+json') next = applyMergePatch(current, patch) as KubeObject;
    else next = applyStrategicMergePatch(kind, current, patch) as KubeObject;
    checkFields(ctx, next, apiVersion, kind, undefined);
    return next;
  }, {
    dryRun: isDryRun(query), fieldManager: manager, subresource, allowCreate: isApply && !subresource,
    preconditionResourceVersion: precondition, managedFieldsDone: isApply,
  });
  flushWarnings(ctx);
  sendJSON(ctx.req, ctx.res, created ? 201 : 200, object);
}

async function readDeleteOptions(ctx: HandlerContext): Promise<DeleteOptions> {
  const opts: DeleteOptions = { dryRun: isDryRun(ctx.query) };
  const grace = intParam(ctx.query, 'gracePeriodSeconds');
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const policy = ctx.query.get('propagationPolicy');
  if (policy) opts.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const { value } = await readRaw(ctx, { allowEmpty: true });
  if (value && typeof value === 'object') {
    const body = value as Record<string, unknown>;
    if (Array.isArray(body.dryRun) && body.dryRun.length) opts.dryRun = true;
    if (typeof body.gracePeriodSeconds === 'number') opts.gracePeriodSeconds = body.gracePeriodSeconds;
    if (typeof body.propagationPolicy === 'string') opts.propagationPolicy = body.propagationPolicy as DeleteOptions['propagationPolicy'];
    if (body.orphanDependents === true) opts.propagationPolicy = 'Orphan';
    if (body.preconditions && typeof body.preconditions === 'object') opts.preconditions = body.preconditions as DeleteOptions['preconditions'];
  }
  if (opts.propagationPolicy && !['Background', 'Foreground', 'Orphan'].includes(opts.propagationPolicy)) {
    throw errors.badRequest(`propagationPolicy: Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  return opts;
}

export async function handleDelete(ctx: HandlerContext): Promise<void> {
  const { registry, request } = ctx;
  if (request.subresource) throw errors.methodNotAllowed();
  const opts = await readDeleteOptions(ctx);
  if (request.resource.kind === 'Namespace') {
    sendJSON(ctx.req, ctx.res, 200, await ctx.registries.deleteNamespace(request.name!, !!opts.dryRun));
    return;
  }
  const { object } = await registry.delete(namespaceOf(ctx), request.name!, opts);
  sendJSON(ctx.req, ctx.res, 200, object);
}

export async function handleDeleteCollection(ctx: HandlerContext): Promise<void> {
  const { registry, query } = ctx;
  const opts = await readDeleteOptions(ctx);
  const listed = await registry.list(namespaceOf(ctx), {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
  });
  const deleted: KubeObject[] = [];
  for (const item of listed.items) {
    try {
      if (registry.info.kind === 'Namespace') { await ctx.registries.deleteNamespace(item.metadata.name!, !!opts.dryRun); deleted.push(item); continue; }
      deleted.push((await registry.delete(item.metadata.namespace, item.metadata.name!, opts)).object);
    } catch (e) {
      if ((e as { reason?: string }).reason !== 'NotFound') throw e;
    }
  }
  sendJSON(ctx.req, ctx.res, 200, { kind: registry.info.listKind, apiVersion: registry.apiVersion, metadata: { resourceVersion: listed.resourceVersion }, items: deleted });
}
