// ReplicaSet controller against the in-process server: pods appear, follow scale, never overshoot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { listPods, setPodReady, startHarness, waitFor } from '../workload-common/test-harness.js';
import { ReplicaSetController } from './controller.js';

type RS = ReplicaSet & KubeObject;

test('ReplicaSet: 3 replicas -> 3 owned pods; status; scale to 5 and to 0', { timeout: 60_000 }, async () => {
  const h = await startHarness();
  try {
    await h.start(new ReplicaSetController(h.ctx));
    const rsClient = h.client.forKind<RS>('ReplicaSet');
    const rs = await rsClient.create('default', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const pods = await waitFor('3 pods', async () => { const p = await listPods(h.client, 'default', 'app=web'); return p.length === 3 && p; });
    for (const p of pods) {
      assert.match(p.metadata.name ?? '', /^web-[a-z0-9]{5}$/);
      assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    // No overshoot while caches settle.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await listPods(h.client, 'default', 'app=web')).length, 3);

    for (const p of pods) await setPodReady(h.client, p);
    await waitFor('status ready 3', async () => {
      const s = (await rsClient.get('default', 'web')).status;
      return s?.replicas === 3 && s.readyReplicas === 3 && s.availableReplicas === 3 && s.fullyLabeledReplicas === 3 && s.observedGeneration === 1;
    });

    await rsClient.patch('default', 'web', 'merge', { spec: { replicas: 5 } });
    await waitFor('5 pods', async () => (await listPods(h.client, 'default', 'app=web')).length === 5);
    await rsClient.patch('default', 'web', 'merge', { spec: { replicas: 0 } });
    await waitFor('0 pods', async () => (await listPods(h.client, 'default', 'app=web')).length === 0);
    await waitFor('status 0', async () => (await rsClient.get('default', 'web')).status?.replicas === 0);

    // An orphan that matches is adopted (and, being surplus, deleted).
    await rsClient.patch('default', 'web', 'merge', { spec: { replicas: 1 } });
    await waitFor('1 pod', async () => (await listPods(h.client, 'default', 'app=web')).length === 1);
    await h.client.forKind('Pod').create('default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    await waitFor('back to 1 pod', async () => (await listPods(h.client, 'default', 'app=web')).length === 1, 10_000);

    const events = (await h.client.forKind('Event').list('default')).items as Array<KubeObject & { reason?: string; message?: string }>;
    assert.ok(events.some((e) => e.reason === 'SuccessfulCreate' && /^Created pod: web-/.test(e.message ?? '')), 'SuccessfulCreate event');
    assert.ok(events.some((e) => e.reason === 'SuccessfulDelete'), 'SuccessfulDelete event');
  } finally {
    await h.stop();
  }
});
