import { bucketIndex } from '@complaint-desk/domain';
import { DateTime } from 'luxon';

/**
 * What one complaint row contributes to the statistics rollups. The listener adds the contribution
 * of the row after an action and subtracts that of the row before, so every rollup always equals a
 * recount over the current complaints (re-categorisation moves counts, reopen un-closes, …).
 * The same function computes the partial-day edges of a summary window from raw rows.
 * Every rollup is kept at two grains: local day (`d`) and local month (`m`).
 */

/** The complaints columns the statistics read (snake_case, as in the table). */
export interface StatsComplaintRow {
  client_id: string;
  received_at: Date | string;
  category_code: string | null;
  channel: string;
  subject: string;
  status: string;
  acknowledge_by: Date | string;
  resolve_by: Date | string;
  acknowledged_at: Date | string | null;
  closed_at: Date | string | null;
  outcome: string | null;
  root_cause_code: string | null;
  escalation_level: number | string;
  reopen_count: number | string;
  satisfaction_score: number | string | null;
}

export const STATS_COLUMNS =
  'client_id, received_at, category_code, channel, subject, status, acknowledge_by, resolve_by, acknowledged_at, closed_at, outcome, root_cause_code, escalation_level, reopen_count, satisfaction_score';

/** Counter columns of stats_daily, in a fixed order. */
export const DAILY_COUNTERS = [
  'received',
  'closed',
  'upheld',
  'partially_upheld',
  'not_upheld',
  'withdrawn',
  'acknowledged',
  'acknowledged_on_time',
  'resolved_on_time',
  'escalated',
  'reopened',
  'satisfaction_responses',
  'satisfaction_sum',
] as const;
export type DailyCounter = (typeof DAILY_COUNTERS)[number];
export type DailyCounters = Record<DailyCounter, number>;

export const METRIC_ACK = 1;
export const METRIC_CLOSE = 2;

export function emptyCounters(): DailyCounters {
  return Object.fromEntries(DAILY_COUNTERS.map((k) => [k, 0])) as DailyCounters;
}

export function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(v);
}
function toDateOrNull(v: Date | string | null | undefined): Date | null {
  return v === null || v === undefined ? null : toDate(v);
}

/** Local calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
export function localDay(at: Date, zone: string): string {
  const d = DateTime.fromJSDate(at, { zone }).toISODate();
  if (!d) throw new Error(`invalid time zone ${zone}`);
  return d;
}

/** Hours between two instants, computed exactly like the SQL rebuild (ms / 3 600 000). */
export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 3_600_000;
}

/** Dimensions of stats_rollup_dim. */
export const DIM_CATEGORY = 1;
export const DIM_CHANNEL = 2;
export const DIM_SUBJECT = 3;
export const DIM_ROOT_CAUSE = 4;

export interface DimCounts {
  received: number;
  upheld: number;
  closed: number;
}

export interface Contribution {
  /** Local day of receipt. */
  day: string;
  counters: DailyCounters;
  /** [dim, value, counts]: category (received, upheld), channel and subject (received), root cause (closed). */
  dims: Array<[number, string, DimCounts]>;
  /** [metric, bucket] pairs, one count each. */
  hours: Array<[number, number]>;
}

/**
 * The contribution of one complaint row (its current state) to the receipt-period rollups.
 * Definitions (docs/statistics.md): on time = done at or before the deadline held by the row;
 * escalated = escalation_level > 0; reopened = reopen_count > 0.
 */
export function contributionOf(row: StatsComplaintRow, zone: string): Contribution {
  const receivedAt = toDate(row.received_at);
  const ackAt = toDateOrNull(row.acknowledged_at);
  const closedAt = toDateOrNull(row.closed_at);
  const c = emptyCounters();
  c.received = 1;
  const hours: Array<[number, number]> = [];
  if (ackAt) {
    c.acknowledged = 1;
    if (ackAt.getTime() <= toDate(row.acknowledge_by).getTime()) c.acknowledged_on_time = 1;
    hours.push([METRIC_ACK, bucketIndex(hoursBetween(receivedAt, ackAt))]);
  }
  const dims: Contribution['dims'] = [];
  if (closedAt) {
    c.closed = 1;
    if (row.outcome === 'upheld' || row.outcome === 'partially_upheld' || row.outcome === 'not_upheld' || row.outcome === 'withdrawn') {
      c[row.outcome] = 1;
    }
    if (closedAt.getTime() <= toDate(row.resolve_by).getTime()) c.resolved_on_time = 1;
    hours.push([METRIC_CLOSE, bucketIndex(hoursBetween(receivedAt, closedAt))]);
    if (row.root_cause_code) dims.push([DIM_ROOT_CAUSE, row.root_cause_code, { received: 0, upheld: 0, closed: 1 }]);
  }
  if (Number(row.escalation_level) > 0) c.escalated = 1;
  if (Number(row.reopen_count) > 0) c.reopened = 1;
  if (row.satisfaction_score !== null && row.satisfaction_score !== undefined) {
    c.satisfaction_responses = 1;
    c.satisfaction_sum = Number(row.satisfaction_score);
  }
  if (row.category_code) dims.push([DIM_CATEGORY, row.category_code, { received: 1, upheld: c.upheld, closed: 0 }]);
  dims.push([DIM_CHANNEL, row.channel, { received: 1, upheld: 0, closed: 0 }]);
  dims.push([DIM_SUBJECT, row.subject, { received: 1, upheld: 0, closed: 0 }]);
  return { day: localDay(receivedAt, zone), counters: c, dims, hours };
}

