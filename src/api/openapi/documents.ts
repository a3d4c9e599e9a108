// GET /openapi/v3 and /openapi/v3/<gvPath>: one OpenAPI 3.0 document per served group-version, built once
// from resources.ts and the type table, with a content hash as etag. kubectl reads these to decide
// whether the server validates fields (a PATCH operation with the kind's GVK and a `fieldValidation`
// parameter), to compute client-side apply patches (schemas' x-kubernetes-patch-*) and for `explain`.
import { createHash } from 'node:crypto';
import { resources, type ResourceInfo } from '../../apis/resources.js';
import { componentSchemas, type Schema } from './schemas.js';
import { schemaNameForKind } from './kinds.js';
import { pathsFor } from './operations.js';

/** 'api/v1', 'apis/apps/v1'. */
export function gvPathOf(r: { group: string; version: string }): string {
  return r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
}

const metaSchemas = [
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
];

function buildDocument(gvPath: string, served: ResourceInfo[]): Schema {
  const roots = new Set(metaSchemas);
  const paths: Record<string, Schema> = {};
  for (const r of served) {
    const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    for (const kind of [r.kind, r.listKind]) {
      const name = schemaNameForKind(apiVersion, kind);
      if (!name) throw new Error(`openapi: no schema for ${apiVersion} ${kind}`);
      roots.add(name);
    }
    if (r.subresources.includes('scale')) roots.add('io.k8s.api.autoscaling.v1.Scale');
    Object.assign(paths, pathsFor(r));
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: {
      schemas: componentSchemas(roots),
      securitySchemes: { BearerToken: { type: 'apiKey', in: 'header', name: 'authorization', description: 'Bearer token authentication' } },
    },
    security: [{ BearerToken: [] }],
  };
}

interface Built { json: string; etag: string }
let cache: Map<string, Built> | undefined;

function documents(): Map<string, Built> {
  if (cache) return cache;
  const byGV = new Map<string, ResourceInfo[]>();
  for (const r of resources) {
    const key = gvPathOf(r);
    byGV.set(key, [...(byGV.get(key) ?? []), r]);
  }
  cache = new Map();
  for (const [gvPath, served] of byGV) {
    const json = JSON.stringify(buildDocument(gvPath, served));
    // Upstream's hash is an uppercase hex SHA-512 prefix; any stable content hash works for kubectl.
    const etag = createHash('sha512').update(json).digest('hex').slice(0, 128).toUpperCase();
    cache.set(gvPath, { json, etag });
  }
  return cache;
}

/** GET /openapi/v3: {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=<H>"},...}} */
export function openApiV3Index(): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [gvPath, d] of documents()) paths[gvPath] = { serverRelativeURL: `/openapi/v3/${gvPath}?hash=${d.etag}` };
  return { paths };
}

/** GET /openapi/v3/<gvPath> ('api/v1', 'apis/apps/v1'): JSON text and its etag; undefined when not served. */
export function openApiV3Document(gvPath: string): { json: string; etag: string } | undefined {
  return documents().get(gvPath.replace(/^\/+|\/+$/g, ''));
}
