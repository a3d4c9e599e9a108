import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { newClient } from './rest-client.js';
import type { Client, WatchEvent } from './types.js';
import type { KubeObject, Service as ServiceType } from '../apis/object.js';

type Service = ServiceType & KubeObject;
import { isStatusError, StatusError } from '../apis/errors.js';

let server: TestServer;
let client: Client;

before(async () => {
  server = await startTestServer({ controllers: false });
  client = newClient(server.clientConfig('rest-client-test'));
});
after(async () => {
  client.close();
  await server.stop();
});

function svc(name: string, extra: Partial<Service['spec']> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ name: 'http', port: 80 }], selector: { app: name }, ...extra } } as Service;
}

async function statusOf(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof StatusError, `expected StatusError, got ${e}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

test('CRUD round trip of a Service', async () => {
  const services = client.forKind<Service>('Service');
  const created = await services.create('default', svc('crud'));
  assert.equal(created.metadata.name, 'crud');
  assert.match(created.spec!.clusterIP!, /^10\./);
  assert.ok(created.metadata.resourceVersion);
  const got = await services.get('default', 'crud');
  assert.equal(got.metadata.uid, created.metadata.uid);
  const listed = await services.list('default');
  assert.ok(listed.items.some((s) => s.metadata.name === 'crud'));
  assert.ok(listed.items.every((s) => s.kind === 'Service' && s.apiVersion === 'v1'), 'list items are self-describing');
  assert.ok(listed.resourceVersion);
  const changed = { ...got, metadata: { ...got.metadata, labels: { tier: 'web' } } };
  const updated = await services.update(changed);
  assert.deepEqual(updated.metadata.labels, { tier: 'web' });
  assert.notEqual(updated.metadata.resourceVersion, got.metadata.resourceVersion);
  assert.equal(updated.metadata.managedFields?.at(-1)?.manager, 'rest-client-test', 'field manager defaults to the user agent');
  await services.delete('default', 'crud');
  const e = await statusOf(services.get('default', 'crud'));
  assert.equal(e.code, 404);
});

test('errors are the StatusError the server sent', async (t) => {
  const services = client.forKind<Service>('Service');
  const base = await services.create('default', svc('errs'));
  const cases: Array<{ name: string; call: () => Promise<unknown>; reason: string; code: number; message?: RegExp; causes?: string[] }> = [
    { name: 'NotFound', call: () => services.get('default', 'nope'), reason: 'NotFound', code: 404, message: /services "nope" not found/ },
    { name: 'AlreadyExists', call: () => services.create('default', svc('errs')), reason: 'AlreadyExists', code: 409, message: /services "errs" already exists/ },
    {
      name: 'Conflict on a stale resourceVersion',
      call: async () => {
        await services.patch('default', 'errs', 'merge', { metadata: { labels: { bump: '1' } } });
        return services.update(base);
      },
      reason: 'Conflict', code: 409, message: /the object has been modified/,
    },
    {
      name: 'Invalid with field causes',
      call: () => services.create('default', svc('bad', { ports: [{ port: 70000, targetPort: 80 }] })),
      reason: 'Invalid', code: 422, causes: ['spec.ports[0].port'],
    },
    { name: 'unknown namespace', call: () => services.create('no-such-ns', svc('x')), reason: 'NotFound', code: 404 },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const e = await statusOf(c.call());
      assert.ok(isStatusError(e, c.reason as never), `reason ${e.reason}: ${e.message}`);
      assert.equal(e.code, c.code);
      if (c.message) assert.match(e.message, c.message);
      if (c.causes) assert.deepEqual(e.details?.causes?.map((x) => x.field), c.causes);
    });
  }
  await services.delete('default', 'errs');
});

test('patch of each type', async (t) => {
  const services = client.forKind<Service>('Service');
  await services.create('default', svc('patched', { type: 'LoadBalancer' }));
  const cases: Array<{ name: string; type: 'merge' | 'strategic' | 'json' | 'apply'; patch: unknown; check: (s: Service) => void; force?: boolean }> = [
    { name: 'merge', type: 'merge', patch: { metadata: { labels: { a: '1' } } }, check: (s) => assert.equal(s.metadata.labels?.a, '1') },
    {
      name: 'strategic merges ports by port number',
      type: 'strategic', patch: { spec: { ports: [{ port: 443, name: 'https' }] } },
      check: (s) => assert.deepEqual(s.spec!.ports!.map((p) => p.port).sort(), [443, 80]),
    },
    { name: 'json', type: 'json', patch: [{ op: 'add', path: '/metadata/annotations', value: { note: 'x' } }], check: (s) => assert.equal(s.metadata.annotations?.note, 'x') },
    {
      name: 'apply with the default field manager',
      type: 'apply', force: true,
      patch: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'patched', labels: { applied: 'yes' } } },
      check: (s) => {
        assert.equal(s.metadata.labels?.applied, 'yes');
        assert.ok(s.metadata.managedFields?.some((m) => m.manager === 'rest-client-test' && m.operation === 'Apply'));
      },
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const out = await services.patch('default', 'patched', c.type, c.patch, { force: c.force });
      c.check(out);
      c.check(await services.get('default', 'patched'));
    });
  }
  await t.test('status subresource', async () => {
    const out = await services.patch('default', 'patched', 'merge', { status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } }, { subresource: 'status' });
    assert.equal(out.status?.loadBalancer?.ingress?.[0]?.ip, '192.0.2.1');
  });
  await services.delete('default', 'patched');
});

test('watch delivers events in order, stop() is silent, a server-ended watch closes cleanly', async () => {
  const cms = client.forKind<Service>('Service');
  const start = await cms.list('default');
  const events: Array<WatchEvent<KubeObject>> = [];
  let closed: Error | undefined | null = null;
  const handle = cms.watch('default', { resourceVersion: start.resourceVersion, allowWatchBookmarks: true }, (e) => events.push(e), (err) => { closed = err; });
  await cms.create('default', svc('w1'));
  await cms.patch('default', 'w1', 'merge', { metadata: { labels: { x: 'y' } } });
  await cms.delete('default', 'w1');
  const deadline = Date.now() + 5000;
  while (events.filter((e) => e.type !== 'BOOKMARK').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  handle.stop();
  const seen = events.filter((e) => e.type !== 'BOOKMARK' && e.object.metadata.name === 'w1').map((e) => e.type);
  assert.deepEqual(seen, ['ADDED', 'MODIFIED', 'DELETED']);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(closed, null, 'stop() does not call onClose');

  // The server ending the watch (timeoutSeconds) is a clean close: onClose() without an error.
  const t0 = Date.now();
  const err = await new Promise<Error | undefined | 'none'>((resolve) => {
    cms.watch('default', { timeoutSeconds: 1 }, () => {}, resolve);
    setTimeout(() => resolve('none'), 5000);
  });
  assert.equal(err, undefined);
  assert.ok(Date.now() - t0 >= 900);
});

test('forKind of an unknown kind throws', () => {
  assert.throws(() => client.forKind('Widget'), /unknown kind "Widget"/);
});
