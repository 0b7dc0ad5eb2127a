import type { StatsInterval, StatsSummaryResponse, StatsTimeseriesResponse } from '@complaint-desk/contracts';

/** A summary as the API sends it (figures made up, internally consistent). */
export function summaryFixture(over: Partial<StatsSummaryResponse> = {}): StatsSummaryResponse {
  return {
    clientId: 'c-acme',
    from: '2026-10-31T23:00:00.000Z',
    to: '2026-11-30T23:00:00.000Z',
    received: 1234,
    open: 40,
    closed: 1194,
    overdueOpen: 7,
    acknowledgedOnTimeRate: 0.875,
    resolvedOnTimeRate: 0.5,
    medianHoursToAcknowledge: 3.25,
    medianHoursToClose: 26.5,
    p90HoursToClose: 140.25,
    escalated: 12,
    escalationRate: 12 / 1234,
    reopened: 2,
    outcomes: { upheld: 500, partially_upheld: 300, not_upheld: 294, withdrawn: 100 },
    byCategory: [
      { code: 'BILLING', name: 'Billing', received: 800, upheld: 300 },
      { code: 'DELIVERY', name: 'Delivery', received: 400, upheld: 200 },
    ],
    byRootCause: [{ code: 'SYS', name: 'Billing system error', closed: 90 }],
    byChannel: { phone: 600, email: 500, webchat: 100, letter: 20, social: 10, in_person: 4 },
    bySubject: { ccc: 34, client: 1200 },
    satisfaction: { responses: 50, average: 3.84 },
    uncategorised: 34,
    ...over,
  };
}

/** Two daily buckets of a Stockholm client. */
export function timeseriesFixture(interval: StatsInterval = 'day'): StatsTimeseriesResponse {
  return {
    clientId: 'c-acme',
    interval,
    from: '2026-10-31T23:00:00Z',
    to: '2026-11-02T23:00:00Z',
    timezone: 'Europe/Stockholm',
    points: [
      { start: '2026-10-31T23:00:00Z', received: 3, closed: 1, escalated: 0 },
      { start: '2026-11-01T23:00:00Z', received: 5, closed: 2, escalated: 1 },
    ],
  };
}
