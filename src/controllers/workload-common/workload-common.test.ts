// The shared workload rules as a spec: hashes, int-or-percent rounding, deletion order, claiming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { labelSelectorFromObject } from '../../apis/selectors.js';
import { canonicalJSON, computeHash, fnv32a, safeEncodeString } from './hash.js';
import { resolveFenceposts, scaledValue } from './int-or-percent.js';
import { sameTemplateIgnoringHash } from '../deployment/util.js';
import { podsToDelete } from './active-pods.js';
import { claim } from './owner.js';
import { podFromTemplate } from './pod-template.js';
import { Expectations } from './expectations.js';

test('fnv32a matches the reference vectors', () => {
  assert.equal(fnv32a(''), 0x811c9dc5);
  assert.equal(fnv32a('a'), 0xe40c292c);
  assert.equal(fnv32a('foobar'), 0xbf9cf968);
});

test('template hash: stable, key-order independent, kube alphabet, changes with template and collisionCount', () => {
  const t1 = { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  const t2 = { spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { tier: 'fe', app: 'web' } } };
  const h = computeHash(t1);
  assert.equal(h, computeHash(t2));
  assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  assert.notEqual(h, computeHash({ ...t1, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } }));
  assert.notEqual(h, computeHash(t1, 1));
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
  assert.equal(canonicalJSON({ b: 1, a: [2, { d: 3, c: undefined }] }), '{"a":[2,{"d":3}],"b":1}');
});

test('int-or-percent: surge rounds up, unavailable down, 0/0 becomes 0/1', () => {
  const cases: Array<[string | number | undefined, string | number | undefined, number, { surge: number; unavailable: number }]> = [
    ['25%', '25%', 10, { surge: 3, unavailable: 2 }],
    ['25%', '25%', 3, { surge: 1, unavailable: 0 }],
    [1, 0, 3, { surge: 1, unavailable: 0 }],
    [0, 1, 3, { surge: 0, unavailable: 1 }],
    ['0%', '0%', 3, { surge: 0, unavailable: 1 }],
    ['10%', '10%', 5, { surge: 1, unavailable: 0 }],
    [2, '50%', 5, { surge: 2, unavailable: 2 }],
    [undefined, undefined, 4, { surge: 1, unavailable: 1 }],
  ];
  for (const [s, u, n, want] of cases) assert.deepEqual(resolveFenceposts(s, u, n), want, `${s}/${u} of ${n}`);
  assert.equal(scaledValue('5', 10, true), 5);
  assert.throws(() => scaledValue('x%', 10, true));
});

const t0 = Date.parse('2024-01-01T00:00:00Z');
const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; readySince?: number; restarts?: number; created?: number } = {}): Pod {
  return {
    metadata: { name, creationTimestamp: iso(o.created ?? 0) },
    spec: { containers: [], nodeName: o.node },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.ready === undefined ? [] : [{ type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: iso(o.readySince ?? 0) }],
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0, image: '', imageID: '', ready: !!o.ready }],
    },
  };
}

test('deletion order follows kube ActivePods ranking', () => {
  const cases: Array<{ name: string; pods: Pod[]; count: number; want: string[] }> = [
    { name: 'unscheduled first', pods: [pod('a', { node: 'n1', ready: true }), pod('b', { phase: 'Pending' })], count: 1, want: ['b'] },
    { name: 'pending before running', pods: [pod('a', { node: 'n', ready: true }), pod('b', { node: 'n', phase: 'Pending' })], count: 1, want: ['b'] },
    { name: 'not ready before ready', pods: [pod('a', { node: 'n1', ready: true }), pod('b', { node: 'n2', ready: false })], count: 1, want: ['b'] },
    { name: 'more siblings on the node first (before newest)', pods: [pod('a', { node: 'n1', ready: true, created: 9 }), pod('b', { node: 'n2', ready: true }), pod('c', { node: 'n2', ready: true })], count: 1, want: ['b'] },
    { name: 'ready for less time first', pods: [pod('a', { node: 'n1', ready: true, readySince: 10 }), pod('b', { node: 'n2', ready: true, readySince: 50 })], count: 1, want: ['b'] },
    { name: 'more restarts first', pods: [pod('a', { node: 'n1', ready: true, restarts: 5 }), pod('b', { node: 'n2', ready: true })], count: 1, want: ['a'] },
    { name: 'newest first', pods: [pod('a', { node: 'n1', ready: true, created: 1 }), pod('b', { node: 'n2', ready: true, created: 9 }), pod('c', { node: 'n3', ready: true, created: 5 })], count: 2, want: ['b', 'c'] },
    { name: 'nothing to delete', pods: [pod('a')], count: 0, want: [] },
  ];
  for (const c of cases) assert.deepEqual(podsToDelete(c.pods, c.count).map((p) => p.metadata?.name), c.want, c.name);
});

