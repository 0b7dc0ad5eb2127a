/**
 * The deadline calendar: what a policy duration ("10 business days", "4 business hours", …) means
 * for a given client, computed in the client's IANA timezone with luxon (DST-correct).
 *
 * Exact meaning, per the HTTP contract ("Duration units"):
 * - `business_days: N` — the close of the last interval on the N-th business day after the local
 *   date of receipt. A business day has at least one interval and is not a holiday.
 *   N = 0 means the close of the receipt day if it is a business day, else the close of the next
 *   business day (even if receipt was after that day's close — the deadline is then already past).
 * - `business_hours: N` — N working hours counted from receipt; time outside the intervals and on
 *   holidays does not count; a receipt outside hours starts the count at the next opening. The
 *   result is inside an interval or exactly at an interval end. N = 0 returns the start itself when
 *   it is inside an interval (or exactly at an interval end), else the next opening.
 *   Working hours are real elapsed time: an interval that spans a DST change is one hour shorter or
 *   longer that day.
 * - `calendar_days: N` — the same local clock time N days later (luxon `plus({ days })`; a local
 *   time that does not exist on the target day is moved forward by the DST gap).
 * - `hours: N` — exactly N × 3600 s later.
 */
import { DateTime, IANAZone } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" 24h local clock times; "24:00" is allowed as an interval end (midnight at day end). */
export type BusinessInterval = [string, string];
export type BusinessHours = { [D in Weekday]: BusinessInterval[] };

export interface BusinessCalendar {
  /** IANA zone, e.g. `Europe/Stockholm`. */
  timezone: string;
  businessHours: BusinessHours;
  /** Local dates, `YYYY-MM-DD`. */
  holidays: string[];
}

