// The strategic-merge and list-type facts, checked against k8s.io/api's struct tags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAtomicObject, listTypeFor, patchStrategiesOf, patchStrategyFor } from './patch-strategy.js';

const strategies: Array<[string, string, unknown]> = [
  ['Service', 'spec.ports', { strategy: 'merge', mergeKey: 'port' }],
  ['Service', 'metadata.ownerReferences', { strategy: 'merge', mergeKey: 'uid' }],
  ['Service', 'metadata.finalizers', { strategy: 'merge' }],
  ['Service', 'spec.externalIPs', undefined],
  ['Endpoints', 'subsets', undefined],
  ['Pod', 'spec.containers', { strategy: 'merge', mergeKey: 'name' }],
  ['Pod', 'spec.containers.ports', { strategy: 'merge', mergeKey: 'containerPort' }],
  ['Pod', 'spec.containers.env', { strategy: 'merge', mergeKey: 'name' }],
  ['Pod', 'spec.containers.volumeMounts', { strategy: 'merge', mergeKey: 'mountPath' }],
  ['Pod', 'spec.volumes', { strategy: 'merge,retainKeys', mergeKey: 'name' }],
  ['Pod', 'spec.tolerations', undefined],
  ['Pod', 'spec.hostAliases', { strategy: 'merge', mergeKey: 'ip' }],
  ['Pod', 'status.conditions', { strategy: 'merge', mergeKey: 'type' }],
  ['Node', 'status.addresses', { strategy: 'merge', mergeKey: 'type' }],
  ['Node', 'spec.podCIDRs', { strategy: 'merge' }],
  ['Deployment', 'spec.template.spec.initContainers', { strategy: 'merge', mergeKey: 'name' }],
  ['Deployment', 'spec.template.spec.imagePullSecrets', { strategy: 'merge', mergeKey: 'name' }],
  ['Deployment', 'spec.strategy', { strategy: 'retainKeys' }],
  ['StatefulSet', 'spec.template.spec.containers.env', { strategy: 'merge', mergeKey: 'name' }],
  ['Unknown', 'spec.ports', undefined],
];
for (const [kind, path, want] of strategies) {
  test(`patch strategy of ${kind} ${path}`, () => assert.deepEqual(patchStrategyFor(kind, path), want));
}

const listTypes: Array<[string, string, unknown]> = [
  ['Service', 'spec.ports', { listType: 'map', keys: ['port', 'protocol'] }],
  ['Pod', 'spec.containers.ports', { listType: 'map', keys: ['containerPort', 'protocol'] }],
  ['Pod', 'spec.topologySpreadConstraints', { listType: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] }],
  ['Pod', 'status.hostIPs', { listType: 'atomic', keys: [] }],
  ['EndpointSlice', 'endpoints', { listType: 'atomic', keys: [] }],
  ['EndpointSlice', 'endpoints.addresses', { listType: 'set', keys: [] }],
  ['Service', 'metadata.finalizers', { listType: 'set', keys: [] }],
];
for (const [kind, path, want] of listTypes) {
  test(`list type of ${kind} ${path}`, () => assert.deepEqual(listTypeFor(kind, path), want));
}

test('atomic maps and structs', () => {
  assert.ok(isAtomicObject('Service', 'spec.selector'));
  assert.ok(isAtomicObject('Deployment', 'spec.selector'));
  assert.ok(isAtomicObject('Pod', 'spec.nodeSelector'));
  assert.ok(isAtomicObject('Pod', 'spec.containers.env.valueFrom.fieldRef'));
  assert.ok(!isAtomicObject('Service', 'metadata.labels'));
  assert.ok(!isAtomicObject('Pod', 'spec.volumes.configMap'));
});

test('every kind we serve lists its ObjectMeta facts', () => {
  for (const kind of ['Service', 'Endpoints', 'EndpointSlice', 'Pod', 'Node', 'Namespace', 'Event', 'Deployment', 'ReplicaSet', 'StatefulSet', 'Lease']) {
    assert.ok(patchStrategiesOf(kind).some((s) => s.path === 'metadata.ownerReferences' && s.mergeKey === 'uid'), kind);
  }
});
