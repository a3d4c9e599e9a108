import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '../../apis/object.js';
import { needsScheduling, nodeLoads, selectNode, tolerates } from './select-node.js';

function node(name: string, o: { ready?: 'True' | 'False' | 'Unknown'; unschedulable?: boolean; taints?: NonNullable<Node['spec']>['taints']; labels?: Record<string, string> } = {}): Node {
  return {
    metadata: { name, labels: o.labels },
    spec: { unschedulable: o.unschedulable, taints: o.taints },
    status: { conditions: [{ type: 'Ready', status: o.ready ?? 'True' }] },
  };
}
function pod(o: { owner?: string; nodeSelector?: Record<string, string>; tolerations?: NonNullable<Pod['spec']>['tolerations']; nodeName?: string } = {}): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', ownerReferences: o.owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: o.owner, controller: true }] : undefined },
    spec: { containers: [{ name: 'c' }], nodeSelector: o.nodeSelector, tolerations: o.tolerations, nodeName: o.nodeName },
  };
}

test('node choice: filters, then spreading', () => {
  const loads = nodeLoads([
    { node: 'a', owner: 'rs1' }, { node: 'a', owner: 'rs1' },
    { node: 'b', owner: 'rs1' }, { node: 'b' }, { node: 'b' },
    { node: 'c' }, { node: 'c' }, { node: 'c' }, { node: 'c' },
  ]);
  const cases: Array<{ name: string; pod: Pod; nodes: Node[]; want: string }> = [
    { name: 'the only Ready node', pod: pod(), nodes: [node('n1', { ready: 'False' }), node('n2')], want: 'n2' },
    { name: 'fewest pods overall', pod: pod(), nodes: [node('a'), node('b'), node('c')], want: 'a' },
    { name: 'fewest pods of the same owner beats fewest overall', pod: pod({ owner: 'rs1' }), nodes: [node('a'), node('b'), node('c')], want: 'c' },
    { name: 'ties go to the first name', pod: pod(), nodes: [node('y'), node('x')], want: 'x' },
    { name: 'unschedulable nodes are skipped', pod: pod(), nodes: [node('a', { unschedulable: true }), node('c')], want: 'c' },
    { name: 'NoSchedule taint skipped unless tolerated', pod: pod(), nodes: [node('a', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), node('c')], want: 'c' },
    { name: 'tolerated taint is fine', pod: pod({ tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }] }), nodes: [node('a', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), node('c')], want: 'a' },
    { name: 'PreferNoSchedule does not filter', pod: pod(), nodes: [node('a', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }), node('c')], want: 'a' },
    { name: 'nodeSelector', pod: pod({ nodeSelector: { zone: 'z2' } }), nodes: [node('a', { labels: { zone: 'z1' } }), node('c', { labels: { zone: 'z2' } })], want: 'c' },
  ];
  for (const c of cases) assert.deepEqual(selectNode(c.pod, c.nodes, loads), { node: c.want }, c.name);
});

test('FailedScheduling messages count and sort the reasons', () => {
  const cases: Array<{ name: string; pod: Pod; nodes: Node[]; want: string }> = [
    { name: 'no nodes', pod: pod(), nodes: [], want: 'no nodes available to schedule pods' },
    {
      name: 'one not ready', pod: pod(), nodes: [node('a', { ready: 'False' })],
      want: '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
    {
      name: 'mixed', pod: pod({ nodeSelector: { disk: 'ssd' } }),
      nodes: [node('a', { ready: 'Unknown' }), node('b', { unschedulable: true }), node('c'), node('d')],
      want: "0/4 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    },
  ];
  for (const c of cases) assert.deepEqual(selectNode(c.pod, c.nodes, new Map()), { message: c.want }, c.name);
});

test('tolerations: Exists with no key tolerates everything; effect must match when set', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  const cases: Array<[NonNullable<Pod['spec']>['tolerations'], boolean]> = [
    [[{ operator: 'Exists' }], true],
    [[{ key: 'k', operator: 'Exists' }], true],
    [[{ key: 'k', operator: 'Exists', effect: 'NoExecute' }], false],
    [[{ key: 'k', value: 'v' }], true],
    [[{ key: 'k', value: 'w' }], false],
    [[], false],
  ];
  for (const [t, want] of cases) assert.equal(tolerates(t, taint), want, JSON.stringify(t));
});

test('needsScheduling: unbound pods of the default scheduler that are not finished or deleting', () => {
  const base = pod();
  const cases: Array<[string, Pod, boolean]> = [
    ['pending', base, true],
    ['bound', pod({ nodeName: 'n1' }), false],
    ['other scheduler', { ...base, spec: { ...base.spec!, schedulerName: 'mine' } }, false],
    ['succeeded', { ...base, status: { phase: 'Succeeded' } }, false],
    ['deleting', { ...base, metadata: { ...base.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } }, false],
  ];
  for (const [name, p, want] of cases) assert.equal(needsScheduling(p), want, name);
});