export const DURATION_UNITS = ['business_days', 'business_hours', 'calendar_days', 'hours'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface PolicyDuration {
  amount: number;
  unit: DurationUnit;
}

export interface RootCause {
  code: string;
  name: string;
}

/** The complaint process agreed between the CCC and the client (R4.4-b). */
export interface ComplaintPolicy {
  acknowledgeWithin: PolicyDuration;
  resolveWithin: PolicyDuration;
  updateEvery: PolicyDuration;
  /** Fraction of the allowed time after which a step is `at_risk`, in (0, 1). */
  atRiskAt: number;
  /** Calendar days after closing during which a complaint may be reopened (0 = never). */
  reopenWithinDays: number;
  rootCauses?: RootCause[];
}

export interface ValidationIssue {
  field: string;
  message: string;
}

const HOUR_MS = 3_600_000;
/** A calendar that yields no business time within this many consecutive days is unusable. */
const MAX_DAYS_WITHOUT_BUSINESS = 800;

// ---------------------------------------------------------------------------------------------
// Parsing (cached per calendar object; calendars are treated as immutable values)
// ---------------------------------------------------------------------------------------------

const TIME_RE = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes after local midnight for "HH:MM", or null when malformed. "24:00" → 1440. */
export function parseClockTime(value: string): number | null {
  const m = TIME_RE.exec(value);
  if (!m) return null;
  if (m[3] !== undefined) return 24 * 60;
  return Number(m[1]) * 60 + Number(m[2]);
}

interface ParsedCalendar {
  zone: string;
  /** Index 0 = Monday … 6 = Sunday; intervals as [startMinute, endMinute]. */
  week: Array<Array<[number, number]>>;
  holidays: Set<string>;
  /** Memo of intervalsOn() by local date (day number, bounded). */
  days: Map<number, Array<[number, number]>>;
}

const parsedCache = new WeakMap<BusinessCalendar, ParsedCalendar>();

function parse(cal: BusinessCalendar): ParsedCalendar {
  const cached = parsedCache.get(cal);
  if (cached) return cached;
  if (!IANAZone.isValidZone(cal.timezone)) {
    throw new Error(`Invalid IANA timezone: ${cal.timezone}`);
  }
  const week = WEEKDAYS.map((day) =>
    (cal.businessHours[day] ?? []).map(([s, e], i): [number, number] => {
      const start = parseClockTime(s);
      const end = parseClockTime(e);
      if (start === null || end === null || start >= end || start === 1440) {
        throw new Error(`Invalid business interval businessHours.${day}[${i}]: ${s}-${e}`);
      }
      return [start, end];
    }),
  );
  const parsed: ParsedCalendar = { zone: cal.timezone, week, holidays: new Set(cal.holidays), days: new Map() };
  parsedCache.set(cal, parsed);
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// Local dates. A "local date" is a day number: days since 1970-01-01 of the proleptic Gregorian
// calendar, so that date arithmetic is integer arithmetic and never meets a DST gap. Only turning an
// instant into its local date, and a local date and clock time into an instant, involve the zone.
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** The civil date of a day number (as a UTC Date, read with getUTC*). */
const civil = (day: number): Date => new Date(day * DAY_MS);

function localDateOf(instant: Date, zone: string): number {
  const local = DateTime.fromJSDate(instant, { zone });
  return Math.round(Date.UTC(local.year, local.month - 1, local.day) / DAY_MS);
}

function instantAt(date: number, minute: number, zone: string): number {
  const d = civil(minute === 1440 ? date + 1 : date);
  const m = minute === 1440 ? 0 : minute;
  return DateTime.fromObject(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  ).toMillis();
}

/** The business intervals of one local date as [startMs, endMs] instants; [] when not a business day. */
function intervalsOn(date: number, p: ParsedCalendar): Array<[number, number]> {
  const memo = p.days.get(date);
  if (memo) return memo;
  const result = computeIntervalsOn(date, p);
  if (p.days.size >= 10_000) p.days.clear();
  p.days.set(date, result);
  return result;
}

function computeIntervalsOn(date: number, p: ParsedCalendar): Array<[number, number]> {
  if (p.holidays.has(civil(date).toISOString().slice(0, 10))) return [];
  const result: Array<[number, number]> = [];
  // 1970-01-01 was a Thursday (index 3, Monday = 0)
  for (const [s, e] of p.week[(((date + 3) % 7) + 7) % 7]) {
    const start = instantAt(date, s, p.zone);
    const end = instantAt(date, e, p.zone);
    if (end > start) result.push([start, end]); // an interval inside a DST gap has no length
  }
  return result;
}

/** Iterates local dates from `first`, throwing when the calendar has no business time at all. */
function* businessDays(first: number, p: ParsedCalendar): Generator<[number, Array<[number, number]>]> {
  let date = first;
  let idle = 0;
  for (;;) {
    const intervals = intervalsOn(date, p);
    if (intervals.length > 0) {
      idle = 0;
      yield [date, intervals];
    } else if (++idle > MAX_DAYS_WITHOUT_BUSINESS) {
      throw new Error(`Calendar ${p.zone} has no business hours in ${MAX_DAYS_WITHOUT_BUSINESS} consecutive days`);
    }
    date += 1;
  }
}

/** True when the local date is a business day: it has at least one interval and is not a holiday. */
export function isBusinessDay(isoDate: string, cal: BusinessCalendar): boolean {
  const date = DateTime.fromISO(isoDate, { zone: 'utc' });
  return date.isValid && intervalsOn(Math.round(date.toMillis() / DAY_MS), parse(cal)).length > 0;
}

// ---------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------

export function addDuration(start: Date, d: PolicyDuration, cal: BusinessCalendar): Date {
  if (!Number.isFinite(d.amount) || d.amount < 0) {
    throw new Error(`Duration amount must be a finite number >= 0, got ${d.amount}`);
  }
  switch (d.unit) {
    case 'hours':
      return new Date(start.getTime() + d.amount * HOUR_MS);
    case 'calendar_days':
      return DateTime.fromJSDate(start, { zone: parse(cal).zone })
        .plus({ days: d.amount })
        .toJSDate();
    case 'business_days':
      return addBusinessDays(start, d.amount, cal);
    case 'business_hours':
      return addBusinessHours(start, d.amount, cal);
  }
}

export function addBusinessDays(start: Date, n: number, cal: BusinessCalendar): Date {
  if (!Number.isInteger(n) || n < 0) throw new Error(`business_days must be an integer >= 0, got ${n}`);
  const p = parse(cal);
  const receiptDate = localDateOf(start, p.zone);
  const first = n === 0 ? receiptDate : receiptDate + 1;
  let counted = 0;
  for (const [, intervals] of businessDays(first, p)) {
    counted++;
    if (counted >= Math.max(n, 1)) return new Date(intervals[intervals.length - 1][1]);
  }
  /* istanbul ignore next */
  throw new Error('unreachable');
}

export function addBusinessHours(start: Date, hours: number, cal: BusinessCalendar): Date {
  if (!(hours >= 0) || !Number.isFinite(hours)) throw new Error(`business_hours must be >= 0, got ${hours}`);
  const p = parse(cal);
  const cursor = start.getTime();
  let remaining = Math.round(hours * HOUR_MS);
  // Start one local day early: harmless, and robust to an interval ending exactly at the cursor.
  for (const [, intervals] of businessDays(localDateOf(start, p.zone) - 1, p)) {
    for (const [s, e] of intervals) {
      if (e < cursor) continue;
      const from = Math.max(s, cursor);
      const available = e - from;
      if (remaining <= available) return new Date(from + remaining);
      remaining -= available;
    }
  }
  /* istanbul ignore next */
  throw new Error('unreachable');
}

/** True when `date` lies inside a business interval (start inclusive, end exclusive). */
export function isWithinBusinessHours(date: Date, cal: BusinessCalendar): boolean {
  const p = parse(cal);
  const t = date.getTime();
  const today = localDateOf(date, p.zone);
  return [today - 1, today].some((d) => intervalsOn(d, p).some(([s, e]) => s <= t && t < e));
}

/** True when `date` is exactly the end of a business interval. */
export function isBusinessIntervalEnd(date: Date, cal: BusinessCalendar): boolean {
  const p = parse(cal);
  const t = date.getTime();
  const today = localDateOf(date, p.zone);
  return [today - 1, today].some((d) => intervalsOn(d, p).some(([, e]) => e === t));
}

/** Business time (ms) between two instants; negative when `b` is before `a`. */
export function businessMillisBetween(a: Date, b: Date, cal: BusinessCalendar): number {
  if (b.getTime() < a.getTime()) return -businessMillisBetween(b, a, cal);
  const p = parse(cal);
  const from = a.getTime();
  const to = b.getTime();
  const last = localDateOf(b, p.zone);
  let total = 0;
  for (let d = localDateOf(a, p.zone) - 1; d <= last; d++) {
    for (const [s, e] of intervalsOn(d, p)) {
      total += Math.max(0, Math.min(e, to) - Math.max(s, from));
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Validation (for client/policy input; the API turns issues into problem+json `errors`)
// ---------------------------------------------------------------------------------------------

export function validateCalendar(cal: BusinessCalendar): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof cal.timezone !== 'string' || !IANAZone.isValidZone(cal.timezone)) {
    issues.push({ field: 'timezone', message: 'must be a valid IANA timezone, e.g. Europe/Stockholm' });
  }
  issues.push(...validateBusinessHours(cal.businessHours));
  issues.push(...validateHolidays(cal.holidays));
  return issues;
}

function validateBusinessHours(hours: BusinessHours | undefined): ValidationIssue[] {
  if (!hours || typeof hours !== 'object') {
    return [{ field: 'businessHours', message: 'must give the intervals for mon … sun' }];
  }
  const issues: ValidationIssue[] = [];
  let businessDayCount = 0;
  for (const day of WEEKDAYS) {
    const intervals = hours[day];
    if (!Array.isArray(intervals)) {
      issues.push({ field: `businessHours.${day}`, message: 'must be a list of ["HH:MM","HH:MM"] intervals' });
      continue;
    }
    if (intervals.length > 0) businessDayCount++;
    let previousEnd = -1;
    intervals.forEach((interval, i) => {
      const field = `businessHours.${day}[${i}]`;
      if (!Array.isArray(interval) || interval.length !== 2) {
        issues.push({ field, message: 'must be a pair ["HH:MM","HH:MM"]' });
        return;
      }
      const start = typeof interval[0] === 'string' ? parseClockTime(interval[0]) : null;
      const end = typeof interval[1] === 'string' ? parseClockTime(interval[1]) : null;
      if (start === null || end === null || start === 1440) {
        issues.push({ field, message: 'times must be HH:MM (00:00–23:59; 24:00 only as an end)' });
        return;
      }
      if (start >= end) {
        issues.push({ field, message: 'start must be before end' });
        return;
      }
      if (start < previousEnd) {
        issues.push({ field, message: 'intervals must be sorted and must not overlap' });
      }
      previousEnd = end;
    });
  }
  if (businessDayCount === 0) {
    issues.push({ field: 'businessHours', message: 'at least one day of the week must have business hours' });
  }
  return issues;
}

function validateHolidays(holidays: string[] | undefined): ValidationIssue[] {
  if (!Array.isArray(holidays)) return [{ field: 'holidays', message: 'must be a list of YYYY-MM-DD dates' }];
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  holidays.forEach((h, i) => {
    const field = `holidays[${i}]`;
    if (typeof h !== 'string' || !DATE_RE.test(h) || !DateTime.fromISO(h).isValid) {
      issues.push({ field, message: 'must be a valid date YYYY-MM-DD' });
    } else if (seen.has(h)) {
      issues.push({ field, message: `duplicate holiday ${h}` });
    }
    seen.add(h);
  });
  return issues;
}

/** Bounds for policy durations by unit. */
export const DURATION_BOUNDS: Record<DurationUnit, { min: number; max: number }> = {
  business_days: { min: 1, max: 3650 },
  calendar_days: { min: 1, max: 3650 },
  business_hours: { min: 1, max: 10_000 },
  hours: { min: 1, max: 10_000 },
};

export function validateDuration(d: PolicyDuration | undefined, field: string): ValidationIssue[] {
  if (!d || typeof d !== 'object') return [{ field, message: 'is required: {"amount","unit"}' }];
  if (!(DURATION_UNITS as readonly string[]).includes(d.unit)) {
    return [{ field: `${field}.unit`, message: `must be one of ${DURATION_UNITS.join(', ')}` }];
  }
  const { min, max } = DURATION_BOUNDS[d.unit];
  if (!Number.isInteger(d.amount) || d.amount < min || d.amount > max) {
    return [{ field: `${field}.amount`, message: `must be an integer from ${min} to ${max} for ${d.unit}` }];
  }
  return [];
}

export function validatePolicy(policy: ComplaintPolicy): ValidationIssue[] {
  const issues: ValidationIssue[] = [
    ...validateDuration(policy.acknowledgeWithin, 'policy.acknowledgeWithin'),
    ...validateDuration(policy.resolveWithin, 'policy.resolveWithin'),
    ...validateDuration(policy.updateEvery, 'policy.updateEvery'),
  ];
  if (typeof policy.atRiskAt !== 'number' || !(policy.atRiskAt > 0 && policy.atRiskAt < 1)) {
    issues.push({ field: 'policy.atRiskAt', message: 'must be a fraction between 0 and 1 (exclusive)' });
  }
  if (!Number.isInteger(policy.reopenWithinDays) || policy.reopenWithinDays < 0 || policy.reopenWithinDays > 3650) {
    issues.push({ field: 'policy.reopenWithinDays', message: 'must be an integer from 0 to 3650' });
  }
  if (policy.rootCauses !== undefined) {
    if (!Array.isArray(policy.rootCauses)) {
      issues.push({ field: 'policy.rootCauses', message: 'must be a list of {"code","name"}' });
    } else {
      const seen = new Set<string>();
      policy.rootCauses.forEach((rc, i) => {
        const field = `policy.rootCauses[${i}]`;
        if (!rc || typeof rc.code !== 'string' || rc.code.trim() === '') {
          issues.push({ field: `${field}.code`, message: 'must be a non-empty string' });
          return;
        }
        if (typeof rc.name !== 'string' || rc.name.trim() === '') {
          issues.push({ field: `${field}.name`, message: 'must be a non-empty string' });
        }
        if (seen.has(rc.code)) issues.push({ field: `${field}.code`, message: `duplicate root cause ${rc.code}` });
        seen.add(rc.code);
      });
    }
  }
  return issues;
}
