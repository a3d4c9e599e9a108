import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerID, desiredPodStatus, sameStatus, type Pod, type VirtualPodFacts } from './pod-status.js';

const t0 = Date.parse('2026-11-25T07:00:00Z');
const facts = (over: Partial<VirtualPodFacts> = {}): VirtualPodFacts => ({ hostIP: '192.0.2.7', podIP: '10.244.1.2', nowMs: t0, startedAtMs: t0, warm: true, ...over });
const pod = (over: { annotations?: Record<string, string>; restartPolicy?: string; status?: object; spec?: object } = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', uid: 'uid-1', annotations: over.annotations },
  spec: { nodeName: 'vn-1', restartPolicy: over.restartPolicy ?? 'Always', containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'app', image: 'busybox' }], ...over.spec },
  status: { phase: 'Pending', qosClass: 'BestEffort', ...over.status },
} as Pod);
const cond = (s: ReturnType<typeof desiredPodStatus>, type: string) => s.conditions?.find((c) => c.type === type);

test('virtual pod status: a running pod as the kubelet reports it', async (t) => {
  const s = desiredPodStatus(pod(), facts());
  const cases: Array<[string, unknown, unknown]> = [
    ['phase Running', s.phase, 'Running'],
    ['addresses', [s.hostIP, s.hostIPs, s.podIP, s.podIPs], ['192.0.2.7', [{ ip: '192.0.2.7' }], '10.244.1.2', [{ ip: '10.244.1.2' }]]],
    ['startTime', s.startTime, '2026-11-25T07:00:00Z'],
    ['conditions in kubelet order', s.conditions?.map((c) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']],
    ['container statuses sorted by name', s.containerStatuses?.map((c) => c.name), ['app', 'web']],
    ['container status fields', s.containerStatuses?.[1], {
      name: 'web', image: 'nginx:1.27', imageID: s.containerStatuses?.[1]?.imageID, containerID: containerID('uid-1', 'web'), restartCount: 0,
      ready: true, started: true, state: { running: { startedAt: '2026-11-25T07:00:00Z' } },
    }],
    ['container id is virtual://<sha256>', /^virtual:\/\/[0-9a-f]{64}$/.test(containerID('uid-1', 'web')), true],
    ['qosClass kept', s.qosClass, 'BestEffort'],
  ];
  for (const [name, got, want] of cases) await t.test(name, () => assert.deepEqual(got, want));
});

test('virtual pod status: readiness delay, toggle annotation, readiness gates', async (t) => {
  const cases: Array<{ name: string; p: Pod; f: VirtualPodFacts; ready: string; reason?: string; message?: string; containersReady: boolean[] }> = [
    { name: 'before the readiness delay: running but not ready', p: pod(), f: facts({ warm: false }), ready: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app web]', containersReady: [false, false] },
    { name: 'ready annotation "false": unready', p: pod({ annotations: { 'virtual.svcnet.io/ready': 'false' } }), f: facts(), ready: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app web]', containersReady: [false, false] },
    { name: 'ready annotation "true": ready', p: pod({ annotations: { 'virtual.svcnet.io/ready': 'true' } }), f: facts(), ready: 'True', containersReady: [true, true] },
    { name: 'readiness gate without its condition: not ready', p: pod({ spec: { readinessGates: [{ conditionType: 'example.com/lb' }] } }), f: facts(), ready: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.', containersReady: [true, true] },
    { name: 'readiness gate condition True: ready', p: pod({ spec: { readinessGates: [{ conditionType: 'example.com/lb' }] }, status: { conditions: [{ type: 'example.com/lb', status: 'True' }] } }), f: facts(), ready: 'True', containersReady: [true, true] },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const s = desiredPodStatus(c.p, c.f);
      assert.equal(s.phase, 'Running');
      assert.deepEqual([cond(s, 'Ready')?.status, cond(s, 'Ready')?.reason, cond(s, 'Ready')?.message], [c.ready, c.reason, c.message]);
      assert.deepEqual(s.containerStatuses?.map((x) => x.ready), c.containersReady);
    });
  }
});

test('virtual pod status: exit-code annotation ends the pod per restartPolicy', async (t) => {
  const cases: Array<{ name: string; policy: string; code: string; warm?: boolean; phase: string; exit?: number; reason?: string }> = [
    { name: 'Never + 0 -> Succeeded', policy: 'Never', code: '0', phase: 'Succeeded', exit: 0, reason: 'Completed' },
    { name: 'Never + 3 -> Failed', policy: 'Never', code: '3', phase: 'Failed', exit: 3, reason: 'Error' },
    { name: 'OnFailure + 0 -> Succeeded', policy: 'OnFailure', code: '0', phase: 'Succeeded', exit: 0, reason: 'Completed' },
    { name: 'OnFailure + 1 -> keeps running (a real kubelet would restart it)', policy: 'OnFailure', code: '1', phase: 'Running' },
    { name: 'Always + 0 -> keeps running', policy: 'Always', code: '0', phase: 'Running' },
    { name: 'runs until the readiness delay has passed', policy: 'Never', code: '0', warm: false, phase: 'Running' },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const s = desiredPodStatus(pod({ restartPolicy: c.policy, annotations: { 'virtual.svcnet.io/exit-code': c.code } }), facts({ warm: c.warm ?? true }));
      assert.equal(s.phase, c.phase);
      const term = s.containerStatuses?.[0]?.state?.terminated;
      assert.deepEqual([term?.exitCode, term?.reason], [c.exit, c.reason]);
      if (c.phase !== 'Running') assert.equal(cond(s, 'Ready')?.status, 'False');
    });
  }
  await t.test('a terminal pod keeps its status', () => {
    const done = pod({ restartPolicy: 'Never', status: { phase: 'Succeeded', podIP: '10.244.1.9' } });
    assert.deepEqual(desiredPodStatus(done, facts({ nowMs: t0 + 60_000 })), done.status);
  });
});

test('virtual pod status: recomputing an unchanged pod later gives an equal status (no write)', () => {
  const first = desiredPodStatus(pod(), facts());
  const again = desiredPodStatus(pod({ status: first }), facts({ nowMs: t0 + 3_600_000, startedAtMs: t0 + 3_600_000 }));
  assert.ok(sameStatus(first, again));
  // A toggle changes only what it must: Ready's transition time moves, PodScheduled's does not.
  const later = t0 + 120_000;
  const toggled = desiredPodStatus({ ...pod({ status: first, annotations: { 'virtual.svcnet.io/ready': 'false' } }) }, facts({ nowMs: later }));
  assert.equal(cond(toggled, 'Ready')?.lastTransitionTime, '2026-11-25T07:02:00Z');
  assert.equal(cond(toggled, 'PodScheduled')?.lastTransitionTime, '2026-11-25T07:00:00Z');
  assert.equal(toggled.startTime, '2026-11-25T07:00:00Z');
  assert.ok(!sameStatus(first, toggled));
});

test('virtual pod status: PodScheduled from the scheduler and foreign conditions are kept', () => {
  const scheduled = { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' };
  const disruption = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', lastTransitionTime: '2026-01-01T00:00:00Z' };
  const s = desiredPodStatus(pod({ status: { conditions: [scheduled, disruption] } }), facts());
  assert.deepEqual(cond(s, 'PodScheduled'), scheduled);
  assert.deepEqual(s.conditions?.at(-1), disruption);
});