test('claim: keep matching owned, adopt matching orphans, release non-matching owned, ignore others', () => {
  const owner = { metadata: { uid: 'u1' } };
  const ref = (uid: string) => [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid, controller: true }];
  const mk = (name: string, labels: Record<string, string>, refs?: ReturnType<typeof ref>, deleting = false): KubeObject =>
    ({ metadata: { name, labels, ownerReferences: refs, deletionTimestamp: deleting ? iso(0) : undefined } });
  const objs = [
    mk('mine', { app: 'web' }, ref('u1')), mk('orphan', { app: 'web' }), mk('other', { app: 'web' }, ref('u2')),
    mk('stray', { app: 'db' }, ref('u1')), mk('orphan-other', { app: 'db' }), mk('orphan-dying', { app: 'web' }, undefined, true),
  ];
  const r = claim(owner, labelSelectorFromObject({ matchLabels: { app: 'web' } }), objs);
  assert.deepEqual(r.owned.map((o) => o.metadata.name), ['mine', 'orphan']);
  assert.deepEqual(r.adopt.map((o) => o.metadata.name), ['orphan']);
  assert.deepEqual(r.release.map((o) => o.metadata.name), ['stray']);
  const dying = claim({ metadata: { uid: 'u1', deletionTimestamp: iso(0) } }, labelSelectorFromObject({ matchLabels: { app: 'web' } }), objs);
  assert.deepEqual(dying.adopt, []);
});

test('pod from template: generateName, labels, owner reference', () => {
  const ownerRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u', controller: true, blockOwnerDeletion: true };
  const p = podFromTemplate({ metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } }, { namespace: 'ns', ownerRef });
  assert.equal(p.metadata?.generateName, 'web-abc-');
  assert.equal(p.metadata?.name, undefined);
  assert.deepEqual(p.metadata?.labels, { app: 'web' });
  assert.deepEqual(p.metadata?.ownerReferences, [ownerRef]);
  assert.equal(podFromTemplate(undefined, { namespace: 'ns', ownerRef, name: 'db-0' }).metadata?.name, 'db-0');
});

test('expectations: unsatisfied until every create and delete is observed, or after 5 minutes', () => {
  let now = 0;
  const e = new Expectations(() => now);
  assert.equal(e.satisfied('ns/rs'), true);
  e.expect('ns/rs', 2);
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), true);
  e.expect('ns/rs', 0, ['ns/p1']);
  assert.equal(e.satisfied('ns/rs'), false);
  e.deletionObserved('ns/rs', 'ns/p1');
  assert.equal(e.satisfied('ns/rs'), true);
  e.expect('ns/rs', 1);
  now = 5 * 60 * 1000 + 1;
  assert.equal(e.satisfied('ns/rs'), true);
});

test('a template with creationTimestamp: null (what `kubectl rollout undo` sends) hashes like one without it', () => {
  const plain = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
  const undone = { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
  assert.equal(computeHash(undone), computeHash(plain));
  assert.equal(sameTemplateIgnoringHash(undone, { ...plain, metadata: { labels: { app: 'web', 'pod-template-hash': computeHash(plain) } } }), true);
});
