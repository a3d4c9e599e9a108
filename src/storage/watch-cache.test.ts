// WatchCache specification, run against the memory and SQLite stores.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store, WatchCallbacks, WatchHandle } from './store.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { RevisionTimeoutError, TooOldResourceVersionError, WatchCache, type CacheEvent } from './watch-cache.js';

const SVC = '/registry/core/services/';
const PODS = '/registry/core/pods/';
const NODES = '/registry/core/nodes/';

function svc(ns: string, name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, ...extra });
}

const backends: [string, () => { store: Store; cleanup(): void }][] = [
  ['memory', () => ({ store: new MemoryStore(), cleanup: () => {} })],
  ['sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcnet-cache-'));
    return { store: new SqliteStore(join(dir, 'state.db')), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }],
];

/** Records a cache watch; summary() gives [type, key, resourceVersion, prev resourceVersion]. */
function recorder() {
  const events: CacheEvent[] = [];
  return {
    events,
    onEvent: (e: CacheEvent) => { events.push(e); },
    summary: () => events.map((e) => [e.type, e.key, e.object.metadata.resourceVersion, e.prevObject?.metadata.resourceVersion]),
  };
}

for (const [name, make] of backends) {
  describe(`WatchCache on ${name}`, () => {
    const setup = async (opts?: { historyPerResource?: number }) => {
      const { store, cleanup } = make();
      const cache = new WatchCache(store, opts);
      return {
        store, cache,
        /** Write through the store, then wait until the cache has applied it. */
        async write<T extends { modRevision: number }>(p: Promise<T>): Promise<T> {
          const kv = await p;
          await cache.waitForRevision(kv.modRevision);
          return kv;
        },
        async close() { cache.stop(); await store.close(); cleanup(); },
      };
    };

    test('start loads existing objects with resourceVersion = modRevision', async () => {
      const t = await setup();
      try {
        const b = await t.store.create(`${SVC}default/b`, svc('default', 'b'));
        const a = await t.store.create(`${SVC}default/a`, svc('default', 'a'));
        await t.cache.start();
        assert.equal(t.cache.revision, await t.store.revision());
        const res = t.cache.list(SVC);
        assert.deepEqual(res.items.map((o) => [o.metadata.name, o.metadata.resourceVersion]), [['a', String(a.modRevision)], ['b', String(b.modRevision)]]);
        assert.equal(res.revision, a.modRevision);
        assert.equal(t.cache.get(`${SVC}default/a`)?.kind, 'Service');
      } finally { await t.close(); }
    });

    test('list is sorted and isolated by resource and namespace', async () => {
      const t = await setup();
      try {
        await t.cache.start();
        for (const [ns, n] of [['kube-system', 'dns'], ['default', 'web'], ['default', 'api'], ['prod', 'web']]) {
          await t.write(t.store.create(`${SVC}${ns}/${n}`, svc(ns!, n!)));
        }
        await t.write(t.store.create('/registry/core/services2/default/x', svc('default', 'x')));
        await t.write(t.store.create(`${PODS}default/p`, svc('default', 'p')));
        const last = await t.write(t.store.create(`${NODES}n1`, JSON.stringify({ metadata: { name: 'n1' } })));
        const cases: [string, string[]][] = [
          [SVC, ['default/api', 'default/web', 'kube-system/dns', 'prod/web']],
          [`${SVC}default/`, ['default/api', 'default/web']],
          [`${SVC}kube-system/`, ['kube-system/dns']],
          [`${SVC}nope/`, []],
          [PODS, ['default/p']],
          [NODES, ['/n1']],
          ['/registry/apps/deployments/', []],
        ];
        for (const [prefix, want] of cases) {
          const res = t.cache.list(prefix);
          assert.deepEqual(res.items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`), want, prefix);
          assert.equal(res.revision, last.modRevision);
        }
      } finally { await t.close(); }
    });

    test('waitForRevision resolves once applied and times out past the store revision', async () => {
      const t = await setup();
      try {
        await t.cache.start();
        const kv = await t.store.create(`${SVC}default/a`, svc('default', 'a'));
        await t.cache.waitForRevision(kv.modRevision);
        assert.equal(t.cache.get(`${SVC}default/a`)?.metadata.resourceVersion, String(kv.modRevision));
        await assert.rejects(t.cache.waitForRevision(kv.modRevision + 5, 50), (err: unknown) => {
          assert.ok(err instanceof RevisionTimeoutError);
          assert.equal(err.requested, kv.modRevision + 5);
          assert.equal(err.current, kv.modRevision);
          return true;
        });
      } finally { await t.close(); }
    });

    test('watch from 0: ADDED for current objects in key order, then live events', async () => {
      const t = await setup();
      try {
        await t.cache.start();
        const b = await t.write(t.store.create(`${SVC}default/b`, svc('default', 'b')));
        const a = await t.write(t.store.create(`${SVC}default/a`, svc('default', 'a')));
        await t.write(t.store.create(`${SVC}other/c`, svc('other', 'c')));
        const rec = recorder();
        const h = t.cache.watch(`${SVC}default/`, 0, rec.onEvent);
        const a2 = await t.write(t.store.update(`${SVC}default/a`, svc('default', 'a', { spec: { x: 1 } }), a.modRevision));
        h.stop();
        await t.write(t.store.delete(`${SVC}default/b`));
        assert.deepEqual(rec.summary(), [
          ['ADDED', `${SVC}default/a`, String(a.modRevision), undefined],
          ['ADDED', `${SVC}default/b`, String(b.modRevision), undefined],
          ['MODIFIED', `${SVC}default/a`, String(a2.modRevision), String(a.modRevision)],
        ]);
        assert.deepEqual(rec.events[2]!.object.spec, { x: 1 });
        assert.equal(rec.events[2]!.revision, a2.modRevision);
      } finally { await t.close(); }
    });

    test('watch from N: only events after N, including deletes with prevObject', async () => {
      const t = await setup();
      try {
        await t.cache.start();
        const a = await t.write(t.store.create(`${SVC}default/a`, svc('default', 'a')));
        const n = a.modRevision;
        const b = await t.write(t.store.create(`${SVC}default/b`, svc('default', 'b')));
        const del = await t.write(t.store.delete(`${SVC}default/a`));
        const rec = recorder();
        t.cache.watch(SVC, n, rec.onEvent);
        const c = await t.write(t.store.create(`${SVC}default/c`, svc('default', 'c')));
        assert.deepEqual(rec.summary(), [
          ['ADDED', `${SVC}default/b`, String(b.modRevision), undefined],
          ['DELETED', `${SVC}default/a`, String(del.modRevision), String(a.modRevision)],
          ['ADDED', `${SVC}default/c`, String(c.modRevision), undefined],
        ]);
        assert.equal(rec.events[1]!.object.metadata.name, 'a', 'a DELETED event carries the last state');
        assert.equal(t.cache.get(`${SVC}default/a`), undefined);
      } finally { await t.close(); }
    });

    test('watch prefixes isolate namespaces and resources', async () => {
      const t = await setup();
      try {
        await t.cache.start();
        const start = t.cache.revision;
        const [def, all, pods, wide] = [recorder(), recorder(), recorder(), recorder()];
        t.cache.watch(`${SVC}default/`, start, def.onEvent);
        t.cache.watch(SVC, start, all.onEvent);
        t.cache.watch(PODS, start, pods.onEvent);
        t.cache.watch('/registry/core/', start, wide.onEvent);
        await t.write(t.store.create(`${SVC}default/a`, svc('default', 'a')));
        await t.write(t.store.create(`${SVC}kube-system/b`, svc('kube-system', 'b')));
        await t.write(t.store.create('/registry/core/services2/default/x', svc('default', 'x')));
        await t.write(t.store.create(`${PODS}default/p`, svc('default', 'p')));
        await t.write(t.store.create('/registry/apps/deployments/default/d', svc('default', 'd')));
        const keys = (r: ReturnType<typeof recorder>) => r.events.map((e) => e.key);
        assert.deepEqual(keys(def), [`${SVC}default/a`]);
        assert.deepEqual(keys(all), [`${SVC}default/a`, `${SVC}kube-system/b`]);
        assert.deepEqual(keys(pods), [`${PODS}default/p`]);
        assert.deepEqual(keys(wide), [`${SVC}default/a`, `${SVC}kube-system/b`, '/registry/core/services2/default/x', `${PODS}default/p`]);
      } finally { await t.close(); }
    });

    test('history is kept per resource: too old for a busy resource, fine for a quiet one', async () => {
      const t = await setup({ historyPerResource: 3 });
      try {
        await t.store.create(`${PODS}default/p`, svc('default', 'p'));
        await t.store.create(`${PODS}default/q`, svc('default', 'q'));
        await t.cache.start();
        const start = t.cache.revision;
        let kv = await t.write(t.store.create(`${SVC}default/a`, svc('default', 'a')));
        const revs = [kv.modRevision];
        for (let i = 0; i < 4; i++) {
          kv = await t.write(t.store.update(`${SVC}default/a`, svc('default', 'a', { i }), kv.modRevision));
          revs.push(kv.modRevision);
        }
        assert.throws(() => t.cache.watch(SVC, start, () => {}), (err: unknown) => {
          assert.ok(err instanceof TooOldResourceVersionError);
          assert.equal(err.requested, start);
          assert.equal(err.oldest, revs[1]);
          return true;
        });
        const rec = recorder();
        t.cache.watch(SVC, revs[1]!, rec.onEvent);
        assert.deepEqual(rec.events.map((e) => e.revision), revs.slice(2));
        const quiet = recorder();
        t.cache.watch(PODS, start, quiet.onEvent);
        assert.deepEqual(quiet.events, []);
        assert.throws(() => t.cache.watch(PODS, start - 1, () => {}), TooOldResourceVersionError, 'before the initial list');
      } finally { await t.close(); }
    });
  });
}

/** Fault injection around a real store: breakWatches() ends every open watch with an error. */
class BreakableStore {
  private readonly open = new Set<{ h: WatchHandle; cb: WatchCallbacks }>();
  constructor(readonly inner: Store) {}
  asStore(): Store {
    return new Proxy(this.inner, {
      get: (target, prop, receiver) => {
        if (prop === 'watch') {
          return (prefix: string, from: number, cb: WatchCallbacks) => {
            const entry = { h: target.watch(prefix, from, cb), cb };
            this.open.add(entry);
            return { stop: () => { entry.h.stop(); this.open.delete(entry); } };
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }
  breakWatches(): void {
    for (const e of this.open) { e.h.stop(); e.cb.onError(new Error('connection reset')); }
    this.open.clear();
  }
}

describe('WatchCache recovery', () => {
  test('a failed store watch restarts from the last applied revision without losing events', async () => {
    const mem = new MemoryStore();
    const flaky = new BreakableStore(mem);
    const cache = new WatchCache(flaky.asStore());
    try {
      await cache.start();
      const rec = recorder();
      cache.watch(SVC, cache.revision, rec.onEvent);
      const a = await mem.create(`${SVC}default/a`, svc('default', 'a'));
      await cache.waitForRevision(a.modRevision);
      flaky.breakWatches();
      const b = await mem.create(`${SVC}default/b`, svc('default', 'b'));
      await cache.waitForRevision(b.modRevision);
      assert.deepEqual(rec.summary(), [
        ['ADDED', `${SVC}default/a`, String(a.modRevision), undefined],
        ['ADDED', `${SVC}default/b`, String(b.modRevision), undefined],
      ]);
    } finally { cache.stop(); await mem.close(); }
  });

  test('when the missed history was compacted, the cache re-lists and emits the difference', async () => {
    const mem = new MemoryStore();
    const flaky = new BreakableStore(mem);
    const cache = new WatchCache(flaky.asStore());
    try {
      const keep = await mem.create(`${SVC}default/keep`, svc('default', 'keep'));
      const gone = await mem.create(`${SVC}default/gone`, svc('default', 'gone'));
      const change = await mem.create(`${SVC}default/change`, svc('default', 'change'));
      await cache.start();
      const rec = recorder();
      cache.watch(SVC, cache.revision, rec.onEvent);
      flaky.breakWatches();
      // While the cache is disconnected: a delete, an update, a create, then compaction of it all.
      await mem.delete(`${SVC}default/gone`);
      const changed = await mem.update(`${SVC}default/change`, svc('default', 'change', { v: 2 }), change.modRevision);
      const added = await mem.create(`${SVC}default/new`, svc('default', 'new'));
      await mem.compact(await mem.revision());
      await cache.waitForRevision(added.modRevision);
      const rev = String(added.modRevision);
      assert.deepEqual(rec.events.map((e) => [e.type, e.key, e.revision]).sort(), [
        ['ADDED', `${SVC}default/new`, added.modRevision],
        ['DELETED', `${SVC}default/gone`, added.modRevision],
        ['MODIFIED', `${SVC}default/change`, added.modRevision],
      ].sort());
      const del = rec.events.find((e) => e.type === 'DELETED')!;
      assert.equal(del.object.metadata.resourceVersion, rev);
      assert.equal(del.prevObject?.metadata.resourceVersion, String(gone.modRevision));
      assert.equal(rec.events.find((e) => e.type === 'MODIFIED')!.object.metadata.resourceVersion, String(changed.modRevision));
      assert.deepEqual(cache.list(SVC).items.map((o) => o.metadata.name), ['change', 'keep', 'new']);
      assert.equal(cache.get(`${SVC}default/keep`)?.metadata.resourceVersion, String(keep.modRevision));
    } finally { cache.stop(); await mem.close(); }
  });
});

test('fan-out: 100 watchers x 10,000 events', async () => {
  const store = new MemoryStore();
  const cache = new WatchCache(store);
  try {
    await cache.start();
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 100; i++) {
      // Half watch the namespace that gets the writes, half another namespace of the same resource.
      const prefix = i % 2 === 0 ? `${PODS}busy/` : `${PODS}idle/`;
      cache.watch(prefix, cache.revision, () => { counts[i]!++; });
    }
    const t0 = performance.now();
    let last = 0;
    for (let i = 0; i < 10_000; i++) {
      last = (await store.create(`${PODS}busy/p${i}`, JSON.stringify({ metadata: { namespace: 'busy', name: `p${i}` } }))).modRevision;
    }
    await cache.waitForRevision(last);
    const ms = performance.now() - t0;
    assert.deepEqual(new Set(counts.filter((_, i) => i % 2 === 0)), new Set([10_000]));
    assert.deepEqual(new Set(counts.filter((_, i) => i % 2 === 1)), new Set([0]));
    assert.ok(ms < 5_000, `took ${ms}ms`);
    assert.equal(cache.list(`${PODS}busy/`).items.length, 10_000);
  } finally { cache.stop(); await store.close(); }
});
