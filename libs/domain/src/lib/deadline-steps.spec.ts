import fc from 'fast-check';
import type { BusinessCalendar, ComplaintPolicy, PolicyDuration } from './calendar';
import {
  atRiskDeadlines,
  atRiskFraction,
  atRiskInstants,
  atRiskAtTime,
  DEADLINE_STEPS,
  deadlineMarks,
  DEFAULT_AT_RISK_FRACTION,
  nextPendingDeadline,
  overdueDeadlines,
  pendingDeadlines,
} from './deadline-steps';
import { register, transition, type ComplaintCommand, type ComplaintState } from './lifecycle';
import { complaintSla } from './sla';

const CAL: BusinessCalendar = {
  timezone: 'Europe/Stockholm',
  businessHours: {
    mon: [['08:00', '17:00']],
    tue: [['08:00', '17:00']],
    wed: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    thu: [['08:00', '17:00']],
    fri: [['08:00', '15:00']],
    sat: [],
    sun: [],
  },
  holidays: ['2026-12-24', '2026-12-25'],
};
const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 7, 0);
const t = (h: number) => new Date(T0 + h * H);

describe('the deadline step table (R4.4-e b, c; R4.2-c c)', () => {
  it('names each step once, in the order the steps are reported', () => {
    expect(DEADLINE_STEPS.map((r) => r.step)).toEqual(['acknowledge', 'update', 'resolve']);
  });

  it('windows: acknowledge and resolve from receipt; update from the last update, else the acknowledgement', () => {
    const s = {
      status: 'acknowledged' as const,
      receivedAt: t(0),
      acknowledgedAt: t(2),
      closedAt: null,
      lastUpdateAt: null as Date | null,
      deadlines: { acknowledgeBy: t(10), resolveBy: t(100), nextUpdateBy: t(12) as Date | null },
    };
    expect(atRiskInstants(s, 0.5)).toEqual({ acknowledge: null, update: t(7), resolve: t(50) });
    expect(atRiskInstants({ ...s, lastUpdateAt: t(6), deadlines: { ...s.deadlines, nextUpdateBy: t(16) } }, 0.5).update).toEqual(t(11));
    // registered: acknowledge and resolve pending, no update step yet
    const r = { ...s, status: 'registered' as const, acknowledgedAt: null, deadlines: { ...s.deadlines, nextUpdateBy: null } };
    expect(atRiskInstants(r, 0.8)).toEqual({ acknowledge: t(8), update: null, resolve: t(80) });
    expect(deadlineMarks(r, 0.8)).toEqual({ dueAt: t(10), atRiskAt: t(8), atRisk: { acknowledge: t(8), update: null, resolve: t(80) } });
    // closed: nothing pending, nothing stored
    const c = { ...s, status: 'closed' as const, closedAt: t(20), deadlines: { ...s.deadlines, nextUpdateBy: null } };
    expect(deadlineMarks(c, 0.8)).toEqual({ dueAt: null, atRiskAt: null, atRisk: { acknowledge: null, update: null, resolve: null } });
  });

  it('a deadline before its window start is at risk from the start (no negative window)', () => {
    expect(atRiskAtTime(t(10), t(5), 0.8)).toEqual(t(10));
  });
});

