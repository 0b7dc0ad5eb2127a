export interface StatsSummary {
  clientId: string;
  from: string;
  to: string;
  received: number;
  open: number;
  closed: number;
  overdueOpen: number;
  acknowledgedOnTimeRate: number | null;
  resolvedOnTimeRate: number | null;
  medianHoursToAcknowledge: number | null;
  medianHoursToClose: number | null;
  p90HoursToClose: number | null;
  escalated: number;
  escalationRate: number | null;
  reopened: number;
  outcomes: { upheld: number; partially_upheld: number; not_upheld: number; withdrawn: number };
  byCategory: Array<{ code: string; name: string; received: number; upheld: number }>;
  byRootCause?: Array<{ code: string; name: string; closed: number }>;
  byChannel: Record<string, number>;
  bySubject: { ccc: number; client: number };
  satisfaction: { responses: number; average: number | null };
}
export interface StatsTimeseriesPoint {
  start: string;
  received: number;
  closed: number;
  escalated: number;
}
export interface StatsTimeseries {
  clientId?: string;
  interval?: 'day' | 'week' | 'month';
  points: StatsTimeseriesPoint[];
}

// --- Additions (issue 5) -------------------------------------------------------------------

/** Summary fields beyond the contract's minimum (the API always sends them). */
export interface StatsSummaryExtras {
  /** Complaints received in the window without a category (so `sum(byCategory.received) + uncategorised = received`). */
  uncategorised: number;
}
/** What `GET /api/stats/summary` returns. */
export type StatsSummaryResponse = StatsSummary & StatsSummaryExtras & { byRootCause: StatsRootCause[] };
export interface StatsRootCause {
  code: string;
  name: string;
  closed: number;
}
export type StatsInterval = 'day' | 'week' | 'month';
/** What `GET /api/stats/timeseries` returns: whole buckets of the client's time zone covering the window. */
export interface StatsTimeseriesResponse extends StatsTimeseries {
  clientId: string;
  interval: StatsInterval;
  /** Start of the first bucket (UTC). */
  from: string;
  /** End of the last bucket (UTC, exclusive). */
  to: string;
  /** The IANA zone the buckets are cut in (the client's). */
  timezone: string;
}
/** Query of the statistics endpoints. */
export interface StatsQuery {
  clientId?: string;
  from?: string;
  to?: string;
}
/** Columns of `GET /api/stats/export.csv`, in order (no personal data). */
export const STATS_EXPORT_COLUMNS = [
  'reference',
  'status',
  'channel',
  'subject',
  'priority',
  'category_code',
  'category_name',
  'received_at',
  'registered_at',
  'acknowledge_by',
  'acknowledged_at',
  'acknowledged_on_time',
  'hours_to_acknowledge',
  'resolve_by',
  'closed_at',
  'resolved_on_time',
  'hours_to_close',
  'outcome',
  'root_cause_code',
  'escalation_level',
  'reopen_count',
  'satisfaction_score',
  'overdue',
] as const;
export type StatsExportColumn = (typeof STATS_EXPORT_COLUMNS)[number];
