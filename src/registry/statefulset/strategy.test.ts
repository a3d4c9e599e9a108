import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../apis/field-errors.js';
import { statefulSetStrategy, type StatefulSetObject } from './strategy.js';
import { replicaSetStrategy, type ReplicaSetObject } from '../replicaset/strategy.js';

const tmpl = { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } };
const sts = (spec: object = {}): StatefulSetObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default', resourceVersion: '4' },
  spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: structuredClone(tmpl), ...spec },
} as StatefulSetObject);

test('statefulset defaults', () => {
  const s = sts();
  statefulSetStrategy.prepareForCreate(s);
  assert.deepEqual(
    [s.spec!.replicas, s.spec!.podManagementPolicy, s.spec!.updateStrategy, s.spec!.revisionHistoryLimit, s.spec!.persistentVolumeClaimRetentionPolicy],
    [1, 'OrderedReady', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, 10, { whenDeleted: 'Retain', whenScaled: 'Retain' }]);
  assert.deepEqual(statefulSetStrategy.validate(s), []);
});

test('statefulset update', async (t) => {
  const old = sts();
  statefulSetStrategy.prepareForCreate(old);
  const cases: Array<[string, (s: StatefulSetObject) => void, string[]]> = [
    ['replicas may change', (s) => { s.spec!.replicas = 5; }, []],
    ['template may change', (s) => { s.spec!.template.spec!.containers[0]!.image = 'postgres:17'; }, []],
    ['serviceName may not', (s) => { s.spec!.serviceName = 'other'; },
      ["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"]],
  ];
  for (const [name, change, want] of cases) {
    await t.test(name, () => {
      const next = structuredClone(old);
      change(next);
      statefulSetStrategy.prepareForUpdate(next, old);
      assert.deepEqual(statefulSetStrategy.validateUpdate(next, old).map((e) => formatFieldError(e)), want);
    });
  }
});

test('statefulset table', () => {
  const s = sts({ replicas: 3 });
  Object.assign(s, { status: { readyReplicas: 2 } });
  assert.deepEqual(statefulSetStrategy.table.cells(s, new Date()), ['db', '2/3', '<unknown>', 'db', 'postgres:16']);
});

test('replicaset defaults, validation, table', () => {
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'db' } }, template: structuredClone(tmpl) } } as ReplicaSetObject;
  replicaSetStrategy.prepareForCreate(rs);
  assert.equal(rs.spec!.replicas, 1);
  assert.deepEqual(replicaSetStrategy.validate(rs), []);
  Object.assign(rs, { status: { replicas: 1, readyReplicas: 0 } });
  assert.deepEqual(replicaSetStrategy.table.cells(rs, new Date()), ['web-abc', 1, 1, 0, '<unknown>', 'db', 'postgres:16', 'app=db']);
  assert.deepEqual(replicaSetStrategy.selectableFields!(rs), { 'status.replicas': '1' });
});