describe('the at-risk fraction: the complaint snapshot, then the client policy, then 0.8 — everywhere', () => {
  it.each([
    ['the snapshot when usable', [0.7, 0.6], 0.7],
    ['the client policy when the snapshot has none', [undefined, 0.6], 0.6],
    ['the client policy when the snapshot value is not a number', ['0.8x', 0.6], 0.6],
    ['the client policy when the snapshot value is out of (0, 1)', [1, 0.6], 0.6],
    ['0.8 when neither has one', [undefined, undefined], DEFAULT_AT_RISK_FRACTION],
    ['0.8 when neither is usable', [null, Number.NaN], DEFAULT_AT_RISK_FRACTION],
  ] as const)('%s', (_t, candidates, expected) => {
    expect(atRiskFraction(...candidates)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over states reached through real transitions
// ---------------------------------------------------------------------------------------------

const duration = fc.record({
  amount: fc.integer({ min: 1, max: 12 }),
  unit: fc.constantFrom<PolicyDuration['unit']>('business_days', 'business_hours', 'calendar_days', 'hours'),
});
const policyArb = fc.record({
  acknowledgeWithin: duration,
  resolveWithin: duration,
  updateEvery: duration,
  atRiskAt: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  reopenWithinDays: fc.integer({ min: 1, max: 60 }),
});
const commandArb: fc.Arbitrary<ComplaintCommand> = fc.constantFrom<ComplaintCommand>(
  { action: 'categorise', categoryCode: 'BILLING' },
  { action: 'acknowledge', via: 'email', responsibleFunction: 'Billing team' },
  { action: 'update', via: 'phone', message: 'Still on it' },
  { action: 'escalate', reason: 'customer_request' },
  { action: 'close', outcome: 'upheld', resolution: 'Refunded', via: 'email' },
  { action: 'reopen', reason: 'Not fixed' },
);

/** A state after registration and a few actions at increasing times, and a later `now`. */
const lifeArb = fc
  .record({
    policy: policyArb,
    receivedH: fc.integer({ min: 0, max: 400 }),
    steps: fc.array(fc.record({ afterH: fc.double({ min: 0, max: 200, noNaN: true }), command: commandArb }), { maxLength: 6 }),
    nowAfterH: fc.double({ min: 0, max: 800, noNaN: true }),
  })
  .map(({ policy, receivedH, steps, nowAfterH }) => {
    const p = policy as ComplaintPolicy;
    let at = t(receivedH).getTime();
    const reg = register({ receivedAt: new Date(at), categoryCode: null }, { now: new Date(at), calendar: CAL, policy: p });
    if (!reg.ok) throw new Error(reg.error.code);
    let state: ComplaintState = reg.state;
    for (const s of steps) {
      at += Math.round(s.afterH * H);
      const r = transition(state, s.command, { now: new Date(at), calendar: CAL, policy: p });
      if (r.ok) state = r.state;
    }
    return { state, fraction: p.atRiskAt, now: new Date(at + Math.round(nowAfterH * H)) };
  });

describe('properties (fast-check): one definition, every reader agrees', () => {
  it('R4.4-e b: the SLA from stored instants equals the SLA from the fraction; at risk ⇔ atRiskDeadlines; breached pending ⇔ overdue', () => {
    fc.assert(
      fc.property(lifeArb, ({ state, fraction, now }) => {
        const marks = deadlineMarks(state, fraction);
        const sla = complaintSla(state, now, marks.atRisk);
        expect(sla).toEqual(complaintSla(state, now, fraction));
        const pending = pendingDeadlines(state).map((p) => p.step);
        // an instant is stored exactly for the pending steps
        expect(
          Object.entries(marks.atRisk)
            .filter(([, v]) => v !== null)
            .map(([k]) => k),
        ).toEqual(pending);
        expect(atRiskDeadlines(state, marks.atRisk, now).map((r) => r.step)).toEqual(pending.filter((s) => sla[s] === 'at_risk'));
        expect(overdueDeadlines(state, now).map((o) => o.step)).toEqual(pending.filter((s) => sla[s] === 'breached'));
        // the inbox key and the sweep's index value are the earliest pending deadline and at-risk instant
        expect(marks.dueAt).toEqual(nextPendingDeadline(state));
        const instants = Object.values(marks.atRisk).filter((d): d is Date => d !== null);
        expect(marks.atRiskAt).toEqual(instants.length ? new Date(Math.min(...instants.map((d) => d.getTime()))) : null);
        for (const d of instants) expect(Number.isInteger(d.getTime())).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('sweep deadline rules (R4.4-e c)', () => {
  const base = {
    status: 'registered' as 'registered' | 'acknowledged' | 'closed',
    receivedAt: new Date('2026-11-10T10:00:00Z'),
    acknowledgedAt: null as Date | null,
    closedAt: null as Date | null,
    lastUpdateAt: null as Date | null,
    deadlines: {
      acknowledgeBy: new Date('2026-11-11T16:00:00Z'),
      resolveBy: new Date('2026-11-20T16:00:00Z'),
      nextUpdateBy: null as Date | null,
    },
  };
  const atRiskOf = (s: typeof base, now: Date) => atRiskDeadlines(s, atRiskInstants(s, 0.8), now);

  it('an unacknowledged complaint past both deadlines has two overdue deadlines', () => {
    const o = overdueDeadlines(base, new Date('2026-11-25T00:00:00Z'));
    expect(o.map((x) => [x.step, x.reason])).toEqual([
      ['acknowledge', 'acknowledge_overdue'],
      ['resolve', 'resolve_overdue'],
    ]);
  });

  it('a step done late no longer escalates; the update deadline does once acknowledged', () => {
    const s = {
      ...base,
      status: 'acknowledged' as const,
      acknowledgedAt: new Date('2026-11-12T10:00:00Z'),
      deadlines: { ...base.deadlines, nextUpdateBy: new Date('2026-11-18T16:00:00Z') },
    };
    expect(overdueDeadlines(s, new Date('2026-11-19T00:00:00Z')).map((x) => x.reason)).toEqual(['update_overdue']);
  });

  it('closed complaints are never overdue', () => {
    expect(
      overdueDeadlines({ ...base, status: 'closed', closedAt: new Date('2026-11-30T00:00:00Z') }, new Date('2026-12-30T00:00:00Z')),
    ).toEqual([]);
  });

  it('exactly at the deadline is not yet overdue (breached means later than the deadline)', () => {
    expect(overdueDeadlines(base, base.deadlines.acknowledgeBy).map((x) => x.step)).toEqual([]);
  });

  it('at risk once atRiskAt of the allowed time has passed, until the deadline', () => {
    // acknowledge: 30 h window from receipt → at risk from 10:00 + 24 h = 2026-11-11T10:00Z.
    expect(atRiskOf(base, new Date('2026-11-11T09:59:59Z'))).toEqual([]);
    expect(atRiskOf(base, new Date('2026-11-11T10:00:00Z')).map((r) => r.step)).toEqual(['acknowledge']);
    // after the deadline it is a breach (escalation), not an at-risk notice
    expect(atRiskOf(base, new Date('2026-11-11T16:00:01Z')).map((r) => r.step)).toEqual([]);
  });
});
