import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../testing/test-server.js';
import { newClient } from '../client/rest-client.js';
import { rootLogger } from '../lib/logger.js';
import { desiredNode, goArch, nodeConditions, NodeStatusReporter, virtualNodeIdentity, type Node } from './node-status.js';

const t0 = Date.parse('2026-11-25T07:00:00Z');
const id = virtualNodeIdentity('vn-1', '198.18.0.7', { labels: { 'node.kubernetes.io/instance-type': 'virtual' }, kernelVersion: '6.1.0' });

test('node conditions: the kubelet\'s healthy set, transition time kept, heartbeat moves', async (t) => {
  const first = nodeConditions(t0);
  await t.test('types, statuses and reasons', () => assert.deepEqual(first.map((c) => [c.type, c.status, c.reason, c.message]), [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ]));
  const later = nodeConditions(t0 + 60_000, first);
  await t.test('heartbeat moves', () => assert.ok(later.every((c) => c.lastHeartbeatTime === '2026-11-25T07:01:00Z')));
  await t.test('transition kept', () => assert.ok(later.every((c) => c.lastTransitionTime === '2026-11-25T07:00:00Z')));
  const wasNotReady = first.map((c) => (c.type === 'Ready' ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown' } : c));
  await t.test('Unknown -> True is a transition', () => assert.equal(nodeConditions(t0 + 60_000, wasNotReady).find((c) => c.type === 'Ready')?.lastTransitionTime, '2026-11-25T07:01:00Z'));
});

test('desiredNode: labels, addresses, capacity, nodeInfo', async (t) => {
  const n = desiredNode(id, t0);
  const cases: Array<[string, unknown, unknown]> = [
    ['well-known labels', n.metadata.labels, {
      'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'vn-1', 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'virtual',
    }],
    ['addresses', n.status?.addresses, [{ type: 'InternalIP', address: '198.18.0.7' }, { type: 'Hostname', address: 'vn-1' }]],
    ['pods capacity 110', n.status?.capacity?.pods, '110'],
    ['allocatable = capacity', n.status?.allocatable, n.status?.capacity],
    ['nodeInfo versions', [n.status?.nodeInfo?.kubeletVersion, n.status?.nodeInfo?.containerRuntimeVersion, n.status?.nodeInfo?.kernelVersion, n.status?.nodeInfo?.operatingSystem, n.status?.nodeInfo?.architecture],
      ['v1.32.3', 'svcnet://virtual', '6.1.0', 'linux', 'amd64']],
    ['machineID is stable per name', desiredNode(id, t0 + 1000).status?.nodeInfo?.machineID, n.status?.nodeInfo?.machineID],
    ['GOARCH names', [goArch('x64'), goArch('arm64')], ['amd64', 'arm64']],
  ];
  for (const [name, got, want] of cases) await t.test(name, () => assert.deepEqual(got, want));
  await t.test('an existing Node keeps its spec and other labels', () => {
    const existing = { ...n, metadata: { ...n.metadata, uid: 'u', labels: { team: 'a' } }, spec: { podCIDR: '10.244.3.0/24' } } as Node;
    const again = desiredNode(id, t0 + 5000, existing);
    assert.equal(again.spec?.podCIDR, '10.244.3.0/24');
    assert.equal(again.metadata.labels?.team, 'a');
    assert.equal(again.metadata.uid, 'u');
  });
});

test('NodeStatusReporter against a server: registers Ready, adopts on restart, heartbeats', async () => {
  const server = await startTestServer({ controllers: false });
  const client = newClient(server.clientConfig('node-status-test'));
  const nodes = client.forKind<Node>('Node');
  const reporter = new NodeStatusReporter({ client, identity: id, log: rootLogger, heartbeatIntervalMs: 1100 });
  try {
    const created = await reporter.register();
    assert.ok(reporter.uid);
    const ready = created.status?.conditions?.find((c) => c.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason], ['True', 'KubeletReady']);
    await nodes.patch(undefined, 'vn-1', 'merge', { spec: { podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'] } });

    // A second registration (agent restart) adopts the Node: same uid, spec kept.
    const again = await new NodeStatusReporter({ client, identity: id, log: rootLogger, heartbeatIntervalMs: 1100 }).register();
    assert.equal(again.metadata.uid, created.metadata.uid);
    assert.equal(again.spec?.podCIDR, '10.244.3.0/24');

    reporter.start();
    const beat0 = again.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime;
    let live = again;
    for (let i = 0; i < 60 && live.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime === beat0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      live = await nodes.get(undefined, 'vn-1');
    }
    const readyNow = live.status?.conditions?.find((c) => c.type === 'Ready');
    assert.notEqual(readyNow?.lastHeartbeatTime, beat0, 'heartbeat moved');
    assert.equal(readyNow?.lastTransitionTime, ready?.lastTransitionTime, 'no transition');
    assert.equal(live.spec?.podCIDR, '10.244.3.0/24');
  } finally {
    reporter.stop();
    client.close();
    await server.stop();
  }
});
