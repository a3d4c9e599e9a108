// POST-only pod subresources: binding (the scheduler's assignment of a node) and eviction
// (`kubectl drain`; no PodDisruptionBudgets are served, so an eviction is a delete).
import type { KubeObject } from '../../apis/object.js';
import { errors } from '../../apis/errors.js';
import { nowTimestamp } from '../../registry/generic/object-meta.js';
import { sendJSON } from '../codec.js';
import { type HandlerContext, isDryRun, namespaceOf } from './context.js';
import { readRaw } from './body.js';

interface Binding { target?: { kind?: string; name?: string }; metadata?: { name?: string } }

function success(code: number): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
}

export async function handlePodAction(ctx: HandlerContext): Promise<void> {
  const { request } = ctx;
  if (request.verb !== 'create') throw errors.methodNotAllowed();
  const { value } = await readRaw(ctx);
  if (request.subresource === 'binding') return bind(ctx, value as Binding);
  if (request.subresource === 'eviction') return evict(ctx, value as { deleteOptions?: { gracePeriodSeconds?: number } });
  throw errors.pathNotFound();
}

async function bind(ctx: HandlerContext, binding: Binding): Promise<void> {
  const { registry, request } = ctx;
  const node = binding?.target?.name;
  if (!node) throw errors.invalid('Binding', '', request.name!, [{ type: 'FieldValueRequired', field: 'target.name', detail: '' }]);
  if (binding.target?.kind && binding.target.kind !== 'Node') {
    throw errors.invalid('Binding', '', request.name!, [{ type: 'FieldValueNotSupported', field: 'target.kind', value: binding.target.kind, detail: 'supported values: "Node"' }]);
  }
  const gr = { group: '', resource: 'pods/binding' };
  await registry.update(namespaceOf(ctx), request.name!, (pod) => {
    if (!pod) throw errors.notFound(registry.gr, request.name!);
    if (pod.metadata.deletionTimestamp) throw errors.conflict(gr, request.name!, `pod ${request.name} is being deleted, cannot be assigned to a host`);
    const spec = pod.spec as { nodeName?: string };
    if (spec.nodeName) throw errors.conflict(gr, request.name!, `pod ${request.name} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = node;
    const status = (pod.status ?? (pod.status = {})) as { conditions?: Array<Record<string, unknown>> };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTimestamp() });
    status.conditions = conditions;
    return pod as KubeObject;
  }, { subresource: 'binding', dryRun: isDryRun(ctx.query), fieldManager: 'kube-scheduler' });
  sendJSON(ctx.req, ctx.res, 201, success(201));
}

async function evict(ctx: HandlerContext, eviction: { deleteOptions?: { gracePeriodSeconds?: number } }): Promise<void> {
  const { registry, request } = ctx;
  await registry.delete(namespaceOf(ctx), request.name!, { gracePeriodSeconds: eviction?.deleteOptions?.gracePeriodSeconds, dryRun: isDryRun(ctx.query) });
  sendJSON(ctx.req, ctx.res, 201, success(201));
}
