import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../apis/field-errors.js';
import { podStrategy, type PodObject } from './strategy.js';
import { podTable } from './table.js';

const pod = (spec: object, meta: object = {}): PodObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', ...meta }, spec } as PodObject);
const created = (p: PodObject): PodObject => { podStrategy.prepareForCreate(p); return p; };
const msgs = (p: PodObject): string[] => podStrategy.validate(p).map((e) => formatFieldError(e));

test('pod defaults on create', () => {
  const p = created(pod({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox:1.36' }] }));
  assert.deepEqual(
    { restartPolicy: p.spec!.restartPolicy, dnsPolicy: p.spec!.dnsPolicy, grace: p.spec!.terminationGracePeriodSeconds, scheduler: p.spec!.schedulerName,
      sc: p.spec!.securityContext, links: p.spec!.enableServiceLinks, priority: p.spec!.priority, preemption: p.spec!.preemptionPolicy },
    { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', grace: 30, scheduler: 'default-scheduler', sc: {}, links: true, priority: 0, preemption: 'PreemptLowerPriority' });
  const [web, side] = p.spec!.containers;
  assert.equal(web!.imagePullPolicy, 'Always');
  assert.equal(side!.imagePullPolicy, 'IfNotPresent');
  assert.equal(web!.terminationMessagePath, '/dev/termination-log');
  assert.equal(web!.terminationMessagePolicy, 'File');
  assert.equal(web!.ports![0]!.protocol, 'TCP');
  assert.deepEqual(p.status, { phase: 'Pending', qosClass: 'BestEffort' });
});

test('pod qosClass', async (t) => {
  const cases: Array<[string, object, string]> = [
    ['limits only: requests default to them', { limits: { cpu: '1', memory: '1Gi' } }, 'Guaranteed'],
    ['equal requests and limits in other units', { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } }, 'Guaranteed'],
    ['requests only', { requests: { cpu: '100m' } }, 'Burstable'],
  ];
  for (const [name, resources, want] of cases) {
    await t.test(name, () => assert.equal(created(pod({ containers: [{ name: 'a', image: 'x:1', resources }] })).status!.qosClass, want));
  }
});

test('pod validation', async (t) => {
  const cases: Array<[string, PodObject, string[]]> = [
    ['valid', pod({ containers: [{ name: 'web', image: 'nginx' }] }), []],
    ['no containers', pod({ containers: [] }), ['spec.containers: Required value']],
    ['container without image', pod({ containers: [{ name: 'web' }] }), ['spec.containers[0].image: Required value']],
    ['duplicate container names', pod({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }), ['spec.containers[1].name: Duplicate value: "a"']],
    ['port out of range', pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] }), ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['bad restartPolicy', pod({ restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x' }] }), ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    ['mount of an unknown volume', pod({ containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] }), ['spec.containers[0].volumeMounts[0].name: Not found: "data"']],
    ['bad name', pod({ containers: [{ name: 'a', image: 'x' }] }, { name: 'Web_1' }), [
      `metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`]],
  ];
  for (const [name, p, want] of cases) await t.test(name, () => assert.deepEqual(msgs(created(p)), want));
});

test('pod update: only images (and a few fields) may change; status is kept', async (t) => {
  const old = created(pod({ containers: [{ name: 'web', image: 'nginx:1.25' }] }, { resourceVersion: '3' }));
  Object.assign(old, { status: { phase: 'Running', qosClass: 'BestEffort' } });
  const edit = (f: (p: PodObject) => void): string[] => {
    const next = structuredClone(old);
    f(next);
    podStrategy.prepareForUpdate(next, old);
    assert.equal(next.status?.phase, 'Running');
    return podStrategy.validateUpdate(next, old).map((e) => formatFieldError(e));
  };
  await t.test('image change allowed', () => assert.deepEqual(edit((p) => { p.spec!.containers[0]!.image = 'nginx:1.26'; }), []));
  await t.test('status in a spec write is ignored', () => assert.deepEqual(edit((p) => { Object.assign(p, { status: { phase: 'Failed' } }); }), []));
  await t.test('port change forbidden', () => {
    const errs = edit((p) => { p.spec!.containers[0]!.ports = [{ containerPort: 8080 }]; });
    assert.equal(errs.length, 1);
    assert.ok(errs[0]!.startsWith('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n'), errs[0]);
  });
  await t.test('status write keeps spec', () => {
    const next = structuredClone(old);
    next.spec!.nodeName = 'n1';
    Object.assign(next, { status: { phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }] } });
    podStrategy.prepareForStatusUpdate!(next, old);
    assert.equal(next.spec!.nodeName, undefined);
    assert.equal(next.status!.qosClass, 'BestEffort');
    assert.equal(podStrategy.selectableFields!(next)['status.podIP'], '10.244.0.5');
  });
});

const now = new Date('2024-05-01T12:00:00Z');
const ago = (s: number): string => new Date(now.getTime() - s * 1000).toISOString();
const running = { running: { startedAt: ago(60) } };

test('pod table cells', async (t) => {
  const cases: Array<[string, object, object, unknown[]]> = [
    ['running 2/2', { nodeName: 'node1', containers: [{ name: 'a' }, { name: 'b' }] },
      { phase: 'Running', podIPs: [{ ip: '10.244.0.5' }], containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }, { name: 'b', ready: true, restartCount: 0, state: running }] },
      ['web', '2/2', 'Running', '0', '5m', '10.244.0.5', 'node1', '<none>', '<none>']],
    ['pending, nothing scheduled', { containers: [{ name: 'a' }] }, { phase: 'Pending' },
      ['web', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']],
    ['container creating', { nodeName: 'n', containers: [{ name: 'a' }] }, { phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
      ['web', '0/1', 'ContainerCreating', '0', '5m', '<none>', 'n', '<none>', '<none>']],
    ['crash loop with restarts', { nodeName: 'n', containers: [{ name: 'a' }] },
      { phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(300) } } }] },
      ['web', '0/1', 'CrashLoopBackOff', '3 (5m ago)', '5m', '<none>', 'n', '<none>', '<none>']],
    ['completed', { containers: [{ name: 'a' }] }, { phase: 'Succeeded', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
      ['web', '0/1', 'Completed', '0', '5m', '<none>', '<none>', '<none>', '<none>']],
    ['error exit without reason', { containers: [{ name: 'a' }] }, { phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] },
      ['web', '0/1', 'ExitCode:2', '0', '5m', '<none>', '<none>', '<none>', '<none>']],
    ['init container running', { initContainers: [{ name: 'i' }], containers: [{ name: 'a' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i', ready: false, restartCount: 0, state: running }] },
      ['web', '0/1', 'Init:0/1', '0', '5m', '<none>', '<none>', '<none>', '<none>']],
    ['readiness gates', { containers: [{ name: 'a' }], readinessGates: [{ conditionType: 'x/ready' }] }, { phase: 'Pending', conditions: [{ type: 'x/ready', status: 'True' }] },
      ['web', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '1/1']],
  ];
  for (const [name, spec, status, want] of cases) {
    await t.test(name, () => {
      const p = { ...pod(spec, { creationTimestamp: ago(300) }), status } as PodObject;
      assert.deepEqual(podTable.cells(p, now), want);
    });
  }
  await t.test('terminating', () => {
    const p = { ...pod({ containers: [{ name: 'a' }] }, { creationTimestamp: ago(300), deletionTimestamp: ago(1) }), status: { phase: 'Running' } } as PodObject;
    assert.equal(podTable.cells(p, now)[2], 'Terminating');
  });
  await t.test('column names and wide priority', () => {
    assert.deepEqual(podTable.columns.map((c) => `${c.name}:${c.priority}`), ['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1']);
  });
});
