// convergeBalancer as the spec: each case is a pool and a sequence of service states (undefined =
// deleted) with the outcome each must give. The allocator carries over between steps, as it does
// between reconciles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '../../apis/object.js';
import { Allocator } from './allocator.js';
import { adoptionOrder, adoptStatus, convergeBalancer, requestedIPs, type Convergence } from './converge.js';
import { parsePool } from './pool.js';

interface SvcOpts {
  type?: string;
  families?: ('IPv4' | 'IPv6')[];
  cls?: string;
  lbIP?: string;
  annotations?: Record<string, string>;
  status?: string[];
  created?: string;
}

function svc(key: string, o: SvcOpts = {}): Service {
  const [namespace, name] = key.split('/');
  return {
    metadata: { namespace, name, annotations: o.annotations, creationTimestamp: o.created ?? '2025-01-01T00:00:00Z' },
    spec: {
      type: o.type ?? 'LoadBalancer', ipFamilies: o.families ?? ['IPv4'], loadBalancerClass: o.cls, loadBalancerIP: o.lbIP,
    },
    status: { loadBalancer: o.status ? { ingress: o.status.map((ip) => ({ ip, ipMode: 'VIP' })) } : {} },
  };
}

const assigned = (...ips: string[]): Convergence => ({ kind: 'assigned', ips });
const exhausted: Convergence = { kind: 'failed', message: 'no available IPs', retryOnRelease: true };

interface Step { key: string; svc: Service | undefined; want: Convergence }
interface Case { name: string; pool: string[]; steps: Step[] }

