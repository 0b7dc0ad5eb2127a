import { atRiskOf, DeadlineRow, overdueOf } from './complaint-deadlines.util';

const base: DeadlineRow = {
  id: '00000000-0000-4000-8000-000000000001',
  client_id: '00000000-0000-4000-8000-000000000002',
  reference: 'ACME-2026-000001',
  status: 'registered',
  received_at: new Date('2026-11-10T10:00:00Z'),
  acknowledged_at: null,
  closed_at: null,
  last_update_at: null,
  acknowledge_by: new Date('2026-11-11T16:00:00Z'),
  resolve_by: new Date('2026-11-20T16:00:00Z'),
  next_update_by: null,
  escalation_level: 0,
  at_risk_fraction: 0.8,
};

describe('sweep deadline rules (R4.4-e c)', () => {
  it('an unacknowledged complaint past both deadlines has two overdue deadlines', () => {
    const o = overdueOf(base, new Date('2026-11-25T00:00:00Z'));
    expect(o.map((x) => [x.step, x.reason])).toEqual([
      ['acknowledge', 'acknowledge_overdue'],
      ['resolve', 'resolve_overdue'],
    ]);
  });

  it('a step done late no longer escalates; the update deadline does once acknowledged', () => {
    const row: DeadlineRow = {
      ...base,
      status: 'acknowledged',
      acknowledged_at: new Date('2026-11-12T10:00:00Z'),
      next_update_by: new Date('2026-11-18T16:00:00Z'),
    };
    const o = overdueOf(row, new Date('2026-11-19T00:00:00Z'));
    expect(o.map((x) => x.reason)).toEqual(['update_overdue']);
  });

  it('closed complaints are never overdue', () => {
    expect(overdueOf({ ...base, status: 'closed', closed_at: new Date('2026-11-30T00:00:00Z') }, new Date('2026-12-30T00:00:00Z'))).toEqual([]);
  });

  it('exactly at the deadline is not yet overdue (breached means later than the deadline)', () => {
    expect(overdueOf(base, base.acknowledge_by).map((x) => x.step)).toEqual([]);
  });

  it('at risk once atRiskAt of the allowed time has passed, until the deadline', () => {
    // acknowledge: 30 h window from receipt → at risk from 10:00 + 24 h = 2026-11-11T10:00Z.
    expect(atRiskOf(base, new Date('2026-11-11T09:59:59Z'))).toEqual([]);
    expect(atRiskOf(base, new Date('2026-11-11T10:00:00Z')).map((r) => r.step)).toEqual(['acknowledge']);
    // after the deadline it is a breach (escalation), not an at-risk notice
    expect(atRiskOf(base, new Date('2026-11-11T16:00:01Z')).map((r) => r.step)).toEqual([]);
  });
});
