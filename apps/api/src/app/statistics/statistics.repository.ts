import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CategoryDto, PolicyDto } from '@complaint-desk/contracts';
import { DAILY_COUNTERS, STATS_COLUMNS, type StatsComplaintRow } from './stats-rollup';
import { rebuildRollups } from './stats-rollup.repository';

export interface StatsClient {
  id: string;
  code: string;
  timezone: string;
  categories: CategoryDto[];
  policy: PolicyDto;
  /** The zone the client's rollups were built with (null: not built yet). */
  rollup_timezone?: string | null;
}

export interface StatsWindow {
  from: Date;
  to: Date;
}

/** What the summary reads in its one statement (rollup parts only when whole days / partial days exist). */
export interface SummaryFigures {
  overdue: number;
  /** Counter sums of the whole days. */
  r?: Record<string, number>;
  /** Dimension sums of the whole days. */
  d?: Array<{ dim: number; value: string; received: number; upheld: number; closed: number }>;
  /** Histograms of the whole days. */
  h?: Array<{ metric: number; counts: Record<string, number> }>;
  /** The complaints received in the partial days at either end. */
  e?: StatsComplaintRow[];
}

export interface TimeseriesRow {
  start: Date;
  received: number;
  closed: number;
  escalated: number;
}

/** A complaint as the CSV export reads it. */
export interface ExportRow {
  id: string;
  /** received_at with its microseconds, for the keyset (a JS Date keeps only milliseconds). */
  k: string;
  reference: string;
  status: string;
  channel: string;
  subject: string;
  priority: string;
  category_code: string | null;
  category_name: string | null;
  received_at: Date;
  registered_at: Date;
  acknowledge_by: Date;
  acknowledged_at: Date | null;
  resolve_by: Date;
  closed_at: Date | null;
  outcome: string | null;
  root_cause_code: string | null;
  escalation_level: number;
  reopen_count: number;
  satisfaction_score: number | null;
  due_at: Date | null;
}

/**
 * Only these columns are ever read for the export: no customer name, e-mail, phone, summary,
 * description, resolution text, satisfaction comment or assignee.
 */
const EXPORT_SELECT = `id, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS k, reference, status, channel, subject, priority, category_code, category_name, received_at, registered_at,
  acknowledge_by, acknowledged_at, resolve_by, closed_at, outcome, root_cause_code, escalation_level, reopen_count,
  satisfaction_score, due_at`;

/**
 * SQL condition for the rollup rows of whole local days [from, to) of the client `$1`: month rows
 * for the whole months inside, day rows for the days before the first and after the last whole
 * month (YYYY-MM-DD local dates). Appends its parameters to `params`.
 */
export function periodFilter(days: { from: string; to: string }, params: unknown[]): string {
  const firstMonth = days.from.endsWith('-01') ? days.from : nextMonth(days.from);
  const lastMonthEnd = `${days.to.slice(0, 8)}01`;
  const p = (v: string) => {
    params.push(v);
    return `$${params.length}::date`;
  };
  if (firstMonth >= lastMonthEnd) return `client_id = $1 AND grain = 'd' AND period >= ${p(days.from)} AND period < ${p(days.to)}`;
  const [d1, m1, m2, d2] = [p(days.from), p(firstMonth), p(lastMonthEnd), p(days.to)];
  return `client_id = $1 AND ((grain = 'm' AND period >= ${m1} AND period < ${m2})
    OR (grain = 'd' AND ((period >= ${d1} AND period < ${m1}) OR (period >= ${m2} AND period < ${d2}))))`;
}

function nextMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * The reads of the statistics (R4.4-f): the client with the zone of its rollups, the summary's one
 * statement over rollups and partial-day complaints, the time series, and the export's keyset
 * batches. The rollups' writes are in `stats-rollup.repository.ts`.
 */
