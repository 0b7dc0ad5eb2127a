import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../app/bootstrap';
import { FixedClock } from '../app/common/clock';
import { AppConfig, loadConfig } from '../app/config/config';
import { runMigrations } from '../app/database/data-source';
import { seedDemo } from '../app/demo/seed';
import { DEMO_PASSWORD } from '../app/demo/demo-data';

function adminUrl(): string {
  const url = process.env['TEST_PG_ADMIN_URL'];
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run the specs through jest (global setup starts PostgreSQL)');
  return url;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A fresh, empty database of this test run on the test server; dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `cd_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    name,
    url: withDatabase(adminUrl(), name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  db: DataSource;
  clock: FixedClock;
  config: AppConfig;
  databaseUrl: string;
  /** Demo client ids by code (when seeded). */
  clients: Record<string, string>;
  token(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  now?: string;
  seed?: boolean;
  env?: Record<string, string>;
  /** Reuse an existing database (e.g. a second instance on the same database). */
  databaseUrl?: string;
  /** Capture log lines (set LOG_LEVEL in env too, tests default to silent). */
  logStream?: NodeJS.WritableStream;
}

/**
 * A real API on a real, fresh PostgreSQL database, with a FixedClock. Seeds the demo clients and
 * users by default (not the demo complaints; tests make the complaints they need).
 */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const own = opts.databaseUrl ? null : await createTestDatabase();
  const databaseUrl = opts.databaseUrl ?? (own as { url: string }).url;
  if (own) await runMigrations(databaseUrl);
  const config = loadConfig({
    DEMO: 'true',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: 'silent',
    DATA_DIR: '/tmp/complaint-desk-test-data',
    LOGIN_RATE_LIMIT_PER_IP: '100000',
    LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000',
    // Specs write far more than a person would; the write-limit spec sets a small limit itself.
    WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    // Sweeps and the outbox worker run only where a spec asks for them (BACKGROUND_JOBS: 'true');
    // everywhere else a spec drives them itself, so nothing runs behind its back.
    BACKGROUND_JOBS: 'false',
    ...opts.env,
  });
  const clock = new FixedClock(opts.now ?? '2026-11-18T10:00:00Z');
  const app = await createApp({ config, databaseUrl, clock, logStream: opts.logStream });
  await app.init();
  const db = app.get<DataSource>(getDataSourceToken());
  let clients: Record<string, string> = {};
  if (own && opts.seed !== false) {
    clients = await seedDemoWithoutComplaints(app);
  } else if (opts.databaseUrl) {
    const rows: Array<{ id: string; code: string }> = await db.query('SELECT id, code FROM clients');
    clients = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  }
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    db,
    clock,
    config,
    databaseUrl,
    clients,
    async token(email: string, password = DEMO_PASSWORD) {
      const key = `${email}\n${password}`;
      const cached = tokens.get(key);
      if (cached) return cached;
      const res = await http.post('/api/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login ${email} → ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(key, res.body.accessToken);
      return res.body.accessToken as string;
    },
    async close() {
      await app.close();
      if (own) await own.drop();
    },
  };
}

async function seedDemoWithoutComplaints(app: INestApplication): Promise<Record<string, string>> {
  return seedDemo(app, { withSeeders: false });
}
