// The resolver as a DNS spec (shared/research/dns-and-service-spec.md A.1-A.3, A.7): CoreDNS-style
// tables of question -> rcode, answer, authority, additional, records in zone-file text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cluster, fakeIndex } from './fake-index.fixture.js';
import { resolve } from './resolve.js';
import type { ResolverConfig } from './types.js';
import { CLASS_IN, RCODE } from './types.js';
import { formatRR } from './wire/text.js';
import { typeCode } from './wire/type-names.js';

export interface Case { qname: string; qtype: string; rcode?: keyof typeof RCODE | 'FORWARD'; answer?: string[]; ns?: string[]; extra?: string[] }

export const cfg: ResolverConfig = { zone: 'cluster.local', ttl: 30, dnsServiceIP: '10.96.0.10', podRecords: 'insecure' };
const SOA = 'cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30';

export function run(cases: Case[], index = fakeIndex(cluster), config = cfg): void {
  for (const c of cases) {
    const label = `${c.qname} ${c.qtype}`;
    const r = resolve({ name: c.qname, type: typeCode(c.qtype)!, class: CLASS_IN }, index, config);
    if (c.rcode === 'FORWARD') { assert.deepEqual(r, { kind: 'forward' }, label); continue; }
    assert.equal(r.kind, 'answer', label);
    if (r.kind !== 'answer') continue;
    assert.deepEqual({
      rcode: Object.entries(RCODE).find(([, v]) => v === r.rcode)?.[0],
      answer: r.answers.map(formatRR), ns: r.authority.map(formatRR), extra: r.additional.map(formatRR),
    }, { rcode: c.rcode ?? 'NOERROR', answer: c.answer ?? [], ns: c.ns ?? [], extra: c.extra ?? [] }, label);
  }
}

const nx = (qname: string, qtype = 'A'): Case => ({ qname, qtype, rcode: 'NXDOMAIN', ns: [SOA] });
const nodata = (qname: string, qtype = 'A'): Case => ({ qname, qtype, ns: [SOA] });

test('zone, schema and structural names (A.1, A.2.1, A.2.14)', () => run([
  { qname: 'dns-version.cluster.local.', qtype: 'TXT', answer: ['dns-version.cluster.local. 28800 IN TXT "1.1.0"'] },
  nodata('dns-version.cluster.local.', 'A'),
  { qname: 'cluster.local.', qtype: 'SOA', answer: [SOA] },
  { qname: 'Cluster.Local.', qtype: 'SOA', answer: ['Cluster.Local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30'] },
  { qname: 'cluster.local.', qtype: 'NS', answer: ['cluster.local. 30 IN NS kube-dns.kube-system.svc.cluster.local.'], extra: ['kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10'] },
  { qname: 'ns.dns.cluster.local.', qtype: 'A', answer: ['ns.dns.cluster.local. 30 IN A 10.96.0.10'] },
  nodata('ns.dns.cluster.local.', 'AAAA'),
  nodata('cluster.local.', 'A'),
  nodata('svc.cluster.local.', 'A'),
  nodata('pod.cluster.local.', 'A'),
  nodata('default.svc.cluster.local.', 'A'),
  nodata('default.pod.cluster.local.', 'A'),
  nodata('web.default.svc.cluster.local.', 'SOA'),
  nodata('web.default.svc.cluster.local.', 'NS'),
  nx('foo.cluster.local.'),
  nx('nsnope.svc.cluster.local.'),
  nx('web.nsnope.svc.cluster.local.'),
  nx('nope.default.svc.cluster.local.'),
  nx('*.default.svc.cluster.local.'),
  // Search-path walks fail fast: too many labels is NXDOMAIN, never SERVFAIL.
  nx('_http._tcp.web.default.svc.default.svc.cluster.local.', 'SRV'),
  nx('a.b.web.default.svc.cluster.local.'),
  { qname: 'cluster.local.', qtype: 'AXFR', rcode: 'REFUSED' },
  { qname: 'web.default.svc.cluster.local.', qtype: 'IXFR', rcode: 'REFUSED' },
]));

