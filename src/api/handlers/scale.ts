// The scale subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and StatefulSets:
// `kubectl scale` reads and writes spec.replicas through it.
import type { KubeObject } from '../../apis/object.js';
import { errors } from '../../apis/errors.js';
import { applyScale, scaleOf, type Scale } from '../../registry/scale.js';
import { mediaType, sendJSON } from '../codec.js';
import { applyJsonPatch, applyMergePatch } from '../patch/patch.js';
import { type HandlerContext, isDryRun, namespaceOf } from './context.js';
import { readRaw } from './body.js';

export async function handleScale(ctx: HandlerContext): Promise<void> {
  const { registry, request, req } = ctx;
  const ns = namespaceOf(ctx);
  if (request.verb === 'get') {
    sendJSON(req, ctx.res, 200, scaleOf(await registry.get(ns, request.name!) as Parameters<typeof scaleOf>[0]));
    return;
  }
  if (request.verb !== 'update' && request.verb !== 'patch') throw errors.methodNotAllowed();
  const { value } = await readRaw(ctx);
  const type = mediaType(req.headers['content-type']);
  let precondition: string | undefined;
  const { object } = await registry.update(ns, request.name!, (current) => {
    if (!current) throw errors.notFound(registry.gr, request.name!);
    const scale = scaleOf(current as Parameters<typeof scaleOf>[0]) as unknown as KubeObject;
    let next: Scale;
    if (request.verb === 'update') next = value as Scale;
    else if (type === 'application/json-patch+json') next = applyJsonPatch(scale, value) as unknown as Scale;
    else next = applyMergePatch(scale, value) as unknown as Scale; // Scale has no lists: strategic merge = merge
    const replicas = next?.spec?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
      throw errors.invalid('Scale', 'autoscaling', request.name!, [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: replicas ?? null, detail: 'must be an integer' }]);
    }
    if (replicas < 0) {
      throw errors.invalid('Scale', 'autoscaling', request.name!, [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' }]);
    }
    precondition = request.verb === 'update' ? (next.metadata?.resourceVersion || undefined) : undefined;
    if (precondition && precondition !== current.metadata.resourceVersion) throw errors.staleResourceVersion(registry.gr, request.name!);
    return applyScale(current as Parameters<typeof applyScale>[0], replicas) as KubeObject;
  }, { dryRun: isDryRun(ctx.query), fieldManager: ctx.query.get('fieldManager') ?? 'kubectl', subresource: 'scale' });
  sendJSON(req, ctx.res, 200, scaleOf(object as Parameters<typeof scaleOf>[0]));
}
