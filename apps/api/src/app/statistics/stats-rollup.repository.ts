import type { EntityManager } from 'typeorm';
import { DAILY_COUNTERS, RollupDelta } from './stats-rollup';

/** SQL of the statistics rollups: incremental upserts (listener) and set-based rebuilds (seeder, time-zone change). */

const byKey = <T>(m: Map<string, T>): T[] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/**
 * The time zone of the client's day buckets, under a share lock (a rebuild takes the row exclusively,
 * so deltas and rebuilds of one client never interleave). Without a state row (first action of a
 * client, or rollups cleared by a migration) the client's rollups are rebuilt from the complaints in
 * this transaction — which already holds the action's row and event — and `rebuilt` tells the caller
 * not to apply the action's delta on top.
 */
export async function rollupZone(m: EntityManager, clientId: string): Promise<{ zone: string; rebuilt: boolean }> {
  const rows: Array<{ timezone: string }> = await m.query(`SELECT timezone FROM stats_client_state WHERE client_id = $1 FOR SHARE`, [
    clientId,
  ]);
  if (rows.length) return { zone: rows[0].timezone, rebuilt: false };
  await rebuildRollups(m, [clientId]);
  const [again] = await m.query(`SELECT timezone FROM stats_client_state WHERE client_id = $1`, [clientId]);
  if (!again) throw new Error(`unknown client ${clientId}`);
  return { zone: again.timezone, rebuilt: true };
}

/**
 * Applies a delta with one upsert per table. Rows are sorted by key so concurrent actions on one
 * client lock rollup rows in the same order (no deadlocks); all-zero changes are skipped.
 */
