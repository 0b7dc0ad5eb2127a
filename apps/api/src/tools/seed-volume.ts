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
 * the domain calendar, each action through `transition()`, derived columns by `derivedColumns`,
 * escalations of missed deadlines as the sweep makes them (with their claim rows), references from
 * the counter rows. Complaints are written in chunks (`json_populate_recordset`, one transaction per
 * chunk), then the statistics rollups are rebuilt from them set-based and the tables analysed.
 * Synthetic data only: no real personal data.
 */
import { join, resolve } from 'node:path';
import type { CategoryDto } from '@complaint-desk/contracts';
import { DataSource } from 'typeorm';
import { flattenCategories } from '../app/clients/category-tree.util';
import { complaintReference, complaintSnapshot, referenceYear, type ClientSnapshotSource } from '../app/complaints/complaint-snapshot';
import { DEMO_TEXTS } from '../app/complaints/demo-complaints.data';
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

const COMPLAINT_COLUMNS = [
  'id', 'client_id', 'reference', 'status', 'channel', 'subject', 'priority', 'summary', 'description', 'category_code',
  'category_name', 'customer_name', 'customer_email', 'customer_phone', 'customer_preferred_channel', 'customer_language',
  'customer_accessibility_needs', 'received_at', 'registered_at', 'registered_by', 'assignee_id', 'responsible_function',
  'acknowledge_by', 'resolve_by', 'next_update_by', 'expected_resolution_by', 'acknowledged_at', 'last_update_at', 'closed_at',
  'outcome', 'resolution', 'root_cause_code', 'escalation_level', 'satisfaction_score', 'satisfaction_comment', 'satisfaction_at',
  'reopen_count', 'due_at', 'at_risk_at', 'version', 'updated_at',
];

/**
 * One client's `n` complaints, received uniformly over the last `days` days before `now`, in
 * receipt order; references numbered from the client's counter rows (reserved per chunk, so the API
 * may register at the same time).
 */
export async function seedClient(
  ds: DataSource,
  clientId: string,
  n: number,
  now: Date,
  days: number,
  rand: () => number,
): Promise<void> {
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

async function writeChunk(
  m: import('typeorm').EntityManager,
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
      const { policy_snapshot: _p, calendar_snapshot: _c, ...row } = l.row;
      return { ...row, reference: complaintReference(client.code, years[i], seq) };
    });
    await t.query(
      `INSERT INTO complaints (${COMPLAINT_COLUMNS.join(', ')}, policy_snapshot, calendar_snapshot)
       SELECT ${COMPLAINT_COLUMNS.join(', ')}, $2::jsonb, $3::jsonb FROM json_populate_recordset(NULL::complaints, $1::json)`,
      [JSON.stringify(rows), JSON.stringify(client.policy), JSON.stringify(client.calendar)],
    );
    const events = lives.flatMap((l) => l.events.map((e) => ({ complaint_id: l.row.id, client_id: client.id, type: e.type, at: e.at, data: e.data })));
    await t.query(
      `INSERT INTO complaint_events (complaint_id, client_id, type, at, data)
       SELECT complaint_id, client_id, type, at, data FROM json_populate_recordset(NULL::complaint_events, $1::json)`,
      [JSON.stringify(events)],
    );
    const claims = lives.flatMap((l) =>
      l.claims.map((c) => ({ complaint_id: l.row.id, client_id: client.id, kind: c.kind, deadline: c.deadline, claimed_at: c.claimedAt })),
    );
    if (claims.length) {
      await t.query(
        `INSERT INTO escalation_claims (complaint_id, kind, deadline, client_id, claimed_at)
         SELECT complaint_id, kind, deadline, client_id, claimed_at FROM json_populate_recordset(NULL::escalation_claims, $1::json)`,
        [JSON.stringify(claims)],
      );
    }
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
    let next = 0;
    let done = 0;
    const load = async (): Promise<void> => {
      const worker = async () => {
        while (next < clients.length) {
          const i = next++;
          if (sizes[i] > 0) await seedClient(ds, clients[i].id, sizes[i], now, o.days, mulberry32(seed + i * 7919));
          done += sizes[i];
          if ((i + 1) % 10 === 0 || i === clients.length - 1) {
            log(`  complaints: ${done.toLocaleString('en')} / ${o.complaints.toLocaleString('en')} (${Math.round((Date.now() - started) / 1000)} s)`);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, o.parallel ?? 2) }, worker));
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
    for (const tbl of ['complaints', 'complaint_events', 'escalation_claims', 'stats_rollup', 'stats_rollup_dim', 'stats_rollup_hist', 'stats_event_daily']) {
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

if (require.main === module) {
  main().catch((e) => {
    console.error('seed:volume failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
