#!/usr/bin/env node
// Entry point of the `svcnet` command; the compiled CLI lives in dist/ (npm run build).
import('../dist/cli/main.js').catch((err) => {
  console.error(err?.code === 'ERR_MODULE_NOT_FOUND' ? 'svcnet: not built yet: run `npm run build` first' : err);
  process.exit(1);
});
