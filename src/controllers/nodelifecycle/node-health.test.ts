import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '../../apis/object.js';
import { desiredTaints, expiredConditions, healthSignature, notReadyConditions, observe, podsToMarkNotReady } from './node-health.js';

const now = '2024-05-01T10:00:00Z';
function node(ready?: 'True' | 'False' | 'Unknown', taints?: NonNullable<Node['spec']>['taints']): Node {
  return {
    metadata: { name: 'n1' },
    spec: { taints },
    status: { conditions: ready ? [{ type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: '2024-05-01T09:00:00Z', lastTransitionTime: '2024-05-01T08:00:00Z' }] : [] },
  };
}

test('probe time moves only when the node posts something new', () => {
  const n = node('True');
  const a = observe(undefined, healthSignature(n, 't1'), 1000);
  assert.equal(a.probeTimestamp, 1000);
  assert.equal(observe(a, healthSignature(n, 't1'), 5000).probeTimestamp, 1000);
  assert.equal(observe(a, healthSignature(n, 't2'), 5000).probeTimestamp, 5000);
});

test('expired conditions: Unknown with the kubelet-stopped reason', () => {
  const conds = expiredConditions(node('True'), now)!;
  const ready = conds.find((c) => c.type === 'Ready')!;
  assert.deepEqual(ready, { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: '2024-05-01T09:00:00Z', lastTransitionTime: now });
  const mem = conds.find((c) => c.type === 'MemoryPressure')!;
  assert.equal(mem.reason, 'NodeStatusNeverUpdated');
  assert.equal(mem.message, 'Kubelet never posted node status.');
  assert.equal(expiredConditions({ ...node(), status: { conditions: conds } }, now), undefined, 'already Unknown: no write');
});

test('condition taints follow Ready', () => {
  const other = { key: 'example.com/x', effect: 'NoSchedule' as const };
  const cases: Array<{ name: string; node: Node; want: unknown }> = [
    { name: 'ready, untainted', node: node('True'), want: undefined },
    { name: 'ready again: taint removed', node: node('True', [other, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]), want: [other] },
    { name: 'unknown: unreachable', node: node('Unknown', [other]), want: [other, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] },
    { name: 'false: not-ready replaces unreachable', node: node('False', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]), want: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] },
    { name: 'no Ready condition counts as unreachable', node: node(), want: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] },
    { name: 'already right', node: node('Unknown', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]), want: undefined },
  ];
  for (const c of cases) assert.deepEqual(desiredTaints(c.node), c.want, c.name);
});

test('pods on a node that is not Ready become Ready=False', () => {
  const pod = (name: string, nodeName: string, ready: string): Pod => ({
    metadata: { name, namespace: 'default' }, spec: { nodeName, containers: [] },
    status: { conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: ready }] },
  });
  const pods = [pod('a', 'n1', 'True'), pod('b', 'n1', 'False'), pod('c', 'n2', 'True')];
  assert.deepEqual(podsToMarkNotReady(node('Unknown'), pods).map((p) => p.metadata!.name), ['a']);
  assert.deepEqual(podsToMarkNotReady(node('True'), pods), []);
  assert.deepEqual(notReadyConditions(pods[0]!, now), [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False', lastTransitionTime: now }]);
});
