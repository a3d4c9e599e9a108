// The dependency rules of shared/ARCHITECTURE.md section 3, checked on every import in src/:
// components talk only through the API (client), never through each other's internals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const srcDir = dirname(fileURLToPath(import.meta.url));

/** Top-level folder -> folders it may import from (besides itself). */
const allowed: Record<string, string[]> = {
  lib: [],
  apis: ['lib'],
  storage: ['apis', 'lib'],
  registry: ['storage', 'apis', 'lib'],
  api: ['registry', 'storage', 'apis', 'lib'],
  client: ['apis', 'lib'],
  controllers: ['client', 'apis', 'lib'],
  dns: ['client', 'apis', 'lib'],
  proxy: ['client', 'apis', 'lib'],
  agent: ['client', 'apis', 'lib'],
  cli: ['*'],
  testing: ['*'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    // Test code (tests, their harnesses and fixtures) may compose anything.
    return p.endsWith('.ts') && !/(\.test|\.fixture|test-harness|test-fixtures)\.ts$/.test(p) ? [p] : [];
  });
}

test('imports follow the component dependency rules', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(srcDir)) {
    const from = relative(srcDir, file).split('/')[0];
    if (!(from in allowed) || allowed[from].includes('*')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)) {
      const target = relative(srcDir, resolve(dirname(file), m[1])).split('/')[0];
      if (target !== from && !allowed[from].includes(target)) violations.push(`${relative(srcDir, file)} imports ${m[1]}`);
    }
  }
  assert.deepEqual(violations, []);
});
