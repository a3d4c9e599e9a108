// Deployment controller (with the ReplicaSet controller) against the in-process server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { autoReady, listPods, startHarness, waitFor } from '../workload-common/test-harness.js';
import { ReplicaSetController } from '../replicaset/controller.js';
import { DeploymentController } from './controller.js';

type D = Deployment & KubeObject;
type RS = ReplicaSet & KubeObject;

const rolledOut = (d: D) => {
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && s.updatedReplicas === d.spec?.replicas && s.replicas === d.spec?.replicas
    && s.availableReplicas === d.spec?.replicas && s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'NewReplicaSetAvailable');
};

test('Deployment: create, roll out a new template within bounds, keep history per revisionHistoryLimit, scale', { timeout: 90_000 }, async () => {
  const h = await startHarness();
  const agent = autoReady(h.client, 'default', 'app=web');
  try {
    await h.start(new ReplicaSetController(h.ctx), new DeploymentController(h.ctx));
    const ds = h.client.forKind<D>('Deployment');
    const rss = h.client.forKind<RS>('ReplicaSet');
    await ds.create('default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 3, revisionHistoryLimit: 1, selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } },
    });
    const d1 = await waitFor('rolled out', async () => { const d = await ds.get('default', 'web'); return rolledOut(d) && d; });
    const [rs1] = (await rss.list('default')).items;
    const hash1 = rs1.metadata.labels?.['pod-template-hash'];
    assert.equal(rs1.metadata.name, `web-${hash1}`);
    assert.equal(rs1.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(d1.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal((await listPods(h.client, 'default', 'app=web')).length, 3);

    // Template change -> a second ReplicaSet; old one ends at 0; never more than 3 + maxSurge pods.
    await ds.patch('default', 'web', 'merge', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } });
    await waitFor('rolled out v2', async () => rolledOut(await ds.get('default', 'web')), 30_000);
    const after = (await rss.list('default')).items;
    assert.equal(after.length, 2);
    const old = after.find((r) => r.metadata.name === rs1.metadata.name)!;
    const cur = after.find((r) => r.metadata.name !== rs1.metadata.name)!;
    assert.equal(old.spec?.replicas, 0);
    assert.equal(cur.spec?.replicas, 3);
    assert.equal(cur.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    assert.ok(agent.maxPods() <= 4, `at most replicas + maxSurge pods, saw ${agent.maxPods()}`);

    // A third revision: with revisionHistoryLimit 1, the first ReplicaSet is deleted.
    await ds.patch('default', 'web', 'merge', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } } } } });
    await waitFor('rolled out v3', async () => rolledOut(await ds.get('default', 'web')), 30_000);
    await waitFor('history trimmed to 1 old set', async () => {
      const names = (await rss.list('default')).items.map((r) => r.metadata.name);
      return names.length === 2 && !names.includes(rs1.metadata.name);
    });

    // Scale.
    await ds.patch('default', 'web', 'merge', { spec: { replicas: 5 } });
    await waitFor('5 pods', async () => rolledOut(await ds.get('default', 'web')) && (await listPods(h.client, 'default', 'app=web')).length === 5);
    await ds.patch('default', 'web', 'merge', { spec: { replicas: 0 } });
    await waitFor('0 pods', async () => (await listPods(h.client, 'default', 'app=web')).length === 0);

    const events = (await h.client.forKind('Event').list('default')).items as Array<KubeObject & { reason?: string; message?: string }>;
    assert.ok(events.some((e) => e.reason === 'ScalingReplicaSet' && e.message === `Scaled up replica set web-${hash1} from 0 to 3`), 'ScalingReplicaSet event');
  } finally {
    await agent.stop();
    await h.stop();
  }
});

test('Deployment Recreate: old pods gone before the new set grows', { timeout: 60_000 }, async () => {
  const h = await startHarness();
  const agent = autoReady(h.client, 'default', 'app=rc');
  try {
    await h.start(new ReplicaSetController(h.ctx), new DeploymentController(h.ctx));
    const ds = h.client.forKind<D>('Deployment');
    await ds.create('default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'rc' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'rc' } }, strategy: { type: 'Recreate' },
        template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'a:1' }] } } },
    });
    await waitFor('rolled out', async () => rolledOut(await ds.get('default', 'rc')));
    await ds.patch('default', 'rc', 'merge', { spec: { template: { spec: { containers: [{ name: 'c', image: 'a:2' }] } } } });
    await waitFor('rolled out v2', async () => rolledOut(await ds.get('default', 'rc')), 30_000);
    assert.ok(agent.maxPods() <= 2, `Recreate never runs both: saw ${agent.maxPods()}`);
  } finally {
    await agent.stop();
    await h.stop();
  }
});
