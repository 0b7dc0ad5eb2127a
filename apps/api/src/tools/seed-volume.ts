/**
 * Volume seeder for scale tests (issue 5) — realistic complaints the API and the sweep accept (issue 10):
 *
 *   npm run seed:volume -- --complaints 5000000 [--clients 100] [--days 730] [--parallel 2] [--seed N]
 *   (= node -r ts-node/register/transpile-only -r tsconfig-paths/register apps/api/src/tools/seed-volume.ts --complaints 5000000)
 *
 * Against DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (default ./.data, as `npm start`).
 * Synthetic clients VOL001… (the demo clients' policies, calendars and categories, in several time
 * zones). Each complaint is lived through by the domain (`seed-volume-life.ts`): registered under the
 * snapshot the register service takes (`complaintSnapshot` of the client as stored), deadlines from
 * the domain calendar, each action through `transition()`, derived columns by `deadlineColumns`,
 * escalations of missed deadlines as the sweep makes them (with their claim rows), references from
 * the counter rows. Complaints are written in chunks (`unnest` of one array per column, one
 * transaction per chunk; the domain work in worker threads where possible), then the statistics rollups are rebuilt from them set-based and the tables analysed.
 * Synthetic data only: no real personal data.
 */
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CategoryDto } from '@complaint-desk/contracts';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, type EntityManager } from 'typeorm';
import { flattenCategories } from '../app/clients/category-tree.util';
import { complaintReference, complaintSnapshot, referenceYear, type ClientSnapshotSource } from '../app/complaints/complaint-snapshot';
import { DEMO_TEXTS } from '../app/demo/demo-complaints.data';
import { runMigrations } from '../app/database/data-source';
import { startEmbeddedPostgres } from '../app/database/embedded-postgres';
import { DEMO_CLIENTS } from '../app/demo/demo-data';
import { rebuildRollups } from '../app/statistics/stats-rollup.repository';
import { liveComplaint, mulberry32, type Life, type LifeClient } from './seed-volume-life';

export interface SeedVolumeOptions {
  complaints: number;
  clients: number;
  /** Receipts spread uniformly over this many days before now (each registered shortly after its receipt). */
  days: number;
  /** Concurrent client loads (default 2: one per core of the target machine). */
  parallel?: number;
  now?: Date;
  /** PRNG seed (default: random; logged, so a run can be repeated). */
  seed?: number;
  log?: (line: string) => void;
}

const DAY = 86_400_000;
/** Complaints per INSERT round trip (and per transaction). */
const CHUNK = 1000;

const ZONES = [
  'Europe/Stockholm',
  'America/New_York',
  'Europe/London',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/Los_Angeles',
  'Europe/Berlin',
  'Asia/Kolkata',
];

/** Creates (or reuses) the volume clients VOL001… — a demo client's settings each, in one of several zones. */
async function ensureClients(ds: DataSource, n: number): Promise<Array<{ id: string; code: string }>> {
  const out: Array<{ id: string; code: string }> = [];
  for (let i = 1; i <= n; i++) {
    const template = DEMO_CLIENTS[(i - 1) % DEMO_CLIENTS.length];
    const code = `VOL${String(i).padStart(3, '0')}`;
    const [row] = await ds.query(
      `INSERT INTO clients (code, name, timezone, business_hours, holidays, policy, categories, complaint_info)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id, code`,
      [
        code,
        `Volume client ${i}`,
        ZONES[(i - 1) % ZONES.length],
        JSON.stringify(template.businessHours),
        JSON.stringify(template.holidays),
        JSON.stringify(template.policy),
        JSON.stringify(template.categories),
        template.complaintInfo,
      ],
    );
    out.push(row);
  }
  return out;
}

type ClientRow = ClientSnapshotSource & { id: string; code: string; categories: CategoryDto[] };

/** The client as stored, as the seeder's complaints see it (the same columns the register service reads). */
async function loadClient(ds: DataSource, id: string): Promise<LifeClient & { code: string; timezone: string }> {
  const [row]: ClientRow[] = await ds.query(
    `SELECT id, code, timezone, business_hours, holidays, policy, categories FROM clients WHERE id = $1`,
    [id],
  );
  const { calendar, policy } = complaintSnapshot(row);
  const all = flattenCategories(row.categories ?? []);
  const parents = new Set(all.map((c) => c.parentCode).filter((c): c is string => c !== null));
  const categoryNames = new Map(all.map((c) => [c.code, c.name]));
  return {
    id: row.id,
    code: row.code,
    timezone: row.timezone,
    calendar,
    policy,
    categoryNames,
    leaves: all.filter((c) => !parents.has(c.code)).map((c) => c.code),
    texts: DEMO_TEXTS.filter((t) => categoryNames.has(t.category)),
  };
}

