// SQLite-only promises: acknowledged writes survive kill -9, state survives reopening, and
// compaction keeps what watches from revisions >= the compaction need (values and prevKv).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WatchEvent } from '../store.js';
import { CompactedError } from '../errors.js';
import { SqliteStore } from './sqlite-store.js';

function tempDb(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'svcnet-sqlite-'));
  return { path: join(dir, 'state.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

test('every acknowledged write survives SIGKILL of the writer', async () => {
  const db = tempDb();
  try {
    const fixture = fileURLToPath(new URL('./crash-writer.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, db.path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: { rev: number; key: string }[] = [];
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve());
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const line of lines) {
          const [rev, key] = line.split(' ');
          acked.push({ rev: Number(rev), key: key! });
        }
        if (acked.length >= 300 && child.exitCode === null) child.kill('SIGKILL');
      });
    });
    assert.equal(child.signalCode, 'SIGKILL', 'the writer was killed mid-stream, not finished');
    assert.ok(acked.length >= 300);
    const store = new SqliteStore(db.path);
    try {
      for (const { rev, key } of acked) {
        const kv = await store.get(key);
        assert.ok(kv, `acknowledged ${key} at ${rev} is missing`);
        assert.equal(kv.modRevision, rev);
      }
      assert.ok((await store.revision()) >= acked.at(-1)!.rev);
    } finally {
      await store.close();
    }
  } finally {
    db.remove();
  }
});

test('revision, data and compaction state persist across reopen', async () => {
  const db = tempDb();
  try {
    let store = new SqliteStore(db.path);
    const a = await store.create('/registry/core/services/default/a', '1');
    await store.update('/registry/core/services/default/a', '2', a.modRevision);
    const b = await store.create('/registry/core/services/default/b', '1');
    await store.delete('/registry/core/services/default/b', b.modRevision);
    const rev = await store.revision();
    await store.compact(rev);
    await store.close();

    store = new SqliteStore(db.path);
    try {
      assert.equal(await store.revision(), rev);
      assert.deepEqual((await store.list('/registry/core/services/')).items.map((i) => i.value), ['2']);
      const err = await new Promise<Error>((resolve) => store.watch('/registry/', 0, { onEvents: () => {}, onError: resolve }));
      assert.ok(err instanceof CompactedError);
      const next = await store.create('/registry/core/services/default/c', '1');
      assert.equal(next.modRevision, rev + 1, 'revisions are never reused, even after compaction removed rows');
    } finally {
      await store.close();
    }
  } finally {
    db.remove();
  }
});

test('compaction keeps prevKv for events at and after the compaction revision', async () => {
  const db = tempDb();
  const store = new SqliteStore(db.path);
  try {
    const k = '/registry/core/services/default/a';
    const v1 = await store.create(k, 'v1');
    const v2 = await store.update(k, 'v2', v1.modRevision);
    const v3 = await store.update(k, 'v3', v2.modRevision);
    const del = await store.delete(k, v3.modRevision);
    await store.compact(v3.modRevision);
    const events = await new Promise<WatchEvent[]>((resolve, reject) => {
      const h = store.watch('/registry/', v2.modRevision, { onEvents: (e) => { h.stop(); resolve(e); }, onError: reject });
    });
    assert.deepEqual(events.map((e) => [e.type, e.kv.value, e.kv.modRevision, e.prevKv?.value, e.prevKv?.modRevision]), [
      ['put', 'v3', v3.modRevision, 'v2', v2.modRevision],
      ['delete', 'v3', del.modRevision, 'v3', v3.modRevision],
    ]);
  } finally {
    await store.close();
    db.remove();
  }
});

test('startCompactor compacts to revision - keep, and close() stops it', async () => {
  const db = tempDb();
  const store = new SqliteStore(db.path, { compactIntervalMs: 20, compactKeepRevisions: 3 });
  try {
    const k = '/registry/core/services/default/a';
    let kv = await store.create(k, '0');
    for (let i = 1; i < 10; i++) kv = await store.update(k, String(i), kv.modRevision);
    store.startCompactor();
    await new Promise((r) => setTimeout(r, 100));
    const err = await new Promise<Error | undefined>((resolve) => {
      const h = store.watch('/registry/', kv.modRevision - 6, { onEvents: () => { h.stop(); resolve(undefined); }, onError: resolve });
    });
    assert.ok(err instanceof CompactedError, 'history older than the kept revisions is gone');
    assert.equal(err.compactRevision, kv.modRevision - 3);
    assert.equal((await store.get(k))?.value, '9');
  } finally {
    await store.close();
    db.remove();
  }
});
