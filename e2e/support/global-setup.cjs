/**
 * Starts the app the way `npm start` serves it — `node dist/apps/api/apps/api/src/main.js` — on a
 * free port with a fresh data folder (embedded PostgreSQL with the demo seed). When DATABASE_URL is
 * set, a fresh database is created on that server instead, and dropped in the teardown.
 * Builds nothing: `npm test` builds first; a missing build fails with a clear message.
 */
const { spawn } = require('node:child_process');
const { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { API_MAIN, CONSOLE_INDEX, ROOT, SKIP_WARNING, MISSING_MESSAGE, STATE_FILE, hasChromium, browserSkipAllowed } = require('./env.cjs');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function waitForHealth(baseUrl, child, timeoutMs) {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = String(e && e.message);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not become healthy within ${timeoutMs / 1000}s (${last})`);
}

module.exports = async function globalSetup() {
  process.env.TZ = 'UTC';
  if (!hasChromium()) {
    const text = browserSkipAllowed() ? SKIP_WARNING : `BROWSER TESTS FAIL: ${MISSING_MESSAGE}`;
    const line = '!'.repeat(text.length);
    console.warn(`\n${line}\n${text}\n${line}\n`);
    writeState({ skipped: true });
    return;
  }
  const missing = [API_MAIN, CONSOLE_INDEX].filter((f) => !existsSync(f));
  if (missing.length) {
    throw new Error(
      `Browser tests need the built app, missing: ${missing.map((f) => f.replace(ROOT + '/', '')).join(', ')}. ` +
        'Run `npm run build` first (npm test does this before the browser tests).',
    );
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'complaint-desk-e2e-'));
  // As root the embedded PostgreSQL runs as the `postgres` OS user, which must enter the folder.
  chmodSync(dataDir, 0o755);
  const env = { ...process.env, PORT: '', DATA_DIR: dataDir, DEMO: 'true', LOG_LEVEL: process.env.E2E_LOG_LEVEL || 'warn' };
  delete env.DATABASE_URL;
  let database = null;
  if (process.env.DATABASE_URL) {
    const { Client } = require('pg');
    const name = `cd_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    database = { name, adminUrl: process.env.DATABASE_URL };
    env.DATABASE_URL = withDatabase(process.env.DATABASE_URL, name);
  }
  const port = await freePort();
  env.PORT = String(port);
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [API_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b) => {
    output = (output + b.toString()).slice(-20000);
  };
  // The app's output also goes to a file, so a failing browser step can quote the server's side.
  const logFile = join(dataDir, 'app.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  process.env.E2E_APP_LOG = logFile;
  globalThis.__E2E_APP__ = child;
  writeState({ skipped: false, baseUrl, pid: child.pid, dataDir, database });
  try {
    await waitForHealth(baseUrl, child, 180_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n--- app output ---\n${output}`);
  }
  process.env.E2E_BASE_URL = baseUrl;
};

function writeState(state) {
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(state));
}