test('ClusterIP services (A.2.2-4, A.7)', () => run([
  { qname: 'web.default.svc.cluster.local.', qtype: 'A', answer: ['web.default.svc.cluster.local. 30 IN A 10.96.12.34'] },
  { qname: 'web.default.svc.cluster.local', qtype: 'A', answer: ['web.default.svc.cluster.local. 30 IN A 10.96.12.34'] },
  { qname: 'WeB.DeFault.svc.Cluster.local.', qtype: 'A', answer: ['WeB.DeFault.svc.Cluster.local. 30 IN A 10.96.12.34'] },
  { qname: 'svcempty.default.svc.cluster.local.', qtype: 'A', answer: ['svcempty.default.svc.cluster.local. 30 IN A 10.96.0.50'] },
  nodata('web.default.svc.cluster.local.', 'AAAA'),
  nodata('web.default.svc.cluster.local.', 'TXT'),
  nodata('web.default.svc.cluster.local.', 'MX'),
  nodata('web.default.svc.cluster.local.', 'CAA'),
  nodata('web.default.svc.cluster.local.', 'CNAME'),
  nodata('web.default.svc.cluster.local.', 'PTR'),
  { qname: 'v6only.default.svc.cluster.local.', qtype: 'AAAA', answer: ['v6only.default.svc.cluster.local. 30 IN AAAA fd00::4'] },
  nodata('v6only.default.svc.cluster.local.', 'A'),
  { qname: 'dual.default.svc.cluster.local.', qtype: 'A', answer: ['dual.default.svc.cluster.local. 30 IN A 10.96.0.3'] },
  { qname: 'dual.default.svc.cluster.local.', qtype: 'AAAA', answer: ['dual.default.svc.cluster.local. 30 IN AAAA fd00::3'] },
  { qname: '_http._tcp.web.default.svc.cluster.local.', qtype: 'SRV',
    answer: ['_http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 100 8080 web.default.svc.cluster.local.'],
    extra: ['web.default.svc.cluster.local. 30 IN A 10.96.12.34'] },
  { qname: '_HTTP._TCP.web.default.svc.cluster.local.', qtype: 'SRV',
    answer: ['_HTTP._TCP.web.default.svc.cluster.local. 30 IN SRV 0 100 8080 web.default.svc.cluster.local.'],
    extra: ['web.default.svc.cluster.local. 30 IN A 10.96.12.34'] },
  { qname: '_https._tcp.kubernetes.default.svc.cluster.local.', qtype: 'SRV',
    answer: ['_https._tcp.kubernetes.default.svc.cluster.local. 30 IN SRV 0 100 443 kubernetes.default.svc.cluster.local.'],
    extra: ['kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1'] },
  // The name of a port exists for every type: A answers the ClusterIP, as CoreDNS does.
  { qname: '_http._tcp.web.default.svc.cluster.local.', qtype: 'A', answer: ['_http._tcp.web.default.svc.cluster.local. 30 IN A 10.96.12.34'] },
  nx('_http._udp.web.default.svc.cluster.local.', 'SRV'),
  nx('_nope._tcp.web.default.svc.cluster.local.', 'SRV'),
  nx('_http._udp.web.default.svc.cluster.local.', 'A'),
  // Unnamed ports have no _port._proto name, but appear in a bare SRV.
  nx('_._tcp.unnamed.default.svc.cluster.local.', 'SRV'),
  { qname: 'unnamed.default.svc.cluster.local.', qtype: 'SRV',
    answer: ['unnamed.default.svc.cluster.local. 30 IN SRV 0 100 80 unnamed.default.svc.cluster.local.'],
    extra: ['unnamed.default.svc.cluster.local. 30 IN A 10.96.0.70'] },
  // Bare SRV: one per port; weight 100 / entries.
  { qname: 'web.default.svc.cluster.local.', qtype: 'SRV',
    answer: ['web.default.svc.cluster.local. 30 IN SRV 0 50 8080 web.default.svc.cluster.local.', 'web.default.svc.cluster.local. 30 IN SRV 0 50 9102 web.default.svc.cluster.local.'],
    extra: ['web.default.svc.cluster.local. 30 IN A 10.96.12.34'] },
  { qname: 'kube-dns.kube-system.svc.cluster.local.', qtype: 'SRV',
    answer: ['kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 33 53 kube-dns.kube-system.svc.cluster.local.', 'kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 33 9153 kube-dns.kube-system.svc.cluster.local.'],
    extra: ['kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10'] },
  // Dual-stack bare SRV: one RR per port with weight 50, both addresses in additional (A.7).
  { qname: 'dual.default.svc.cluster.local.', qtype: 'SRV',
    answer: ['dual.default.svc.cluster.local. 30 IN SRV 0 50 80 dual.default.svc.cluster.local.'],
    extra: ['dual.default.svc.cluster.local. 30 IN A 10.96.0.3', 'dual.default.svc.cluster.local. 30 IN AAAA fd00::3'] },
  // Selector-less service with a hand-written Endpoints object: the ClusterIP, and endpoint names.
  { qname: 'manual.default.svc.cluster.local.', qtype: 'A', answer: ['manual.default.svc.cluster.local. 30 IN A 10.96.0.60'] },
  { qname: '192-168-1-10.manual.default.svc.cluster.local.', qtype: 'A', answer: ['192-168-1-10.manual.default.svc.cluster.local. 30 IN A 192.168.1.10'] },
  // CoreDNS also answers endpoint names under ClusterIP services (ready endpoints only).
  { qname: '10-244-0-5.web.default.svc.cluster.local.', qtype: 'A', answer: ['10-244-0-5.web.default.svc.cluster.local. 30 IN A 10.244.0.5'] },
  nx('10-244-0-7.web.default.svc.cluster.local.'),
]));

