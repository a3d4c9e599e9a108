import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../apis/field-errors.js';
import { namespaceStrategy, type NamespaceObject } from './strategy.js';
import { nodeStrategy, type NodeObject } from '../node/strategy.js';
import { leaseStrategy, type LeaseObject } from '../lease/strategy.js';
import { eventStrategy, type EventObject } from '../event/strategy.js';

const now = new Date('2024-05-01T12:00:00Z');

test('namespace create: finalizer, phase, name label', () => {
  const ns = { metadata: { name: 'team-a', labels: { x: 'y' } } } as NamespaceObject;
  namespaceStrategy.prepareForCreate(ns);
  assert.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(ns.status, { phase: 'Active' });
  assert.deepEqual(ns.metadata.labels, { x: 'y', 'kubernetes.io/metadata.name': 'team-a' });
  assert.deepEqual(namespaceStrategy.validate(ns), []);
  assert.deepEqual(namespaceStrategy.table.cells({ ...ns, metadata: { ...ns.metadata, creationTimestamp: '2024-05-01T11:59:00Z' as never } }, now), ['team-a', 'Active', '60s']);
  const dotted = { metadata: { name: 'a.b' } } as NamespaceObject;
  namespaceStrategy.prepareForCreate(dotted);
  assert.deepEqual(namespaceStrategy.validate(dotted).map((e) => formatFieldError(e)), ['metadata.name: Invalid value: "a.b": must not contain dots']);
});

test('node table', async (t) => {
  const node = (labels: Record<string, string>, ready: string | undefined, unschedulable = false): NodeObject => ({
    metadata: { name: 'node1', labels, creationTimestamp: '2024-04-29T12:00:00Z' as never },
    spec: { unschedulable },
    status: {
      conditions: ready ? [{ type: 'Ready', status: ready }] : [],
      addresses: [{ type: 'InternalIP', address: '10.7.27.17' }, { type: 'Hostname', address: 'node1' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 24.04 LTS', kernelVersion: '6.8.0', containerRuntimeVersion: 'svcnet://0.1.0' } as never,
    },
  } as NodeObject);
  const cases: Array<[string, NodeObject, unknown[]]> = [
    ['ready control plane', node({ 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' }, 'True'),
      ['node1', 'Ready', 'control-plane,master', '2d', 'v1.32.0', '10.7.27.17', '<none>', 'Ubuntu 24.04 LTS', '6.8.0', 'svcnet://0.1.0']],
    ['cordoned, not ready, no roles', node({}, 'False', true), ['node1', 'NotReady,SchedulingDisabled', '<none>']],
    ['no Ready condition', node({ 'kubernetes.io/role': 'worker' }, undefined), ['node1', 'Unknown', 'worker']],
  ];
  for (const [name, n, want] of cases) await t.test(name, () => assert.deepEqual(nodeStrategy.table.cells(n, now).slice(0, want.length), want));
  await t.test('selectable unschedulable', () => assert.deepEqual(nodeStrategy.selectableFields!(node({}, 'True', true)), { 'spec.unschedulable': 'true' }));
});

test('lease', () => {
  const l = { metadata: { name: 'node1', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'node1', leaseDurationSeconds: 0 } } as LeaseObject;
  assert.deepEqual(leaseStrategy.validate(l).map((e) => formatFieldError(e)), ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
  assert.deepEqual(leaseStrategy.table.cells(l, now), ['node1', 'node1', '<unknown>']);
});

test('event table and fields', () => {
  const e = {
    metadata: { name: 'web.17c', namespace: 'default' },
    involvedObject: { kind: 'Service', name: 'web', namespace: 'default', uid: 'u1' },
    reason: 'Synced', message: 'synced ok ', type: 'Normal', count: 3,
    firstTimestamp: '2024-05-01T11:02:00Z', lastTimestamp: '2024-05-01T11:51:04Z', source: { component: 'svcnet' },
  } as unknown as EventObject;
  assert.deepEqual(eventStrategy.table.cells(e, now), ['8m56s', 'Normal', 'Synced', 'service/web', '', 'svcnet', 'synced ok', '58m', 3, 'web.17c']);
  assert.equal(eventStrategy.selectableFields!(e)['involvedObject.kind'], 'Service');
  assert.deepEqual(eventStrategy.validate({ ...e, involvedObject: { ...e.involvedObject, namespace: 'other' } } as EventObject).map((x) => formatFieldError(x)),
    ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
});
