// An in-memory ClusterIndex for the resolver's table tests: a handful of services and endpoints that
// cover every record shape of the DNS spec (ClusterIP with named ports, headless with and without
// hostnames, a StatefulSet, ExternalName in and out of the zone, dual-stack, selector-less, empty).
import type { ClusterIndex, DnsEndpoint, DnsService } from './types.js';

export interface FakeIndexData {
  namespaces: string[];
  services: DnsService[];
  /** "ns/name" -> endpoints (every address of every slice). */
  endpoints: Record<string, DnsEndpoint[]>;
  synced?: boolean;
  serial?: number;
}

export function fakeIndex(data: FakeIndexData): ClusterIndex {
  const key = (ns: string, name: string): string => `${ns}/${name}`;
  return {
    hasSynced: () => data.synced ?? true,
    namespaceExists: (ns) => data.namespaces.includes(ns),
    service: (ns, name) => data.services.find((s) => s.namespace === ns && s.name === name),
    endpoints: (ns, name) => data.endpoints[key(ns, name)] ?? [],
    servicesByClusterIP: (ip) => data.services.filter((s) => s.clusterIPs.includes(ip)),
    endpointsByIP: (ip) => data.services.flatMap((service) =>
      (data.endpoints[key(service.namespace, service.name)] ?? []).filter((e) => e.address === ip).map((endpoint) => ({ service, endpoint }))),
    serial: () => data.serial ?? 1700000000,
  };
}

const tcp = (name: string, port: number) => ({ name, port, protocol: 'TCP' });
const udp = (name: string, port: number) => ({ name, port, protocol: 'UDP' });
const svc = (namespace: string, name: string, clusterIPs: string[], ports: DnsService['ports'], type: DnsService['type'] = 'ClusterIP'): DnsService =>
  ({ name, namespace, type, clusterIPs, headless: false, ports });
const headless = (namespace: string, name: string, ports: DnsService['ports']): DnsService =>
  ({ name, namespace, type: 'ClusterIP', clusterIPs: [], headless: true, ports });
const external = (namespace: string, name: string, externalName: string): DnsService =>
  ({ name, namespace, type: 'ExternalName', clusterIPs: [], headless: false, externalName, ports: [] });
const ep = (address: string, ports: DnsEndpoint['ports'], more: Partial<DnsEndpoint> = {}): DnsEndpoint =>
  ({ address, ready: true, ports, ...more });

export const cluster: FakeIndexData = {
  namespaces: ['default', 'kube-system', 'prod', 'empty-ns'],
  services: [
    svc('kube-system', 'kube-dns', ['10.96.0.10'], [udp('dns', 53), tcp('dns-tcp', 53), tcp('metrics', 9153)]),
    svc('default', 'kubernetes', ['10.96.0.1'], [tcp('https', 443)]),
    svc('default', 'web', ['10.96.12.34'], [tcp('http', 8080), tcp('metrics', 9102)]),
    svc('default', 'svcempty', ['10.96.0.50'], [tcp('http', 80)]),
    svc('default', 'dual', ['10.96.0.3', 'fd00::3'], [tcp('http', 80)]),
    svc('default', 'v6only', ['fd00::4'], [tcp('http', 80)]),
    svc('default', 'manual', ['10.96.0.60'], [tcp('db', 5432)]),
    svc('default', 'unnamed', ['10.96.0.70'], [tcp('', 80)]),
    headless('default', 'hl', [tcp('http', 80)]),
    headless('default', 'db-service', [tcp('mysql', 3306)]),
    headless('default', 'empty-hl', [tcp('http', 80)]),
    headless('default', 'dual-hl', [tcp('http', 80)]),
    headless('default', 'portless', []),
    external('prod', 'my-service', 'my.database.example.com'),
    external('prod', 'internal', 'web.default.svc.cluster.local'),
    external('prod', 'to-headless', 'hl.default.svc.cluster.local.'),
    external('prod', 'to-missing', 'nope.default.svc.cluster.local'),
    external('prod', 'ipext', '1.2.3.4'),
    external('prod', 'self', 'self.prod.svc.cluster.local'),
    external('prod', 'loop-a', 'loop-b.prod.svc.cluster.local'),
    external('prod', 'loop-b', 'loop-a.prod.svc.cluster.local'),
  ],
  endpoints: {
    'kube-system/kube-dns': [ep('10.244.0.2', [udp('dns', 53), tcp('dns-tcp', 53), tcp('metrics', 9153)])],
    'default/kubernetes': [ep('127.0.0.1', [tcp('https', 6443)])],
    'default/web': [
      ep('10.244.0.5', [tcp('http', 80), tcp('metrics', 9102)], { podName: 'web-abc' }),
      ep('10.244.0.6', [tcp('http', 80), tcp('metrics', 9102)], { podName: 'web-def' }),
      ep('10.244.0.7', [tcp('http', 80), tcp('metrics', 9102)], { podName: 'web-ghi', ready: false }),
    ],
    'default/hl': [
      ep('10.244.1.5', [tcp('http', 80)]),
      ep('10.244.1.6', [tcp('http', 80)], { hostname: 'pod-a' }),
      ep('10.244.1.7', [tcp('http', 80)], { ready: false }),
      ep('10.244.1.5', [tcp('http', 80)]), // the same address in a second slice
    ],
    'default/db-service': [
      ep('10.244.2.10', [tcp('mysql', 3306)], { hostname: 'db-0', podName: 'db-0' }),
      ep('10.244.2.11', [tcp('mysql', 3306)], { hostname: 'db-1', podName: 'db-1' }),
      ep('10.244.2.12', [tcp('mysql', 3306)], { hostname: 'db-2', podName: 'db-2', ready: false }),
    ],
    'default/dual-hl': [ep('10.244.0.20', [tcp('http', 80)]), ep('fd00:10:244::20', [tcp('http', 80)])],
    'default/portless': [ep('10.244.3.3', [])],
    'default/manual': [ep('192.168.1.10', [tcp('db', 5432)])],
  },
};