test('headless services and endpoint names (A.2.6-8, A.2.10, A.7)', () => run([
  { qname: 'hl.default.svc.cluster.local.', qtype: 'A', answer: ['hl.default.svc.cluster.local. 30 IN A 10.244.1.5', 'hl.default.svc.cluster.local. 30 IN A 10.244.1.6'] },
  nodata('hl.default.svc.cluster.local.', 'AAAA'),
  nodata('hl.default.svc.cluster.local.', 'TXT'),
  nx('empty-hl.default.svc.cluster.local.'),
  nx('empty-hl.default.svc.cluster.local.', 'AAAA'),
  nx('empty-hl.default.svc.cluster.local.', 'TXT'),
  { qname: 'pod-a.hl.default.svc.cluster.local.', qtype: 'A', answer: ['pod-a.hl.default.svc.cluster.local. 30 IN A 10.244.1.6'] },
  { qname: '10-244-1-5.hl.default.svc.cluster.local.', qtype: 'A', answer: ['10-244-1-5.hl.default.svc.cluster.local. 30 IN A 10.244.1.5'] },
  nx('10-244-1-6.hl.default.svc.cluster.local.'), // has a hostname: the dashed name is not its name
  nx('10-244-1-7.hl.default.svc.cluster.local.'), // not ready
  nx('nope.hl.default.svc.cluster.local.'),
  { qname: '_http._tcp.hl.default.svc.cluster.local.', qtype: 'SRV',
    answer: [
      '_http._tcp.hl.default.svc.cluster.local. 30 IN SRV 0 33 80 10-244-1-5.hl.default.svc.cluster.local.',
      '_http._tcp.hl.default.svc.cluster.local. 30 IN SRV 0 33 80 pod-a.hl.default.svc.cluster.local.',
    ],
    extra: ['10-244-1-5.hl.default.svc.cluster.local. 30 IN A 10.244.1.5', 'pod-a.hl.default.svc.cluster.local. 30 IN A 10.244.1.6'] },
  { qname: 'db-0.db-service.default.svc.cluster.local.', qtype: 'A', answer: ['db-0.db-service.default.svc.cluster.local. 30 IN A 10.244.2.10'] },
  nx('db-2.db-service.default.svc.cluster.local.'),
  { qname: '_mysql._tcp.db-service.default.svc.cluster.local.', qtype: 'SRV',
    answer: [
      '_mysql._tcp.db-service.default.svc.cluster.local. 30 IN SRV 0 50 3306 db-0.db-service.default.svc.cluster.local.',
      '_mysql._tcp.db-service.default.svc.cluster.local. 30 IN SRV 0 50 3306 db-1.db-service.default.svc.cluster.local.',
    ],
    extra: ['db-0.db-service.default.svc.cluster.local. 30 IN A 10.244.2.10', 'db-1.db-service.default.svc.cluster.local. 30 IN A 10.244.2.11'] },
  { qname: 'db-0.db-service.default.svc.cluster.local.', qtype: 'SRV',
    answer: ['db-0.db-service.default.svc.cluster.local. 30 IN SRV 0 100 3306 db-0.db-service.default.svc.cluster.local.'],
    extra: ['db-0.db-service.default.svc.cluster.local. 30 IN A 10.244.2.10'] },
  { qname: 'dual-hl.default.svc.cluster.local.', qtype: 'A', answer: ['dual-hl.default.svc.cluster.local. 30 IN A 10.244.0.20'] },
  { qname: 'dual-hl.default.svc.cluster.local.', qtype: 'AAAA', answer: ['dual-hl.default.svc.cluster.local. 30 IN AAAA fd00:10:244::20'] },
  { qname: 'fd00-10-244--20.dual-hl.default.svc.cluster.local.', qtype: 'AAAA', answer: ['fd00-10-244--20.dual-hl.default.svc.cluster.local. 30 IN AAAA fd00:10:244::20'] },
  nodata('fd00-10-244--20.dual-hl.default.svc.cluster.local.', 'A'),
  // A headless service without ports still has addresses, but no SRV.
  { qname: 'portless.default.svc.cluster.local.', qtype: 'A', answer: ['portless.default.svc.cluster.local. 30 IN A 10.244.3.3'] },
  nodata('portless.default.svc.cluster.local.', 'SRV'),
]));

