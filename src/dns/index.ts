// The watch-fed ClusterIndex (CoreDNS plugin/kubernetes controller.go + object/): informer events
// for Services, EndpointSlices and Namespaces are shrunk to slim DnsService/DnsEndpoint records
// once per change, never per query, and kept in maps by ns/name, by ClusterIP and by endpoint IP.
// An update that changes nothing DNS-visible (status, annotations, resourceVersion churn) leaves
// the index and the SOA serial alone (CoreDNS detectChanges). Lookups are case-insensitive on
// names (API names are lower case; queries may not be) and canonical on IPs.
// The caller owns the informer factory: it starts it; the index only registers handlers.
import type { EndpointSlice as EndpointSliceType, KubeObject, Namespace as NamespaceType, Service as ServiceType } from '../apis/object.js';
import type { SharedInformerFactory } from '../client/informer-factory.js';
import type { Informer } from '../client/types.js';
import { canonicalIP } from '../lib/ip.js';
import type { ClusterIndex, DnsEndpoint, DnsService } from './types.js';

type Service = ServiceType & KubeObject;
type EndpointSlice = EndpointSliceType & KubeObject;
type Namespace = NamespaceType & KubeObject;

const serviceNameLabel = 'kubernetes.io/service-name';

type Port = DnsService['ports'][number];

