import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from './workqueue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Everything get() hands out right now, without waiting (each taken item is marked done). */
async function drain(q: WorkQueue): Promise<string[]> {
  const out: string[] = [];
  while (q.length > 0) {
    const k = (await q.get())!;
    out.push(k);
    q.done(k);
  }
  return out;
}

test('workqueue: fair and stingy', async (t) => {
  const cases: Array<{ name: string; adds: string[]; want: string[] }> = [
    { name: 'FIFO order', adds: ['a', 'b', 'c'], want: ['a', 'b', 'c'] },
    { name: 'an item queued twice is handed out once, at its first position', adds: ['a', 'b', 'a', 'c', 'b'], want: ['a', 'b', 'c'] },
    { name: 'nothing added, nothing handed out', adds: [], want: [] },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const q = new WorkQueue();
      for (const k of c.adds) q.add(k);
      assert.equal(q.length, c.want.length);
      assert.deepEqual(await drain(q), c.want);
      q.shutDown();
    });
  }
});

test('workqueue: an item added while processing is queued again after done(), never handed out twice at once', async () => {
  const q = new WorkQueue();
  q.add('a');
  const first = await q.get();
  assert.equal(first, 'a');
  q.add('a');
  q.add('a');
  assert.equal(q.length, 0, 'not queued while a worker holds it');
  q.add('b');
  assert.equal(await q.get(), 'b');
  q.done('b');
  q.done('a');
  assert.equal(q.length, 1);
  assert.equal(await q.get(), 'a');
  q.done('a');
  assert.equal(q.length, 0, 'the two re-adds folded into one');
  q.shutDown();
});

test('workqueue: concurrent workers never process one key at the same time', async () => {
  const q = new WorkQueue();
  const active = new Set<string>();
  let overlaps = 0;
  let processed = 0;
  const worker = async () => {
    for (;;) {
      const k = await q.get();
      if (k === undefined) return;
      if (active.has(k)) overlaps++;
      active.add(k);
      await sleep(1);
      active.delete(k);
      processed++;
      q.done(k);
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  for (let i = 0; i < 200; i++) {
    q.add(`k${i % 5}`);
    if (i % 10 === 0) await sleep(1);
  }
  await sleep(50);
  q.shutDown();
  await Promise.all(workers);
  assert.equal(overlaps, 0);
  assert.ok(processed >= 5 && processed < 200, `processed ${processed}: deduplicated but each key at least once`);
});

test('workqueue: rate-limited backoff doubles per failure, is capped, and forget resets it', async () => {
  const q = new WorkQueue({ baseDelayMs: 10, maxDelayMs: 40 });
  const wants = [10, 20, 40, 40, 40, 40]; // uncapped, the last would be 320
  for (const want of wants) {
    const start = Date.now();
    q.addRateLimited('a');
    assert.equal(await q.get(), 'a');
    const waited = Date.now() - start;
    assert.ok(waited >= want - 2 && waited < want + 250, `waited ${waited} ms, want ~${want}`);
    q.done('a');
  }
  assert.equal(q.numRequeues('a'), 6);
  q.forget('a');
  assert.equal(q.numRequeues('a'), 0);
  q.shutDown();
});

test('workqueue: addAfter delays, and the earliest of several delays wins', async () => {
  const q = new WorkQueue();
  const start = Date.now();
  q.addAfter('late', 60);
  q.addAfter('x', 200);
  q.addAfter('x', 20);
  q.addAfter('x', 100);
  assert.equal(q.length, 0);
  assert.equal(await q.get(), 'x');
  const t1 = Date.now() - start;
  assert.ok(t1 >= 18, `x after ${t1} ms`);
  q.done('x');
  assert.equal(await q.get(), 'late', 'x (20 ms) came before late (60 ms)');
  q.done('late');
  await sleep(220);
  assert.equal(q.length, 0, 'the superseded delays did not add x again');
  q.addAfter('now', 0);
  assert.equal(q.length, 1, 'a zero delay adds at once');
  q.shutDown();
});

test('workqueue: shutDown wakes waiting workers, drops delayed items and ignores later adds', async () => {
  const q = new WorkQueue();
  const waiting = [q.get(), q.get()];
  q.addAfter('d', 30);
  q.shutDown();
  assert.deepEqual(await Promise.all(waiting), [undefined, undefined]);
  q.add('a');
  assert.equal(q.length, 0);
  assert.equal(await q.get(), undefined);
});
