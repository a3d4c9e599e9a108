// The transaction text renderRuleset writes: names, determinism, full vs. in-place sync, families.
// Packet behaviour is specified in tracer.test.ts; this file pins what is visible in `nft list`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointNames, hashAndTruncate, servicePortNames } from './names.js';
import { renderRuleset, renderSync } from './renderer.js';
import { endpoint, servicePort, snapshot } from './test-fixtures.js';
import { parseRuleset } from './ruleset-model.js';

test('generated names: hash + readable name, as kube-proxy writes them', () => {
  const svc = servicePort('svc1', { clusterIPs: ['172.30.0.41'] });
  const cases: Array<[string, string]> = [
    [servicePortNames(svc).clusterChain, 'service-ULMVA6XW-ns1/svc1/tcp/p80'],
    [servicePortNames(svc).externalChain, 'external-ULMVA6XW-ns1/svc1/tcp/p80'],
    [servicePortNames(servicePort('svc2', { namespace: 'ns2' })).localChain, 'local-42NFTM6N-ns2/svc2/tcp/p80'],
    [endpointNames(svc, endpoint('10.180.0.1')).chain, 'endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80'],
    [endpointNames(svc, endpoint('10.180.0.1')).affinitySet, 'affinity-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80'],
    [endpointNames(svc, endpoint('fd00::1')).chain.replace(/-[A-Z2-7]{8}-/, '-HASH-'), 'endpoint-HASH-ns1/svc1/tcp/p80__fd00..1/80'],
  ];
  for (const [got, want] of cases) assert.equal(got, want);
  const long = hashAndTruncate('x'.repeat(300));
  assert.equal(long.length, 240);
  assert.ok(long.endsWith('...'));
  assert.notEqual(hashAndTruncate('x'.repeat(300)), hashAndTruncate('x'.repeat(299) + 'y'), 'the hash keeps truncated names apart');
});

const svcA = servicePort('a', { clusterIPs: ['172.30.0.41'], nodePort: 30001 });
const svcB = servicePort('b', { clusterIPs: ['172.30.0.42'], sessionAffinityTimeoutSeconds: 60 });
const epsA = [endpoint('10.180.0.10'), endpoint('10.180.0.9'), endpoint('10.180.0.1')];
const epsB = [endpoint('10.180.1.1')];

test('output is deterministic: input order does not matter, endpoints in numeric order', () => {
  const one = renderRuleset(snapshot([[svcA, epsA], [svcB, epsB]]));
  const two = renderRuleset(snapshot([[svcB, [...epsB]], [svcA, [...epsA].reverse()]]));
  assert.equal(one, two);
  const numgen = one.split('\n').find((l) => l.includes('numgen'))!;
  const order = [...numgen.matchAll(/__([\d.]+)\/80/g)].map((m) => m[1]);
  assert.deepEqual(order, ['10.180.0.1', '10.180.0.9', '10.180.0.10']);
});

test('full sync recreates the table inside the transaction', () => {
  const lines = renderRuleset(snapshot([[svcA, epsA]])).split('\n');
  assert.deepEqual(lines.slice(0, 3), ['add table ip svcnet', 'delete table ip svcnet', 'add table ip svcnet { comment "rules for svcnet" ; }']);
  assert.ok(lines.includes('add element ip svcnet service-ips { 172.30.0.41 . tcp . 80 : goto service-' + servicePortNames(svcA).clusterChain.slice('service-'.length) + ' }'));
  assert.ok(lines.includes(`add element ip svcnet service-nodeports { tcp . 30001 : goto ${servicePortNames(svcA).externalChain} }`));
});

