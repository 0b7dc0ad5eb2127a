import fc from 'fast-check';
import {
  addDuration,
  businessMillisBetween,
  isBusinessDay,
  isBusinessIntervalEnd,
  isWithinBusinessHours,
  validateCalendar,
  validatePolicy,
  type BusinessCalendar,
  type BusinessHours,
  type ComplaintPolicy,
  type PolicyDuration,
} from './calendar';

const weekdays = (intervals: Array<[string, string]>, weekend: Array<[string, string]> = []): BusinessHours => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: weekend,
  sun: weekend,
});

const STOCKHOLM: BusinessCalendar = {
  timezone: 'Europe/Stockholm',
  businessHours: weekdays([['08:00', '17:00']]),
  holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'],
};
const NEW_YORK_LUNCH: BusinessCalendar = {
  timezone: 'America/New_York',
  businessHours: weekdays([
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ]),
  holidays: ['2026-11-26'],
};
const STOCKHOLM_24_7: BusinessCalendar = {
  timezone: 'Europe/Stockholm',
  businessHours: weekdays([['00:00', '24:00']], [['00:00', '24:00']]),
  holidays: [],
};
/** Night intervals that cross the DST switch hours, to stress gap/overlap handling. */
const STOCKHOLM_NIGHTS: BusinessCalendar = {
  timezone: 'Europe/Stockholm',
  businessHours: {
    mon: [],
    tue: [['22:00', '24:00']],
    wed: [],
    thu: [['06:00', '07:30']],
    fri: [],
    sat: [['23:00', '24:00']],
    sun: [
      ['00:00', '01:00'],
      ['01:30', '04:00'],
    ],
  },
  holidays: ['2026-06-07'],
};

const d = (iso: string) => new Date(iso);
const bd = (amount: number): PolicyDuration => ({ amount, unit: 'business_days' });
const bh = (amount: number): PolicyDuration => ({ amount, unit: 'business_hours' });
const add = (start: string, dur: PolicyDuration, cal: BusinessCalendar) => addDuration(d(start), dur, cal).toISOString();

