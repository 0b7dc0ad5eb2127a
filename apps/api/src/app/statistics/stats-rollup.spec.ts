import { deltaOf, DIM_CATEGORY, StatsComplaintRow } from './stats-rollup';
import { periodFilter } from './statistics.repository';
import { splitWindow } from './statistics.service';

const row = (o: Partial<StatsComplaintRow> = {}): StatsComplaintRow => ({
  client_id: 'c1',
  received_at: '2026-11-02T09:00:00Z',
  category_code: 'A',
  channel: 'phone',
  subject: 'client',
  status: 'acknowledged',
  acknowledge_by: '2026-11-03T16:00:00Z',
  resolve_by: '2026-11-16T16:00:00Z',
  acknowledged_at: '2026-11-02T10:00:00Z',
  closed_at: null,
  outcome: null,
  root_cause_code: null,
  escalation_level: 0,
  reopen_count: 0,
  satisfaction_score: null,
  ...o,
});

describe('rollup deltas (R4.4-f)', () => {
  const at = new Date('2026-11-05T10:00:00Z');

  it('a re-categorisation moves the complaint between categories and changes nothing else', () => {
    const d = deltaOf(row(), row({ category_code: 'B' }), at, 'Europe/Stockholm');
    const dims = [...d.dims.values()].filter((x) => x.dim === DIM_CATEGORY && x.grain === 'd');
    expect(dims.map((x) => [x.value, x.counts.received])).toEqual([
      ['A', -1],
      ['B', 1],
    ]);
    for (const r of d.rollup.values()) expect(Object.values(r.counters).every((v) => v === 0)).toBe(true);
    expect(d.events.size).toBe(0);
  });

  it('a reopen un-closes: closed, outcome, on-time and the closing day are taken back', () => {
    const closed = row({ status: 'closed', closed_at: '2026-11-06T10:00:00Z', outcome: 'upheld', root_cause_code: 'X' });
    const reopened = row({ reopen_count: 1 });
    const d = deltaOf(closed, reopened, at, 'Europe/Stockholm');
    const day = d.rollup.get('d|2026-11-02')!.counters;
    expect(day).toMatchObject({ closed: -1, upheld: -1, resolved_on_time: -1, reopened: 1, received: 0 });
    expect(d.rollup.get('m|2026-11-01')!.counters).toEqual(day);
    expect(d.events.get('2026-11-06')).toEqual({ day: '2026-11-06', closed: -1, escalated: 0 });
  });

  it('the first escalation counts on the local day of the event; the second does not', () => {
    const late = new Date('2026-11-05T23:30:00Z'); // 00:30 on 6 Nov in Stockholm
    expect(deltaOf(row(), row({ escalation_level: 1 }), late, 'Europe/Stockholm').events.get('2026-11-06')?.escalated).toBe(1);
    expect(deltaOf(row({ escalation_level: 1 }), row({ escalation_level: 2 }), late, 'Europe/Stockholm').events.size).toBe(0);
  });
});

describe('window split', () => {
  it('whole local days from the rollups, partial days at the ends from the complaints (DST day of 25 h)', () => {
    const s = splitWindow({ from: new Date('2026-10-24T10:00:00Z'), to: new Date('2026-10-27T12:00:00Z') }, 'Europe/Stockholm');
    expect(s.days).toEqual({ from: '2026-10-25', to: '2026-10-27' });
    expect(s.edges.map((e) => [e.from.toISOString(), e.to.toISOString()])).toEqual([
      ['2026-10-24T10:00:00.000Z', '2026-10-24T22:00:00.000Z'],
      ['2026-10-26T23:00:00.000Z', '2026-10-27T12:00:00.000Z'],
    ]);
    expect(splitWindow({ from: new Date('2026-10-25T01:00:00Z'), to: new Date('2026-10-25T03:00:00Z') }, 'Europe/Stockholm')).toEqual({
      days: null,
      edges: [{ from: new Date('2026-10-25T01:00:00Z'), to: new Date('2026-10-25T03:00:00Z') }],
    });
  });

  it('whole months from month rows, the rest from day rows', () => {
    const params = (from: string, to: string) => {
      const ps: unknown[] = ['c'];
      periodFilter({ from, to }, ps);
      return ps;
    };
    expect(params('2025-11-28', '2026-11-28')).toEqual(['c', '2025-11-28', '2025-12-01', '2026-11-01', '2026-11-28']);
    expect(params('2026-01-01', '2026-03-01')).toEqual(['c', '2026-01-01', '2026-01-01', '2026-03-01', '2026-03-01']);
    expect(params('2026-11-02', '2026-11-16')).toEqual(['c', '2026-11-02', '2026-11-16']);
    expect(params('2026-12-05', '2027-02-03')).toEqual(['c', '2026-12-05', '2027-01-01', '2027-02-01', '2027-02-03']);
  });
});
