/** Runs a TypeScript entry point of the API with ts-node (transpile only) and the workspace path aliases. */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = function tsRun(entry, args) {
  const root = join(__dirname, '..');
  const r = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, entry), ...args],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: 'apps/api/tsconfig.spec.json', TZ: 'UTC' } },
  );
  return r.status ?? 1;
};
