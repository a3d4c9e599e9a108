import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../storage/memory/memory-store.js';
import { ReservationPool } from './reservation-pool.js';
import { NodePortSpace } from './space.js';

const a = { service: 'ns/a', uid: '1' }, b = { service: 'ns/b', uid: '2' };

test('reserve is create-if-absent; the same owner may repeat; release honours the owner', async () => {
  const store = new MemoryStore();
  const pool = new ReservationPool(store, '/allocations/nodeports/', new NodePortSpace(30000, 100), { now: () => new Date('2025-01-01T00:00:00Z') });
  assert.equal(await pool.reserve('30005', a), '30005');
  assert.equal(await pool.reserve('30005', a), '30005', 'idempotent for its holder');
  await assert.rejects(pool.reserve('30005', b), /provided port is already allocated/);
  assert.deepEqual(JSON.parse((await store.get('/allocations/nodeports/30005'))!.value), { service: 'ns/a', uid: '1', time: '2025-01-01T00:00:00.000Z' });
  assert.equal(await pool.release('30005', b), false, 'not b\'s to give back');
  assert.equal(await pool.release('30005', a), true);
  assert.equal(await store.get('/allocations/nodeports/30005'), undefined);
  await assert.rejects(pool.reserve('31000', a), /provided port is not in the valid range. The range of valid ports is 30000-30099/);
});

test('reserveNext skips values another server holds, and resyncs before reporting full', async () => {
  const store = new MemoryStore();
  const space = new NodePortSpace(30000, 4);
  const mine = new ReservationPool(store, '/p/', space, { random: () => 0 });
  const theirs = new ReservationPool(store, '/p/', space);
  await theirs.reserve('30000', b);
  await theirs.reserve('30001', b);
  const got = [await mine.reserveNext(a), await mine.reserveNext(a)].sort();
  assert.deepEqual(got, ['30002', '30003']);
  await assert.rejects(mine.reserveNext(a), /range is full/);
  await theirs.release('30001', b);
  assert.equal(await mine.reserveNext(a), '30001', 'a value freed elsewhere is found again');
  assert.equal(await mine.reserveNext(a, true).catch((e: Error) => e.message), 'range is full');
});