describe('addDuration business_days (contract "Duration units"; R4.4-b agreed conditions)', () => {
  it.each([
    ['Wednesday N=1 → Thursday close', '2026-11-18T10:00:00+01:00', 1, '2026-11-19T16:00:00.000Z'],
    ['Saturday N=1 → Monday close', '2026-11-21T10:00:00+01:00', 1, '2026-11-23T16:00:00.000Z'],
    ['Sunday N=1 → Monday close', '2026-11-22T23:59:00+01:00', 1, '2026-11-23T16:00:00.000Z'],
    ['after close on Wednesday still counts from the local date', '2026-11-18T20:00:00+01:00', 1, '2026-11-19T16:00:00.000Z'],
    ['local date, not UTC date: 00:30 local Thursday is Thursday', '2026-11-18T23:30:00Z', 1, '2026-11-20T16:00:00.000Z'],
    ['contract example acknowledge (Fri, N=1)', '2026-11-20T09:30:00+01:00', 1, '2026-11-23T16:00:00.000Z'],
    ['contract example resolve (Fri, N=10)', '2026-11-20T09:30:00+01:00', 10, '2026-12-04T16:00:00.000Z'],
    ['Christmas run: Wed 23 Dec N=1 → Mon 28 Dec', '2026-12-23T10:00:00+01:00', 1, '2026-12-28T16:00:00.000Z'],
    ['Christmas run: N=3 → Wed 30 Dec', '2026-12-23T10:00:00+01:00', 3, '2026-12-30T16:00:00.000Z'],
    ['Christmas + New Year: N=4 → Mon 4 Jan 2027', '2026-12-23T10:00:00+01:00', 4, '2027-01-04T16:00:00.000Z'],
    ['received on a holiday N=1', '2026-12-24T10:00:00+01:00', 1, '2026-12-28T16:00:00.000Z'],
    ['N=0 on a business day → that day close', '2026-11-18T10:00:00+01:00', 0, '2026-11-18T16:00:00.000Z'],
    ['N=0 on Saturday → Monday close', '2026-11-21T10:00:00+01:00', 0, '2026-11-23T16:00:00.000Z'],
    ['DST spring (Stockholm 2026-03-29): Fri → Mon close in CEST', '2026-03-27T10:00:00+01:00', 1, '2026-03-30T15:00:00.000Z'],
    ['DST autumn (Stockholm 2026-10-25): Fri → Mon close in CET', '2026-10-23T10:00:00+02:00', 1, '2026-10-26T16:00:00.000Z'],
  ])('Stockholm: %s', (_t, start, n, expected) => {
    expect(add(start, bd(n), STOCKHOLM)).toBe(expected);
  });

  it.each([
    ['DST spring (New York 2026-03-08): Fri → Mon 17:00 EDT', '2026-03-06T10:00:00-05:00', 1, '2026-03-09T21:00:00.000Z'],
    ['DST autumn (New York 2026-11-01): Fri → Mon 17:00 EST', '2026-10-30T10:00:00-04:00', 1, '2026-11-02T22:00:00.000Z'],
    ['Thanksgiving holiday skipped', '2026-11-25T10:00:00-05:00', 1, '2026-11-27T22:00:00.000Z'],
    ['close is the end of the LAST interval (after lunch)', '2026-03-02T10:00:00-05:00', 1, '2026-03-03T22:00:00.000Z'],
  ])('New York: %s', (_t, start, n, expected) => {
    expect(add(start, bd(n), NEW_YORK_LUNCH)).toBe(expected);
  });

  it('a 24:00 close is local midnight at the end of the business day', () => {
    expect(add('2026-03-28T12:00:00+01:00', bd(1), STOCKHOLM_24_7)).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('addDuration business_hours (contract "Duration units"; R4.4-e b response time)', () => {
  it.each([
    ['inside hours', NEW_YORK_LUNCH, '2026-03-02T10:00:00-05:00', 1, '2026-03-02T16:00:00.000Z'],
    ['before opening starts at opening', NEW_YORK_LUNCH, '2026-03-02T07:00:00-05:00', 1, '2026-03-02T15:00:00.000Z'],
    ['after close starts next opening', NEW_YORK_LUNCH, '2026-03-02T18:00:00-05:00', 1, '2026-03-03T15:00:00.000Z'],
    ['in the lunch break starts at 13:00', NEW_YORK_LUNCH, '2026-03-02T12:30:00-05:00', 1, '2026-03-02T19:00:00.000Z'],
    ['lunch is not counted', NEW_YORK_LUNCH, '2026-03-02T11:00:00-05:00', 4, '2026-03-02T21:00:00.000Z'],
    ['ending exactly at an interval end stays there', NEW_YORK_LUNCH, '2026-03-02T10:00:00-05:00', 2, '2026-03-02T17:00:00.000Z'],
    ['past an interval end jumps the break', NEW_YORK_LUNCH, '2026-03-02T10:00:00-05:00', 3, '2026-03-02T19:00:00.000Z'],
    ['Friday to Monday over DST (NY 2026-03-08)', NEW_YORK_LUNCH, '2026-03-06T09:00:00-05:00', 8, '2026-03-09T14:00:00.000Z'],
    ['Friday to Monday over DST (NY 2026-11-01)', NEW_YORK_LUNCH, '2026-10-30T16:00:00-04:00', 2, '2026-11-02T15:00:00.000Z'],
    ['Friday to Monday over DST (Stockholm 2026-03-29)', STOCKHOLM, '2026-03-27T16:00:00+01:00', 2, '2026-03-30T07:00:00.000Z'],
    ['Saturday receipt starts Monday opening', STOCKHOLM, '2026-11-21T10:00:00+01:00', 3, '2026-11-23T10:00:00.000Z'],
    ['Christmas and New Year holidays are skipped', STOCKHOLM, '2026-12-23T16:00:00+01:00', 2, '2026-12-28T08:00:00.000Z'],
    ['N=0 inside hours is the start', STOCKHOLM, '2026-11-18T10:00:00+01:00', 0, '2026-11-18T09:00:00.000Z'],
    ['N=0 outside hours is the next opening', STOCKHOLM, '2026-11-18T18:00:00+01:00', 0, '2026-11-19T07:00:00.000Z'],
    ['spring-forward Sunday has 23 working hours (24/7)', STOCKHOLM_24_7, '2026-03-29T00:00:00+01:00', 24, '2026-03-29T23:00:00.000Z'],
    ['fall-back Sunday has 25 working hours (24/7)', STOCKHOLM_24_7, '2026-10-25T00:00:00+02:00', 24, '2026-10-25T22:00:00.000Z'],
    [
      'night interval across the spring gap (01:30–04:00 is 1.5 h)',
      STOCKHOLM_NIGHTS,
      '2026-03-29T01:30:00+01:00',
      1.5,
      '2026-03-29T02:00:00.000Z',
    ],
  ])('%s', (_t, cal, start, n, expected) => {
    expect(add(start, bh(n), cal)).toBe(expected);
  });
});

describe('addDuration calendar_days and hours', () => {
  it('calendar_days keeps the local clock time across DST (Stockholm 2026-03-29)', () => {
    expect(add('2026-03-28T10:00:00+01:00', { amount: 1, unit: 'calendar_days' }, STOCKHOLM)).toBe('2026-03-29T08:00:00.000Z');
  });
  it('calendar_days keeps the local clock time across DST (Stockholm 2026-10-25)', () => {
    expect(add('2026-10-24T10:00:00+02:00', { amount: 1, unit: 'calendar_days' }, STOCKHOLM)).toBe('2026-10-25T09:00:00.000Z');
  });
  it('calendar_days across DST (New York 2026-11-01), 30 days', () => {
    expect(add('2026-10-15T09:00:00-04:00', { amount: 30, unit: 'calendar_days' }, NEW_YORK_LUNCH)).toBe('2026-11-14T14:00:00.000Z');
  });
  it('hours are exact elapsed time, ignoring DST (New York 2026-03-08)', () => {
    expect(add('2026-03-07T12:00:00-05:00', { amount: 24, unit: 'hours' }, NEW_YORK_LUNCH)).toBe('2026-03-08T17:00:00.000Z');
  });
});

describe('calendar guards', () => {
  const noDays: BusinessCalendar = { timezone: 'UTC', businessHours: weekdays([]), holidays: [] };
  it('throws a clear error instead of looping for a calendar without business days', () => {
    expect(() => addDuration(d('2026-01-01T00:00:00Z'), bd(1), noDays)).toThrow(/no business hours/);
    expect(() => addDuration(d('2026-01-01T00:00:00Z'), bh(1), noDays)).toThrow(/no business hours/);
  });
  it('rejects negative amounts', () => {
    expect(() => addDuration(d('2026-01-01T00:00:00Z'), bh(-1), STOCKHOLM)).toThrow();
  });
  it('isWithinBusinessHours: start inclusive, end exclusive, lunch excluded', () => {
    expect(isWithinBusinessHours(d('2026-03-02T09:00:00-05:00'), NEW_YORK_LUNCH)).toBe(true);
    expect(isWithinBusinessHours(d('2026-03-02T12:00:00-05:00'), NEW_YORK_LUNCH)).toBe(false);
    expect(isBusinessIntervalEnd(d('2026-03-02T12:00:00-05:00'), NEW_YORK_LUNCH)).toBe(true);
    expect(isWithinBusinessHours(d('2026-11-26T10:00:00-05:00'), NEW_YORK_LUNCH)).toBe(false);
  });
  it('isBusinessDay: holiday and weekend are not business days', () => {
    expect(isBusinessDay('2026-12-24', STOCKHOLM)).toBe(false);
    expect(isBusinessDay('2026-12-26', STOCKHOLM)).toBe(false);
    expect(isBusinessDay('2026-12-28', STOCKHOLM)).toBe(true);
  });
  it('businessMillisBetween counts only business time', () => {
    expect(businessMillisBetween(d('2026-03-02T08:00:00-05:00'), d('2026-03-03T10:00:00-05:00'), NEW_YORK_LUNCH)).toBe(8 * 3_600_000);
  });
});

describe('properties (fast-check)', () => {
  const calendars = [STOCKHOLM, NEW_YORK_LUNCH, STOCKHOLM_24_7, STOCKHOLM_NIGHTS];
  const cal = fc.constantFrom(...calendars);
  const start = fc
    .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) })
    .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
  const hours = fc.integer({ min: 0, max: 120 });

  it('a business_hours deadline is inside business hours or exactly at an interval end', () => {
    fc.assert(
      fc.property(cal, start, hours, (c, s, n) => {
        const r = addDuration(s, bh(n), c);
        return isWithinBusinessHours(r, c) || isBusinessIntervalEnd(r, c);
      }),
      { numRuns: 300 },
    );
  });

  it('adding N then M business hours equals adding N+M', () => {
    fc.assert(
      fc.property(cal, start, hours, hours, (c, s, n, m) => {
        const stepwise = addDuration(addDuration(s, bh(n), c), bh(m), c);
        return stepwise.getTime() === addDuration(s, bh(n + m), c).getTime();
      }),
      { numRuns: 300 },
    );
  });

  it('results are never earlier than the start, for every unit', () => {
    const unit = fc.constantFrom('business_days', 'business_hours', 'calendar_days', 'hours' as const);
    fc.assert(
      fc.property(cal, start, fc.integer({ min: 1, max: 60 }), unit, (c, s, n, u) => {
        return addDuration(s, { amount: n, unit: u }, c).getTime() >= s.getTime();
      }),
      { numRuns: 300 },
    );
  });

  it('N business hours contain exactly N hours of business time', () => {
    fc.assert(
      fc.property(cal, start, hours, (c, s, n) => {
        return businessMillisBetween(s, addDuration(s, bh(n), c), c) === n * 3_600_000;
      }),
      { numRuns: 200 },
    );
  });

  it('a business_days deadline is the close of a business day, after the receipt date', () => {
    fc.assert(
      fc.property(cal, start, fc.integer({ min: 1, max: 30 }), (c, s, n) => {
        const r = addDuration(s, bd(n), c);
        const justBefore = new Date(r.getTime() - 1);
        return isBusinessIntervalEnd(r, c) && isWithinBusinessHours(justBefore, c) && r.getTime() > s.getTime();
      }),
      { numRuns: 300 },
    );
  });

  it('business_days is strictly increasing in N >= 1 (N=0 and N=1 coincide on a non-business day)', () => {
    fc.assert(
      fc.property(cal, start, fc.integer({ min: 1, max: 30 }), (c, s, n) => {
        return addDuration(s, bd(n + 1), c).getTime() > addDuration(s, bd(n), c).getTime();
      }),
      { numRuns: 200 },
    );
  });
});

describe('validateCalendar (R4.4-b agreed conditions must be well-formed)', () => {
  it('accepts the contract example', () => {
    expect(validateCalendar(STOCKHOLM)).toEqual([]);
    expect(validateCalendar(STOCKHOLM_24_7)).toEqual([]);
  });
  it.each([
    ['unknown zone', { ...STOCKHOLM, timezone: 'Mars/Olympus' }, 'timezone'],
    ['bad time format', { ...STOCKHOLM, businessHours: { ...STOCKHOLM.businessHours, mon: [['8:00', '17:00']] } }, 'businessHours.mon[0]'],
    [
      '24:00 as a start',
      { ...STOCKHOLM, businessHours: { ...STOCKHOLM.businessHours, mon: [['24:00', '24:00']] } },
      'businessHours.mon[0]',
    ],
    ['start after end', { ...STOCKHOLM, businessHours: { ...STOCKHOLM.businessHours, tue: [['17:00', '08:00']] } }, 'businessHours.tue[0]'],
    [
      'overlapping intervals',
      {
        ...STOCKHOLM,
        businessHours: {
          ...STOCKHOLM.businessHours,
          wed: [
            ['08:00', '12:00'],
            ['11:00', '17:00'],
          ],
        },
      },
      'businessHours.wed[1]',
    ],
    [
      'unsorted intervals',
      {
        ...STOCKHOLM,
        businessHours: {
          ...STOCKHOLM.businessHours,
          wed: [
            ['13:00', '17:00'],
            ['08:00', '12:00'],
          ],
        },
      },
      'businessHours.wed[1]',
    ],
    ['no business day', { ...STOCKHOLM, businessHours: weekdays([]) }, 'businessHours'],
    ['invalid holiday date', { ...STOCKHOLM, holidays: ['2026-02-30'] }, 'holidays[0]'],
    ['duplicate holiday', { ...STOCKHOLM, holidays: ['2026-12-24', '2026-12-24'] }, 'holidays[1]'],
  ] as Array<[string, BusinessCalendar, string]>)('rejects %s', (_t, cal, field) => {
    expect(validateCalendar(cal).map((i) => i.field)).toContain(field);
  });
});

describe('validatePolicy (R4.4-b)', () => {
  const policy: ComplaintPolicy = {
    acknowledgeWithin: bd(1),
    resolveWithin: bd(10),
    updateEvery: bd(5),
    atRiskAt: 0.8,
    reopenWithinDays: 30,
    rootCauses: [{ code: 'PROCESS', name: 'Process' }],
  };
  it('accepts the contract example', () => expect(validatePolicy(policy)).toEqual([]));
  it.each([
    ['amount 0', { ...policy, resolveWithin: bd(0) }, 'policy.resolveWithin.amount'],
    ['fractional amount', { ...policy, acknowledgeWithin: bd(1.5) }, 'policy.acknowledgeWithin.amount'],
    ['too many days', { ...policy, resolveWithin: bd(3651) }, 'policy.resolveWithin.amount'],
    ['too many hours', { ...policy, resolveWithin: bh(10_001) }, 'policy.resolveWithin.amount'],
    ['updateEvery 0', { ...policy, updateEvery: bh(0) }, 'policy.updateEvery.amount'],
    ['unknown unit', { ...policy, updateEvery: { amount: 1, unit: 'weeks' } }, 'policy.updateEvery.unit'],
    ['atRiskAt 1', { ...policy, atRiskAt: 1 }, 'policy.atRiskAt'],
    ['atRiskAt 0', { ...policy, atRiskAt: 0 }, 'policy.atRiskAt'],
    ['reopen days negative', { ...policy, reopenWithinDays: -1 }, 'policy.reopenWithinDays'],
    [
      'duplicate root cause',
      {
        ...policy,
        rootCauses: [
          { code: 'A', name: 'a' },
          { code: 'A', name: 'b' },
        ],
      },
      'policy.rootCauses[1].code',
    ],
  ] as Array<[string, ComplaintPolicy, string]>)('rejects %s', (_t, p, field) => {
    expect(validatePolicy(p).map((i) => i.field)).toContain(field);
  });
});
