import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulerCache } from './scheduler-cache.js';

test('loads follow pod placements, assumed bindings count until the informer catches up', () => {
  const c = new SchedulerCache();
  c.observe('default/a', 'n1', 'rs');
  c.observe('default/b', 'n1', undefined);
  assert.equal(c.loads.get('n1')?.total, 2);
  assert.equal(c.loads.get('n1')?.byOwner.get('rs'), 1);

  c.assume('default/c', 'n2', 'rs');
  c.observe('default/c', undefined, 'rs'); // stale cache: still unbound there
  assert.equal(c.loads.get('n2')?.total, 1, 'assumed pod still counted');
  c.observe('default/c', 'n2', 'rs');
  assert.equal(c.isAssumed('default/c'), false);
  assert.equal(c.loads.get('n2')?.total, 1, 'counted once');

  c.observe('default/a', undefined, 'rs'); // deleted or finished
  assert.equal(c.loads.get('n1')?.byOwner.get('rs'), undefined);
  c.forget('default/c');
  assert.equal(c.loads.has('n2'), false);
});