@Injectable()
export class StatisticsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The client and the zone its rollups were built with; null when unknown. */
  async client(id: string): Promise<StatsClient | null> {
    const rows: StatsClient[] = await this.db.query(
      `SELECT c.id, c.code, c.timezone, c.categories, c.policy, s.timezone AS rollup_timezone
       FROM clients c LEFT JOIN stats_client_state s ON s.client_id = c.id WHERE c.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Recomputes the clients' rollups from the complaints, in one transaction. */
  async rebuild(clientIds: string[]): Promise<void> {
    await this.db.transaction((m) => rebuildRollups(m, clientIds));
  }

  /**
   * ONE statement — so one snapshot for every figure and one round trip: the rollups of the whole
   * days `days` (month and day rows), the complaints of the partial days `edges` at the ends, and
   * the open complaints of the window past their due time at `now`.
   */
  async summaryFigures(
    clientId: string,
    w: StatsWindow,
    now: Date,
    days: { from: string; to: string } | null,
    edges: StatsWindow[],
  ): Promise<SummaryFigures> {
    const params: unknown[] = [clientId, w.from, w.to, now];
    const parts = [
      `(SELECT count(*) FROM complaints WHERE client_id = $1 AND status <> 'closed' AND received_at >= $2 AND received_at < $3
         AND due_at < $4)::int AS overdue`,
    ];
    if (days) {
      const where = periodFilter(days, params);
      parts.push(
        `(SELECT json_build_object(${DAILY_COUNTERS.map((k) => `'${k}', coalesce(sum(${k}), 0)`).join(', ')}) FROM stats_rollup WHERE ${where}) AS r`,
        `(SELECT coalesce(json_agg(x), '[]') FROM (SELECT dim, value, sum(received) AS received, sum(upheld) AS upheld, sum(closed) AS closed
           FROM stats_rollup_dim WHERE ${where} GROUP BY dim, value) x) AS d`,
        `(SELECT coalesce(json_agg(y), '[]') FROM (SELECT metric, counts FROM stats_rollup_hist WHERE ${where}) y) AS h`,
      );
    }
    if (edges.length) {
      const ranges = edges.map((e) => {
        params.push(e.from, e.to);
        return `(received_at >= $${params.length - 1} AND received_at < $${params.length})`;
      });
      parts.push(
        `(SELECT coalesce(json_agg(z), '[]') FROM (SELECT ${STATS_COLUMNS} FROM complaints WHERE client_id = $1 AND (${ranges.join(' OR ')})) z) AS e`,
      );
    }
    const [res]: SummaryFigures[] = await this.db.query(`SELECT ${parts.join(',\n')}`, params);
    return res;
  }

  /**
   * Received, closed and escalated per bucket of `interval` over the local dates [fromDay, toDay):
   * buckets and their UTC starts come from PostgreSQL in one statement (a local date at 00:00 in
   * `zone`, DST-correct), zeros included.
   */
  timeseries(clientId: string, q: { fromDay: string; toDay: string; interval: string; zone: string }): Promise<TimeseriesRow[]> {
    return this.db.query(
      `WITH buckets AS (
         SELECT b::date AS b FROM generate_series($2::date, $3::date - 1, $4::interval) b
       ), r AS (
         SELECT date_trunc($5, period::timestamp)::date AS b, sum(received)::int AS received FROM stats_rollup
         WHERE client_id = $1 AND grain = 'd' AND period >= $2 AND period < $3 GROUP BY 1
       ), e AS (
         SELECT date_trunc($5, day::timestamp)::date AS b, sum(closed)::int AS closed, sum(escalated)::int AS escalated
         FROM stats_event_daily WHERE client_id = $1 AND day >= $2 AND day < $3 GROUP BY 1
       )
       SELECT buckets.b::timestamp AT TIME ZONE $6 AS start, coalesce(r.received, 0) AS received,
         coalesce(e.closed, 0) AS closed, coalesce(e.escalated, 0) AS escalated
       FROM buckets LEFT JOIN r USING (b) LEFT JOIN e USING (b) ORDER BY buckets.b`,
      [clientId, q.fromDay, q.toDay, `1 ${q.interval}`, q.interval, q.zone],
    );
  }

  /**
   * Up to `limit` complaints of the client received in the window, oldest first, after the keyset
   * `after` (the last row of the previous batch), over the (client_id, received_at, id) index.
   */
  exportBatch(clientId: string, w: StatsWindow, after: { at: string; id: string } | null, limit: number): Promise<ExportRow[]> {
    const params: unknown[] = [clientId, w.from, w.to, limit];
    let keyset = '';
    if (after) {
      params.push(after.at, after.id);
      keyset = 'AND (received_at, id) > ($5::timestamptz, $6::uuid)';
    }
    return this.db.query(
      `SELECT ${EXPORT_SELECT} FROM complaints
       WHERE client_id = $1 AND received_at >= $2 AND received_at < $3 ${keyset}
       ORDER BY received_at, id LIMIT $4`,
      params,
    );
  }
}