/** The complaint columns the seeder writes, with their types (policy and calendar snapshots go once per chunk). */
const COMPLAINT_COLUMNS: Array<[string, string]> = [
  ['id', 'uuid'],
  ['client_id', 'uuid'],
  ['reference', 'text'],
  ['status', 'text'],
  ['channel', 'text'],
  ['subject', 'text'],
  ['priority', 'text'],
  ['summary', 'text'],
  ['description', 'text'],
  ['category_code', 'text'],
  ['category_name', 'text'],
  ['customer_name', 'text'],
  ['customer_email', 'text'],
  ['customer_phone', 'text'],
  ['customer_preferred_channel', 'text'],
  ['customer_language', 'text'],
  ['customer_accessibility_needs', 'text'],
  ['received_at', 'timestamptz'],
  ['registered_at', 'timestamptz'],
  ['registered_by', 'uuid'],
  ['assignee_id', 'uuid'],
  ['responsible_function', 'text'],
  ['acknowledge_by', 'timestamptz'],
  ['resolve_by', 'timestamptz'],
  ['next_update_by', 'timestamptz'],
  ['expected_resolution_by', 'timestamptz'],
  ['acknowledged_at', 'timestamptz'],
  ['last_update_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['outcome', 'text'],
  ['resolution', 'text'],
  ['root_cause_code', 'text'],
  ['escalation_level', 'int'],
  ['satisfaction_score', 'int'],
  ['satisfaction_comment', 'text'],
  ['satisfaction_at', 'timestamptz'],
  ['reopen_count', 'int'],
  ['due_at', 'timestamptz'],
  ['at_risk_at', 'timestamptz'],
  ['acknowledge_at_risk_at', 'timestamptz'],
  ['update_at_risk_at', 'timestamptz'],
  ['resolve_at_risk_at', 'timestamptz'],
  ['version', 'int'],
  ['updated_at', 'timestamptz'],
];
const EVENT_COLUMNS: Array<[string, string]> = [
  ['complaint_id', 'uuid'],
  ['client_id', 'uuid'],
  ['type', 'text'],
  ['at', 'timestamptz'],
  ['data', 'jsonb'],
];
const CLAIM_COLUMNS: Array<[string, string]> = [
  ['complaint_id', 'uuid'],
  ['kind', 'text'],
  ['deadline', 'timestamptz'],
  ['client_id', 'uuid'],
  ['claimed_at', 'timestamptz'],
];

/**
 * `INSERT INTO table (columns) SELECT … FROM unnest(one array per column)`: PostgreSQL reads typed
 * arrays several times faster than JSON records (json_populate_recordset). `extra` adds columns with
 * one value for every row.
 */
async function insertRows(
  m: EntityManager,
  table: string,
  columns: Array<[string, string]>,
  rows: Array<Record<string, unknown>>,
  extra: Array<[string, string, unknown]> = [],
): Promise<void> {
  if (!rows.length) return;
  const arrays = columns.map(([name, type]) =>
    type === 'jsonb' ? rows.map((r) => JSON.stringify(r[name])) : rows.map((r) => r[name] ?? null),
  );
  const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const consts = extra.map(([, type], i) => `$${columns.length + i + 1}::${type}`);
  await m.query(
    `INSERT INTO ${table} (${[...columns.map(([n]) => n), ...extra.map(([n]) => n)].join(', ')})
     SELECT u.*${consts.length ? `, ${consts.join(', ')}` : ''} FROM unnest(${unnest}) AS u`,
    [...arrays, ...extra.map(([, , v]) => v)],
  );
}

/**
 * One client's `n` complaints, received uniformly over the last `days` days before `now`, in
 * receipt order; references numbered from the client's counter rows (reserved per chunk, so the API
 * may register at the same time).
 */
export async function seedClient(ds: DataSource, clientId: string, n: number, now: Date, days: number, rand: () => number): Promise<void> {
  const client = await loadClient(ds, clientId);
  const end = now.getTime();
  // strictly inside the window (a minute of margin)
  const receipts = Float64Array.from({ length: n }, () => end - Math.floor(rand() * (days * DAY - 60_000))).sort();
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query(`SET synchronous_commit = off`);
    // Foreign keys hold by construction (rows, events and claims of one chunk are written together):
    // skip the per-row checks when the role may (superuser); otherwise they simply run.
    await qr.query(`SET session_replication_role = replica`).catch(() => undefined);
    for (let from = 0; from < n; from += CHUNK) {
      const lives: Life[] = [];
      for (let i = from; i < Math.min(n, from + CHUNK); i++) lives.push(liveComplaint(client, receipts[i], end, rand));
      await writeChunk(qr.manager, client, lives);
    }
  } finally {
    await qr.release();
  }
}