const cases: Case[] = [
  {
    name: 'a range is handed out lowest first; exhaustion waits for a release',
    pool: ['192.168.100.240-192.168.100.241'],
    steps: [
      { key: 'default/a', svc: svc('default/a'), want: assigned('192.168.100.240') },
      { key: 'default/b', svc: svc('default/b'), want: assigned('192.168.100.241') },
      { key: 'default/c', svc: svc('default/c'), want: exhausted },
      { key: 'default/a', svc: svc('default/a', { status: ['192.168.100.240'] }), want: assigned('192.168.100.240') },
      { key: 'default/a', svc: undefined, want: { kind: 'cleared' } },
      { key: 'default/c', svc: svc('default/c'), want: assigned('192.168.100.240') },
    ],
  },
  {
    name: 'a CIDR hands out its network address too (MetalLB without avoidBuggyIPs)',
    pool: ['192.168.100.0/31'],
    steps: [
      { key: 'ns/a', svc: svc('ns/a'), want: assigned('192.168.100.0') },
      { key: 'ns/b', svc: svc('ns/b'), want: assigned('192.168.100.1') },
    ],
  },
  {
    name: 'IPv6 and dual stack: one address per family, primary family first, a family the pool lacks is skipped',
    pool: ['fd00::10/127', '192.0.2.0/31'],
    steps: [
      { key: 'ns/v6', svc: svc('ns/v6', { families: ['IPv6'] }), want: assigned('fd00::10') },
      { key: 'ns/dual', svc: svc('ns/dual', { families: ['IPv4', 'IPv6'] }), want: assigned('192.0.2.0', 'fd00::11') },
      { key: 'ns/v6first', svc: svc('ns/v6first', { families: ['IPv6', 'IPv4'] }), want: exhausted },
      { key: 'ns/v4', svc: svc('ns/v4'), want: assigned('192.0.2.1') },
    ],
  },
  {
    name: 'a family the pool does not have at all is no address, and no point retrying',
    pool: ['192.0.2.0/30'],
    steps: [
      { key: 'ns/v6', svc: svc('ns/v6', { families: ['IPv6'] }), want: { kind: 'failed', message: 'no available IPs', retryOnRelease: false } },
      { key: 'ns/dual', svc: svc('ns/dual', { families: ['IPv6', 'IPv4'] }), want: assigned('192.0.2.0') },
    ],
  },
  {
    name: 'spec.loadBalancerIP is honoured when in the pool and free',
    pool: ['192.0.2.240-192.0.2.243'],
    steps: [
      { key: 'ns/a', svc: svc('ns/a', { lbIP: '192.0.2.242' }), want: assigned('192.0.2.242') },
      { key: 'ns/b', svc: svc('ns/b', { lbIP: '192.0.2.242' }), want: { kind: 'failed', message: '"192.0.2.242" is already in use by ns/a', retryOnRelease: true } },
      { key: 'ns/c', svc: svc('ns/c', { lbIP: '10.0.0.1' }), want: { kind: 'failed', message: '["10.0.0.1"] is not allowed in config', retryOnRelease: false } },
      { key: 'ns/d', svc: svc('ns/d'), want: assigned('192.0.2.240') },
      // a asks for another address: it moves, and its old one is free for b.
      { key: 'ns/a', svc: svc('ns/a', { lbIP: '192.0.2.243', status: ['192.0.2.242'] }), want: assigned('192.0.2.243') },
      { key: 'ns/b', svc: svc('ns/b', { lbIP: '192.0.2.242' }), want: assigned('192.0.2.242') },
    ],
  },
  {
    name: 'the MetalLB annotations ask for addresses, one per family',
    pool: ['192.0.2.240/30', 'fd00::/126'],
    steps: [
      {
        key: 'ns/dual', svc: svc('ns/dual', { families: ['IPv4', 'IPv6'], annotations: { 'metallb.universe.tf/loadBalancerIPs': 'fd00::2, 192.0.2.241' } }),
        want: assigned('192.0.2.241', 'fd00::2'),
      },
      { key: 'ns/new', svc: svc('ns/new', { annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.243' } }), want: assigned('192.0.2.243') },
      {
        key: 'ns/both', svc: svc('ns/both', { lbIP: '192.0.2.240', annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.240' } }),
        want: { kind: 'failed', message: 'service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP', retryOnRelease: false },
      },
      {
        key: 'ns/wrongfamily', svc: svc('ns/wrongfamily', { annotations: { 'metallb.io/loadBalancerIPs': 'fd00::3' } }),
        want: { kind: 'failed', message: 'requested loadBalancer IP(s) ["fd00::3"] does not match the ipFamily of the service', retryOnRelease: false },
      },
    ],
  },
  {
    name: 'the address in status is kept while still allowed (no reshuffling), else replaced',
    pool: ['192.0.2.240-192.0.2.243'],
    steps: [
      { key: 'ns/a', svc: svc('ns/a', { status: ['192.0.2.242'] }), want: assigned('192.0.2.242') },
      { key: 'ns/b', svc: svc('ns/b', { status: ['10.1.1.1'] }), want: assigned('192.0.2.240') },
      { key: 'ns/c', svc: svc('ns/c', { status: ['192.0.2.242'] }), want: assigned('192.0.2.241') },
    ],
  },
  {
    name: 'other load balancer classes and other types hold nothing',
    pool: ['192.0.2.240/32'],
    steps: [
      { key: 'ns/a', svc: svc('ns/a'), want: assigned('192.0.2.240') },
      { key: 'ns/a', svc: svc('ns/a', { type: 'ClusterIP' }), want: { kind: 'cleared' } },
      { key: 'ns/cls', svc: svc('ns/cls', { cls: 'example.com/other', status: ['192.0.2.240'] }), want: { kind: 'notOurs' } },
      { key: 'ns/b', svc: svc('ns/b'), want: assigned('192.0.2.240') },
    ],
  },
];

for (const c of cases) {
  test(`converge: ${c.name}`, () => {
    const alloc = new Allocator(parsePool(c.pool));
    c.steps.forEach((s, i) => {
      assert.deepEqual(convergeBalancer(s.key, s.svc, alloc), s.want, `step ${i}: ${s.key}`);
      const held = s.want.kind === 'assigned' ? s.want.ips : undefined;
      assert.deepEqual(alloc.ipsOf(s.key), held, `step ${i}: ${s.key} holds exactly what it was given`);
    });
  });
}

test('requested addresses: bad values are reported as MetalLB does', () => {
  const cases: [SvcOpts, ReturnType<typeof requestedIPs>][] = [
    [{}, { ips: [] }],
    [{ lbIP: '192.0.2.010' }, { ips: ['192.0.2.10'] }],
    [{ lbIP: 'x' }, { error: 'invalid spec.loadBalancerIP "x"' }],
    [{ annotations: { 'metallb.io/loadBalancerIPs': '1.2.3.4,y' } }, { error: 'invalid metallb.io/loadBalancerIPs: "1.2.3.4,y"' }],
    [{ annotations: { 'metallb.io/loadBalancerIPs': '1.2.3.4,1.2.3.5' } }, { error: '"1.2.3.4" "1.2.3.5" has the same family' }],
    [{ annotations: { 'metallb.io/loadBalancerIPs': '1.2.3.4,::1,::2' } }, { error: 'more than two addresses ["1.2.3.4" "::1" "::2"]' }],
    // The stable annotation wins over the deprecated one whenever present.
    [{ annotations: { 'metallb.io/loadBalancerIPs': '1.2.3.4', 'metallb.universe.tf/loadBalancerIPs': '5.6.7.8' } }, { ips: ['1.2.3.4'] }],
  ];
  for (const [o, want] of cases) assert.deepEqual(requestedIPs(svc('ns/x', o)), want, JSON.stringify(o));
});

test('start-up rebuild: two services claiming one address, the older keeps it', () => {
  const alloc = new Allocator(parsePool(['192.0.2.240-192.0.2.241']));
  const young = svc('ns/a-young', { status: ['192.0.2.240'], created: '2025-02-01T00:00:00Z' });
  const old = svc('ns/z-old', { status: ['192.0.2.240'], created: '2025-01-01T00:00:00Z' });
  const other = svc('ns/cls', { status: ['192.0.2.241'], cls: 'example.com/x' });
  const outside = svc('ns/outside', { status: ['10.0.0.1'] });
  const ordered = adoptionOrder([young, other, old, outside]);
  assert.deepEqual(ordered.map((s) => s.metadata?.name), ['cls', 'outside', 'z-old', 'a-young'], 'oldest first, then by key');
  const adopted = ordered.map((s) => adoptStatus(`${s.metadata!.namespace}/${s.metadata!.name}`, s, alloc));
  assert.deepEqual(adopted, [[], [], ['192.0.2.240'], []]);
  // Then the normal convergence gives the younger one the other address.
  assert.deepEqual(convergeBalancer('ns/a-young', young, alloc), assigned('192.0.2.241'));
  assert.deepEqual(convergeBalancer('ns/z-old', old, alloc), assigned('192.0.2.240'));
});

test('start-up rebuild adopts only what convergence would keep', () => {
  const alloc = new Allocator(parsePool(['192.0.2.0/29', 'fd00::/126']));
  const cases: [string, SvcOpts, string[]][] = [
    ['ns/dual', { families: ['IPv4', 'IPv6'], status: ['192.0.2.1', 'fd00::1'] }, ['192.0.2.1', 'fd00::1']],
    ['ns/v4', { status: ['192.0.2.2', 'fd00::2'] }, ['192.0.2.2']],
    ['ns/twice', { status: ['192.0.2.3', '192.0.2.4'] }, ['192.0.2.3']],
    ['ns/asked', { lbIP: '192.0.2.6', status: ['192.0.2.5'] }, []],
    ['ns/notlb', { type: 'ClusterIP', status: ['192.0.2.7'] }, []],
  ];
  for (const [key, o, want] of cases) assert.deepEqual(adoptStatus(key, svc(key, o), alloc), want, key);
  assert.equal(alloc.ownerOf('192.0.2.5'), undefined);
});
