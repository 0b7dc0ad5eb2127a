/** Stops the embedded PostgreSQL started by pg-global-setup (it deletes its temporary data folder). */
module.exports = async function globalTeardown() {
  const pg = globalThis.__EMBEDDED_PG__;
  if (pg) {
    await pg.stop();
    globalThis.__EMBEDDED_PG__ = undefined;
  }
};
