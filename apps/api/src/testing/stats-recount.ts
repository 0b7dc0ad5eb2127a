import type { EntityManager, DataSource } from 'typeorm';
import { histogramOf, percentile, percentileFromHistogram, rate } from '@complaint-desk/domain';
import { SQL_HOURS } from '../app/statistics/stats-rollup.repository';

/**
 * The brute-force recount of a summary straight from the complaints table (no rollups): the
 * reference the rollups are tested against (rollup-equals-recount property) and the baseline of
 * the benchmark. Medians are given twice: exact (`percentile_cont`) and through the same histogram
 * the rollups use (so the latter must be equal, the former within HISTOGRAM_RELATIVE_PRECISION).
 */
export interface Recount {
  received: number;
  open: number;
  closed: number;
  overdueOpen: number;
  acknowledgedOnTimeRate: number | null;
  resolvedOnTimeRate: number | null;
  medianHoursToAcknowledge: number | null;
  medianHoursToClose: number | null;
  p90HoursToClose: number | null;
  exact: { medianHoursToAcknowledge: number | null; medianHoursToClose: number | null; p90HoursToClose: number | null };
  escalated: number;
  escalationRate: number | null;
  reopened: number;
  outcomes: { upheld: number; partially_upheld: number; not_upheld: number; withdrawn: number };
  byCategory: Record<string, { received: number; upheld: number }>;
  byChannel: Record<string, number>;
  bySubject: { ccc: number; client: number };
  byRootCause: Record<string, number>;
  satisfaction: { responses: number; average: number | null };
}

type Db = DataSource | EntityManager;

/** One SQL pass with exact percentiles: what a summary would cost without rollups (benchmark baseline). */
export async function recountSql(db: Db, clientId: string, from: Date, to: Date, now: Date): Promise<unknown[]> {
  return db.query(
    `SELECT GROUPING(category_code, channel, subject, root_cause_code) AS g, category_code, channel, subject, root_cause_code,
       count(*)::int AS received, count(closed_at)::int AS closed,
       count(*) FILTER (WHERE status <> 'closed' AND due_at < $4)::int AS overdue_open,
       count(acknowledged_at)::int AS acknowledged,
       count(*) FILTER (WHERE acknowledged_at <= acknowledge_by)::int AS acknowledged_on_time,
       count(*) FILTER (WHERE closed_at <= resolve_by)::int AS resolved_on_time,
       count(*) FILTER (WHERE escalation_level > 0)::int AS escalated,
       count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
       count(*) FILTER (WHERE closed_at IS NOT NULL AND outcome = 'upheld')::int AS upheld,
       count(*) FILTER (WHERE closed_at IS NOT NULL AND outcome = 'partially_upheld')::int AS partially_upheld,
       count(*) FILTER (WHERE closed_at IS NOT NULL AND outcome = 'not_upheld')::int AS not_upheld,
       count(*) FILTER (WHERE closed_at IS NOT NULL AND outcome = 'withdrawn')::int AS withdrawn,
       count(satisfaction_score)::int AS satisfaction_responses, coalesce(sum(satisfaction_score), 0)::int AS satisfaction_sum,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ${SQL_HOURS('received_at', 'acknowledged_at')}) AS median_ack,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ${SQL_HOURS('received_at', 'closed_at')}) AS median_close,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ${SQL_HOURS('received_at', 'closed_at')}) AS p90_close
     FROM complaints
     WHERE client_id = $1 AND received_at >= $2 AND received_at < $3
     GROUP BY GROUPING SETS ((), (category_code), (channel), (subject), (root_cause_code))`,
    [clientId, from, to, now],
  );
}

