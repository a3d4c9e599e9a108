// Test fixture (not product code): writes keys to the SQLite store at argv[2] forever, printing
// "<revision> <key>" on stdout after each write is acknowledged. The durability test kills it with
// SIGKILL mid-stream and checks every acknowledged write is in the file.
import { SqliteStore } from './sqlite-store.js';

const store = new SqliteStore(process.argv[2]!);
for (let i = 0; ; i++) {
  const key = `/registry/core/configmaps/default/cm-${i}`;
  const kv = await store.create(key, JSON.stringify({ i }));
  process.stdout.write(`${kv.modRevision} ${key}\n`);
}