test('ExternalName services (A.2.12)', () => run([
  { qname: 'my-service.prod.svc.cluster.local.', qtype: 'CNAME', answer: ['my-service.prod.svc.cluster.local. 30 IN CNAME my.database.example.com.'] },
  { qname: 'my-service.prod.svc.cluster.local.', qtype: 'A', answer: ['my-service.prod.svc.cluster.local. 30 IN CNAME my.database.example.com.'] },
  { qname: 'My-Service.prod.svc.cluster.local.', qtype: 'AAAA', answer: ['My-Service.prod.svc.cluster.local. 30 IN CNAME my.database.example.com.'] },
  nodata('my-service.prod.svc.cluster.local.', 'SRV'),
  nodata('my-service.prod.svc.cluster.local.', 'TXT'),
  nx('x.my-service.prod.svc.cluster.local.'),
  nx('_p._tcp.my-service.prod.svc.cluster.local.', 'SRV'),
  nx('ipext.prod.svc.cluster.local.'),
  nx('ipext.prod.svc.cluster.local.', 'CNAME'),
  { qname: 'internal.prod.svc.cluster.local.', qtype: 'A',
    answer: ['internal.prod.svc.cluster.local. 30 IN CNAME web.default.svc.cluster.local.', 'web.default.svc.cluster.local. 30 IN A 10.96.12.34'] },
  { qname: 'internal.prod.svc.cluster.local.', qtype: 'AAAA', answer: ['internal.prod.svc.cluster.local. 30 IN CNAME web.default.svc.cluster.local.'] },
  { qname: 'to-headless.prod.svc.cluster.local.', qtype: 'A',
    answer: ['to-headless.prod.svc.cluster.local. 30 IN CNAME hl.default.svc.cluster.local.', 'hl.default.svc.cluster.local. 30 IN A 10.244.1.5', 'hl.default.svc.cluster.local. 30 IN A 10.244.1.6'] },
  { qname: 'to-missing.prod.svc.cluster.local.', qtype: 'A', answer: ['to-missing.prod.svc.cluster.local. 30 IN CNAME nope.default.svc.cluster.local.'] },
  // Loops (x -> x, a -> b -> a) give no records at all: NODATA.
  nodata('self.prod.svc.cluster.local.', 'A'),
  nodata('loop-a.prod.svc.cluster.local.', 'A'),
  { qname: 'loop-a.prod.svc.cluster.local.', qtype: 'CNAME', answer: ['loop-a.prod.svc.cluster.local. 30 IN CNAME loop-b.prod.svc.cluster.local.'] },
]));

