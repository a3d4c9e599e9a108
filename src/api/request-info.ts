// Turns a request path into what it addresses (k8s.io/apiserver/pkg/endpoints/request RequestInfo):
// /api/v1/namespaces/default/services/web/status -> resource services, namespace default, name web,
// subresource status. Non-resource paths (/version, /healthz, /openapi/v3, discovery) are left to the caller.
import type { ResourceInfo } from '../apis/resources.js';
import { findResource } from '../apis/resources.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequest {
  resource: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  verb: Verb;
}

/** Undefined when the path is not a resource path (discovery and non-resource URLs). */
export function parseResourcePath(method: string, pathname: string, watchParam: boolean): ResourceRequest | 'notfound' | undefined {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string, version: string, rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = ''; version = parts[1]; rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]; version = parts[2]; rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  // /namespaces/{ns}/{resource}... addresses namespaced content; /namespaces/{name}[/status] the namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && (rest.length > 3 || findResource(group, version, rest[2])?.namespaced)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (extra.length) return 'notfound';
  const resource = findResource(group, version, plural);
  if (!resource) return 'notfound';
  if (namespace !== undefined && !resource.namespaced) return 'notfound';
  if (subresource !== undefined && !(resource.subresources as string[]).includes(subresource) && !(resource.actions as string[]).includes(subresource)) return 'notfound';
  const verb = verbFor(method, name !== undefined, watchParam);
  if (!verb) return 'notfound';
  return { resource, namespace, name, subresource, verb };
}

function verbFor(method: string, named: boolean, watch: boolean): Verb | undefined {
  switch (method) {
    case 'GET': return watch ? 'watch' : named ? 'get' : 'list';
    case 'POST': return 'create';
    case 'PUT': return named ? 'update' : undefined;
    case 'PATCH': return named ? 'patch' : undefined;
    case 'DELETE': return named ? 'delete' : 'deletecollection';
    default: return undefined;
  }
}

