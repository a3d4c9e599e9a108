// The Store conformance suite: every promise of the Store interface (store.ts) as node:test cases,
// run unchanged against each backend (memory, SQLite, etcd), as kine tests its SQL drivers against
// etcd's behaviour. Tests assume nothing about absolute revisions (etcd starts at 1, SQLite and
// memory at 0), only their order; each test gets a fresh, empty store from makeStore.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store, WatchEvent } from './store.js';
import { CompactedError, KeyExistsError, KeyNotFoundError, RevisionMismatchError } from './errors.js';

export interface StoreFixture { store: Store; cleanup(): Promise<void> }

const SVC = '/registry/core/services/';
const key = (ns: string, name: string): string => `${SVC}${ns}/${name}`;

export function runStoreConformance(name: string, makeStore: () => Promise<StoreFixture>): void {
  const withStore = (fn: (store: Store) => Promise<void>) => async () => {
    const { store, cleanup } = await makeStore();
    try { await fn(store); } finally { await cleanup(); }
  };

  describe(`Store conformance: ${name}`, () => {
    describe('create, get, list', () => {
      test('create returns the stored value at a new revision; get reads it back', withStore(async (s) => {
        const before = await s.revision();
        const kv = await s.create(key('default', 'web'), '{"a":1}');
        assert.ok(kv.modRevision > before);
        assert.equal(kv.createRevision, kv.modRevision);
        assert.equal(await s.revision(), kv.modRevision);
        assert.deepEqual(await s.get(key('default', 'web')), kv);
        assert.equal(await s.get(key('default', 'nope')), undefined);
      }));

      test('list returns keys under the prefix, sorted, with the current revision', withStore(async (s) => {
        for (const k of [key('kube-system', 'dns'), key('default', 'b'), '/registry/core/services2/default/x',
          key('default', 'a'), '/registry/core/pods/default/a', '/registry/core/service']) {
          await s.create(k, JSON.stringify({ k }));
        }
        const cases: [string, string[]][] = [
          [SVC, [key('default', 'a'), key('default', 'b'), key('kube-system', 'dns')]],
          [`${SVC}default/`, [key('default', 'a'), key('default', 'b')]],
          ['/registry/core/services2/', ['/registry/core/services2/default/x']],
          ['/registry/apps/', []],
        ];
        for (const [prefix, want] of cases) {
          const res = await s.list(prefix);
          assert.deepEqual(res.items.map((i) => i.key), want, prefix);
          assert.equal(res.revision, await s.revision());
          for (const i of res.items) assert.equal(i.value, JSON.stringify({ k: i.key }));
        }
      }));

      test('revisions increase strictly across keys and operations', withStore(async (s) => {
        const revs: number[] = [];
        revs.push((await s.create(key('a', 'x'), '1')).modRevision);
        revs.push((await s.create(key('b', 'y'), '1')).modRevision);
        revs.push((await s.update(key('a', 'x'), '2', revs[0]!)).modRevision);
        revs.push((await s.delete(key('b', 'y'))).modRevision);
        revs.push((await s.create(key('c', 'z'), '1')).modRevision);
        for (let i = 1; i < revs.length; i++) assert.ok(revs[i]! > revs[i - 1]!, `${revs}`);
        assert.equal(await s.revision(), revs.at(-1));
      }));

      test('create of an existing key throws KeyExistsError; after a delete it creates anew', withStore(async (s) => {
        const first = await s.create(key('default', 'web'), 'v1');
        await assert.rejects(s.create(key('default', 'web'), 'v2'), KeyExistsError);
        assert.equal((await s.get(key('default', 'web')))?.value, 'v1');
        await s.delete(key('default', 'web'));
        const again = await s.create(key('default', 'web'), 'v3');
        assert.ok(again.createRevision > first.createRevision);
        assert.equal(again.value, 'v3');
      }));
    });

    describe('update and delete', () => {
      test('update with the current modRevision succeeds and keeps createRevision', withStore(async (s) => {
        const kv = await s.create(key('default', 'web'), 'v1');
        const up = await s.update(key('default', 'web'), 'v2', kv.modRevision);
        assert.equal(up.value, 'v2');
        assert.equal(up.createRevision, kv.createRevision);
        assert.ok(up.modRevision > kv.modRevision);
        assert.deepEqual(await s.get(key('default', 'web')), up);
      }));

      test('update with a stale modRevision throws RevisionMismatchError carrying the current value', withStore(async (s) => {
        const kv = await s.create(key('default', 'web'), 'v1');
        const up = await s.update(key('default', 'web'), 'v2', kv.modRevision);
        await assert.rejects(s.update(key('default', 'web'), 'v3', kv.modRevision), (err: unknown) => {
          assert.ok(err instanceof RevisionMismatchError);
          assert.equal(err.current.modRevision, up.modRevision);
          assert.equal(err.current.value, 'v2');
          return true;
        });
        assert.equal((await s.get(key('default', 'web')))?.value, 'v2');
      }));

      test('update and delete of a missing key throw KeyNotFoundError', withStore(async (s) => {
        await assert.rejects(s.update(key('default', 'nope'), 'v', 1), KeyNotFoundError);
        await assert.rejects(s.delete(key('default', 'nope')), KeyNotFoundError);
        await assert.rejects(s.delete(key('default', 'nope'), 1), KeyNotFoundError);
      }));

      test('delete returns the last value at the delete revision', withStore(async (s) => {
        const kv = await s.create(key('default', 'web'), 'v1');
        const del = await s.delete(key('default', 'web'));
        assert.equal(del.value, 'v1');
        assert.equal(del.createRevision, kv.createRevision);
        assert.ok(del.modRevision > kv.modRevision);
        assert.equal(await s.revision(), del.modRevision);
        assert.equal(await s.get(key('default', 'web')), undefined);
        assert.deepEqual((await s.list(SVC)).items, []);
      }));

      test('delete with an expected revision is a compare-and-delete', withStore(async (s) => {
        const kv = await s.create(key('default', 'web'), 'v1');
        const up = await s.update(key('default', 'web'), 'v2', kv.modRevision);
        await assert.rejects(s.delete(key('default', 'web'), kv.modRevision), (err: unknown) => {
          assert.ok(err instanceof RevisionMismatchError);
          assert.equal(err.current.modRevision, up.modRevision);
          return true;
        });
        assert.equal((await s.get(key('default', 'web')))?.value, 'v2');
        const del = await s.delete(key('default', 'web'), up.modRevision);
        assert.equal(del.value, 'v2');
        assert.equal(await s.get(key('default', 'web')), undefined);
      }));

      test('20 concurrent CAS writers on one key: one winner per revision, no lost update', withStore(async (s) => {
        const k = key('default', 'counter');
        await s.create(k, JSON.stringify({ n: 0, by: [] }));
        const wins: number[] = [];
        const writer = async (id: number): Promise<void> => {
          for (;;) {
            const cur = (await s.get(k))!;
            const v = JSON.parse(cur.value) as { n: number; by: number[] };
            try {
              const up = await s.update(k, JSON.stringify({ n: v.n + 1, by: [...v.by, id] }), cur.modRevision);
              wins.push(up.modRevision);
              return;
            } catch (err) {
              if (!(err instanceof RevisionMismatchError)) throw err;
            }
          }
        };
        await Promise.all(Array.from({ length: 20 }, (_, i) => writer(i)));
        const final = JSON.parse((await s.get(k))!.value) as { n: number; by: number[] };
        assert.equal(final.n, 20);
        assert.deepEqual([...final.by].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
        assert.equal(new Set(wins).size, 20, 'each revision has exactly one winner');
      }));
    });

    describe('watch', () => {
      test('from a past revision: every later event in order, with prevKv, then live events', withStore(async (s) => {
        const start = await s.revision();
        const a = await s.create(key('default', 'a'), 'a1');
        const b = await s.create(key('default', 'b'), 'b1');
        const a2 = await s.update(key('default', 'a'), 'a2', a.modRevision);
        const bd = await s.delete(key('default', 'b'));
        const got = collect(s, SVC, start);
        await got.until(4);
        const c = await s.create(key('default', 'c'), 'c1');
        const events = await got.until(5);
        got.stop();
        assert.deepEqual(events.map(summary), [
          ['put', key('default', 'a'), 'a1', a.modRevision, undefined],
          ['put', key('default', 'b'), 'b1', b.modRevision, undefined],
          ['put', key('default', 'a'), 'a2', a2.modRevision, 'a1'],
          ['delete', key('default', 'b'), 'b1', bd.modRevision, 'b1'],
          ['put', key('default', 'c'), 'c1', c.modRevision, undefined],
        ]);
        assert.equal(events[2]!.prevKv!.modRevision, a.modRevision);
        assert.equal(events[3]!.kv.createRevision, b.createRevision);
        assert.equal(events[3]!.prevKv!.modRevision, b.modRevision);
      }));

      test('from 0 replays the whole history', withStore(async (s) => {
        await s.create(key('default', 'a'), 'a1');
        await s.create(key('default', 'b'), 'b1');
        const got = collect(s, SVC, 0);
        const events = await got.until(2);
        got.stop();
        assert.deepEqual(events.map((e) => e.kv.key), [key('default', 'a'), key('default', 'b')]);
      }));

      test('from the current revision: live events only', withStore(async (s) => {
        await s.create(key('default', 'old'), 'x');
        const got = collect(s, SVC, await s.revision());
        const kv = await s.create(key('default', 'new'), 'y');
        await got.until(1);
        await sleep(50);
        got.stop();
        assert.deepEqual(got.events.map(summary), [['put', key('default', 'new'), 'y', kv.modRevision, undefined]]);
      }));

      test('prefix filtering: other resources and look-alike prefixes are not delivered', withStore(async (s) => {
        const start = await s.revision();
        const got = collect(s, `${SVC}default/`, start);
        await s.create('/registry/core/services2/default/x', '1');
        await s.create(key('kube-system', 'x'), '1');
        await s.create('/registry/core/pods/default/x', '1');
        await s.create(key('default', 'x'), '1');
        await got.until(1);
        await sleep(50);
        got.stop();
        assert.deepEqual(got.events.map((e) => e.kv.key), [key('default', 'x')]);
      }));

      test('many writes across keys arrive strictly ordered with no gaps', withStore(async (s) => {
        const start = await s.revision();
        const got = collect(s, SVC, start);
        const revs: number[] = [];
        await Promise.all(Array.from({ length: 100 }, async (_, i) => {
          revs.push((await s.create(key(`ns${i % 7}`, `o${i}`), String(i))).modRevision);
        }));
        const events = await got.until(100);
        got.stop();
        const seen = events.map((e) => e.kv.modRevision);
        assert.deepEqual(seen, [...revs].sort((a, b) => a - b));
      }));

      test('stop() ends delivery', withStore(async (s) => {
        const got = collect(s, SVC, await s.revision());
        await s.create(key('default', 'a'), '1');
        await got.until(1);
        got.stop();
        await s.create(key('default', 'b'), '1');
        await sleep(100);
        assert.equal(got.events.length, 1);
        assert.equal(got.errors.length, 0);
      }));

      test('after compaction, a watch from before it fails with CompactedError; a later one works', withStore(async (s) => {
        const start = await s.revision();
        const a = await s.create(key('default', 'a'), '1');
        const a2 = await s.update(key('default', 'a'), '2', a.modRevision);
        await s.update(key('default', 'a'), '3', a2.modRevision);
        await s.create(key('default', 'b'), '1');
        const now = await s.revision();
        await s.compact(now);
        const old = collect(s, SVC, start);
        const err = await old.failed();
        assert.ok(err instanceof CompactedError, String(err));
        assert.equal(err.requested, start);
        // The data survives compaction.
        assert.equal((await s.get(key('default', 'a')))?.value, '3');
        assert.deepEqual((await s.list(SVC)).items.map((i) => i.key), [key('default', 'a'), key('default', 'b')]);
        const fresh = collect(s, SVC, now);
        const c = await s.create(key('default', 'c'), '1');
        const events = await fresh.until(1);
        fresh.stop();
        assert.equal(events[0]!.kv.modRevision, c.modRevision);
      }));
    });

    test('close() ends the store: later calls reject', async () => {
      const { store, cleanup } = await makeStore();
      try {
        await store.create(key('default', 'a'), '1');
        await store.close();
        await assert.rejects(store.get(key('default', 'a')));
      } finally {
        await cleanup();
      }
    });
  });
}

type Summary = [string, string, string, number, string | undefined];
function summary(e: WatchEvent): Summary {
  return [e.type, e.kv.key, e.kv.value, e.kv.modRevision, e.prevKv?.value];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Collects a watch's events; until(n) waits for n events, failed() for the watch's error. */
function collect(store: Store, prefix: string, from: number) {
  const events: WatchEvent[] = [];
  const errors: Error[] = [];
  let wake = (): void => {};
  const handle = store.watch(prefix, from, {
    onEvents: (batch) => {
      let last = events.at(-1)?.kv.modRevision ?? -1;
      for (const e of batch) {
        assert.ok(e.kv.modRevision > last, `event revisions must increase: ${e.kv.modRevision} after ${last}`);
        last = e.kv.modRevision;
        events.push(e);
      }
      wake();
    },
    onError: (err) => { errors.push(err); wake(); },
  });
  const wait = async (done: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; have ${events.length} events, errors: ${errors.join('; ')}`);
      await new Promise<void>((r) => { wake = r; setTimeout(r, 50); });
    }
  };
  return {
    events,
    errors,
    stop: () => handle.stop(),
    async until(n: number): Promise<WatchEvent[]> {
      await wait(() => events.length >= n || errors.length > 0, `${n} events`);
      if (errors.length > 0 && events.length < n) throw errors[0]!;
      return events.slice();
    },
    async failed(): Promise<Error> {
      await wait(() => errors.length > 0, 'an error');
      handle.stop();
      return errors[0]!;
    },
  };
}