test('reverse lookups (A.2.5, A.2.9, A.6)', () => run([
  { qname: '34.12.96.10.in-addr.arpa.', qtype: 'PTR', answer: ['34.12.96.10.in-addr.arpa. 30 IN PTR web.default.svc.cluster.local.'] },
  { qname: '34.12.96.10.IN-ADDR.ARPA.', qtype: 'PTR', answer: ['34.12.96.10.IN-ADDR.ARPA. 30 IN PTR web.default.svc.cluster.local.'] },
  { qname: '3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.', qtype: 'PTR',
    answer: ['3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa. 30 IN PTR dual.default.svc.cluster.local.'] },
  { qname: '5.1.244.10.in-addr.arpa.', qtype: 'PTR', answer: ['5.1.244.10.in-addr.arpa. 30 IN PTR 10-244-1-5.hl.default.svc.cluster.local.'] },
  { qname: '10.2.244.10.in-addr.arpa.', qtype: 'PTR', answer: ['10.2.244.10.in-addr.arpa. 30 IN PTR db-0.db-service.default.svc.cluster.local.'] },
  { qname: '5.0.244.10.in-addr.arpa.', qtype: 'PTR', answer: ['5.0.244.10.in-addr.arpa. 30 IN PTR 10-244-0-5.web.default.svc.cluster.local.'] },
  // The existing name answers other types with NODATA in the reverse zone.
  { qname: '34.12.96.10.in-addr.arpa.', qtype: 'A', ns: ['in-addr.arpa. 30 IN SOA ns.dns.in-addr.arpa. hostmaster.in-addr.arpa. 1700000000 7200 1800 86400 30'] },
  // Misses fall through upstream: unknown, not ready, partial names, public addresses.
  { qname: '7.1.244.10.in-addr.arpa.', qtype: 'PTR', rcode: 'FORWARD' },
  { qname: '12.2.244.10.in-addr.arpa.', qtype: 'PTR', rcode: 'FORWARD' },
  { qname: '8.8.8.8.in-addr.arpa.', qtype: 'PTR', rcode: 'FORWARD' },
  { qname: '96.10.in-addr.arpa.', qtype: 'PTR', rcode: 'FORWARD' },
  { qname: 'in-addr.arpa.', qtype: 'SOA', rcode: 'FORWARD' },
  { qname: 'example.com.', qtype: 'A', rcode: 'FORWARD' },
  { qname: 'cluster.local.example.com.', qtype: 'A', rcode: 'FORWARD' },
  { qname: 'local.', qtype: 'SOA', rcode: 'FORWARD' },
  { qname: '.', qtype: 'NS', rcode: 'FORWARD' },
]));

test('ClusterIP wins over endpoint addresses for PTR; every selecting service gets a PTR', () => {
  const data = structuredClone(cluster);
  data.endpoints['default/other'] = [{ address: '10.244.1.5', ready: true, ports: [], hostname: 'x' }];
  data.services.push({ name: 'other', namespace: 'default', type: 'ClusterIP', clusterIPs: [], headless: true, ports: [] });
  data.endpoints['default/twin'] = [{ address: '10.96.12.34', ready: true, ports: [] }];
  data.services.push({ name: 'twin', namespace: 'default', type: 'ClusterIP', clusterIPs: [], headless: true, ports: [] });
  run([
    { qname: '5.1.244.10.in-addr.arpa.', qtype: 'PTR', answer: ['5.1.244.10.in-addr.arpa. 30 IN PTR 10-244-1-5.hl.default.svc.cluster.local.', '5.1.244.10.in-addr.arpa. 30 IN PTR x.other.default.svc.cluster.local.'] },
    { qname: '34.12.96.10.in-addr.arpa.', qtype: 'PTR', answer: ['34.12.96.10.in-addr.arpa. 30 IN PTR web.default.svc.cluster.local.'] },
  ], fakeIndex(data));
});

