// Rollout arithmetic as a spec: step sizes within maxSurge/maxUnavailable, proportional scaling,
// history cleanup, status conditions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScalingEvent, newRSReplicas, oldRSScaleDown, scaleSets, setsToCleanUp } from './rolling.js';
import { isComplete, rolloutStatus } from './status.js';
import { buildNewReplicaSet, splitNewAndOld, type DeploymentObj, type RSObj } from './util.js';

function deploy(replicas: number, surge: number | string, unavailable: number | string, extra: Partial<DeploymentObj['spec']> = {}): DeploymentObj {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'd1', generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v2' }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, ...extra },
  };
}
function rs(name: string, replicas: number, available = replicas, created = 0, ann: Record<string, string> = {}): RSObj {
  return { metadata: { name, creationTimestamp: new Date(Date.UTC(2024, 0, 1, 0, 0, created)).toISOString(), annotations: ann, generation: 1 },
    spec: { replicas, selector: {} }, status: { replicas, availableReplicas: available, readyReplicas: available, observedGeneration: 1 } };
}

test('new ReplicaSet grows while total pods stay within replicas + maxSurge', () => {
  const cases: Array<{ name: string; d: DeploymentObj; old: number; cur: number; want: number }> = [
    { name: 'fresh deployment, no olds: all at once', d: deploy(3, '25%', '25%'), old: 0, cur: 0, want: 3 },
    { name: 'surge 1 with 3 old', d: deploy(3, 1, 0), old: 3, cur: 0, want: 1 },
    { name: 'surge exhausted', d: deploy(3, 1, 0), old: 3, cur: 1, want: 1 },
    { name: 'surge 25% of 10 = 3', d: deploy(10, '25%', '25%'), old: 10, cur: 0, want: 3 },
    { name: 'surge 0 waits for old to shrink', d: deploy(3, 0, 1), old: 2, cur: 0, want: 1 },
    { name: 'over target scales down to replicas', d: deploy(3, 1, 0), old: 0, cur: 5, want: 3 },
  ];
  for (const c of cases) {
    const n = rs('new', c.cur, c.cur, 10);
    const all = c.old ? [rs('old', c.old, c.old), n] : [n];
    assert.equal(newRSReplicas(c.d, all, n), c.want, c.name);
  }
});

test('old ReplicaSets shrink only as far as availability allows; unhealthy pods go first', () => {
  const cases: Array<{ name: string; d: DeploymentObj; olds: RSObj[]; newRS: RSObj; want: Record<string, number> }> = [
    { name: 'new not available yet, maxUnavailable 0: nothing', d: deploy(3, 1, 0), olds: [rs('old', 3)], newRS: rs('new', 1, 0, 10), want: {} },
    { name: 'new available: one old goes', d: deploy(3, 1, 0), olds: [rs('old', 3)], newRS: rs('new', 1, 1, 10), want: { old: 2 } },
    { name: 'maxUnavailable 1 lets one go at once', d: deploy(3, 0, 1), olds: [rs('old', 3)], newRS: rs('new', 0, 0, 10), want: { old: 2 } },
    { name: 'unavailable old pods go even below minAvailable (they serve nobody)', d: deploy(3, 1, 0), olds: [rs('old', 3, 1)], newRS: rs('new', 1, 1, 10), want: { old: 2 } },
    { name: 'oldest set first', d: deploy(4, 1, 1), olds: [rs('older', 2, 2, 0), rs('old', 2, 2, 5)], newRS: rs('new', 1, 1, 10), want: { older: 0 } },
  ];
  for (const c of cases) assert.deepEqual(Object.fromEntries(oldRSScaleDown(c.d, c.olds, c.newRS)), c.want, c.name);
});

/** Run a whole rollout with an instant ReplicaSet controller; check the bounds at every step. */
function simulate(d: DeploymentObj, from: number, readyLag: boolean): number {
  const old = rs('old', from, from, 0);
  const n = rs('new', 0, 0, 10);
  let steps = 0;
  for (; steps < 100; steps++) {
    const want = newRSReplicas(d, [old, n], n);
    if (want !== n.spec!.replicas) n.spec!.replicas = want;
    else {
      const down = oldRSScaleDown(d, [old], n);
      if (down.size === 0 && n.spec!.replicas === d.spec!.replicas && old.spec!.replicas === 0) break;
      for (const [, v] of down) old.spec!.replicas = v;
    }
    // The ReplicaSet controller: pods match spec; new pods become available one step later when lagging.
    old.status = { replicas: old.spec!.replicas!, availableReplicas: old.spec!.replicas };
    const prevAvail = n.status!.availableReplicas ?? 0;
    n.status = { replicas: n.spec!.replicas!, availableReplicas: readyLag ? Math.min(prevAvail + 1, n.spec!.replicas!) : n.spec!.replicas };
    const total = old.spec!.replicas! + n.spec!.replicas!;
    assert.ok(total <= boundsOf(d).max, `step ${steps}: ${total} pods exceed ${boundsOf(d).max}`);
    const avail = (old.status.availableReplicas ?? 0) + (prevAvail);
    assert.ok(avail >= boundsOf(d).min, `step ${steps}: ${avail} available below ${boundsOf(d).min}`);
  }
  assert.equal(n.spec!.replicas, d.spec!.replicas);
  assert.equal(old.spec!.replicas, 0);
  return steps;
}
function boundsOf(d: DeploymentObj): { max: number; min: number } {
  const r = d.spec!.replicas!;
  const ru = d.spec!.strategy!.rollingUpdate!;
  const val = (v: unknown, up: boolean) => typeof v === 'number' ? v : (up ? Math.ceil : Math.floor)(Number(String(v).slice(0, -1)) * r / 100);
  let s = val(ru.maxSurge, true), u = val(ru.maxUnavailable, false);
  if (s === 0 && u === 0) u = 1;
  return { max: r + s, min: r - u };
}

