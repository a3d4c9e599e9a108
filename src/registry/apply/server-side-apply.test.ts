// Server-side apply and managedFields bookkeeping, as kubectl sees them: each case is a sequence
// of writes by named managers and what kube-apiserver answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverSideApply, updateManagedFields } from './server-side-apply.js';
import { isStatusError, type StatusError } from '../../apis/errors.js';
import type { KubeObject } from '../../apis/object.js';

const t0 = new Date('2025-01-01T00:00:00.000Z');
const t1 = new Date('2025-01-01T00:01:00.000Z');
const P80 = 'k:{"port":80,"protocol":"TCP"}';
const P443 = 'k:{"port":443,"protocol":"TCP"}';

const svc = (spec: Record<string, unknown>, labels: Record<string, string> = { app: 'web' }): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', labels }, spec,
});

const spec = (o: KubeObject) => o.spec as Record<string, any>;
const fieldsOf = (o: KubeObject, manager: string) => o.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1;

function conflict(fn: () => unknown): StatusError {
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  assert.ok(isStatusError(err, 'Conflict'), `expected a 409 Conflict, got ${String(err)}`);
  return err;
}

test('apply creates: the applier owns exactly what it applied (list items by key, atomic selector whole)', () => {
  const { object } = serverSideApply('Service', undefined, svc({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }), 'kubectl', false, t0);
  assert.deepEqual(object.metadata.managedFields, [{
    manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:ports': { [P80]: { '.': {}, 'f:port': {}, 'f:targetPort': {} } }, 'f:selector': {} },
    },
  }]);
  assert.deepEqual(spec(object).ports, [{ port: 80, targetPort: 8080 }]);
});

test('create by an Update manager records maps and lists it created with "."', () => {
  const created = updateManagedFields('Service', undefined, svc({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] }), 'kubectl-create', t0);
  assert.deepEqual(fieldsOf(created, 'kubectl-create'), {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': { 'f:ports': { '.': {}, [P80]: { '.': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} } }, 'f:selector': {} },
  });
  assert.equal(created.metadata.managedFields?.[0]?.operation, 'Update');
});

test('apply over a field another manager set to a different value: 409 with kube\'s message and cause', () => {
  const live = updateManagedFields('Service', undefined, svc({ ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] }), 'kubectl-client-side-apply', t0);
  const err = conflict(() => serverSideApply('Service', live, svc({ ports: [{ port: 80, targetPort: 8080 }] }), 'kubectl', false, t1));
  assert.equal(err.code, 409);
  assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.ports[port=80,protocol="TCP"].targetPort');
  assert.deepEqual(err.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using v1', field: '.spec.ports[port=80,protocol="TCP"].targetPort' }]);
});

test('force takes the field over; the other manager keeps the rest', () => {
  const live = updateManagedFields('Service', undefined, svc({ ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] }), 'kubectl-client-side-apply', t0);
  const { object } = serverSideApply('Service', live, svc({ ports: [{ port: 80, targetPort: 8080 }] }), 'kubectl', true, t1);
  assert.equal(spec(object).ports[0].targetPort, 8080);
  const other = fieldsOf(object, 'kubectl-client-side-apply') as any;
  assert.deepEqual(other['f:spec']['f:ports'][P80], { '.': {}, 'f:port': {}, 'f:protocol': {} });
});

test('applying the value another manager already set shares the field without conflict', () => {
  const live = updateManagedFields('Service', undefined, svc({ ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] }), 'kubectl-create', t0);
  const { object } = serverSideApply('Service', live, svc({ ports: [{ port: 80, targetPort: 80 }] }), 'kubectl', false, t1);
  assert.ok((fieldsOf(object, 'kubectl-create') as any)['f:spec']['f:ports'][P80]['f:targetPort']);
  assert.ok((fieldsOf(object, 'kubectl') as any)['f:spec']['f:ports'][P80]['f:targetPort']);
});

const pruneCases: Array<{ name: string; first: KubeObject; between?: (o: KubeObject) => KubeObject; second: KubeObject; check: (o: KubeObject) => void }> = [
  {
    name: 'a label no longer applied is removed',
    first: svc({}, { app: 'web', tier: 'fe' }), second: svc({}, { app: 'web' }),
    check: (o) => assert.deepEqual(o.metadata.labels, { app: 'web' }),
  },
  {
    name: 'a port no longer applied is removed',
    first: svc({ ports: [{ port: 80 }, { port: 443 }] }), second: svc({ ports: [{ port: 80 }] }),
    check: (o) => assert.deepEqual(spec(o).ports, [{ port: 80 }]),
  },
  {
    name: 'a label another manager changed since (kubectl label --overwrite) stays; one it left alone goes',
    first: svc({}, { app: 'web', tier: 'fe', role: 'x' }),
    between: (o) => updateManagedFields('Service', o, { ...o, metadata: { ...o.metadata, labels: { app: 'web', tier: 'be', role: 'x', env: 'x' } } }, 'kubectl-label', t1),
    second: svc({}, { app: 'web' }),
    check: (o) => assert.deepEqual(o.metadata.labels, { app: 'web', tier: 'be', env: 'x' }),
  },
  {
    name: 'fields set by the server (clusterIP) are never pruned',
    first: svc({ ports: [{ port: 80 }] }),
    between: (o) => updateManagedFields('Service', o, { ...o, spec: { ...spec(o), clusterIP: '10.96.0.10' } }, 'svcnet-registry', t1),
    second: svc({ ports: [{ port: 80 }], type: 'ClusterIP' }),
    check: (o) => assert.equal(spec(o).clusterIP, '10.96.0.10'),
  },
];

