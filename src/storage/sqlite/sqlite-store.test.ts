import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreConformance } from '../conformance.js';
import { SqliteStore } from './sqlite-store.js';

runStoreConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'svcnet-sqlite-'));
  const store = new SqliteStore(join(dir, 'state.db'));
  return {
    store,
    cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); },
  };
});
