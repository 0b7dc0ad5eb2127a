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
