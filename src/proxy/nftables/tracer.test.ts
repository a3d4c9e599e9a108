// Packet flows through the rules renderRuleset writes, traced by the PacketTracer: the spec of the
// nftables data plane as kube-proxy's packet-flow tests state it (who reaches which endpoint, what
// is rejected or dropped, what leaves masqueraded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointNames } from './names.js';
import { renderRuleset } from './renderer.js';
import { endpoint, NODE_IP, servicePort, snapshot } from './test-fixtures.js';
import { PacketTracer, TraceError, tracePacket, type TracePacket } from './tracer.js';
import type { Protocol } from '../types.js';

const CLUSTER_CIDR = '10.180.0.0/16';
const POD = '10.180.0.9'; // a pod on this node, no endpoint of anything
const EXTERNAL = '203.0.113.1'; // a client outside the cluster

const svc1 = servicePort('svc1', { clusterIPs: ['172.30.0.41'], nodePort: 3001, externalIPs: ['192.168.99.11'] });
const svc2 = servicePort('svc2', { clusterIPs: ['172.30.0.42'], nodePort: 3002, externalTrafficPolicyLocal: true });
const svc3 = servicePort('svc3', { clusterIPs: ['172.30.0.43'], nodePort: 3003 });
const svc4 = servicePort('svc4', { clusterIPs: ['172.30.0.44'], nodePort: 3004, externalTrafficPolicyLocal: true });
const svc5 = servicePort('svc5', { clusterIPs: ['172.30.0.45'], sessionAffinityTimeoutSeconds: 10800 });
const svc6 = servicePort('svc6', { clusterIPs: ['172.30.0.46'], loadBalancerIPs: ['5.6.7.8'], loadBalancerSourceRanges: ['203.0.113.0/25'], nodePort: 3006 });
const svc7 = servicePort('svc7', { clusterIPs: ['172.30.0.47'], internalTrafficPolicyLocal: true });
const svc8 = servicePort('svc8', { clusterIPs: ['172.30.0.48'], protocol: 'UDP', port: 53, portName: 'dns' });
const svc5eps = [endpoint('10.180.0.5'), endpoint('10.180.1.5'), endpoint('10.180.2.5')];

const snap = snapshot([
  [svc1, [endpoint('10.180.0.1', { local: true }), endpoint('10.180.0.2', { local: true }), endpoint('10.180.2.1')]],
  [svc2, [endpoint('10.180.0.3', { local: true }), endpoint('10.180.1.3')]],
  [svc3, []],
  [svc4, [endpoint('10.180.1.4')]],
  [svc5, svc5eps],
  [svc6, [endpoint('10.180.0.6', { local: true })]],
  [svc7, [endpoint('10.180.1.7')]],
  [svc8, [endpoint('10.180.0.8', { local: true, port: 5353 }), endpoint('10.180.0.9', { port: 5353, ready: false, serving: false })]],
]);
const rules = renderRuleset(snap, { clusterCIDRs: [CLUSTER_CIDR] });
const tracer = new PacketTracer(rules, { localIPs: snap.nodeIPs });

interface FlowCase {
  name: string;
  sourceIP: string;
  destIP: string;
  destPort: number;
  protocol?: Protocol;
  output: string;
  masq: boolean;
}

function runFlows(t: PacketTracer, cases: FlowCase[]): void {
  for (const c of cases) {
    const pkt: TracePacket = { sourceIP: c.sourceIP, destIP: c.destIP, destPort: c.destPort, protocol: c.protocol ?? 'TCP' };
    const got = t.trace(pkt);
    assert.deepEqual({ output: got.outcomes.join(', '), masq: got.masquerade }, { output: c.output, masq: c.masq }, c.name);
  }
}