test('pod records: insecure answers any dashed address in an existing namespace (A.2.13)', () => run([
  { qname: '10-244-1-5.default.pod.cluster.local.', qtype: 'A', answer: ['10-244-1-5.default.pod.cluster.local. 30 IN A 10.244.1.5'] },
  { qname: '1-2-3-4.empty-ns.pod.cluster.local.', qtype: 'A', answer: ['1-2-3-4.empty-ns.pod.cluster.local. 30 IN A 1.2.3.4'] },
  { qname: 'fd00--5.default.pod.cluster.local.', qtype: 'AAAA', answer: ['fd00--5.default.pod.cluster.local. 30 IN AAAA fd00::5'] },
  nodata('10-244-1-5.default.pod.cluster.local.', 'AAAA'),
  nodata('10-244-1-5.default.pod.cluster.local.', 'SRV'),
  nx('10-244-1-5.nsnope.pod.cluster.local.'),
  nx('nsnope.pod.cluster.local.'),
  nx('not-an-ip.default.pod.cluster.local.'),
  nx('10-244-1-256.default.pod.cluster.local.'),
  nx('x.10-244-1-5.default.pod.cluster.local.'),
]));

test('pod records: disabled answers NXDOMAIN below pod.<zone>', () => run([
  nx('10-244-1-5.default.pod.cluster.local.'),
  nx('default.pod.cluster.local.'),
  nodata('pod.cluster.local.'),
], fakeIndex(cluster), { ...cfg, podRecords: 'disabled' }));

test('before the first sync cluster names are SERVFAIL, other names still forward', () => run([
  { qname: 'web.default.svc.cluster.local.', qtype: 'A', rcode: 'SERVFAIL' },
  { qname: 'nope.default.svc.cluster.local.', qtype: 'A', rcode: 'SERVFAIL' },
  { qname: '34.12.96.10.in-addr.arpa.', qtype: 'PTR', rcode: 'SERVFAIL' },
  { qname: 'example.com.', qtype: 'A', rcode: 'FORWARD' },
], fakeIndex({ ...cluster, synced: false })));

test('TTL and zone come from the config; SOA TTL is capped at 300, MINIMUM is the TTL', () => run([
  { qname: 'web.default.svc.k8s.example.', qtype: 'A', answer: ['web.default.svc.k8s.example. 3600 IN A 10.96.12.34'] },
  { qname: 'nope.default.svc.k8s.example.', qtype: 'A', rcode: 'NXDOMAIN', ns: ['k8s.example. 300 IN SOA ns.dns.k8s.example. hostmaster.k8s.example. 1700000000 7200 1800 86400 3600'] },
  { qname: 'web.default.svc.cluster.local.', qtype: 'A', rcode: 'FORWARD' },
], fakeIndex(cluster), { ...cfg, zone: 'K8s.Example.', ttl: 3600 }));

test('NS falls back to ns.dns.<zone> when no service fronts the DNS address', () => run([
  { qname: 'cluster.local.', qtype: 'NS', answer: ['cluster.local. 30 IN NS ns.dns.cluster.local.'], extra: ['ns.dns.cluster.local. 30 IN A 10.96.0.99'] },
  { qname: 'ns.dns.cluster.local.', qtype: 'A', answer: ['ns.dns.cluster.local. 30 IN A 10.96.0.99'] },
], fakeIndex(cluster), { ...cfg, dnsServiceIP: '10.96.0.99' }));

test('a 100-endpoint headless answer does not fit 512 bytes: the encoder truncates and sets TC', async () => {
  const { encodeMessage, decodeMessage } = await import('./wire/codec.js');
  const data = structuredClone(cluster);
  data.endpoints['default/hl'] = Array.from({ length: 100 }, (_, i) => ({ address: `10.244.${i >> 8}.${i & 255}`, ready: true, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }));
  const q = { name: 'hl.default.svc.cluster.local.', type: 1, class: CLASS_IN };
  const r = resolve(q, fakeIndex(data), cfg);
  assert.equal(r.kind === 'answer' && r.answers.length, 100);
  if (r.kind !== 'answer') return;
  const msg = { id: 7, flags: { qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: r.rcode }, questions: [q], answers: r.answers, authority: r.authority, additional: r.additional };
  const udp = decodeMessage(encodeMessage(msg, 512));
  assert.equal(udp.flags.tc, true);
  assert.ok(udp.answers.length > 0 && udp.answers.length < 100);
  const tcp = decodeMessage(encodeMessage(msg));
  assert.equal(tcp.flags.tc, false);
  assert.equal(tcp.answers.length, 100);
});
