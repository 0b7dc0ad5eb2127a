import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestApp, createTestDatabase } from '../../testing/test-app';
import { runMigrations, typeOrmOptions } from './data-source';
import { MIGRATIONS } from '../../migrations';

async function tables(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const r = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`);
  await c.end();
  return r.rows.map((x) => x.tablename);
}

describe('Database: migrations and the two database modes', () => {
  it('migrates an empty database up, all the way down, and up again; synchronize stays off', async () => {
    const db = await createTestDatabase();
    try {
      const applied = await runMigrations(db.url);
      expect(applied).toHaveLength(MIGRATIONS.length);
      const up = await tables(db.url);
      expect(up).toEqual(expect.arrayContaining(['clients', 'users', 'user_clients', 'complaints', 'complaint_events']));
      expect(await runMigrations(db.url)).toEqual([]);

      const ds = new DataSource({ ...typeOrmOptions(db.url), entities: [] });
      expect(ds.options.synchronize).toBe(false);
      await ds.initialize();
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      await ds.destroy();
      expect(await tables(db.url)).toEqual([]);

      expect(await runMigrations(db.url)).toHaveLength(MIGRATIONS.length);
      expect(await tables(db.url)).toEqual(up);
    } finally {
      await db.drop();
    }
  });

  it('runs migrations once when several instances start at the same time', async () => {
    const db = await createTestDatabase();
    try {
      const results = await Promise.all([runMigrations(db.url), runMigrations(db.url), runMigrations(db.url)]);
      expect(results.map((r) => r.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
    } finally {
      await db.drop();
    }
  });

  it('embedded mode: starts a real PostgreSQL (also as root) on a free port, keeps data across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-embedded-'));
    chmodSync(dir, 0o755);
    const probe = (mode: string) => {
      const out = execFileSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, '../../testing/embedded-probe.ts'), join(dir, 'pg'), mode],
        { cwd: join(__dirname, '../../../../..'), env: { ...process.env, TS_NODE_PROJECT: 'apps/api/tsconfig.spec.json' }, encoding: 'utf8' },
      );
      return JSON.parse(out.trim().split('\n').pop() as string);
    };
    try {
      const first = probe('write');
      expect(first.port).not.toBe(5432);
      expect(first.version).toBeGreaterThanOrEqual(150000);
      const second = probe('read');
      expect(second.rows).toEqual([{ name: 'Kept' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('health answers 503 {"db":"down"} while the database cannot be reached, and recovers', async () => {
    const t = await createTestApp({ seed: false });
    const dbName = new URL(t.databaseUrl).pathname.slice(1);
    const admin = new Client({ connectionString: process.env['TEST_PG_ADMIN_URL'] });
    await admin.connect();
    try {
      expect((await t.http.get('/api/health')).body).toEqual({ status: 'ok', db: 'up' });
      await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [dbName]);
      const down = await t.http.get('/api/health');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'error', db: 'down' });
      await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
      const up = await t.http.get('/api/health');
      expect(up.status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await t.close();
    }
  });
});
