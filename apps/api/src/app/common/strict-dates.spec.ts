import { parseIsoDate, parseIsoDateTime } from './strict-dates';

describe('strict dates: a value that does not exist on the calendar is refused, never rolled over (R4.2-a, R4.4-e)', () => {
  it.each([
    '2026-02-30T10:00:00Z',
    '2026-02-29T10:00:00Z',
    '2026-04-31T00:00:00+02:00',
    '2026-11-17T24:00:00Z',
    '2026-11-17T24:00+01:00',
    '2026-11-17T23:60:00Z',
    '2026-11-17T23:59:60Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-11-17T10:00:00+25:00',
    '2026-11-17T10:00:00+01:60',
    '2026-11-17T10:00:00',
    '2026-11-17',
    '17/11/2026',
    '',
    'yesterday',
    '9999-12-31T23:59:59Z',
    '1899-12-31T23:59:59Z',
    '0001-01-01T00:00:00Z',
  ])('parseIsoDateTime(%j) is null', (v) => {
    expect(parseIsoDateTime(v)).toBeNull();
  });

  it.each([
    ['2028-02-29T12:00:00Z', '2028-02-29T12:00:00.000Z'],
    ['2026-11-20T09:30:00+01:00', '2026-11-20T08:30:00.000Z'],
    ['2026-11-20T09:30+0100', '2026-11-20T08:30:00.000Z'],
    ['2026-11-20T09:30:00.123456789-05', '2026-11-20T14:30:00.123Z'],
    ['2026-11-20t00:00:00z', '2026-11-20T00:00:00.000Z'],
    ['2026-12-31T23:59:59+14:00', '2026-12-31T09:59:59.000Z'],
  ])('parseIsoDateTime(%j) is the instant %s', (v, iso) => {
    expect(parseIsoDateTime(v)?.toJSDate().toISOString()).toBe(iso);
  });

  it('parseIsoDate: only dates that exist; the start of that day in the given zone', () => {
    for (const v of [
      '2026-02-30',
      '2026-02-29',
      '2026-13-01',
      '2026-04-31',
      '2026-1-01',
      '2026-11-17T00:00:00Z',
      '9999-12-31',
      '0001-01-01',
    ]) {
      expect(parseIsoDate(v)).toBeNull();
    }
    expect(parseIsoDate('2028-02-29')?.toISO()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseIsoDate('2026-03-29', 'Europe/Stockholm')?.toJSDate().toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });
});
