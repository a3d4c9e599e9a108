// The Service rules end to end through the generic registry (defaults, validation, allocation,
// store write, undo on failure), as the API layer drives them.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../storage/memory/memory-store.js';
import { WatchCache } from '../../storage/watch-cache.js';
import { ResourceRegistry } from '../generic/registry.js';
import { findResource } from '../../apis/resources.js';
import type { KubeObject } from '../../apis/object.js';
import type { Strategy, WriteHooks } from '../strategy.js';
import { newServiceStrategy } from './strategy.js';
import { ServiceAllocations, nodePortPrefix, serviceIPPrefix } from './allocations.js';

const caches: WatchCache[] = [];
after(() => { for (const c of caches) c.stop(); });

const cfg = { serviceCIDRs: ['10.96.0.0/12'], nodePortRange: { base: 30000, size: 2768 } };

async function setup() {
  const store = new MemoryStore();
  const cache = new WatchCache(store);
  await cache.start();
  caches.push(cache);
  const alloc = new ServiceAllocations(store, cfg);
  await alloc.start();
  const reg = new ResourceRegistry(findResource('', 'v1', 'services')!, newServiceStrategy(cfg) as Strategy, alloc as WriteHooks, { store, cache });
  const count = async (prefix: string) => (await store.list(prefix)).items.length;
  return { store, reg, count };
}

const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });

test('create, already-exists undo, type change and delete keep reservations exact', async () => {
  const { reg, count } = await setup();
  const created = await reg.create('default', svc('web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 80 }] }));
  const spec = created.spec as { clusterIP: string; ports: Array<{ nodePort: number }>; ipFamilies: string[] };
  assert.ok(spec.clusterIP);
  assert.deepEqual(spec.ipFamilies, ['IPv4']);
  assert.equal(await count(serviceIPPrefix), 1);
  assert.equal(await count(nodePortPrefix), 1);

  await assert.rejects(reg.create('default', svc('web', { type: 'NodePort', ports: [{ port: 80 }] })), /already exists/);
  assert.equal(await count(serviceIPPrefix), 1, 'the loser of the name race gave its IP back');

  const { object } = await reg.update('default', 'web', (cur) => ({ ...cur!, spec: { ...(cur!.spec as object), type: 'ClusterIP' } }));
  assert.equal((object.spec as { ports: Array<{ nodePort?: number }> }).ports[0]!.nodePort, undefined);
  assert.equal(await count(nodePortPrefix), 0);

  await reg.delete('default', 'web');
  assert.equal(await count(serviceIPPrefix), 0);
});

test('dry run through the registry writes nothing', async () => {
  const { reg, count } = await setup();
  const out = await reg.create('default', svc('d', { ports: [{ port: 80 }] }), { dryRun: true });
  assert.ok((out.spec as { clusterIP: string }).clusterIP);
  assert.equal(await count(serviceIPPrefix), 0);
});

test('60 concurrent creates through the registry', async () => {
  const { reg, count } = await setup();
  const objs = await Promise.all(Array.from({ length: 60 }, (_, i) => reg.create('default', svc(`s${i}`, { type: 'NodePort', ports: [{ port: 80 }] }))));
  assert.equal(new Set(objs.map((o) => (o.spec as { clusterIP: string }).clusterIP)).size, 60);
  assert.equal(new Set(objs.map((o) => (o.spec as { ports: Array<{ nodePort: number }> }).ports[0]!.nodePort)).size, 60);
  assert.equal(await count(serviceIPPrefix), 60);
  assert.equal(await count(nodePortPrefix), 60);
});