test('a full rolling update respects both bounds at every step and finishes', () => {
  const combos: Array<[number | string, number | string, number]> = [
    [1, 0, 3], [0, 1, 3], ['25%', '25%', 10], [2, 2, 5], ['50%', 0, 4], [0, '50%', 4], ['100%', 0, 3], [1, 1, 1],
  ];
  for (const [s, u, r] of combos) {
    for (const lag of [false, true]) simulate(deploy(r, s, u), r, lag);
  }
});

test('proportional scaling mid-rollout keeps the ratio and the surge bound', () => {
  const d = deploy(20, 3, 0);
  const ann = { 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13' };
  const olds = [rs('old', 8, 8, 0, ann)];
  const newRS = rs('new', 5, 0, 10, ann);
  assert.equal(isScalingEvent(d, [...olds, newRS]), true);
  const sizes = scaleSets(d, newRS, olds);
  assert.equal((sizes.get('old') ?? 8) + (sizes.get('new') ?? 5), 23);
  assert.deepEqual(Object.fromEntries(sizes), { old: 14, new: 9 });
  assert.deepEqual(Object.fromEntries(scaleSets(deploy(5, 1, 0), rs('only', 3), [])), { only: 5 });
  assert.deepEqual(Object.fromEntries(scaleSets(deploy(0, 1, 0), rs('only', 3), [rs('old', 0)])), { only: 0 });
});

test('history: fully scaled-down old sets beyond revisionHistoryLimit go, oldest revision first', () => {
  const rev = (n: number) => ({ 'deployment.kubernetes.io/revision': String(n) });
  const olds = [rs('r3', 0, 0, 3, rev(3)), rs('r1', 0, 0, 1, rev(1)), rs('r2', 0, 0, 2, rev(2)), rs('r4', 1, 1, 4, rev(4))];
  assert.deepEqual(setsToCleanUp(deploy(3, 1, 0, { revisionHistoryLimit: 2 }), olds).map((r) => r.metadata.name), ['r1', 'r2']);
  assert.deepEqual(setsToCleanUp(deploy(3, 1, 0, { revisionHistoryLimit: 0 }), olds).map((r) => r.metadata.name), ['r1', 'r2', 'r3']);
  assert.deepEqual(setsToCleanUp(deploy(3, 1, 0, { revisionHistoryLimit: 10 }), olds), []);
});

test('new ReplicaSet: name, hash label in selector and template, revision annotations', () => {
  const d = deploy(3, 1, 0);
  const r = buildNewReplicaSet(d, 1, 4);
  const hash = r.metadata.labels!['pod-template-hash'];
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(r.metadata.name, `web-${hash}`);
  assert.equal(r.spec!.selector.matchLabels!['pod-template-hash'], hash);
  assert.equal(r.spec!.template!.metadata!.labels!['pod-template-hash'], hash);
  assert.deepEqual(r.metadata.annotations, { 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
  assert.equal(r.metadata.ownerReferences![0].controller, true);
  // The same template (with the hash label) is recognised as the new set.
  assert.equal(splitNewAndOld(d, [rs('x', 1), { ...r, metadata: { ...r.metadata, creationTimestamp: '2024-01-01T00:00:00Z' } }]).newRS?.metadata.name, r.metadata.name);
});

test('status: Available and Progressing conditions as kubectl rollout status reads them', () => {
  const d = deploy(3, 1, 0);
  const n = rs('web-abc', 3, 3, 10);
  const now = Date.parse('2024-01-01T01:00:00Z');
  const done = rolloutStatus(d, [n], n, now).status;
  assert.equal(isComplete(d, done), true);
  const cond = (t: string) => done.conditions!.find((c) => c.type === t);
  assert.deepEqual([cond('Available')!.status, cond('Available')!.reason], ['True', 'MinimumReplicasAvailable']);
  assert.deepEqual([cond('Progressing')!.reason, cond('Progressing')!.message], ['NewReplicaSetAvailable', 'ReplicaSet "web-abc" has successfully progressed.']);
  const half = rs('web-abc', 3, 1, 10);
  const moving = rolloutStatus({ ...d, status: { availableReplicas: 0 } }, [half], half, now, { reason: 'NewReplicaSetCreated', rsName: 'web-abc' }).status;
  const p = moving.conditions!.find((c) => c.type === 'Progressing')!;
  assert.deepEqual([p.status, p.reason], ['True', 'ReplicaSetUpdated']);
  assert.equal(moving.conditions!.find((c) => c.type === 'Available')!.reason, 'MinimumReplicasUnavailable');
  const stuck = rolloutStatus({ ...d, status: { ...moving } }, [half], half, now + 601_000).status;
  assert.deepEqual(stuck.conditions!.find((c) => c.type === 'Progressing')!.reason, 'ProgressDeadlineExceeded');
});
