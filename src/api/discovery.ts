// API discovery: aggregated (apidiscovery.k8s.io/v2, what kubectl 1.32 asks for first) and the
// legacy documents (/api, /apis, /api/v1, /apis/G/V), which `drain` and `auth can-i` still read.
// Everything is derived from src/apis/resources.ts and built once.
import { resources, groupVersion, type ResourceInfo } from '../apis/resources.js';

const subresourceKinds = {
  status: (r: ResourceInfo) => ({ group: r.group, version: r.version, kind: r.kind }),
  scale: () => ({ group: 'autoscaling', version: 'v1', kind: 'Scale' }),
};
const subresourceVerbs = ['get', 'patch', 'update'];
const actionKinds = {
  binding: () => ({ group: '', version: 'v1', kind: 'Binding' }),
  eviction: () => ({ group: 'policy', version: 'v1', kind: 'Eviction' }),
};

function groupsInOrder(): Array<{ group: string; version: string; resources: ResourceInfo[] }> {
  const out: Array<{ group: string; version: string; resources: ResourceInfo[] }> = [];
  for (const r of resources) {
    let g = out.find((x) => x.group === r.group && x.version === r.version);
    if (!g) out.push((g = { group: r.group, version: r.version, resources: [] }));
    g.resources.push(r);
  }
  return out;
}

function aggregatedResource(r: ResourceInfo): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) entry.shortNames = r.shortNames;
  if (r.categories.length) entry.categories = r.categories;
  if (r.subresources.length || r.actions.length) {
    entry.subresources = [
      ...r.subresources.map((s) => ({ subresource: s, responseKind: subresourceKinds[s](r), verbs: subresourceVerbs })),
      ...r.actions.map((a) => ({ subresource: a, responseKind: actionKinds[a](), verbs: ['create'] })),
    ];
  }
  return entry;
}

function aggregatedList(core: boolean): string {
  const items = groupsInOrder()
    .filter((g) => (g.group === '') === core)
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: [{ version: g.version, resources: g.resources.map(aggregatedResource), freshness: 'Current' }],
    }));
  return JSON.stringify({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items });
}

function resourceList(group: string, version: string): string | undefined {
  const rs = resources.filter((r) => r.group === group && r.version === version);
  if (!rs.length) return undefined;
  const list: Array<Record<string, unknown>> = [];
  for (const r of rs) {
    const e: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
    if (r.shortNames.length) e.shortNames = r.shortNames;
    if (r.categories.length) e.categories = r.categories;
    list.push(e);
    for (const s of r.subresources) {
      const k = subresourceKinds[s](r);
      const sub: Record<string, unknown> = { name: `${r.plural}/${s}`, singularName: '', namespaced: r.namespaced, kind: k.kind, verbs: subresourceVerbs };
      if (k.group !== r.group) { sub.group = k.group; sub.version = k.version; }
      list.push(sub);
    }
    for (const a of r.actions) {
      const k = actionKinds[a]();
      const sub: Record<string, unknown> = { name: `${r.plural}/${a}`, singularName: '', namespaced: r.namespaced, kind: k.kind, verbs: ['create'] };
      if (k.group !== r.group) { sub.group = k.group; sub.version = k.version; }
      list.push(sub);
    }
  }
  return JSON.stringify({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources: list });
}

function groupList(): string {
  const groups = groupsInOrder().filter((g) => g.group !== '').map((g) => {
    const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
    return { name: g.group, versions: [gv], preferredVersion: gv };
  });
  return JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups });
}

export const aggregatedContentType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export interface DiscoveryDoc { contentType: string; body: string }

/** Discovery answer for a path, or undefined when the path is not a discovery path. */
export class Discovery {
  private readonly cache = new Map<string, string | undefined>();

  answer(pathname: string, accept: string): DiscoveryDoc | undefined {
    const wantsAggregated = /as=APIGroupDiscoveryList/.test(accept) && /v=v2(?![a-z0-9])|v=v2beta1/.test(accept);
    const path = pathname.replace(/\/+$/, '');
    if (path === '/api' || path === '/apis') {
      if (wantsAggregated) {
        const ct = /v=v2(?![a-z0-9])/.test(accept) ? aggregatedContentType : aggregatedContentType.replace('v=v2', 'v=v2beta1');
        const body = this.memo(`agg${path}`, () => aggregatedList(path === '/api'))!;
        return { contentType: ct, body: ct.includes('v2beta1') ? body.replace('apidiscovery.k8s.io/v2"', 'apidiscovery.k8s.io/v2beta1"') : body };
      }
      const body = path === '/api'
        ? JSON.stringify({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }] })
        : this.memo('groups', groupList)!;
      return { contentType: 'application/json', body };
    }
    let m = path.match(/^\/api\/(v1)$/);
    if (m) return this.doc(`rl/${m[1]}`, () => resourceList('', m![1]));
    m = path.match(/^\/apis\/([^/]+)\/([^/]+)$/);
    if (m) return this.doc(`rl/${m[1]}/${m[2]}`, () => resourceList(m![1], m![2]));
    m = path.match(/^\/apis\/([^/]+)$/);
    if (m) {
      const g = groupsInOrder().find((x) => x.group === m![1]);
      if (!g) return undefined;
      const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
      return { contentType: 'application/json', body: JSON.stringify({ kind: 'APIGroup', apiVersion: 'v1', name: g.group, versions: [gv], preferredVersion: gv }) };
    }
    return undefined;
  }

  private doc(key: string, build: () => string | undefined): DiscoveryDoc | undefined {
    const body = this.memo(key, build);
    return body === undefined ? undefined : { contentType: 'application/json', body };
  }

  private memo(key: string, build: () => string | undefined): string | undefined {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key);
  }
}
