import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { startTestServer } from '../testing/test-server.js';
import { newClient } from './rest-client.js';
import { EventRecorder } from './events.js';
import type { KubeObject, Event as EventType } from '../apis/object.js';

type Event = EventType & KubeObject;
const silent = pino({ level: 'silent' });

test('EventRecorder against a live server', async (t) => {
  const server = await startTestServer({ controllers: false });
  const client = newClient(server.clientConfig('events-test'));
  t.after(async () => { client.close(); await server.stop(); });
  const events = client.forKind<Event>('Event');
  const recorder = new EventRecorder(client, 'replicaset-controller', 'host-1', silent);
  const rs: KubeObject = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: 'web-5d8f', namespace: 'default', uid: 'uid-1', resourceVersion: '42' },
  };

  await t.test('an event becomes a core/v1 Event describing the object and its source', async () => {
    recorder.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-5d8f-abcde');
    await recorder.flush();
    const { items } = await events.list('default');
    const e = items.find((x) => x.reason === 'SuccessfulCreate');
    assert.ok(e, 'event created');
    assert.match(e.metadata.name!, /^web-5d8f\.[0-9a-f]{16}$/);
    assert.deepEqual(e.involvedObject, { kind: 'ReplicaSet', namespace: 'default', name: 'web-5d8f', uid: 'uid-1', apiVersion: 'apps/v1', resourceVersion: '42' });
    assert.equal(e.type, 'Normal');
    assert.equal(e.message, 'Created pod: web-5d8f-abcde');
    assert.deepEqual(e.source, { component: 'replicaset-controller', host: 'host-1' });
    assert.equal(e.count, 1);
    assert.equal(e.reportingComponent, 'replicaset-controller');
    assert.equal(e.reportingInstance, 'host-1');
    assert.match(String(e.firstTimestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  await t.test('repeats are aggregated into one Event with a count; a different message is another Event', async () => {
    const cases: Array<{ reason: string; message: string; times: number }> = [
      { reason: 'FailedCreate', message: 'quota exceeded', times: 2 },
      { reason: 'FailedCreate', message: 'quota exceeded again', times: 3 },
    ];
    for (const c of cases) for (let i = 0; i < c.times; i++) recorder.event(rs, 'Warning', c.reason, c.message);
    await recorder.flush();
    const { items } = await events.list('default');
    for (const c of cases) {
      const matching = items.filter((e) => e.reason === c.reason && e.message === c.message);
      assert.equal(matching.length, 1, `one Event for ${c.message}`);
      assert.equal(matching[0].count, c.times);
      assert.equal(matching[0].type, 'Warning');
    }
  });

  await t.test('a cluster-scoped object gets its Events in default', async () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', uid: 'uid-n' } };
    recorder.event(node, 'Normal', 'RegisteredNode', 'Node node-a event: Registered Node node-a in Controller');
    await recorder.flush();
    const { items } = await events.list('default');
    const e = items.find((x) => x.reason === 'RegisteredNode');
    assert.ok(e);
    assert.deepEqual(e.involvedObject, { kind: 'Node', name: 'node-a', uid: 'uid-n', apiVersion: 'v1' });
  });

  await t.test('a failing write is logged, never thrown', async () => {
    const ghost: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'no-such-namespace' } };
    assert.doesNotThrow(() => recorder.event(ghost, 'Normal', 'Scheduled', 'x'));
    await recorder.flush();
  });
});
