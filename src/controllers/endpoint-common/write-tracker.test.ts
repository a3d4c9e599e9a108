import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WriteTracker } from './write-tracker.js';
import { newPodIndex, newServiceIndex, podsForService, serviceKeysForPod } from './label-index.js';
import { pod, svc } from './test-fixtures.js';

const obj = (name: string, rv: string) => ({ metadata: { name, resourceVersion: rv } });

test('WriteTracker: a cache behind our own writes is stale', () => {
  const t = new WriteTracker();
  t.wrote('ns/web', obj('web-a', '10'));
  assert.equal(t.isStale('ns/web', []), true, 'created slice not yet cached');
  assert.equal(t.isStale('ns/web', [obj('web-a', '9')]), true, 'older version cached');
  assert.equal(t.observe('ns/web', obj('web-a', '10'), false), false, 'echo of our own write: no sync');
  assert.equal(t.isStale('ns/web', [obj('web-a', '10')]), false);
  t.deleted('ns/web', 'web-a');
  assert.equal(t.isStale('ns/web', [obj('web-a', '10')]), true, 'deleted slice still cached');
  assert.equal(t.observe('ns/web', obj('web-a', '10'), true), false, 'our own delete: no sync');
  assert.equal(t.observe('ns/web', obj('web-b', '12'), false), true, 'someone else wrote: sync');
  assert.equal(t.isStale('ns/web', []), false);
});

test('label indexes: pods for a service, services for a pod', () => {
  const pods = newPodIndex();
  const services = newServiceIndex();
  pods.upsert(pod('a', { labels: { app: 'web', tier: 'fe' } }));
  pods.upsert(pod('b', { labels: { app: 'web' } }));
  pods.upsert(pod('c', { ns: 'other', labels: { app: 'web', tier: 'fe' } }));
  services.upsert(svc('all', { selector: { app: 'web' } }));
  services.upsert(svc('fe', { selector: { app: 'web', tier: 'fe' } }));
  services.upsert(svc('none', { selector: null }));
  assert.deepEqual(podsForService(pods, svc('fe', { selector: { app: 'web', tier: 'fe' } })).map((p) => p.metadata.name), ['a']);
  assert.deepEqual(podsForService(pods, svc('all')).map((p) => p.metadata.name).sort(), ['a', 'b']);
  assert.deepEqual(podsForService(pods, svc('none', { selector: null })), []);
  assert.deepEqual(serviceKeysForPod(services, pod('a', { labels: { app: 'web', tier: 'fe' } })).sort(), ['default/all', 'default/fe']);
  assert.deepEqual(serviceKeysForPod(services, pod('c', { ns: 'other', labels: { app: 'web' } })), []);
  pods.upsert(pod('a', { labels: { app: 'api' } }));
  assert.deepEqual(podsForService(pods, svc('all')).map((p) => p.metadata.name), ['b'], 'relabelled pod leaves');
  pods.remove(pod('b'));
  assert.deepEqual(podsForService(pods, svc('all')), []);
});
