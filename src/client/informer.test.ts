import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { newClient } from './rest-client.js';
import { SharedInformer } from './informer.js';
import { SharedInformerFactory } from './informer-factory.js';
import type { Client, ResourceClient } from './types.js';
import type { KubeObject, Service as ServiceType } from '../apis/object.js';
import { isStatusError } from '../apis/errors.js';

type Service = ServiceType & KubeObject;
const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(20);
  }
  assert.fail(`timed out waiting for: ${what}`);
}

function svc(namespace: string, name: string, type = 'ClusterIP'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type, ports: [{ port: 80 }], selector: { app: name } } } as Service;
}

async function createNamespace(client: Client, name: string): Promise<void> {
  await client.forKind('Namespace').create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** What a handler sees, as a log and as the state it implies (key -> resourceVersion). */
function recorder<T extends KubeObject>() {
  const log: string[] = [];
  const view = new Map<string, string>();
  const key = (o: T) => `${o.metadata.namespace}/${o.metadata.name}`;
  return {
    log, view,
    handlers: {
      add: (o: T) => { log.push(`add ${o.metadata.name}`); view.set(key(o), o.metadata.resourceVersion!); },
      update: (old: T, o: T) => {
        assert.notEqual(old.metadata.resourceVersion, o.metadata.resourceVersion, 'update only when resourceVersion changed');
        log.push(`update ${o.metadata.name}`);
        view.set(key(o), o.metadata.resourceVersion!);
      },
      delete: (o: T) => { log.push(`delete ${o.metadata.name}`); view.delete(key(o)); },
    },
  };
}

/** The server's state of a namespace's Services as key -> resourceVersion. */
async function serverView(services: ResourceClient<Service>, namespace: string): Promise<Map<string, string>> {
  const { items } = await services.list(namespace);
  return new Map(items.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s.metadata.resourceVersion!]));
}

test('informer against a live server', async (t) => {
  const server = await startTestServer({ controllers: false });
  const client = newClient(server.clientConfig('informer-test'));
  const services = client.forKind<Service>('Service');
  t.after(async () => { client.close(); await server.stop(); });

  await t.test('initial list (paged) as adds, then live add, update and delete', async () => {
    await createNamespace(client, 'inf');
    for (const n of ['a', 'b', 'c', 'd', 'e']) await services.create('inf', svc('inf', n));
    const informer = new SharedInformer<Service>(services, { namespace: 'inf', pageSize: 2, log: silent });
    const seen = recorder<Service>();
    informer.addEventHandler(seen.handlers);
    informer.addIndexer('byType', (s) => [s.spec?.type ?? '']);
    assert.equal(informer.hasSynced(), false);
    informer.start();
    await informer.waitForSync();
    assert.equal(informer.hasSynced(), true);
    assert.deepEqual(seen.log.sort(), ['add a', 'add b', 'add c', 'add d', 'add e']);
    assert.equal(informer.list().length, 5);
    assert.equal(informer.get('inf/c')?.kind, 'Service', 'cached objects carry kind');
    assert.equal(informer.byIndex('namespace', 'inf').length, 5);

    seen.log.length = 0;
    await services.create('inf', svc('inf', 'f', 'NodePort'));
    await services.patch('inf', 'a', 'merge', { metadata: { labels: { x: '1' } } });
    await services.delete('inf', 'b');
    await eventually('three events', () => seen.log.length === 3);
    assert.deepEqual(seen.log, ['add f', 'update a', 'delete b']);
    assert.equal(informer.get('inf/a')?.metadata.labels?.x, '1');
    assert.equal(informer.get('inf/b'), undefined);
    assert.deepEqual(informer.byIndex('byType', 'NodePort').map((s) => s.metadata.name), ['f']);
    assert.equal(informer.byIndex('byType', 'ClusterIP').length, 4);
    assert.deepEqual(seen.view, await serverView(services, 'inf'));

    const late = recorder<Service>();
    informer.addEventHandler(late.handlers);
    assert.equal(late.log.length, 5, 'a handler added late gets an add per cached object');
    informer.stop();
  });

  await t.test('a throwing handler neither stops the informer nor other handlers', async () => {
    await createNamespace(client, 'throws');
    const informer = new SharedInformer<Service>(services, { namespace: 'throws', log: silent });
    informer.addEventHandler({ add: () => { throw new Error('handler bug'); } });
    const seen = recorder<Service>();
    informer.addEventHandler(seen.handlers);
    informer.start();
    await informer.waitForSync();
    await services.create('throws', svc('throws', 'x'));
    await services.create('throws', svc('throws', 'y'));
    await eventually('both adds', () => seen.log.length === 2);
    informer.stop();
  });

  await t.test('selectors scope the informer', async () => {
    await createNamespace(client, 'sel');
    const labelled = { ...svc('sel', 'l'), metadata: { name: 'l', namespace: 'sel', labels: { tier: 'web' } } };
    await services.create('sel', labelled);
    await services.create('sel', svc('sel', 'u'));
    const informer = new SharedInformer<Service>(services, { labelSelector: 'tier=web', log: silent });
    informer.start();
    await informer.waitForSync();
    assert.deepEqual(informer.list().map((s) => s.metadata.name), ['l']);
    informer.stop();
  });

  await t.test('factory: one informer per kind and scope; informers created after start start at once', async () => {
    const factory = new SharedInformerFactory(client, silent);
    const a = factory.forKind<Service>('Service');
    assert.equal(factory.forKind('Service'), a);
    assert.notEqual(factory.forKind('Service', { namespace: 'inf' }), a);
    factory.start();
    await factory.waitForSync();
    assert.ok(a.hasSynced());
    assert.ok(a.list().some((s) => s.metadata.name === 'kubernetes'), 'all namespaces by default');
    const nodes = factory.forKind('Namespace');
    await factory.waitForSync();
    assert.ok(nodes.hasSynced());
    assert.ok(nodes.get('default'));
    factory.stop();
  });
});

