#!/usr/bin/env node
// Entry point of the `svcnet` command; the compiled CLI lives in dist/ (npm run build).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('svcnet: not built yet: run `npm run build` first');
  process.exit(1);
}
import(main.href).catch((err) => {
  console.error(err);
  process.exit(1);
});
