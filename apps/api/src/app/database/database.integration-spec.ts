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

/** Columns of the public schema stored as `timestamp without time zone` (instants must be timestamptz). */
async function naiveTimestampColumns(c: Client): Promise<string[]> {
  const r = await c.query(
    `SELECT table_name || '.' || column_name AS col FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type = 'timestamp without time zone' ORDER BY 1`,
  );
  return r.rows.map((x) => x.col);
}

/** Tables of the public schema with a `complaint_id` column but no `client_id NOT NULL` column. */
async function tablesWithoutTenant(c: Client): Promise<string[]> {
  const r = await c.query(
    `SELECT t.table_name FROM information_schema.columns t
      WHERE t.table_schema = 'public' AND t.column_name = 'complaint_id'
        AND NOT EXISTS (SELECT 1 FROM information_schema.columns k
                         WHERE k.table_schema = 'public' AND k.table_name = t.table_name
                           AND k.column_name = 'client_id' AND k.is_nullable = 'NO')
      ORDER BY 1`,
  );
  return r.rows.map((x) => x.table_name);
}

describe('Database: schema rules after all migrations (fresh database)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let c: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    await runMigrations(db.url);
    c = new Client({ connectionString: db.url });
    await c.connect();
  });
  afterAll(async () => {
    await c.end();
    await db.drop();
  });

  it('no column is "timestamp without time zone": every instant is timestamptz (the check does find one)', async () => {
    const tz = await c.query(
      `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'timestamp with time zone'`,
    );
    expect(tz.rows[0].n).toBeGreaterThan(10);
    expect(await naiveTimestampColumns(c)).toEqual([]);
    await c.query(`CREATE TABLE probe_naive (at timestamp NOT NULL)`);
    try {
      expect(await naiveTimestampColumns(c)).toEqual(['probe_naive.at']);
    } finally {
      await c.query(`DROP TABLE probe_naive`);
    }
  });

  it('every table with a complaint_id also has client_id NOT NULL (R4.5 tenant scoping; the check does find one)', async () => {
    const withComplaint = await c.query(
      `SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'complaint_id' ORDER BY 1`,
    );
    expect(withComplaint.rows.map((x) => x.table_name)).toEqual(
      expect.arrayContaining(['complaint_events', 'idempotency_keys', 'notifications', 'mail_outbox']),
    );
    expect(await tablesWithoutTenant(c)).toEqual([]);
    await c.query(`CREATE TABLE probe_no_client (complaint_id uuid NOT NULL)`);
    await c.query(`CREATE TABLE probe_nullable_client (complaint_id uuid NOT NULL, client_id uuid)`);
    try {
      expect(await tablesWithoutTenant(c)).toEqual(['probe_no_client', 'probe_nullable_client']);
    } finally {
      await c.query(`DROP TABLE probe_no_client, probe_nullable_client`);
    }
  });
});

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
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          join(__dirname, '../../testing/embedded-probe.ts'),
          join(dir, 'pg'),
          mode,
        ],
        {
          cwd: join(__dirname, '../../../../..'),
          env: { ...process.env, TS_NODE_PROJECT: 'apps/api/tsconfig.spec.json' },
          encoding: 'utf8',
        },
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
