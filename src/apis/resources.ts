// The resources svcnet serves: one table that drives routing, discovery, OpenAPI, REST paths in the
// client and storage keys. Names, short names and categories are Kubernetes' own.

export interface ResourceInfo {
  group: string;            // '' for core
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  categories: string[];
  subresources: Array<'status' | 'scale'>;
  /** POST-only subresources that act on the object (pods/binding, pods/eviction). */
  actions: Array<'binding' | 'eviction'>;
  /** Verbs on the main resource. */
  verbs: string[];
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resource(r: Omit<ResourceInfo, 'listKind' | 'verbs' | 'categories' | 'subresources' | 'shortNames' | 'actions'> & Partial<ResourceInfo>): ResourceInfo {
  return { listKind: `${r.kind}List`, verbs: allVerbs, categories: [], subresources: [], actions: [], shortNames: [], ...r };
}

export const resources: ResourceInfo[] = [
  resource({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', shortNames: ['ns'], namespaced: false, subresources: ['status'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  resource({ group: '', version: 'v1', kind: 'Service', plural: 'services', singular: 'service', shortNames: ['svc'], namespaced: true, categories: ['all'], subresources: ['status'] }),
  resource({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'], namespaced: true }),
  resource({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', shortNames: ['po'], namespaced: true, categories: ['all'], subresources: ['status'], actions: ['binding', 'eviction'] }),
  resource({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', shortNames: ['no'], namespaced: false, subresources: ['status'] }),
  resource({ group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', shortNames: ['ev'], namespaced: true }),
  resource({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', singular: 'endpointslice', namespaced: true }),
  resource({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', shortNames: ['deploy'], namespaced: true, categories: ['all'], subresources: ['status', 'scale'] }),
  resource({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', singular: 'replicaset', shortNames: ['rs'], namespaced: true, categories: ['all'], subresources: ['status', 'scale'] }),
  resource({ group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', singular: 'statefulset', shortNames: ['sts'], namespaced: true, categories: ['all'], subresources: ['status', 'scale'] }),
  resource({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', singular: 'lease', namespaced: true }),
];

export function groupVersion(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return resources.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return resources.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

/** The REST path of a collection or object: /api/v1/namespaces/ns/services[/name]. */
export function resourcePath(r: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.plural}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}
