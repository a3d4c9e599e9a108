import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { runWorkers } from './controller-loop.js';
import { WorkQueue } from './workqueue.js';
import type { ReconcileResult } from './types.js';
import { errors } from '../apis/errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const silent = pino({ level: 'silent' });

/** Runs workers over a queue with reconcile(key, attempt), then shuts down after `ms`. */
async function run(opts: { keys: string[]; ms: number; maxRetries?: number; reconcile: (key: string, attempt: number) => Promise<ReconcileResult> }) {
  const queue = new WorkQueue({ baseDelayMs: 1, maxDelayMs: 8 });
  const attempts = new Map<string, number>();
  const done = runWorkers({
    name: 'test', queue, workers: 2, log: silent, maxRetries: opts.maxRetries,
    reconcile: (key) => {
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      return opts.reconcile(key, n);
    },
  });
  for (const k of opts.keys) queue.add(k);
  await sleep(opts.ms);
  queue.shutDown();
  await done;
  return { attempts, queue };
}

test('runWorkers: outcomes of reconcile', async (t) => {
  await t.test('success: reconciled once, backoff forgotten', async () => {
    const { attempts, queue } = await run({ keys: ['a', 'b'], ms: 30, reconcile: async () => {} });
    assert.deepEqual([...attempts], [['a', 1], ['b', 1]]);
    assert.equal(queue.numRequeues('a'), 0);
  });
  await t.test('throws twice then succeeds: retried until success', async () => {
    const { attempts } = await run({
      keys: ['a'], ms: 80,
      reconcile: async (_k, n) => { if (n < 3) throw errors.staleResourceVersion({ group: '', resource: 'pods' }, 'a'); },
    });
    assert.equal(attempts.get('a'), 3);
  });
  await t.test('always throws: tried 1 + maxRetries times, then dropped', async () => {
    const { attempts, queue } = await run({ keys: ['a'], ms: 200, maxRetries: 4, reconcile: async () => { throw new Error('boom'); } });
    assert.equal(attempts.get('a'), 5);
    assert.equal(queue.numRequeues('a'), 0, 'forgotten when dropped');
  });
  await t.test('requeueAfterMs: reconciled again after the delay', async () => {
    const { attempts } = await run({ keys: ['a'], ms: 75, reconcile: async (_k, n) => (n < 3 ? { requeueAfterMs: 20 } : undefined) });
    assert.equal(attempts.get('a'), 3);
  });
});

test('runWorkers: resolves after shutdown even while workers wait', async () => {
  const queue = new WorkQueue();
  const done = runWorkers({ name: 'idle', queue, workers: 3, log: silent, reconcile: async () => {} });
  queue.shutDown();
  await done;
  assert.equal(queue.length, 0);
});