/** A Service shrunk to what DNS answers from; undefined for nothing servable. */
export function toDnsService(svc: Service): DnsService | undefined {
  const name = svc.metadata?.name;
  const namespace = svc.metadata?.namespace;
  if (!name || !namespace) return undefined;
  const spec = svc.spec ?? {};
  const type = (spec.type ?? 'ClusterIP') as DnsService['type'];
  const headless = type !== 'ExternalName' && spec.clusterIP === 'None';
  const ips = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  const clusterIPs = type === 'ExternalName' || headless
    ? []
    : ips.map((ip) => canonicalIP(ip)).filter((ip): ip is string => ip !== undefined);
  const ports: Port[] = (spec.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
  const out: DnsService = { name, namespace, type, clusterIPs, headless, ports };
  if (type === 'ExternalName' && spec.externalName) out.externalName = spec.externalName;
  return out;
}

/** The addresses of one EndpointSlice, one record per address (FQDN slices carry none DNS serves). */
export function toDnsEndpoints(slice: EndpointSlice): DnsEndpoint[] {
  if (slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6') return [];
  // A slice port without a number means "all ports" (no selector ports): nothing for SRV.
  const ports: Port[] = (slice.ports ?? [])
    .filter((p) => typeof p.port === 'number')
    .map((p) => ({ name: p.name ?? '', port: p.port!, protocol: p.protocol ?? 'TCP' }));
  const out: DnsEndpoint[] = [];
  for (const ep of slice.endpoints ?? []) {
    // discovery/v1: a nil ready condition means "unknown", which consumers treat as ready.
    const ready = ep.conditions?.ready !== false;
    for (const raw of ep.addresses ?? []) {
      const address = canonicalIP(raw);
      if (!address) continue;
      const rec: DnsEndpoint = { address, ready, ports };
      if (ep.hostname) rec.hostname = ep.hostname;
      if (ep.targetRef?.kind === 'Pod' && ep.targetRef.name) rec.podName = ep.targetRef.name;
      out.push(rec);
    }
  }
  return out;
}

interface SliceEntry { serviceKey: string; endpoints: DnsEndpoint[] }

function keyOf(namespace: string, name: string): string {
  return `${namespace.toLowerCase()}/${name.toLowerCase()}`;
}

function sliceKeyOf(slice: EndpointSlice): string | undefined {
  const ns = slice.metadata?.namespace;
  const name = slice.metadata?.name;
  return ns && name ? `${ns}/${name}` : undefined;
}

/** Adds or removes `member` from the set at `key` in a multimap, dropping empty sets. */
function multiAdd(map: Map<string, Set<string>>, key: string, member: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(member);
}
function multiDelete(map: Map<string, Set<string>>, key: string, member: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(member);
  if (set.size === 0) map.delete(key);
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class InformerClusterIndex implements ClusterIndex {
  readonly #informers: Array<Informer<any>>;
  readonly #services = new Map<string, DnsService>();
  readonly #byClusterIP = new Map<string, Set<string>>();
  readonly #slices = new Map<string, SliceEntry>();
  /** service key -> slice keys; the merged endpoint list is rebuilt when one of them changes. */
  readonly #slicesOfService = new Map<string, Set<string>>();
  readonly #endpointsOfService = new Map<string, DnsEndpoint[]>();
  /** endpoint IP -> slice keys holding it. */
  readonly #byEndpointIP = new Map<string, Set<string>>();
  readonly #namespaces = new Set<string>();
  #serial = Math.floor(Date.now() / 1000);
  readonly #listeners = new Set<() => void>();

  constructor(informers: SharedInformerFactory) {
    const services = informers.forKind<Service>('Service');
    const slices = informers.forKind<EndpointSlice>('EndpointSlice');
    const namespaces = informers.forKind<Namespace>('Namespace');
    this.#informers = [services, slices, namespaces];
    services.addEventHandler({
      add: (o) => this.#setService(o),
      update: (_, o) => this.#setService(o),
      delete: (o) => this.#deleteService(o),
    });
    slices.addEventHandler({
      add: (o) => this.#setSlice(o),
      update: (_, o) => this.#setSlice(o),
      delete: (o) => this.#deleteSlice(o),
    });
    namespaces.addEventHandler({
      add: (o) => this.#setNamespace(o.metadata?.name, true),
      delete: (o) => this.#setNamespace(o.metadata?.name, false),
    });
  }

  hasSynced(): boolean {
    return this.#informers.every((i) => i.hasSynced());
  }

  namespaceExists(namespace: string): boolean {
    return this.#namespaces.has(namespace.toLowerCase());
  }

  service(namespace: string, name: string): DnsService | undefined {
    return this.#services.get(keyOf(namespace, name));
  }

  endpoints(namespace: string, service: string): DnsEndpoint[] {
    return this.#endpointsOfService.get(keyOf(namespace, service)) ?? [];
  }

  servicesByClusterIP(ip: string): DnsService[] {
    const keys = this.#byClusterIP.get(canonicalIP(ip) ?? ip);
    return keys ? [...keys].map((k) => this.#services.get(k)!).filter(Boolean) : [];
  }

  endpointsByIP(ip: string): Array<{ service: DnsService; endpoint: DnsEndpoint }> {
    const address = canonicalIP(ip) ?? ip;
    const out: Array<{ service: DnsService; endpoint: DnsEndpoint }> = [];
    for (const sliceKey of this.#byEndpointIP.get(address) ?? []) {
      const entry = this.#slices.get(sliceKey)!;
      // A slice whose Service is gone (or not yet seen) names nothing a PTR could point to.
      const service = this.#services.get(entry.serviceKey);
      if (!service) continue;
      for (const endpoint of entry.endpoints) if (endpoint.address === address) out.push({ service, endpoint });
    }
    return out;
  }

  serial(): number {
    return this.#serial;
  }

  /** Called after every DNS-visible change (tests and metrics); returns an unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #changed(): void {
    this.#serial = Math.floor(Date.now() / 1000);
    for (const fn of this.#listeners) fn();
  }

  #setService(svc: Service): void {
    const next = toDnsService(svc);
    if (!next) return;
    const key = keyOf(next.namespace, next.name);
    const prev = this.#services.get(key);
    if (prev && sameJSON(prev, next)) return;
    if (prev) for (const ip of prev.clusterIPs) multiDelete(this.#byClusterIP, ip, key);
    this.#services.set(key, next);
    for (const ip of next.clusterIPs) multiAdd(this.#byClusterIP, ip, key);
    this.#changed();
  }

  #deleteService(svc: Service): void {
    const ns = svc.metadata?.namespace;
    const name = svc.metadata?.name;
    if (!ns || !name) return;
    const key = keyOf(ns, name);
    const prev = this.#services.get(key);
    if (!prev) return;
    for (const ip of prev.clusterIPs) multiDelete(this.#byClusterIP, ip, key);
    this.#services.delete(key);
    this.#changed();
  }

  #setSlice(slice: EndpointSlice): void {
    const sliceKey = sliceKeyOf(slice);
    if (!sliceKey) return;
    const svcName = slice.metadata?.labels?.[serviceNameLabel];
    // A slice that lost its service label no longer belongs to any service: same as deleted.
    if (!svcName) return this.#deleteSlice(slice);
    const next: SliceEntry = { serviceKey: keyOf(slice.metadata!.namespace!, svcName), endpoints: toDnsEndpoints(slice) };
    const prev = this.#slices.get(sliceKey);
    if (prev && sameJSON(prev, next)) return;
    if (prev) this.#unlinkSlice(sliceKey, prev);
    this.#slices.set(sliceKey, next);
    multiAdd(this.#slicesOfService, next.serviceKey, sliceKey);
    for (const ep of next.endpoints) multiAdd(this.#byEndpointIP, ep.address, sliceKey);
    this.#rebuildEndpoints(next.serviceKey);
    this.#changed();
  }

  #deleteSlice(slice: EndpointSlice): void {
    const sliceKey = sliceKeyOf(slice);
    const prev = sliceKey ? this.#slices.get(sliceKey) : undefined;
    if (!sliceKey || !prev) return;
    this.#unlinkSlice(sliceKey, prev);
    this.#slices.delete(sliceKey);
    this.#changed();
  }

  #unlinkSlice(sliceKey: string, entry: SliceEntry): void {
    multiDelete(this.#slicesOfService, entry.serviceKey, sliceKey);
    for (const ep of entry.endpoints) multiDelete(this.#byEndpointIP, ep.address, sliceKey);
    this.#slices.delete(sliceKey);
    this.#rebuildEndpoints(entry.serviceKey);
  }

  /**
   * Merges every slice of a service into one list, once per slice change. During a controller's
   * slice reshuffle an address can sit in two slices with the same ports: it is listed once
   * (ready wins), so a headless answer never repeats an address.
   */
  #rebuildEndpoints(serviceKey: string): void {
    const sliceKeys = this.#slicesOfService.get(serviceKey);
    if (!sliceKeys) {
      this.#endpointsOfService.delete(serviceKey);
      return;
    }
    const merged = new Map<string, DnsEndpoint>();
    for (const sk of [...sliceKeys].sort()) {
      for (const ep of this.#slices.get(sk)!.endpoints) {
        const id = JSON.stringify([ep.address, ep.hostname ?? '', ep.ports]);
        const seen = merged.get(id);
        if (!seen || (!seen.ready && ep.ready)) merged.set(id, ep);
      }
    }
    this.#endpointsOfService.set(serviceKey, [...merged.values()]);
  }

  #setNamespace(name: string | undefined, exists: boolean): void {
    if (!name) return;
    const key = name.toLowerCase();
    if (exists === this.#namespaces.has(key)) return;
    if (exists) this.#namespaces.add(key);
    else this.#namespaces.delete(key);
    this.#changed();
  }
}