export async function applyDelta(m: EntityManager, clientId: string, delta: RollupDelta): Promise<void> {
  const rollup = byKey(delta.rollup).filter((r) => DAILY_COUNTERS.some((k) => r.counters[k] !== 0));
  if (rollup.length) {
    const cols = [...DAILY_COUNTERS];
    await m.query(
      `INSERT INTO stats_rollup (client_id, grain, period, ${cols.join(', ')})
       SELECT $1, * FROM unnest($2::char(1)[], $3::date[], ${cols.map((_, i) => `$${i + 4}::int[]`).join(', ')})
       ON CONFLICT (client_id, grain, period) DO UPDATE SET
       ${cols.map((k) => `${k} = stats_rollup.${k} + EXCLUDED.${k}`).join(', ')}`,
      [clientId, rollup.map((r) => r.grain), rollup.map((r) => r.period), ...cols.map((k) => rollup.map((r) => r.counters[k]))],
    );
  }
  const dims = byKey(delta.dims).filter((d) => d.counts.received !== 0 || d.counts.upheld !== 0 || d.counts.closed !== 0);
  if (dims.length) {
    await m.query(
      `INSERT INTO stats_rollup_dim (client_id, grain, period, dim, value, received, upheld, closed)
       SELECT $1, * FROM unnest($2::char(1)[], $3::date[], $4::smallint[], $5::varchar[], $6::int[], $7::int[], $8::int[])
       ON CONFLICT (client_id, grain, period, dim, value) DO UPDATE SET received = stats_rollup_dim.received + EXCLUDED.received,
         upheld = stats_rollup_dim.upheld + EXCLUDED.upheld, closed = stats_rollup_dim.closed + EXCLUDED.closed`,
      [
        clientId,
        dims.map((d) => d.grain),
        dims.map((d) => d.period),
        dims.map((d) => d.dim),
        dims.map((d) => d.value),
        dims.map((d) => d.counts.received),
        dims.map((d) => d.counts.upheld),
        dims.map((d) => d.counts.closed),
      ],
    );
  }
  // Histograms: one jsonb object of non-zero bucket deltas per (grain, period, metric), merged key by key.
  const hist = new Map<string, { grain: string; period: string; metric: number; counts: Record<string, number> }>();
  for (const h of byKey(delta.hours)) {
    if (h.n === 0) continue;
    const k = `${h.grain}|${h.period}|${h.metric}`;
    const e = hist.get(k) ?? { grain: h.grain, period: h.period, metric: h.metric, counts: {} };
    e.counts[String(h.bucket)] = h.n;
    hist.set(k, e);
  }
  const hs = byKey(hist);
  if (hs.length) {
    await m.query(
      `INSERT INTO stats_rollup_hist (client_id, grain, period, metric, counts)
       SELECT $1, g, p, mt, c::jsonb FROM unnest($2::char(1)[], $3::date[], $4::smallint[], $5::text[]) AS x(g, p, mt, c)
       ON CONFLICT (client_id, grain, period, metric) DO UPDATE SET counts = stats_jsonb_add(stats_rollup_hist.counts, EXCLUDED.counts)`,
      [clientId, hs.map((h) => h.grain), hs.map((h) => h.period), hs.map((h) => h.metric), hs.map((h) => JSON.stringify(h.counts))],
    );
  }
  const events = byKey(delta.events).filter((e) => e.closed !== 0 || e.escalated !== 0);
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

/**
 * Hours between two timestamptz columns in SQL, bit-identical to `hoursBetween()`: both instants
 * truncated to milliseconds (as node-postgres hands them to JavaScript), difference as float8 / 3 600 000.
 */
export const SQL_HOURS = (from: string, to: string) =>
  `((floor(extract(epoch FROM ${to}) * 1000) - floor(extract(epoch FROM ${from}) * 1000))::float8 / 3600000)`;

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
  for (const t of ['stats_rollup', 'stats_rollup_dim', 'stats_rollup_hist', 'stats_event_daily']) {
    await m.query(`DELETE FROM ${t} WHERE client_id = ANY($1::uuid[])`, [ids]);
  }
  // One pass over the complaints into a temporary per-complaint table, then each rollup at both grains.
  await m.query(`DROP TABLE IF EXISTS pg_temp.stats_src`);
  await m.query(
    `CREATE TEMPORARY TABLE stats_src ON COMMIT DROP AS
     SELECT c.client_id, (c.received_at AT TIME ZONE s.timezone)::date AS day, c.category_code, c.channel, c.subject,
       c.closed_at IS NOT NULL AS closed, CASE WHEN c.closed_at IS NOT NULL THEN c.outcome END AS outcome,
       CASE WHEN c.closed_at IS NOT NULL THEN c.root_cause_code END AS root_cause_code,
       c.acknowledged_at IS NOT NULL AS acknowledged,
       coalesce(c.acknowledged_at <= c.acknowledge_by, false) AS acknowledged_on_time,
       coalesce(c.closed_at <= c.resolve_by, false) AS resolved_on_time,
       c.escalation_level > 0 AS escalated, c.reopen_count > 0 AS reopened, c.satisfaction_score,
       CASE WHEN c.acknowledged_at IS NOT NULL THEN stats_hours_bucket(${SQL_HOURS('c.received_at', 'c.acknowledged_at')}) END AS ack_bucket,
       CASE WHEN c.closed_at IS NOT NULL THEN stats_hours_bucket(${SQL_HOURS('c.received_at', 'c.closed_at')}) END AS close_bucket
     FROM complaints c JOIN stats_client_state s ON s.client_id = c.client_id
     WHERE c.client_id = ANY($1::uuid[])`,
    [ids],
  );
  for (const [grain, period] of [
    ['d', 'day'],
    ['m', `date_trunc('month', day)::date`],
  ]) {
    await m.query(
      `INSERT INTO stats_rollup (client_id, grain, period, ${DAILY_COUNTERS.join(', ')})
       SELECT client_id, '${grain}', ${period}, count(*), count(*) FILTER (WHERE closed),
         count(*) FILTER (WHERE outcome = 'upheld'), count(*) FILTER (WHERE outcome = 'partially_upheld'),
         count(*) FILTER (WHERE outcome = 'not_upheld'), count(*) FILTER (WHERE outcome = 'withdrawn'),
         count(*) FILTER (WHERE acknowledged), count(*) FILTER (WHERE acknowledged_on_time),
         count(*) FILTER (WHERE resolved_on_time), count(*) FILTER (WHERE escalated), count(*) FILTER (WHERE reopened),
         count(satisfaction_score), coalesce(sum(satisfaction_score), 0)
       FROM stats_src GROUP BY 1, 2, 3`,
    );
    await m.query(
      `INSERT INTO stats_rollup_dim (client_id, grain, period, dim, value, received, upheld, closed)
       SELECT client_id, '${grain}', ${period}, 1, category_code, count(*), count(*) FILTER (WHERE outcome = 'upheld'), 0
       FROM stats_src WHERE category_code IS NOT NULL GROUP BY 1, 2, 3, 4, 5
       UNION ALL
       SELECT client_id, '${grain}', ${period}, 2, channel, count(*), 0, 0 FROM stats_src GROUP BY 1, 2, 3, 4, 5
       UNION ALL
       SELECT client_id, '${grain}', ${period}, 3, subject, count(*), 0, 0 FROM stats_src GROUP BY 1, 2, 3, 4, 5
       UNION ALL
       SELECT client_id, '${grain}', ${period}, 4, root_cause_code, 0, 0, count(*)
       FROM stats_src WHERE root_cause_code IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
    );
    await m.query(
      `INSERT INTO stats_rollup_hist (client_id, grain, period, metric, counts)
       SELECT client_id, g, p, metric, jsonb_object_agg(bucket::text, n) FROM (
         SELECT client_id, '${grain}' AS g, ${period} AS p, 1 AS metric, ack_bucket AS bucket, count(*) AS n
         FROM stats_src WHERE ack_bucket IS NOT NULL GROUP BY 1, 2, 3, 4, 5
         UNION ALL
         SELECT client_id, '${grain}', ${period}, 2, close_bucket, count(*) FROM stats_src WHERE close_bucket IS NOT NULL GROUP BY 1, 2, 3, 4, 5
       ) x GROUP BY 1, 2, 3, 4`,
    );
  }
  await m.query(`DROP TABLE pg_temp.stats_src`);
  await m.query(
    `INSERT INTO stats_event_daily (client_id, day, closed, escalated)
     SELECT client_id, day, sum(closed), sum(escalated) FROM (
       SELECT c.client_id, (c.closed_at AT TIME ZONE s.timezone)::date AS day, 1 AS closed, 0 AS escalated
       FROM complaints c JOIN stats_client_state s ON s.client_id = c.client_id
       WHERE c.client_id = ANY($1::uuid[]) AND c.closed_at IS NOT NULL
       UNION ALL
       SELECT e.client_id, (min(e.at) AT TIME ZONE s.timezone)::date, 0, 1
       FROM complaint_events e JOIN stats_client_state s ON s.client_id = e.client_id
       WHERE e.client_id = ANY($1::uuid[]) AND e.type = 'escalated'
       GROUP BY e.complaint_id, e.client_id, s.timezone
     ) x GROUP BY 1, 2`,
    [ids],
  );
}
