/** Stops the embedded PostgreSQL started by pg-global-setup and removes its temporary folder. */
const { rmSync } = require('node:fs');

module.exports = async function globalTeardown() {
  const pg = globalThis.__EMBEDDED_PG__;
  if (pg) {
    await pg.stop();
    globalThis.__EMBEDDED_PG__ = undefined;
  }
  if (globalThis.__EMBEDDED_PG_DIR__) {
    rmSync(globalThis.__EMBEDDED_PG_DIR__, { recursive: true, force: true });
    globalThis.__EMBEDDED_PG_DIR__ = undefined;
  }
};
