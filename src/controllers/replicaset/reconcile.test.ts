// ReplicaSet decisions as a spec: create/delete counts with the burst cap, and status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { burstReplicas, planReplicas, replicaSetStatus } from './reconcile.js';

const now = Date.parse('2024-01-01T00:10:00Z');
function pod(name: string, ready: boolean, readyAgoS = 600, labels: Record<string, string> = { app: 'web' }): Pod {
  return { metadata: { name, labels, creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { containers: [], nodeName: 'n' },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date(now - readyAgoS * 1000).toISOString() }] } };
}
const many = (n: number) => Array.from({ length: n }, (_, i) => pod(`p${i}`, true));

test('create or delete the difference, at most burstReplicas per sync', () => {
  const cases: Array<{ name: string; desired: number; have: Pod[]; create: number; del: number }> = [
    { name: 'scale up from 0', desired: 3, have: [], create: 3, del: 0 },
    { name: 'steady', desired: 3, have: many(3), create: 0, del: 0 },
    { name: 'scale down', desired: 1, have: many(3), create: 0, del: 2 },
    { name: 'scale to zero', desired: 0, have: many(3), create: 0, del: 3 },
    { name: 'burst cap', desired: 2000, have: [], create: burstReplicas, del: 0 },
  ];
  for (const c of cases) {
    const p = planReplicas(c.desired, c.have);
    assert.deepEqual([p.create, p.delete.length], [c.create, c.del], c.name);
  }
  assert.deepEqual(planReplicas(1, [pod('ready', true), pod('unready', false)]).delete.map((p) => p.metadata?.name), ['unready']);
});

test('status: replicas, fullyLabeled, ready, available after minReadySeconds, observedGeneration', () => {
  const rs: ReplicaSet = { metadata: { name: 'rs', generation: 4 }, spec: { replicas: 4, minReadySeconds: 30, selector: {}, template: { metadata: { labels: { app: 'web', v: '1' } } } } };
  const pods = [pod('a', true, 600, { app: 'web', v: '1' }), pod('b', true, 10, { app: 'web', v: '1' }), pod('c', false), pod('d', true, 600)];
  const { status, requeueAfterMs } = replicaSetStatus(rs, pods, now);
  assert.deepEqual(
    [status.replicas, status.fullyLabeledReplicas, status.readyReplicas, status.availableReplicas, status.observedGeneration],
    [4, 2, 3, 2, 4]);
  assert.equal(requeueAfterMs, 20_000);
  const failed = replicaSetStatus(rs, [], now, { reason: 'FailedCreate', message: 'quota' }).status;
  assert.equal(failed.conditions?.[0].type, 'ReplicaFailure');
  assert.equal(failed.conditions?.[0].reason, 'FailedCreate');
});
