// The endpoint controllers against an in-process svcnet server: Endpoints, EndpointSlices and
// mirrored slices follow Services and Pods created through the client, as kubectl would see them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../testing/test-server.js';
import { newClient } from '../../client/rest-client.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { EventRecorder } from '../../client/events.js';
import { componentLogger } from '../../lib/logger.js';
import { defaultClusterSettings, type ControllerContext } from '../context.js';
import { EndpointSliceController } from './controller.js';
import { EndpointsController } from '../endpoints/controller.js';
import { EndpointSliceMirroringController } from '../endpointslicemirroring/controller.js';
import type { EndpointSliceObject, EndpointsObject, PodObject, ServiceObject } from '../endpoint-common/pod-endpoint.js';

async function eventually<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('endpoint controllers follow services and pods', async (t) => {
  const server = await startTestServer();
  const client = newClient(server.clientConfig('endpoint-controllers-test'));
  const informers = new SharedInformerFactory(client);
  const ctx: ControllerContext = {
    client, informers, recorder: (c) => new EventRecorder(client, c), log: componentLogger('test'),
    settings: { ...defaultClusterSettings, maxEndpointsPerSlice: 2 },
  };
  const controllers = [new EndpointsController(ctx), new EndpointSliceController(ctx), new EndpointSliceMirroringController(ctx)];
  informers.start();
  const running = controllers.map((c) => c.run());
  t.after(async () => {
    for (const c of controllers) c.stop();
    await Promise.all(running);
    informers.stop();
    client.close();
    await server.stop();
  });

  const services = client.forKind<ServiceObject>('Service');
  const pods = client.forKind<PodObject>('Pod');
  const endpoints = client.forKind<EndpointsObject>('Endpoints');
  const slices = client.forKind<EndpointSliceObject>('EndpointSlice');
  const ns = 'default';
  const sliceList = async (svc: string) => (await slices.list(ns, { labelSelector: `kubernetes.io/service-name=${svc}` })).items;
  const sliceSummary = async (svc: string) => {
    const items = await sliceList(svc);
    const eps = items.flatMap((s) => s.endpoints ?? []).map((e) => `${e.targetRef?.name}:${e.conditions?.ready}`).sort();
    return { count: items.length, eps };
  };

  async function setStatus(name: string, ip: string, ready: boolean): Promise<void> {
    const p = await pods.get(ns, name);
    p.status = {
      phase: 'Running', podIP: ip, podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString() }],
    };
    await pods.updateStatus(p);
  }

  await services.create(ns, {
    metadata: { name: 'web', labels: { tier: 'fe' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 'web', protocol: 'TCP' }] },
  } as ServiceObject);
  // No pods yet: an empty Endpoints and one placeholder slice.
  await eventually('empty Endpoints', async () => (await endpoints.get(ns, 'web')).metadata.name === 'web');
  await eventually('placeholder slice', async () => {
    const s = await sliceList('web');
    return s.length === 1 && (s[0].endpoints ?? []).length === 0;
  });

  for (let i = 1; i <= 3; i++) {
    await pods.create(ns, {
      metadata: { name: `web-${i}`, labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'web', containerPort: 80 }] }] },
    } as PodObject);
    await setStatus(`web-${i}`, `10.244.0.${i + 1}`, true);
  }
  const ep = await eventually('3 addresses', async () => {
    const e = await endpoints.get(ns, 'web');
    return e.subsets?.[0]?.addresses?.length === 3 ? e : undefined;
  });
  assert.deepEqual(ep.subsets?.[0]?.ports, [{ name: 'http', port: 80, protocol: 'TCP' }], 'named targetPort resolved');
  assert.deepEqual(ep.metadata.labels, { tier: 'fe' });
  await eventually('3 ready endpoints in 2 slices', async () => {
    const s = await sliceSummary('web');
    return s.count === 2 && JSON.stringify(s.eps) === JSON.stringify(['web-1:true', 'web-2:true', 'web-3:true']);
  });
  const [one] = await sliceList('web');
  assert.equal(one.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
  assert.equal(one.metadata.labels?.tier, 'fe');
  assert.equal(one.metadata.ownerReferences?.[0]?.kind, 'Service');
  assert.equal(one.metadata.ownerReferences?.[0]?.controller, true);

  // A pod turning unready moves to notReadyAddresses and ready=false.
  await setStatus('web-2', '10.244.0.3', false);
  await eventually('web-2 not ready', async () => {
    const e = await endpoints.get(ns, 'web');
    return e.subsets?.[0]?.notReadyAddresses?.map((a) => a.targetRef?.name).join() === 'web-2' && e.subsets[0].addresses?.length === 2;
  });
  await eventually('web-2 ready=false in slices', async () =>
    JSON.stringify((await sliceSummary('web')).eps) === JSON.stringify(['web-1:true', 'web-2:false', 'web-3:true']));

  // Scale down, then to zero.
  await pods.delete(ns, 'web-3', { gracePeriodSeconds: 0 });
  await eventually('web-3 gone', async () => JSON.stringify((await sliceSummary('web')).eps) === JSON.stringify(['web-1:true', 'web-2:false']));
  await pods.delete(ns, 'web-1', { gracePeriodSeconds: 0 });
  await pods.delete(ns, 'web-2', { gracePeriodSeconds: 0 });
  await eventually('no subsets', async () => ((await endpoints.get(ns, 'web')).subsets ?? []).length === 0);
  await eventually('back to one placeholder', async () => {
    const s = await sliceSummary('web');
    return s.count === 1 && s.eps.length === 0;
  });

  // Selector-less service: its hand-written Endpoints are left alone and mirrored.
  await services.create(ns, { metadata: { name: 'ext' }, spec: { ports: [{ name: 'db', port: 5432, protocol: 'TCP' }] } } as ServiceObject);
  await endpoints.create(ns, {
    metadata: { name: 'ext' }, subsets: [{ addresses: [{ ip: '192.0.2.42' }], ports: [{ name: 'db', port: 5432, protocol: 'TCP' }] }],
  } as EndpointsObject);
  const mirrored = await eventually('mirrored slice', async () => {
    const s = await sliceList('ext');
    return s.length === 1 && s[0].endpoints?.[0]?.addresses?.[0] === '192.0.2.42' ? s[0] : undefined;
  });
  assert.equal(mirrored.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslicemirroring-controller.k8s.io');
  assert.equal((await endpoints.get(ns, 'ext')).subsets?.[0]?.addresses?.[0]?.ip, '192.0.2.42', 'custom Endpoints untouched');
  const ext = await endpoints.get(ns, 'ext');
  ext.metadata.labels = { 'endpointslice.kubernetes.io/skip-mirror': 'true' };
  await endpoints.update(ext);
  await eventually('skip-mirror removes the mirrored slice', async () => (await sliceList('ext')).length === 0);

  // Headless service with hostname/subdomain pods: endpoints carry hostnames.
  await services.create(ns, {
    metadata: { name: 'db-service' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] },
  } as ServiceObject);
  for (let i = 0; i < 3; i++) {
    await pods.create(ns, {
      metadata: { name: `db-${i}`, labels: { app: 'db' } },
      spec: { hostname: `db-${i}`, subdomain: 'db-service', containers: [{ name: 'c', image: 'x' }] },
    } as PodObject);
    await setStatus(`db-${i}`, `10.244.1.${i + 2}`, true);
  }
  await eventually('hostnames in Endpoints', async () =>
    (await endpoints.get(ns, 'db-service')).subsets?.[0]?.addresses?.map((a) => a.hostname).join() === 'db-0,db-1,db-2');
  const dbSlices = await eventually('hostnames in slices', async () => {
    const s = await sliceList('db-service');
    const names = s.flatMap((x) => x.endpoints ?? []).map((e) => e.hostname).sort().join();
    return names === 'db-0,db-1,db-2' ? s : undefined;
  });
  assert.equal(dbSlices[0].metadata.labels?.['service.kubernetes.io/headless'], '');

  // A second controller starting from scratch (as after a restart) finds the slices and adds none.
  const factory2 = new SharedInformerFactory(client);
  const again = new EndpointSliceController({ ...ctx, informers: factory2 });
  factory2.start();
  const againRun = again.run();
  await new Promise((r) => setTimeout(r, 500));
  again.stop();
  await againRun;
  factory2.stop();
  assert.equal((await sliceList('db-service')).length, dbSlices.length, 'no duplicate slices after a restart');
  assert.equal((await sliceList('web')).length, 1);

  // Deleting the service removes its Endpoints and slices (without relying on a garbage collector).
  await services.delete(ns, 'web');
  await eventually('Endpoints deleted', async () => {
    try {
      await endpoints.get(ns, 'web');
      return false;
    } catch {
      return true;
    }
  });
  await eventually('slices deleted', async () => (await sliceList('web')).length === 0);
});