test('in-place sync keeps the table and affinity entries, flushes stale chains, deletes them one sync later', () => {
  const staleChain = endpointNames(svcA, endpoint('10.180.0.99')).chain;
  const staleSet = endpointNames(svcB, endpoint('10.180.1.99')).affinitySet;
  const keptSet = endpointNames(svcB, epsB[0]!).affinitySet;
  const existing = { ip: { chains: ['services', 'some-chain-of-an-older-version', staleChain, servicePortNames(svcA).clusterChain], sets: [staleSet, keptSet] } };
  const first = renderSync(snapshot([[svcA, epsA], [svcB, epsB]]), { existing });
  const lines = first.text.trimEnd().split('\n');
  assert.ok(!lines.some((l) => l.startsWith('delete table')), 'no table delete');
  assert.ok(!lines.includes(`flush set ip svcnet ${keptSet}`), 'affinity set entries survive');
  assert.deepEqual(lines.filter((l) => l.startsWith('delete')), [`delete set ip svcnet ${staleSet}`]);
  // the stale chain is emptied after the new elements stop referencing it, and left for later
  assert.ok(lines.indexOf(`flush chain ip svcnet ${staleChain}`) > lines.findLastIndex((l) => l.startsWith('add element')));
  assert.deepEqual(first.flushedChains, [staleChain]);

  const second = renderSync(snapshot([[svcA, epsA], [svcB, epsB]]), { existing, deletableChains: new Set(first.flushedChains) });
  assert.deepEqual(second.text.trimEnd().split('\n').filter((l) => l.startsWith('delete chain')), [`delete chain ip svcnet ${staleChain}`]);
  assert.deepEqual(second.flushedChains, []);
});

test('a service without endpoints has no nat chains, only a reject element', () => {
  const text = renderRuleset(snapshot([[svcA, []]]));
  assert.ok(!text.includes(servicePortNames(svcA).clusterChain));
  assert.match(text, /add element ip svcnet no-endpoint-services \{ 172\.30\.0\.41 \. tcp \. 80 comment "ns1\/a:p80" : goto reject-chain \}/);
  assert.match(text, /add element ip svcnet no-endpoint-nodeports \{ tcp \. 30001 comment "ns1\/a:p80" : goto reject-chain \}/);
});

test('families: IPv4 addresses go to the ip table, IPv6 ones to ip6 when asked for', () => {
  const dual = servicePort('dual', { clusterIPs: ['172.30.0.50', 'fd00:10:96::50'] });
  const snap = snapshot([[dual, [endpoint('10.180.0.50'), endpoint('fd00:10::50')]]]);
  const v4only = parseRuleset(renderRuleset(snap));
  assert.deepEqual([...v4only.keys()], ['ip svcnet']);
  const both = parseRuleset(renderRuleset(snap, { families: ['ip', 'ip6'], tableName: 'kp', clusterCIDRs: ['10.180.0.0/16', 'fd00:10::/64'] }));
  assert.deepEqual([...both.keys()], ['ip kp', 'ip6 kp']);
  assert.deepEqual([...both.get('ip kp')!.maps.get('service-ips')!.keys()], ['172.30.0.50 . tcp . 80']);
  assert.deepEqual([...both.get('ip6 kp')!.maps.get('service-ips')!.keys()], ['fd00:10:96::50 . tcp . 80']);
  const ep6 = [...both.get('ip6 kp')!.chains.values()].find((c) => c.name.startsWith('endpoint-'))!;
  assert.deepEqual(ep6.rules.at(-1), ['meta', 'l4proto', 'tcp', 'dnat', 'to', '[fd00:10::50]:80']);
  // each table only names pod CIDRs of its own family (nft rejects the others)
  const masq = (t: string) => [...both.get(t)!.chains.values()].flatMap((c) => c.rules).filter((r) => r.includes('mark-for-masquerade') && r.includes('!=')).map((r) => r.join(' '));
  assert.deepEqual(masq('ip kp').map((r) => r.replace(/jump .*/, '')), ['ip daddr 172.30.0.50 tcp dport 80 ip saddr != { 10.180.0.0/16 } ']);
  assert.deepEqual(masq('ip6 kp').map((r) => r.replace(/jump .*/, '')), ['ip6 daddr fd00:10:96::50 tcp dport 80 ip6 saddr != { fd00:10::/64 } ']);
});
