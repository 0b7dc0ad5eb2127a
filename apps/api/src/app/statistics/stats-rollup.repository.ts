import type { EntityManager } from 'typeorm';
import { DAILY_COUNTERS, RollupDelta } from './stats-rollup';

/** SQL of the statistics rollups: incremental upserts (listener) and set-based rebuilds (seeder, time-zone change). */

/**
 * The time zone of the client's day buckets, under a share lock (a rebuild takes the row exclusively,
 * so deltas and rebuilds of one client never interleave). Creates the row from clients.timezone on first use.
 */
export async function rollupZone(m: EntityManager, clientId: string): Promise<string> {
  await m.query(
    `INSERT INTO stats_client_state (client_id, timezone) SELECT id, timezone FROM clients WHERE id = $1 ON CONFLICT (client_id) DO NOTHING`,
    [clientId],
  );
  const rows: Array<{ timezone: string }> = await m.query(
    `SELECT timezone FROM stats_client_state WHERE client_id = $1 FOR SHARE`,
    [clientId],
  );
  if (!rows.length) throw new Error(`unknown client ${clientId}`);
  return rows[0].timezone;
}

/**
 * Applies a delta with one upsert per table. Rows are sorted by key so concurrent actions on one
 * client lock rollup rows in the same order (no deadlocks); all-zero changes are skipped.
 */
export async function applyDelta(m: EntityManager, clientId: string, delta: RollupDelta): Promise<void> {
  const daily = [...delta.daily.entries()]
    .filter(([, d]) => DAILY_COUNTERS.some((k) => d.counters[k] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
  if (daily.length) {
    const cols = DAILY_COUNTERS.map((k) => k);
    const params: unknown[] = [
      clientId,
      daily.map((d) => d.day),
      daily.map((d) => d.category_code),
      daily.map((d) => d.channel),
      daily.map((d) => d.subject),
      ...cols.map((k) => daily.map((d) => d.counters[k])),
    ];
    await m.query(
      `INSERT INTO stats_daily (client_id, day, category_code, channel, subject, ${cols.join(', ')})
       SELECT $1, * FROM unnest($2::date[], $3::varchar[], $4::varchar[], $5::varchar[], ${cols.map((_, i) => `$${i + 6}::int[]`).join(', ')})
       ON CONFLICT (client_id, day, category_code, channel, subject) DO UPDATE SET
       ${cols.map((k) => `${k} = stats_daily.${k} + EXCLUDED.${k}`).join(', ')}`,
      params,
    );
  }
  const hours = [...delta.hours.values()]
    .filter((h) => h.n !== 0)
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.metric - b.metric || a.bucket - b.bucket));
  if (hours.length) {
    await m.query(
      `INSERT INTO stats_daily_hours (client_id, day, metric, bucket, n)
       SELECT $1, * FROM unnest($2::date[], $3::smallint[], $4::smallint[], $5::int[])
       ON CONFLICT (client_id, day, metric, bucket) DO UPDATE SET n = stats_daily_hours.n + EXCLUDED.n`,
      [clientId, hours.map((h) => h.day), hours.map((h) => h.metric), hours.map((h) => h.bucket), hours.map((h) => h.n)],
    );
  }
  const roots = [...delta.rootCause.entries()]
    .filter(([, r]) => r.n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, r]) => r);
  if (roots.length) {
    await m.query(
      `INSERT INTO stats_daily_root_cause (client_id, day, root_cause_code, closed)
       SELECT $1, * FROM unnest($2::date[], $3::varchar[], $4::int[])
       ON CONFLICT (client_id, day, root_cause_code) DO UPDATE SET closed = stats_daily_root_cause.closed + EXCLUDED.closed`,
      [clientId, roots.map((r) => r.day), roots.map((r) => r.code), roots.map((r) => r.n)],
    );
  }
  const events = [...delta.events.values()]
    .filter((e) => e.closed !== 0 || e.escalated !== 0)
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  if (events.length) {
    await m.query(
      `INSERT INTO stats_event_daily (client_id, day, closed, escalated)
       SELECT $1, * FROM unnest($2::date[], $3::int[], $4::int[])
       ON CONFLICT (client_id, day) DO UPDATE SET closed = stats_event_daily.closed + EXCLUDED.closed,
         escalated = stats_event_daily.escalated + EXCLUDED.escalated`,
      [clientId, events.map((e) => e.day), events.map((e) => e.closed), events.map((e) => e.escalated)],
    );
  }
}

/** Hours between two timestamptz columns in SQL, bit-identical to `hoursBetween()` (ms as float8 / 3 600 000). */
export const SQL_HOURS = (from: string, to: string) =>
  `(((extract(epoch FROM ${to}) - extract(epoch FROM ${from})) * 1000)::float8 / 3600000)`;

