/** Stops the app (SIGTERM, as a container stop would), drops the test database, removes the data folder. */
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { STATE_FILE } = require('./env.cjs');

function waitForExit(child, ms) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

module.exports = async function globalTeardown() {
  if (!existsSync(STATE_FILE)) return;
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  rmSync(STATE_FILE, { force: true });
  if (state.skipped) return;
  const child = globalThis.__E2E_APP__;
  if (child) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 20_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    globalThis.__E2E_APP__ = undefined;
  }
  if (state.database) {
    const { Client } = require('pg');
    const c = new Client({ connectionString: state.database.adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${state.database.name} WITH (FORCE)`);
    await c.end();
  }
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
};