for (const c of pruneCases) {
  test(`prune: ${c.name}`, () => {
    let live = serverSideApply('Service', undefined, c.first, 'kubectl', false, t0).object;
    if (c.between) live = c.between(live);
    c.check(serverSideApply('Service', live, c.second, 'kubectl', false, t1).object);
  });
}

test('re-applying the same configuration changes nothing, timestamps included', () => {
  const cfg = svc({ ports: [{ port: 80, targetPort: 8080 }] });
  const first = serverSideApply('Service', undefined, cfg, 'kubectl', false, t0).object;
  const again = serverSideApply('Service', first, cfg, 'kubectl', false, t1).object;
  assert.deepEqual(again, first);
});

test('a no-op update leaves managedFields as they were', () => {
  const live = updateManagedFields('Service', undefined, svc({ ports: [{ port: 80 }] }), 'kubectl-create', t0);
  assert.deepEqual(updateManagedFields('Service', live, structuredClone(live), 'kubectl-edit', t1), live);
});

test('kubectl scale through /scale takes spec.replicas; the next apply of another count conflicts', () => {
  const dep: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  };
  const applied = serverSideApply('Deployment', undefined, dep, 'kubectl', false, t0).object;
  assert.deepEqual((fieldsOf(applied, 'kubectl') as any)['f:spec'], {
    'f:replicas': {}, 'f:selector': {},
    'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
  });
  const scaled = updateManagedFields('Deployment', applied, { ...applied, spec: { ...spec(applied), replicas: 3 } }, 'kubectl', t1, 'scale');
  const entry = scaled.metadata.managedFields?.find((e) => e.subresource === 'scale');
  assert.deepEqual(entry, { manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', time: '2025-01-01T00:01:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } }, subresource: 'scale' });
  const err = conflict(() => serverSideApply('Deployment', scaled, { ...dep, spec: { ...spec(dep), replicas: 2 } }, 'kubectl', false, t1));
  assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
});

test('several conflicts are grouped by manager', () => {
  const live = updateManagedFields('Service', undefined, svc({ type: 'NodePort', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] }), 'a', t0);
  const err = conflict(() => serverSideApply('Service', live, svc({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 81 }] }), 'kubectl', false, t1));
  assert.equal(err.message, 'Apply failed with 2 conflicts: conflicts with "a" using v1:\n- .spec.ports[port=80,protocol="TCP"].targetPort\n- .spec.type');
  assert.equal(err.details?.causes?.length, 2);
});

test('status writes own status only; main-resource writes never own status', () => {
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] }, status: { phase: 'Pending' } };
  const created = updateManagedFields('Pod', undefined, pod, 'kubectl-run', t0);
  assert.equal((fieldsOf(created, 'kubectl-run') as any)['f:status'], undefined);
  const running = updateManagedFields('Pod', created, { ...created, status: { phase: 'Running', podIP: '10.244.0.5' } }, 'svcnet-agent', t1, 'status');
  assert.deepEqual(fieldsOf(running, 'svcnet-agent'), { 'f:status': { 'f:phase': {}, 'f:podIP': {} } });
});

test('apply rejects malformed configurations with 400', () => {
  assert.throws(() => serverSideApply('Service', undefined, svc({ ports: [{ targetPort: 80 }] }), 'kubectl', false, t0),
    (e: unknown) => isStatusError(e, 'BadRequest') && /omits key field "port"/.test(e.message));
  const withManaged = { ...svc({}), metadata: { name: 'web', managedFields: [] } };
  assert.throws(() => serverSideApply('Service', undefined, withManaged, 'kubectl', false, t0), (e: unknown) => isStatusError(e, 'BadRequest'));
});

test('inputs are never mutated', () => {
  const live = updateManagedFields('Service', undefined, svc({ ports: [{ port: 80, protocol: 'TCP' }] }), 'a', t0);
  const cfg = svc({ ports: [{ port: 443 }] }, {});
  const [l, c] = [structuredClone(live), structuredClone(cfg)];
  serverSideApply('Service', live, cfg, 'kubectl', true, t1);
  assert.deepEqual(live, l);
  assert.deepEqual(cfg, c);
  void P443;
});