/** `referenceYear`, asked only near a new year (elsewhere every zone's local year is the UTC year). */
function yearOf(at: Date, timezone: string): number {
  const m = at.getUTCMonth();
  const d = at.getUTCDate();
  return (m === 0 && d === 1) || (m === 11 && d === 31) ? referenceYear(at, timezone) : at.getUTCFullYear();
}

/** A value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const text = v instanceof Date ? v.toISOString() : String(v);
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/**
 * `COPY table (columns) FROM STDIN` on the transaction's connection: PostgreSQL inserts the rows in
 * batches (the timeline is most of the data — about 8 events per complaint — and COPY loads it about
 * three times faster than INSERT … SELECT).
 */
async function copyRows(
  m: EntityManager,
  table: string,
  columns: Array<[string, string]>,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  if (!rows.length) return;
  const client = (m.queryRunner as unknown as { databaseConnection: PoolClient } | undefined)?.databaseConnection;
  if (!client) throw new Error("seed:volume: COPY needs the transaction's connection");
  const text =
    rows.map((r) => columns.map(([n, type]) => copyValue(type === 'jsonb' ? JSON.stringify(r[n]) : r[n])).join('\t')).join('\n') + '\n';
  await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${table} (${columns.map(([n]) => n).join(', ')}) FROM STDIN`)));
}

async function writeChunk(
  m: EntityManager,
  client: { id: string; code: string; timezone: string; calendar: unknown; policy: unknown },
  lives: Life[],
): Promise<void> {
  const years = lives.map((l) => yearOf(l.row.registered_at, client.timezone));
  const count = new Map<number, number>();
  for (const y of years) count.set(y, (count.get(y) ?? 0) + 1);
  await m.transaction(async (t) => {
    const next = new Map<number, number>();
    for (const [year, k] of [...count].sort((a, b) => a[0] - b[0])) {
      const [{ last_seq }]: Array<{ last_seq: string }> = await t.query(
        `INSERT INTO complaint_reference_counters (client_id, year, last_seq) VALUES ($1, $2, $3)
         ON CONFLICT (client_id, year) DO UPDATE SET last_seq = complaint_reference_counters.last_seq + EXCLUDED.last_seq
         RETURNING last_seq`,
        [client.id, year, k],
      );
      next.set(year, Number(last_seq) - k + 1);
    }
    const rows = lives.map((l, i) => {
      const seq = next.get(years[i]) as number;
      next.set(years[i], seq + 1);
      return { ...l.row, reference: complaintReference(client.code, years[i], seq) };
    });
    // every complaint of the client has the same snapshot: sent once
    await insertRows(t, 'complaints', COMPLAINT_COLUMNS, rows, [
      ['policy_snapshot', 'jsonb', JSON.stringify(client.policy)],
      ['calendar_snapshot', 'jsonb', JSON.stringify(client.calendar)],
    ]);
    const events = lives.flatMap((l) =>
      l.events.map((e) => ({ complaint_id: l.row.id, client_id: client.id, type: e.type, at: e.at, data: e.data })),
    );
    await copyRows(t, 'complaint_events', EVENT_COLUMNS, events);
    const claims = lives.flatMap((l) =>
      l.claims.map((c) => ({ complaint_id: l.row.id, client_id: client.id, kind: c.kind, deadline: c.deadline, claimed_at: c.claimedAt })),
    );
    await copyRows(t, 'escalation_claims', CLAIM_COLUMNS, claims);
  });
}

export async function seedVolume(url: string, o: SeedVolumeOptions): Promise<{ clients: string[]; seconds: number }> {
  const log = o.log ?? ((l: string) => console.log(l));
  const started = Date.now();
  const now = o.now ?? new Date();
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  log(`seed:volume: --seed ${seed}`);
  await runMigrations(url);
  const ds = new DataSource({ type: 'postgres', url, extra: { max: (o.parallel ?? 2) + 1 } });
  await ds.initialize();
  try {
    const clients = await ensureClients(ds, o.clients);
    // Uneven sizes (weights 0.5…1.5), summing exactly to the requested total.
    const weights = clients.map((_, i) => 0.5 + ((i * 37) % 101) / 100);
    const total = weights.reduce((a, b) => a + b, 0);
    const sizes = weights.map((w) => Math.floor((o.complaints * w) / total));
    sizes[0] += o.complaints - sizes.reduce((a, b) => a + b, 0);
    const jobs: Job[] = clients.map((c, i) => ({ clientId: c.id, n: sizes[i], seed: seed + i * 7919 })).filter((j) => j.n > 0);
    const parallel = Math.max(1, o.parallel ?? 2);
    let done = 0;
    let clientsDone = 0;
    const progress = (n: number) => {
      done += n;
      if (++clientsDone % 10 === 0 || clientsDone === jobs.length) {
        log(
          `  complaints: ${done.toLocaleString('en')} / ${o.complaints.toLocaleString('en')} (${Math.round((Date.now() - started) / 1000)} s)`,
        );
      }
    };
    // Living the complaints through the domain is CPU work: worker threads where this file can be
    // loaded in one (compiled, or under ts-node as `npm run seed:volume` runs it), else in-process.
    const load = async (): Promise<void> => {
      if (parallel > 1 && canUseWorkers()) {
        log(`  living the complaints through the domain in ${parallel} worker threads`);
        return loadInWorkers(url, jobs, parallel, now, o.days, progress);
      }
      let next = 0;
      const worker = async () => {
        while (next < jobs.length) {
          const job = jobs[next++];
          await seedClient(ds, job.clientId, job.n, now, o.days, mulberry32(job.seed));
          progress(job.n);
        }
      };
      await Promise.all(Array.from({ length: parallel }, worker));
    };
    // Bulk load: secondary indexes of complaints and complaint_events (not those backing constraints)
    // are dropped and rebuilt afterwards — a sorted build is many times faster than row-by-row
    // maintenance (the trigram GIN indexes especially). Always recreated, even when the load fails.
    const dropped: Array<{ indexname: string; indexdef: string }> =
      o.complaints >= 100_000
        ? await ds.query(
            `SELECT i.indexname, i.indexdef FROM pg_indexes i
             WHERE i.schemaname = current_schema() AND i.tablename IN ('complaints', 'complaint_events')
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
          )
        : [];
    for (const d of dropped) await ds.query(`DROP INDEX IF EXISTS "${d.indexname}"`);
    if (dropped.length) log(`  dropped ${dropped.length} secondary indexes for the load`);
    try {
      await load();
    } finally {
      if (dropped.length) {
        log(`  rebuilding ${dropped.length} indexes…`);
        let k = 0;
        const builder = async () => {
          while (k < dropped.length) {
            const d = dropped[k++];
            const qr = ds.createQueryRunner();
            await qr.connect();
            try {
              await qr.query(`SET maintenance_work_mem = '512MB'`);
              await qr.query(d.indexdef.replace(/^CREATE (UNIQUE )?INDEX /, (m) => `${m}IF NOT EXISTS `));
            } finally {
              await qr.release();
            }
          }
        };
        await Promise.all(Array.from({ length: Math.max(1, o.parallel ?? 2) }, builder));
      }
    }
    const phase = (name: string) => log(`  ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
    phase('rebuilding statistics rollups…');
    let next2 = 0;
    const rebuilder = async () => {
      while (next2 < clients.length) {
        const batch = clients.slice(next2, next2 + 5).map((c) => c.id);
        next2 += 5;
        await ds.transaction(async (m) => {
          await m.query(`SET LOCAL work_mem = '256MB'`);
          await rebuildRollups(m, batch);
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.parallel ?? 2) }, rebuilder));
    phase('vacuum analyse…');
    for (const tbl of [
      'complaints',
      'complaint_events',
      'escalation_claims',
      'stats_rollup',
      'stats_rollup_dim',
      'stats_rollup_hist',
      'stats_event_daily',
    ]) {
      await ds.query(`VACUUM (ANALYZE) ${tbl}`);
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    log(`seed:volume: ${o.complaints.toLocaleString('en')} complaints over ${o.clients} clients in ${seconds} s`);
    return { clients: clients.map((c) => c.id), seconds };
  } finally {
    await ds.destroy();
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`--${name} needs a non-negative integer`);
    process.exit(2);
  }
  return v;
}

async function main(): Promise<void> {
  const opts: SeedVolumeOptions = {
    complaints: arg('complaints', 1_000_000),
    clients: Math.max(1, arg('clients', 100)),
    days: Math.max(1, arg('days', 730)),
    parallel: Math.max(1, arg('parallel', 2)),
    ...(process.argv.includes('--seed') ? { seed: arg('seed', 0) } : {}),
  };
  let url = process.env['DATABASE_URL'];
  let stop: (() => Promise<void>) | null = null;
  if (!url) {
    const dataDir = resolve(process.env['DATA_DIR'] || './.data');
    console.log(`DATABASE_URL not set: using the embedded PostgreSQL in ${join(dataDir, 'pg')}`);
    const db = await startEmbeddedPostgres({ dir: join(dataDir, 'pg'), database: 'complaint_desk' });
    url = db.url;
    stop = () => db.stop();
  }
  try {
    await seedVolume(url, { ...opts });
  } finally {
    if (stop) await stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Worker threads: each takes one client at a time from the main thread and seeds it on its own
// connection; the main thread drops and rebuilds the indexes and rebuilds the rollups.
// ---------------------------------------------------------------------------------------------

interface Job {
  clientId: string;
  n: number;
  seed: number;
}

interface SeedWorkerData {
  role: 'seed-volume-worker';
  url: string;
  now: number;
  days: number;
}

type WorkerMessage = { ready: true } | { done: number } | { error: string };

/** A worker thread can load this file: compiled JavaScript, or TypeScript with ts-node's hook in the process's flags (not under jest). */
function canUseWorkers(): boolean {
  return __filename.endsWith('.js') || process.execArgv.some((a) => a.includes('ts-node'));
}

async function loadInWorkers(
  url: string,
  jobs: Job[],
  parallel: number,
  now: Date,
  days: number,
  progress: (n: number) => void,
): Promise<void> {
  let next = 0;
  const data: SeedWorkerData = { role: 'seed-volume-worker', url, now: now.getTime(), days };
  await Promise.all(
    Array.from({ length: Math.min(parallel, jobs.length) }, () => {
      const w = new Worker(__filename, { workerData: data });
      return new Promise<void>((resolve, reject) => {
        let failure: Error | null = null;
        const give = () => w.postMessage(next < jobs.length ? jobs[next++] : null);
        w.on('message', (m: WorkerMessage) => {
          if ('error' in m) failure = new Error(m.error);
          else {
            if ('done' in m) progress(m.done);
            give();
          }
        });
        w.on('error', (e) => (failure = e));
        w.on('exit', (code) =>
          failure || code !== 0 ? reject(failure ?? new Error(`seed:volume worker exited with ${code}`)) : resolve(),
        );
      });
    }),
  );
}

function runWorker(d: SeedWorkerData): void {
  const port = parentPort;
  if (!port) return;
  const ds = new DataSource({ type: 'postgres', url: d.url, extra: { max: 1 } });
  const post = (m: WorkerMessage) => port.postMessage(m);
  port.on('message', (job: Job | null) => {
    const work = job
      ? seedClient(ds, job.clientId, job.n, new Date(d.now), d.days, mulberry32(job.seed)).then(() => post({ done: job.n }))
      : ds.destroy().then(() => port.close());
    work.catch((e: unknown) => {
      post({ error: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    });
  });
  ds.initialize().then(
    () => post({ ready: true }),
    (e: unknown) => {
      post({ error: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    },
  );
}

if (!isMainThread && (workerData as SeedWorkerData | null)?.role === 'seed-volume-worker') {
  runWorker(workerData as SeedWorkerData);
} else if (require.main === module) {
  main().catch((e) => {
    console.error('seed:volume failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