test('packet flows: ClusterIP, NodePort, external IPs, load balancers, no endpoints', () => {
  runFlows(tracer, [
    { name: 'pod to ClusterIP reaches every endpoint, unmasqueraded', sourceIP: POD, destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80, 10.180.0.2:80, 10.180.2.1:80', masq: false },
    { name: 'off-cluster source to ClusterIP is masqueraded', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80, 10.180.0.2:80, 10.180.2.1:80', masq: true },
    { name: 'node itself to ClusterIP is masqueraded', sourceIP: NODE_IP, destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80, 10.180.0.2:80, 10.180.2.1:80', masq: true },
    { name: 'ClusterIP on another port is not a service', sourceIP: POD, destIP: '172.30.0.41', destPort: 81, output: 'ACCEPT', masq: false },
    { name: 'unknown address is left alone', sourceIP: POD, destIP: '10.180.2.1', destPort: 80, output: 'ACCEPT', masq: false },
    { name: 'NodePort on the node address, external client', sourceIP: EXTERNAL, destIP: NODE_IP, destPort: 3001, output: '10.180.0.1:80, 10.180.0.2:80, 10.180.2.1:80', masq: true },
    { name: 'NodePort on an address that is not local does nothing', sourceIP: EXTERNAL, destIP: '192.168.0.3', destPort: 3001, output: 'ACCEPT', masq: false },
    { name: 'NodePort on localhost is not served', sourceIP: '127.0.0.1', destIP: '127.0.0.1', destPort: 3001, output: 'ACCEPT', masq: false },
    { name: 'externalIP, external client, masqueraded', sourceIP: EXTERNAL, destIP: '192.168.99.11', destPort: 80, output: '10.180.0.1:80, 10.180.0.2:80, 10.180.2.1:80', masq: true },
    { name: 'eTP Local: external client only reaches local endpoints, source kept', sourceIP: EXTERNAL, destIP: NODE_IP, destPort: 3002, output: '10.180.0.3:80', masq: false },
    { name: 'eTP Local: the node itself reaches every endpoint, masqueraded', sourceIP: NODE_IP, destIP: NODE_IP, destPort: 3002, output: '10.180.0.3:80, 10.180.1.3:80', masq: true },
    { name: 'eTP Local: a pod reaching the NodePort is short-circuited to every endpoint', sourceIP: POD, destIP: NODE_IP, destPort: 3002, output: '10.180.0.3:80, 10.180.1.3:80', masq: false },
    { name: 'eTP Local: ClusterIP still uses every endpoint', sourceIP: POD, destIP: '172.30.0.42', destPort: 80, output: '10.180.0.3:80, 10.180.1.3:80', masq: false },
    { name: 'no endpoints: ClusterIP rejects', sourceIP: POD, destIP: '172.30.0.43', destPort: 80, output: 'REJECT', masq: false },
    { name: 'no endpoints: NodePort rejects', sourceIP: EXTERNAL, destIP: NODE_IP, destPort: 3003, output: 'REJECT', masq: false },
    { name: 'eTP Local, endpoints only elsewhere: external NodePort traffic drops', sourceIP: EXTERNAL, destIP: NODE_IP, destPort: 3004, output: 'DROP', masq: false },
    { name: 'eTP Local, endpoints only elsewhere: the node itself still gets through', sourceIP: NODE_IP, destIP: NODE_IP, destPort: 3004, output: '10.180.1.4:80', masq: true },
    { name: 'eTP Local, endpoints only elsewhere: ClusterIP works', sourceIP: POD, destIP: '172.30.0.44', destPort: 80, output: '10.180.1.4:80', masq: false },
    { name: 'LB IP from an allowed source range', sourceIP: '203.0.113.5', destIP: '5.6.7.8', destPort: 80, output: '10.180.0.6:80', masq: true },
    { name: 'LB IP from outside loadBalancerSourceRanges drops', sourceIP: '203.0.113.200', destIP: '5.6.7.8', destPort: 80, output: 'DROP', masq: false },
    { name: 'NodePort of an LB service ignores source ranges', sourceIP: '203.0.113.200', destIP: NODE_IP, destPort: 3006, output: '10.180.0.6:80', masq: true },
    { name: 'iTP Local without local endpoints: ClusterIP drops', sourceIP: POD, destIP: '172.30.0.47', destPort: 80, output: 'DROP', masq: false },
    { name: 'UDP service: only ready endpoints, on the target port', sourceIP: POD, destIP: '172.30.0.48', destPort: 53, protocol: 'UDP', output: '10.180.0.8:5353', masq: false },
    { name: 'TCP to a UDP-only service port is not a service', sourceIP: POD, destIP: '172.30.0.48', destPort: 53, protocol: 'TCP', output: 'ACCEPT', masq: false },
  ]);
});

test('hairpin: an endpoint reaching its own service is masqueraded only when it lands on itself', () => {
  const got = tracer.trace({ sourceIP: '10.180.0.1', destIP: '172.30.0.41', destPort: 80, protocol: 'TCP' });
  const byOutcome = Object.fromEntries(got.paths.map((p) => [p.outcome, p.masquerade]));
  assert.deepEqual(byOutcome, { '10.180.0.1:80': true, '10.180.0.2:80': false, '10.180.2.1:80': false });
});

test('session affinity: a client in an endpoint\'s affinity set goes only there', () => {
  const pkt: TracePacket = { sourceIP: POD, destIP: '172.30.0.45', destPort: 80, protocol: 'TCP' };
  assert.deepEqual(tracer.trace(pkt).outcomes, ['10.180.0.5:80', '10.180.1.5:80', '10.180.2.5:80'], 'new client: any endpoint');
  const sticky = new PacketTracer(rules, { localIPs: snap.nodeIPs, setElements: { [endpointNames(svc5, svc5eps[1]!).affinitySet]: [POD] } });
  assert.deepEqual(sticky.trace(pkt).outcomes, ['10.180.1.5:80'], 'known client: its endpoint');
  assert.deepEqual(sticky.trace({ ...pkt, sourceIP: '10.180.0.10' }).outcomes.length, 3, 'another client: any endpoint');
  assert.match(rules, /add set ip svcnet affinity-\S+ns1\/svc5\/tcp\/p80__10\.180\.1\.5\/80 \{ type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; \}/);
  assert.match(rules, /add rule ip svcnet endpoint-\S+__10\.180\.1\.5\/80 update @affinity-\S+__10\.180\.1\.5\/80 \{ ip saddr \}/);
});

test('masqueradeAll masquerades pod traffic to ClusterIPs too', () => {
  const all = new PacketTracer(renderRuleset(snap, { clusterCIDRs: [CLUSTER_CIDR], masqueradeAll: true }), { localIPs: snap.nodeIPs });
  runFlows(all, [
    { name: 'pod to ClusterIP', sourceIP: POD, destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80, 10.180.0.2:80, 10.180.2.1:80', masq: true },
  ]);
});

test('paths name the chains taken: service, policy and endpoint chains', () => {
  const got = tracePacket(rules, { sourceIP: EXTERNAL, destIP: NODE_IP, destPort: 3002, protocol: 'TCP' }, { localIPs: [NODE_IP] });
  assert.equal(got.paths.length, 1);
  const chains = got.paths[0]!.chains.filter((c) => c.includes('/')).map((c) => c.replace(/-[A-Z2-7]{8}-/, '-HASH-'));
  assert.deepEqual(chains, ['external-HASH-ns1/svc2/tcp/p80', 'local-HASH-ns1/svc2/tcp/p80', 'endpoint-HASH-ns1/svc2/tcp/p80__10.180.0.3/80']);
});

test('the tracer refuses rules it does not understand', () => {
  assert.throws(() => tracePacket('add table ip svcnet\nadd chain ip svcnet c { type nat hook prerouting priority -100 ; }\nadd rule ip svcnet c iifname "eth0" drop\n',
    { sourceIP: EXTERNAL, destIP: NODE_IP, destPort: 1, protocol: 'TCP' }), TraceError);
  assert.throws(() => tracePacket('insert rule ip svcnet c drop\n', { sourceIP: EXTERNAL, destIP: NODE_IP, destPort: 1, protocol: 'TCP' }), /unsupported command/);
});