/**
 * Recomputes every rollup of the given clients from the complaints and their timelines, set-based,
 * in the current transaction (the time zone is the client's current one). Used by the volume
 * seeder and when a client's time zone changed.
 */
export async function rebuildRollups(m: EntityManager, clientIds: string[]): Promise<void> {
  if (!clientIds.length) return;
  const ids = [...clientIds].sort();
  await m.query(
    `INSERT INTO stats_client_state (client_id, timezone) SELECT id, timezone FROM clients WHERE id = ANY($1::uuid[]) ORDER BY id
     ON CONFLICT (client_id) DO UPDATE SET timezone = EXCLUDED.timezone`,
    [ids],
  );
  await m.query(`SELECT 1 FROM stats_client_state WHERE client_id = ANY($1::uuid[]) ORDER BY client_id FOR UPDATE`, [ids]);
  for (const t of ['stats_daily', 'stats_daily_hours', 'stats_daily_root_cause', 'stats_event_daily']) {
    await m.query(`DELETE FROM ${t} WHERE client_id = ANY($1::uuid[])`, [ids]);
  }
  const from = `FROM complaints c JOIN stats_client_state s ON s.client_id = c.client_id WHERE c.client_id = ANY($1::uuid[])`;
  const day = `(c.received_at AT TIME ZONE s.timezone)::date`;
  await m.query(
    `INSERT INTO stats_daily (client_id, day, category_code, channel, subject, ${DAILY_COUNTERS.join(', ')})
     SELECT c.client_id, ${day}, coalesce(c.category_code, ''), c.channel, c.subject,
       count(*), count(c.closed_at),
       count(*) FILTER (WHERE c.closed_at IS NOT NULL AND c.outcome = 'upheld'),
       count(*) FILTER (WHERE c.closed_at IS NOT NULL AND c.outcome = 'partially_upheld'),
       count(*) FILTER (WHERE c.closed_at IS NOT NULL AND c.outcome = 'not_upheld'),
       count(*) FILTER (WHERE c.closed_at IS NOT NULL AND c.outcome = 'withdrawn'),
       count(c.acknowledged_at),
       count(*) FILTER (WHERE c.acknowledged_at <= c.acknowledge_by),
       count(*) FILTER (WHERE c.closed_at <= c.resolve_by),
       count(*) FILTER (WHERE c.escalation_level > 0),
       count(*) FILTER (WHERE c.reopen_count > 0),
       count(c.satisfaction_score), coalesce(sum(c.satisfaction_score), 0)
     ${from}
     GROUP BY 1, 2, 3, 4, 5`,
    [ids],
  );
  await m.query(
    `INSERT INTO stats_daily_hours (client_id, day, metric, bucket, n)
     SELECT client_id, day, metric, bucket, count(*) FROM (
       SELECT c.client_id, ${day} AS day, 1 AS metric, stats_hours_bucket(${SQL_HOURS('c.received_at', 'c.acknowledged_at')}) AS bucket
       ${from} AND c.acknowledged_at IS NOT NULL
       UNION ALL
       SELECT c.client_id, ${day}, 2, stats_hours_bucket(${SQL_HOURS('c.received_at', 'c.closed_at')})
       ${from} AND c.closed_at IS NOT NULL
     ) x GROUP BY 1, 2, 3, 4`,
    [ids],
  );
  await m.query(
    `INSERT INTO stats_daily_root_cause (client_id, day, root_cause_code, closed)
     SELECT c.client_id, ${day}, c.root_cause_code, count(*)
     ${from} AND c.closed_at IS NOT NULL AND c.root_cause_code IS NOT NULL
     GROUP BY 1, 2, 3`,
    [ids],
  );
  await m.query(
    `INSERT INTO stats_event_daily (client_id, day, closed, escalated)
     SELECT client_id, day, sum(closed), sum(escalated) FROM (
       SELECT c.client_id, (c.closed_at AT TIME ZONE s.timezone)::date AS day, 1 AS closed, 0 AS escalated
       ${from} AND c.closed_at IS NOT NULL
       UNION ALL
       SELECT e.client_id, (min(e.at) AT TIME ZONE s.timezone)::date, 0, 1
       FROM complaint_events e JOIN stats_client_state s ON s.client_id = e.client_id
       WHERE e.client_id = ANY($1::uuid[]) AND e.type = 'escalated'
       GROUP BY e.complaint_id, e.client_id, s.timezone
     ) x GROUP BY 1, 2`,
    [ids],
  );
}
