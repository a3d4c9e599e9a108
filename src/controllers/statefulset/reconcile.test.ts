// StatefulSet steps as a spec: ordered creation, ordered scale-down, Parallel, rolling update,
// identity (hostname/subdomain/labels), status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newStatefulPod, ordinalOf, planStatefulSet, statefulSetStatus, type PodObj, type SetObj } from './reconcile.js';

const ref = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u', controller: true, blockOwnerDeletion: true };
function set(replicas: number, extra: Partial<SetObj['spec']> = {}): SetObj {
  return { metadata: { name: 'db', namespace: 'default', uid: 'u', generation: 2 },
    spec: { replicas, serviceName: 'db-service', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c' }] } },
      podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, ...extra } };
}
function pod(ordinal: number, state: 'ready' | 'pending' | 'failed' | 'terminating', rev = 'db-r1'): PodObj {
  const p = newStatefulPod(set(1), ordinal, rev, ref);
  p.status = state === 'ready' ? { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } : state === 'failed' ? { phase: 'Failed' } : { phase: 'Pending' };
  if (state === 'terminating') p.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
  return p;
}
const names = (ps: PodObj[]) => ps.map((p) => p.metadata.name);

test('identity: name, hostname, subdomain and labels', () => {
  const p = newStatefulPod(set(3), 1, 'db-r1', ref);
  assert.equal(p.metadata.name, 'db-1');
  assert.equal(p.spec!.hostname, 'db-1');
  assert.equal(p.spec!.subdomain, 'db-service');
  assert.deepEqual(p.metadata.labels, { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': 'db-r1' });
  assert.equal(ordinalOf('db', 'db-12'), 12);
  assert.equal(ordinalOf('db', 'db-01'), undefined);
  assert.equal(ordinalOf('db', 'dbx-1'), undefined);
});

test('one step of OrderedReady and Parallel', () => {
  const cases: Array<{ name: string; s: SetObj; pods: PodObj[]; create: number[]; del: string[] }> = [
    { name: 'ordered: db-0 first', s: set(3), pods: [], create: [0], del: [] },
    { name: 'ordered: db-1 waits for db-0 to be ready', s: set(3), pods: [pod(0, 'pending')], create: [], del: [] },
    { name: 'ordered: db-1 once db-0 is ready', s: set(3), pods: [pod(0, 'ready')], create: [1], del: [] },
    { name: 'ordered: complete', s: set(3), pods: [pod(0, 'ready'), pod(1, 'ready'), pod(2, 'ready')], create: [], del: [] },
    { name: 'ordered: failed pod replaced', s: set(3), pods: [pod(0, 'ready'), pod(1, 'failed')], create: [], del: ['db-1'] },
    { name: 'ordered: scale down from the highest, one at a time', s: set(1), pods: [pod(0, 'ready'), pod(1, 'ready'), pod(2, 'ready')], create: [], del: ['db-2'] },
    { name: 'ordered: scale down waits for a terminating pod', s: set(1), pods: [pod(0, 'ready'), pod(1, 'ready'), pod(2, 'terminating')], create: [], del: [] },
    { name: 'ordered: scale down waits for unhealthy survivors', s: set(1), pods: [pod(0, 'pending'), pod(1, 'ready')], create: [], del: [] },
    { name: 'parallel: all at once', s: set(3, { podManagementPolicy: 'Parallel' }), pods: [], create: [0, 1, 2], del: [] },
    { name: 'parallel: missing ones regardless of readiness', s: set(3, { podManagementPolicy: 'Parallel' }), pods: [pod(1, 'pending')], create: [0, 2], del: [] },
    { name: 'parallel: scale down all surplus', s: set(1, { podManagementPolicy: 'Parallel' }), pods: [pod(0, 'pending'), pod(1, 'ready'), pod(2, 'ready')], create: [], del: ['db-2', 'db-1'] },
    { name: 'ordinals.start shifts the names', s: set(2, { ordinals: { start: 5 } }), pods: [pod(5, 'ready')], create: [6], del: [] },
  ];
  for (const c of cases) {
    const plan = planStatefulSet(c.s, c.pods, 'db-r1', Date.now());
    assert.deepEqual({ create: plan.create, del: names(plan.delete) }, { create: c.create, del: c.del }, c.name);
  }
});

test('rolling update: highest ordinal first, one at a time, down to the partition', () => {
  const all = (revs: string[], states: Array<'ready' | 'pending'> = ['ready', 'ready', 'ready']) => revs.map((r, i) => pod(i, states[i], r));
  const cases: Array<{ name: string; s: SetObj; pods: PodObj[]; del: string[] }> = [
    { name: 'starts at db-2', s: set(3), pods: all(['db-r1', 'db-r1', 'db-r1']), del: ['db-2'] },
    { name: 'then db-1', s: set(3), pods: all(['db-r1', 'db-r1', 'db-r2']), del: ['db-1'] },
    { name: 'waits for the updated pod to be ready', s: set(3), pods: all(['db-r1', 'db-r2', 'db-r2'], ['ready', 'ready', 'pending']), del: [] },
    { name: 'partition 2 stops after db-2', s: set(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }), pods: all(['db-r1', 'db-r1', 'db-r2']), del: [] },
    { name: 'OnDelete never deletes', s: set(3, { updateStrategy: { type: 'OnDelete' } }), pods: all(['db-r1', 'db-r1', 'db-r1']), del: [] },
  ];
  for (const c of cases) assert.deepEqual(names(planStatefulSet(c.s, c.pods, 'db-r2', Date.now()).delete), c.del, c.name);
});

test('status counts and revisions', () => {
  const s = { ...set(3), status: { replicas: 3, currentRevision: 'db-r1' } } as SetObj;
  const mid = statefulSetStatus(s, [pod(0, 'ready', 'db-r1'), pod(1, 'pending', 'db-r2'), pod(2, 'ready', 'db-r2')], 'db-r2', Date.now());
  assert.deepEqual(
    [mid.replicas, mid.readyReplicas, mid.availableReplicas, mid.currentReplicas, mid.updatedReplicas, mid.currentRevision, mid.updateRevision, mid.observedGeneration],
    [3, 2, 2, 1, 2, 'db-r1', 'db-r2', 2]);
  const done = statefulSetStatus(s, [pod(0, 'ready', 'db-r2'), pod(1, 'ready', 'db-r2'), pod(2, 'ready', 'db-r2')], 'db-r2', Date.now());
  assert.deepEqual([done.currentRevision, done.currentReplicas, done.updatedReplicas], ['db-r2', 3, 3]);
  const fresh = statefulSetStatus(set(3), [], 'db-r1', Date.now());
  assert.deepEqual([fresh.replicas, fresh.currentRevision], [0, 'db-r1']);
});