export type Grain = 'd' | 'm';
/** The period of a local day at a grain: the day itself, or the first day of its month. */
export function periodOf(day: string, grain: Grain): string {
  return grain === 'd' ? day : `${day.slice(0, 8)}01`;
}

/** Net changes to apply to the rollup tables for one action. */
export interface RollupDelta {
  rollup: Map<string, { grain: Grain; period: string; counters: DailyCounters }>;
  dims: Map<string, { grain: Grain; period: string; dim: number; value: string; counts: DimCounts }>;
  hours: Map<string, { grain: Grain; period: string; metric: number; bucket: number; n: number }>;
  events: Map<string, { day: string; closed: number; escalated: number }>;
}

export function emptyDelta(): RollupDelta {
  return { rollup: new Map(), dims: new Map(), hours: new Map(), events: new Map() };
}

/** Adds `sign` × the contribution of a row to a delta, at both grains. */
export function addContribution(delta: RollupDelta, k: Contribution, sign: 1 | -1): void {
  for (const grain of ['d', 'm'] as const) {
    const period = periodOf(k.day, grain);
    const rk = `${grain}|${period}`;
    let r = delta.rollup.get(rk);
    if (!r) {
      r = { grain, period, counters: emptyCounters() };
      delta.rollup.set(rk, r);
    }
    for (const name of DAILY_COUNTERS) r.counters[name] += sign * k.counters[name];
    for (const [dim, value, counts] of k.dims) {
      const dk = `${grain}|${period}|${dim}|${value}`;
      const d = delta.dims.get(dk) ?? { grain, period, dim, value, counts: { received: 0, upheld: 0, closed: 0 } };
      d.counts.received += sign * counts.received;
      d.counts.upheld += sign * counts.upheld;
      d.counts.closed += sign * counts.closed;
      delta.dims.set(dk, d);
    }
    for (const [metric, bucket] of k.hours) {
      const hk = `${grain}|${period}|${metric}|${bucket}`;
      const h = delta.hours.get(hk) ?? { grain, period, metric, bucket, n: 0 };
      h.n += sign;
      delta.hours.set(hk, h);
    }
  }
}

function addEvent(delta: RollupDelta, day: string, field: 'closed' | 'escalated', n: number): void {
  const e = delta.events.get(day) ?? { day, closed: 0, escalated: 0 };
  e[field] += n;
  delta.events.set(day, e);
}

/**
 * The full delta of one action: receipt-day rollups (after − before) and event-day counters:
 * a closing (closed_at set or moved) counts on the local day of closed_at, a reopen removes it;
 * a first escalation (level 0 → > 0) counts on the local day of the event.
 */
export function deltaOf(before: StatsComplaintRow | null, after: StatsComplaintRow, eventAt: Date, zone: string): RollupDelta {
  const delta = emptyDelta();
  if (before) addContribution(delta, contributionOf(before, zone), -1);
  addContribution(delta, contributionOf(after, zone), 1);
  const closedBefore = before ? toDateOrNull(before.closed_at) : null;
  const closedAfter = toDateOrNull(after.closed_at);
  if ((closedBefore?.getTime() ?? null) !== (closedAfter?.getTime() ?? null)) {
    if (closedBefore) addEvent(delta, localDay(closedBefore, zone), 'closed', -1);
    if (closedAfter) addEvent(delta, localDay(closedAfter, zone), 'closed', 1);
  }
  const levelBefore = before ? Number(before.escalation_level) : 0;
  if (levelBefore === 0 && Number(after.escalation_level) > 0) addEvent(delta, localDay(eventAt, zone), 'escalated', 1);
  return delta;
}
