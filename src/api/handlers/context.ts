// What every verb handler gets: the request, its parsed address and query, and the registries.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceRequest } from '../request-info.js';
import type { ResourceRegistry } from '../../registry/generic/registry.js';
import type { ResourceInfo } from '../../apis/resources.js';
import { errors } from '../../apis/errors.js';

export interface Registries {
  get(resource: ResourceInfo): ResourceRegistry;
  all(): ResourceRegistry[];
  /** Deletion of a namespace goes through its lifecycle (Terminating, content purge), not a plain delete. */
  deleteNamespace(name: string, dryRun: boolean): Promise<unknown>;
}

export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  request: ResourceRequest;
  query: URLSearchParams;
  registry: ResourceRegistry;
  registries: Registries;
  /** Warnings to send as `Warning` headers. */
  warnings: string[];
}

export function namespaceOf(ctx: HandlerContext): string | undefined {
  return ctx.request.resource.namespaced ? ctx.request.namespace : undefined;
}

export function isDryRun(q: URLSearchParams): boolean {
  const v = q.getAll('dryRun');
  for (const d of v) if (d !== 'All') throw errors.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  return v.length > 0;
}

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw errors.badRequest(`invalid ${name}: ${v}`);
  return n;
}