test('informer relists after the server restarts and its handlers end consistent with the server', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'svcnet-informer-'));
  let server = await startTestServer({ controllers: false, dataDir });
  const port = server.port;
  let client = newClient(server.clientConfig('restart-test'));
  await createNamespace(client, 'rs');
  for (const n of ['keep', 'change', 'drop']) await client.forKind<Service>('Service').create('rs', svc('rs', n));

  // The informer has its own client: it must reconnect to the new server by itself.
  const informerClient = newClient(server.clientConfig('restart-informer'));
  const rc = informerClient.forKind<Service>('Service');
  let lists = 0;
  const counting: ResourceClient<Service> = {
    resource: rc.resource, get: rc.get.bind(rc), watch: rc.watch.bind(rc), create: rc.create.bind(rc), update: rc.update.bind(rc),
    updateStatus: rc.updateStatus.bind(rc), patch: rc.patch.bind(rc), delete: rc.delete.bind(rc),
    list: (ns, opts) => { lists++; return rc.list(ns, opts); },
  };
  const informer = new SharedInformer<Service>(counting, { namespace: 'rs', minBackoffMs: 500, maxBackoffMs: 1000, log: silent });
  const seen = recorder<Service>();
  informer.addEventHandler(seen.handlers);
  informer.start();
  await informer.waitForSync();
  const before = informer.lastSyncResourceVersion();
  assert.equal(lists, 1);

  try {
    client.close();
    await server.stop();
    server = await startTestServer({ controllers: false, dataDir, port });
    client = newClient(server.clientConfig('restart-test'));
    const services = client.forKind<Service>('Service');
    // Changes the informer may miss while it is reconnecting: the relist diff must carry them.
    await services.patch('rs', 'change', 'merge', { metadata: { labels: { changed: 'yes' } } });
    await services.delete('rs', 'drop');
    await services.create('rs', svc('rs', 'new'));

    await eventually('handlers match the server', async () => {
      const want = await serverView(services, 'rs');
      return JSON.stringify([...seen.view].sort()) === JSON.stringify([...want].sort());
    });
    assert.deepEqual(new Set(informer.list().map((s) => s.metadata.name)), new Set(['keep', 'change', 'new']));
    assert.equal(informer.get('rs/change')?.metadata.labels?.changed, 'yes');
    assert.notEqual(informer.lastSyncResourceVersion(), before);
    assert.ok(lists >= 2, 'the informer relisted');
    const sinceRestart = seen.log.slice(3);
    assert.ok(sinceRestart.includes('delete drop') && sinceRestart.includes('update change') && sinceRestart.includes('add new'), sinceRestart.join(', '));

    // The restarted server's watch history starts at its start: an older resourceVersion is 410 Expired.
    const err = await new Promise<Error | undefined>((resolve) => {
      services.watch('rs', { resourceVersion: '1' }, () => {}, resolve);
    });
    assert.ok(isStatusError(err) && err.code === 410, `want 410, got ${err}`);

    // And the informer is live again after the relist.
    await services.create('rs', svc('rs', 'after'));
    await eventually('add after restart', () => informer.get('rs/after') !== undefined);
  } finally {
    informer.stop();
    informerClient.close();
    client.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
