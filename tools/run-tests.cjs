#!/usr/bin/env node
/**
 * `npm test`: lint and type-check every project, run every unit and integration spec (API specs on a
 * real PostgreSQL: embedded, or the server in DATABASE_URL), build the app, then run the browser tests
 * against it. Ends with one line: "Tests: N passed, N failed".
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const resultsDir = join(root, 'tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
process.env.TZ = 'UTC';
process.env.NX_DAEMON = 'false';
process.env.NX_NO_CLOUD = 'true';

const steps = [
  ['lint and type-check', ['nx', 'run-many', '-t', 'lint', 'typecheck', '--outputStyle=static']],
  ['unit and integration tests', ['nx', 'run-many', '-t', 'test', '--exclude', 'e2e', '--outputStyle=stream']],
  ['build', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'console', '--outputStyle=static']],
  ['browser tests', ['nx', 'run', 'e2e:e2e', '--outputStyle=stream']],
];

const failedSteps = [];
const started = Date.now();
for (const [name, args] of steps) {
  if (name === 'browser tests' && failedSteps.includes('build')) {
    failedSteps.push(name);
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const r = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) failedSteps.push(name);
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(resultsDir)) {
  for (const f of readdirSync(resultsDir)) {
    const r = JSON.parse(readFileSync(join(resultsDir, f), 'utf8'));
    passed += r.passed;
    failed += r.failed + r.suitesFailed;
    skipped += r.skipped;
  }
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\n${failedSteps.length ? `Failed steps: ${failedSteps.join(', ')}` : 'All steps passed'} (${minutes} min)`);
if (failedSteps.length && failed === 0) failed = failedSteps.length;
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedSteps.length ? 1 : 0);
