/**
 * Statistics benchmark (issue 5): `npm run bench -- stats [--complaints 1000000] [--clients 100] [--requests 200] [--assert]`
 * (`--assert`: exit non-zero when a case's HTTP p95 is over its budget — for a quiet machine, not for CI)
 * (= node -r ts-node/register/transpile-only -r tsconfig-paths/register apps/api/bench/stats.bench.ts …).
 *
 * Seeds a THROW-AWAY database (a new database on the DATABASE_URL server, dropped afterwards; or an
 * embedded PostgreSQL in a temporary folder) with the volume seeder, starts the API on it and measures
 * p50/p95 of `summary` and `timeseries` over HTTP, round-robin over the clients. Each is reported as a
 * ratio to a baseline measured in the same run: the brute-force recount of the same figures straight
 * from the complaints table (SQL only — no HTTP, no JSON — so the ratio flatters the baseline).
 * Timings depend on the machine; nothing here asserts on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app/bootstrap';
import { loadConfig } from '../src/app/config/config';
import { startEmbeddedPostgres } from '../src/app/database/embedded-postgres';
import { UsersService } from '../src/app/users/users.service';
import { recountSql } from '../src/testing/stats-recount';
import { StatisticsService } from '../src/app/statistics/statistics.service';
import { Principal } from '../src/app/auth/principal';
import { seedVolume } from '../src/tools/seed-volume';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

async function main(): Promise<void> {
  const complaints = arg('complaints', 1_000_000);
  const clientsN = arg('clients', 100);
  const requests = arg('requests', 200);
  const baselineRequests = arg('baseline-requests', Math.min(50, requests));
  const days = arg('days', 730);

  // A throw-away database.
  let url: string;
  let cleanup: () => Promise<void>;
  const tmp = mkdtempSync(join(tmpdir(), 'complaint-desk-bench-'));
  if (process.env['DATABASE_URL']) {
    const admin = process.env['DATABASE_URL'];
    const name = `cd_bench_${randomBytes(4).toString('hex')}`;
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      const d = new Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
      rmSync(tmp, { recursive: true, force: true });
    };
    console.log(`throw-away database ${name} on the DATABASE_URL server`);
  } else {
    const { chmodSync } = await import('node:fs');
    chmodSync(tmp, 0o755);
    const db = await startEmbeddedPostgres({ dir: join(tmp, 'pg'), database: 'bench' });
    url = db.url;
    cleanup = async () => {
      await db.stop();
      rmSync(tmp, { recursive: true, force: true });
    };
    console.log(`throw-away embedded PostgreSQL in ${tmp}`);
  }

  try {
    console.log(`seeding ${complaints.toLocaleString('en')} complaints over ${clientsN} clients (${days} days)…`);
    const seeded = await seedVolume(url, { complaints, clients: clientsN, days, log: (l) => console.log(l) });
    const clients = seeded.clients;

    const config = loadConfig({
      DEMO: 'false',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
      LOG_LEVEL: 'silent',
      DATA_DIR: tmp,
      BACKGROUND_JOBS: 'false', // no escalation sweep over the synthetic backlog while measuring
    });
    const app = await createApp({ config, databaseUrl: url });
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await app.get(UsersService).create({ email: 'bench@example.com', password: 'bench-password-123', role: 'admin', clientIds: [] });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password-123' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { Authorization: `Bearer ${accessToken}` };
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers });
      if (res.status !== 200) throw new Error(`${path} → ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    const ds = new DataSource({ type: 'postgres', url, extra: { max: 4 } });
    await ds.initialize();
    const now = new Date();
    const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
    const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
    const tz = new Map<string, string>(
      ((await ds.query('SELECT id, timezone FROM clients')) as Array<{ id: string; timezone: string }>).map((r) => [r.id, r.timezone]),
    );
    const bruteSeries = (clientId: string) =>
      ds.query(
        `SELECT d, sum(r)::int AS received, sum(c)::int AS closed, sum(e)::int AS escalated FROM (
           SELECT (received_at AT TIME ZONE $4)::date AS d, 1 AS r, 0 AS c, 0 AS e FROM complaints WHERE client_id = $1 AND received_at >= $2 AND received_at < $3
           UNION ALL SELECT (closed_at AT TIME ZONE $4)::date, 0, 1, 0 FROM complaints WHERE client_id = $1 AND closed_at >= $2 AND closed_at < $3
           UNION ALL SELECT (min(at) AT TIME ZONE $4)::date, 0, 0, 1 FROM complaint_events WHERE client_id = $1 AND type = 'escalated'
             GROUP BY complaint_id HAVING min(at) >= $2 AND min(at) < $3
         ) x GROUP BY d ORDER BY d`,
        [clientId, yearAgo, now, tz.get(clientId)],
      );

    const c = (i: number) => clients[i % clients.length];
    const q = (i: number, from: Date) => `clientId=${c(i)}&from=${from.toISOString()}&to=${now.toISOString()}`;
    type P = { p50: number; p95: number };
    const rows: Array<{ name: string; subject: P; inProcess: P; baseline: P; budget: number }> = [];
    const svc = app.get(StatisticsService);
    const admin = new Principal('00000000-0000-4000-8000-000000000000', 'bench@example.com', 'admin', []);
    const win = (i: number, from: Date) => ({ clientId: c(i), from: from.toISOString(), to: now.toISOString() });
    const warm = Math.min(20, requests);

    console.log('measuring…');
    // Cases and their three measurements are interleaved in rounds, so a change of machine load during
    // the run (other processes on the same cores) affects every column alike instead of the first case.
    type Fn = (i: number) => Promise<void>;
    const cases: Array<{ name: string; http: Fn; svc: Fn; base: Fn; budget: number }> = [
      {
        name: 'summary, last 30 days',
        http: (i) => get(`/api/stats/summary?${q(i, monthAgo)}`),
        svc: async (i) => void (await svc.summary(admin, win(i, monthAgo))),
        base: async (i) => void (await recountSql(ds, c(i), monthAgo, now, now)),
        budget: 50,
      },
      {
        name: 'summary, last 365 days',
        http: (i) => get(`/api/stats/summary?${q(i, yearAgo)}`),
        svc: async (i) => void (await svc.summary(admin, win(i, yearAgo))),
        base: async (i) => void (await recountSql(ds, c(i), yearAgo, now, now)),
        budget: 50,
      },
      {
        name: 'timeseries, 365 days by day',
        http: (i) => get(`/api/stats/timeseries?${q(i, yearAgo)}&interval=day`),
        svc: async (i) => void (await svc.timeseries(admin, { ...win(i, yearAgo), interval: 'day' })),
        base: async (i) => void (await bruteSeries(c(i))),
        budget: 100,
      },
      {
        name: 'timeseries, 365 days by week',
        http: (i) => get(`/api/stats/timeseries?${q(i, yearAgo)}&interval=week`),
        svc: async (i) => void (await svc.timeseries(admin, { ...win(i, yearAgo), interval: 'week' })),
        base: async (i) => void (await bruteSeries(c(i))),
        budget: 100,
      },
    ];
    const times = cases.map(() => ({ http: [] as number[], svc: [] as number[], base: [] as number[] }));
    const timed = async (fn: Fn, i: number, into: number[]) => {
      const t0 = process.hrtime.bigint();
      await fn(i);
      into.push(Number(process.hrtime.bigint() - t0) / 1e6);
    };
    for (const k of cases) for (let i = 0; i < warm; i++) await Promise.all([k.http(i), k.svc(i), i < 3 ? k.base(i) : undefined]);
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      for (const [ci, k] of cases.entries()) {
        const per = Math.ceil(requests / rounds);
        const perBase = Math.ceil(baselineRequests / rounds);
        for (let j = 0; j < per; j++) await timed(k.http, round * per + j, times[ci].http);
        for (let j = 0; j < per; j++) await timed(k.svc, round * per + j, times[ci].svc);
        for (let j = 0; j < perBase; j++) await timed(k.base, round * perBase + j, times[ci].base);
      }
    }
    const stat = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { p50: pct(sorted, 0.5), p95: pct(sorted, 0.95) };
    };
    cases.forEach((k, ci) =>
      rows.push({
        name: k.name,
        subject: stat(times[ci].http),
        inProcess: stat(times[ci].svc),
        baseline: stat(times[ci].base),
        budget: k.budget,
      }),
    );
    await ds.destroy();
    await app.close();

    const f = (n: number) => n.toFixed(2).padStart(9);
    console.log(
      `\nstatistics benchmark — ${complaints.toLocaleString('en')} complaints, ${clientsN} clients, ${requests} requests per case (baseline ${baselineRequests})`,
    );
    console.log(
      'case                           http p50  http p95   svc p50   svc p95  base p50  base p95  http/base p50  http/base p95  svc/base p50  svc/base p95  budget(http p95)',
    );
    const ratio = (a: number, b: number) => (a / b).toFixed(3).padStart(13);
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(30)}${f(r.subject.p50)} ${f(r.subject.p95)} ${f(r.inProcess.p50)} ${f(r.inProcess.p95)} ${f(r.baseline.p50)} ${f(r.baseline.p95)} ` +
          `${ratio(r.subject.p50, r.baseline.p50)}  ${ratio(r.subject.p95, r.baseline.p95)} ${ratio(r.inProcess.p50, r.baseline.p50)} ${ratio(r.inProcess.p95, r.baseline.p95)}  ` +
          `${r.subject.p95 <= r.budget ? 'within' : 'OVER'} ${r.budget} ms`,
      );
    }
    console.log(
      '(ms; http = the API over HTTP incl. auth, JSON and the bench client on the same 2 cores; svc = StatisticsService in process; ' +
        'base = brute-force SQL recount on the complaints table, no HTTP. ratio < 1: faster than the recount)',
    );
    const over = rows.filter((r) => r.subject.p95 > r.budget);
    if (process.argv.includes('--assert') && over.length) {
      console.error(`OVER BUDGET: ${over.map((r) => `${r.name} http p95 ${r.subject.p95.toFixed(1)} ms > ${r.budget} ms`).join('; ')}`);
      process.exitCode = 3;
    }
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error('bench failed:', e instanceof Error ? e.stack : e);
  process.exit(1);
});
