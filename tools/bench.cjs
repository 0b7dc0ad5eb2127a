#!/usr/bin/env node
/**
 * `npm run bench [-- name]`: runs every apps/api/bench/*.bench.ts (or those whose name contains the
 * argument). Each benchmark measures its subject against a baseline in the same run and prints ratios.
 */
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const tsRun = require('./ts-run.cjs');

const dir = join(__dirname, '..', 'apps', 'api', 'bench');
const filter = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (!files.length) {
  console.error(`no benchmark matches "${filter}" in ${dir}`);
  process.exit(1);
}
let failed = 0;
for (const f of files) {
  console.log(`\n### ${f}`);
  failed += tsRun(join('apps', 'api', 'bench', f), process.argv.slice(filter ? 3 : 2)) === 0 ? 0 : 1;
}
process.exit(failed ? 1 : 0);