export async function recountSummary(db: Db, clientId: string, from: Date, to: Date, now: Date): Promise<Recount> {
  const rows: Array<Record<string, string | number | boolean | null>> = await db.query(
    `SELECT category_code, channel, subject, status, outcome, root_cause_code, escalation_level, reopen_count,
       satisfaction_score, (status <> 'closed' AND due_at < $4) AS overdue,
       acknowledged_at IS NOT NULL AS acknowledged, acknowledged_at <= acknowledge_by AS ack_on_time,
       closed_at IS NOT NULL AS is_closed, closed_at <= resolve_by AS resolved_on_time,
       ${SQL_HOURS('received_at', 'acknowledged_at')} AS hours_ack, ${SQL_HOURS('received_at', 'closed_at')} AS hours_close
     FROM complaints WHERE client_id = $1 AND received_at >= $2 AND received_at < $3`,
    [clientId, from, to, now],
  );
  const r: Recount = {
    received: rows.length,
    open: 0,
    closed: 0,
    overdueOpen: 0,
    acknowledgedOnTimeRate: null,
    resolvedOnTimeRate: null,
    medianHoursToAcknowledge: null,
    medianHoursToClose: null,
    p90HoursToClose: null,
    exact: { medianHoursToAcknowledge: null, medianHoursToClose: null, p90HoursToClose: null },
    escalated: 0,
    escalationRate: null,
    reopened: 0,
    outcomes: { upheld: 0, partially_upheld: 0, not_upheld: 0, withdrawn: 0 },
    byCategory: {},
    byChannel: { phone: 0, email: 0, webchat: 0, letter: 0, social: 0, in_person: 0 },
    bySubject: { ccc: 0, client: 0 },
    byRootCause: {},
    satisfaction: { responses: 0, average: null },
  };
  let acknowledged = 0;
  let ackOnTime = 0;
  let resolvedOnTime = 0;
  let satSum = 0;
  const ackHours: number[] = [];
  const closeHours: number[] = [];
  for (const x of rows) {
    const closed = x['is_closed'] === true || x['is_closed'] === 't';
    if (closed) r.closed++;
    else r.open++;
    if (x['overdue'] === true) r.overdueOpen++;
    if (x['acknowledged'] === true) {
      acknowledged++;
      ackHours.push(Number(x['hours_ack']));
    }
    if (x['ack_on_time'] === true) ackOnTime++;
    if (closed) {
      closeHours.push(Number(x['hours_close']));
      const o = x['outcome'] as keyof Recount['outcomes'];
      if (o in r.outcomes) r.outcomes[o]++;
      if (x['resolved_on_time'] === true) resolvedOnTime++;
      if (x['root_cause_code'] !== null) {
        const code = String(x['root_cause_code']);
        r.byRootCause[code] = (r.byRootCause[code] ?? 0) + 1;
      }
    }
    if (Number(x['escalation_level']) > 0) r.escalated++;
    if (Number(x['reopen_count']) > 0) r.reopened++;
    if (x['satisfaction_score'] !== null) {
      r.satisfaction.responses++;
      satSum += Number(x['satisfaction_score']);
    }
    if (x['category_code'] !== null) {
      const c = (r.byCategory[String(x['category_code'])] ??= { received: 0, upheld: 0 });
      c.received++;
      if (closed && x['outcome'] === 'upheld') c.upheld++;
    }
    r.byChannel[String(x['channel'])] = (r.byChannel[String(x['channel'])] ?? 0) + 1;
    r.bySubject[x['subject'] as 'ccc' | 'client']++;
  }
  r.acknowledgedOnTimeRate = rate(ackOnTime, acknowledged);
  r.resolvedOnTimeRate = rate(resolvedOnTime, r.closed);
  r.escalationRate = rate(r.escalated, r.received);
  r.satisfaction.average = r.satisfaction.responses ? satSum / r.satisfaction.responses : null;
  r.medianHoursToAcknowledge = percentileFromHistogram(histogramOf(ackHours), 0.5);
  r.medianHoursToClose = percentileFromHistogram(histogramOf(closeHours), 0.5);
  r.p90HoursToClose = percentileFromHistogram(histogramOf(closeHours), 0.9);
  r.exact = {
    medianHoursToAcknowledge: percentile(ackHours, 0.5),
    medianHoursToClose: percentile(closeHours, 0.5),
    p90HoursToClose: percentile(closeHours, 0.9),
  };
  return r;
}
