import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../apis/field-errors.js';
import { deploymentStrategy, type DeploymentObject } from './strategy.js';
import { applyScale, scaleOf } from '../scale.js';

const deploy = (spec: object): DeploymentObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } }, ...spec },
} as DeploymentObject);
const created = (d: DeploymentObject): DeploymentObject => { deploymentStrategy.prepareForCreate(d); return d; };
const msgs = (d: DeploymentObject): string[] => deploymentStrategy.validate(created(d)).map((e) => formatFieldError(e));

test('deployment defaults', () => {
  const d = created(deploy({}));
  assert.equal(d.spec!.replicas, 1);
  assert.deepEqual(d.spec!.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(d.spec!.revisionHistoryLimit, 10);
  assert.equal(d.spec!.progressDeadlineSeconds, 600);
  const tmpl = d.spec!.template.spec!;
  assert.equal(tmpl.restartPolicy, 'Always');
  assert.equal(tmpl.containers[0]!.imagePullPolicy, 'IfNotPresent');
  assert.equal(tmpl.enableServiceLinks, undefined, 'pod-only default stays off templates');
  assert.deepEqual(d.status, {});
  assert.equal(deploymentStrategy.tracksGeneration, true);
});

test('deployment validation', async (t) => {
  const cases: Array<[string, object, string[]]> = [
    ['valid', {}, []],
    ['selector does not match template labels', { selector: { matchLabels: { app: 'x' } } },
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    ['no selector', { selector: undefined }, ['spec.selector: Required value']],
    ['empty selector', { selector: {} }, ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']],
    ['negative replicas', { replicas: -1 }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['template restartPolicy Never', { template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'web', image: 'x' }] } } },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['both surge and unavailable zero', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']],
    ['rollingUpdate with Recreate', { strategy: { type: 'Recreate', rollingUpdate: {} } },
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]],
  ];
  for (const [name, spec, want] of cases) await t.test(name, () => assert.deepEqual(msgs(deploy(spec)), want));
});

test('deployment update: selector immutable, status kept', () => {
  const old = created(deploy({}));
  Object.assign(old, { status: { replicas: 1 } });
  const next = structuredClone(old);
  next.spec!.selector = { matchLabels: { app: 'web2' } };
  next.spec!.template.metadata!.labels = { app: 'web2' };
  Object.assign(next, { status: {} });
  deploymentStrategy.prepareForUpdate(next, old);
  assert.deepEqual(next.status, { replicas: 1 });
  assert.deepEqual(deploymentStrategy.validateUpdate(next, old).map((e) => formatFieldError(e)),
    ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable']);
});

test('deployment table', () => {
  const d = created(deploy({ replicas: 3 }));
  d.metadata.creationTimestamp = '2024-05-01T11:00:00Z' as never;
  Object.assign(d, { status: { replicas: 3, readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 } });
  assert.deepEqual(deploymentStrategy.table.cells(d, new Date('2024-05-01T12:00:00Z')), ['web', '3/3', 3, 3, '60m', 'web', 'nginx:1.25', 'app=web']);
  assert.deepEqual(deploymentStrategy.table.columns.map((c) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
});

test('deployment scale', () => {
  const d = created(deploy({ replicas: 3, selector: { matchLabels: { app: 'web', tier: 'fe' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] } }));
  Object.assign(d, { status: { replicas: 2 } });
  assert.deepEqual(scaleOf(d), {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', creationTimestamp: undefined },
    spec: { replicas: 3 }, status: { replicas: 2, selector: 'app=web,env in (dev,prod),tier=fe' },
  });
  const scaled = applyScale(d, 5);
  assert.equal(scaled.spec!.replicas, 5);
  assert.equal(d.spec!.replicas, 3, 'the input is not changed');
});
