import type { Params } from '@angular/router';
import type { StatsInterval, StatsSummaryResponse, StatsTimeseriesResponse } from '@complaint-desk/contracts';

/**
 * The dashboard's view (client, days, interval) as kept in the URL, and the pure conversions
 * between it, the API query and the data each chart and its table show.
 *
 * Dates are calendar days `YYYY-MM-DD` in the client's time zone, both ends INCLUDED as the date
 * pickers show them. The API window is half-open `[from, to)` and reads a date as 00:00 of that
 * day in the client's zone, so the query sends `to` = the day after the last day shown.
 */
export const STATS_INTERVALS: readonly StatsInterval[] = ['day', 'week', 'month'];
/** Days in the default window: the last 30 days up to today. */
export const DEFAULT_DAYS = 30;
/** The API refuses longer windows (422). */
export const MAX_WINDOW_DAYS = 1098;

export interface StatsView {
  clientId: string;
  /** First day shown (inclusive); '' = default. */
  from: string;
  /** Last day shown (inclusive); '' = default. */
  to: string;
  interval: StatsInterval;
}

export interface StatsApiQuery {
  clientId?: string;
  from: string;
  /** Exclusive end: the day after the last day shown. */
  to: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** URL query params → view (unknown or malformed values ignored). */
export function viewFromParams(p: Params): StatsView {
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  const interval = str('interval') as StatsInterval;
  return {
    clientId: str('clientId'),
    from: isIsoDate(str('from')) ? str('from') : '',
    to: isIsoDate(str('to')) ? str('to') : '',
    interval: STATS_INTERVALS.includes(interval) ? interval : 'day',
  };
}

/** View → URL query params (defaults left out). */
export function viewToParams(v: StatsView): Params {
  return {
    clientId: v.clientId || null,
    from: v.from || null,
    to: v.to || null,
    interval: v.interval === 'day' ? null : v.interval,
  };
}

/** Today's calendar day in `timeZone` (the client's), as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  }
  const get = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The days shown: the view's own, or the last 30 days up to today in the client's zone. */
export function effectiveRange(v: StatsView, timeZone: string, now: Date): { from: string; to: string } {
  const to = v.to || todayIn(timeZone, now);
  const from = v.from || addDays(to, -(DEFAULT_DAYS - 1));
  return { from, to };
}

/** Why the days cannot be asked for, or null when they can. */
export function rangeProblem(from: string, to: string): 'order' | 'tooLong' | null {
  if (from > to) return 'order';
  if (daysBetween(from, to) > MAX_WINDOW_DAYS) return 'tooLong';
  return null;
}

/** The shown days → the API's half-open window. */
export function toApiQuery(clientId: string, from: string, to: string): StatsApiQuery {
  return { ...(clientId ? { clientId } : {}), from, to: addDays(to, 1) };
}

/** A local `Date` (what a date picker holds) → its calendar day. */
export function dateToIso(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A calendar day → a local `Date` at midnight (what a date picker holds). */
export function isoToDate(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(y, m - 1, d);
}

// --- Chart data: one shape for the chart and its table --------------------------------------

export interface ChartSeries {
  key: string;
  name: string;
  values: number[];
}
export interface ChartData {
  /** Row labels (categories, channels, buckets). */
  labels: string[];
  series: ChartSeries[];
}

export type Translate = (key: string) => string;

/** Received, closed and escalated per bucket; labels are the buckets' starts in the client's zone. */
export function timeseriesData(ts: StatsTimeseriesResponse, t: Translate, formatBucket: (startIso: string) => string): ChartData {
  return {
    labels: ts.points.map((p) => formatBucket(p.start)),
    series: (['received', 'closed', 'escalated'] as const).map((key) => ({
      key,
      name: t(`statistics.series.${key}`),
      values: ts.points.map((p) => p[key]),
    })),
  };
}

/** Received and upheld by category, most received first; uncategorised complaints last. */
export function categoryData(s: StatsSummaryResponse, t: Translate): ChartData {
  const rows = s.byCategory.map((c) => ({ label: c.name, received: c.received, upheld: c.upheld }));
  if (s.uncategorised > 0) rows.push({ label: t('statistics.uncategorised'), received: s.uncategorised, upheld: 0 });
  return {
    labels: rows.map((r) => r.label),
    series: [
      { key: 'received', name: t('statistics.series.received'), values: rows.map((r) => r.received) },
      { key: 'upheld', name: t('statistics.series.upheld'), values: rows.map((r) => r.upheld) },
    ],
  };
}

/** Received by channel of receipt, every channel the API lists (zeros included). */
export function channelData(s: StatsSummaryResponse, t: Translate): ChartData {
  const entries = Object.entries(s.byChannel);
  return {
    labels: entries.map(([ch]) => t(`channel.${ch}`)),
    series: [{ key: 'received', name: t('statistics.series.received'), values: entries.map(([, n]) => n) }],
  };
}

/** Closed complaints by outcome. */
export function outcomeData(s: StatsSummaryResponse, t: Translate): ChartData {
  const keys = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn'] as const;
  return {
    labels: keys.map((k) => t(`outcome.${k}`)),
    series: [{ key: 'closed', name: t('statistics.series.closed'), values: keys.map((k) => s.outcomes[k]) }],
  };
}

/** Closed complaints by the root cause recorded at closing; null when none was recorded. */
export function rootCauseData(s: StatsSummaryResponse, t: Translate): ChartData | null {
  const rows = s.byRootCause ?? [];
  if (rows.length === 0) return null;
  return {
    labels: rows.map((r) => r.name),
    series: [{ key: 'closed', name: t('statistics.series.closed'), values: rows.map((r) => r.closed) }],
  };
}

/**
 * A sentence summarising a chart for its aria-label: every row when there are few, otherwise the
 * totals of each series.
 */
export function chartSummary(title: string, data: ChartData, num: (n: number) => string, maxRows = 12): string {
  if (data.labels.length === 0) return title;
  if (data.labels.length <= maxRows) {
    const rows = data.labels.map(
      (label, i) =>
        `${label} ${data.series.map((s) => (data.series.length > 1 ? `${s.name} ${num(s.values[i])}` : num(s.values[i]))).join(', ')}`,
    );
    return `${title}: ${rows.join('; ')}.`;
  }
  const totals = data.series.map((s) => `${s.name} ${num(s.values.reduce((a, b) => a + b, 0))}`);
  return `${title}: ${data.labels[0]} – ${data.labels[data.labels.length - 1]}; ${totals.join(', ')}.`;
}
