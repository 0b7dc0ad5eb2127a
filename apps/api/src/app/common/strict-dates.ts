import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

/**
 * Dates and date-times that exist on the calendar (contract Part 2: `2026-02-30` or `T24:00` → 400,
 * never rolled over). `new Date()` and luxon both roll such values over (30 February → 2 March,
 * 24:00 → the next day's midnight); here luxon parses with the offset as given (`setZone`) and every
 * component must come back exactly as written.
 */
/** Years outside this range are refused too: a local date of year 10 000 cannot be stored (PostgreSQL 22009). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9998;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2})(?::?(\d{2}))?)$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO 8601 date-time with an offset (`Z`, `±hh:mm`, `±hhmm`, `±hh`) that exists, or null. */
export function parseIsoDateTime(value: unknown): DateTime | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, zone, oh, om] = m;
  if (zone.toUpperCase() !== 'Z' && (Number(oh) > 23 || Number(om ?? '0') > 59)) return null;
  if (Number(y) < MIN_YEAR || Number(y) > MAX_YEAR) return null;
  const dt = DateTime.fromISO(value.toUpperCase(), { setZone: true });
  const same =
    dt.isValid &&
    dt.year === Number(y) &&
    dt.month === Number(mo) &&
    dt.day === Number(d) &&
    dt.hour === Number(h) &&
    dt.minute === Number(mi) &&
    dt.second === Number(s ?? '0');
  return same ? dt : null;
}

/** A calendar date `YYYY-MM-DD` that exists, as the start of that day in `zone` (default UTC), or null. */
export function parseIsoDate(value: unknown, zone = 'UTC'): DateTime | null {
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value);
  if (!m || Number(m[1]) < MIN_YEAR || Number(m[1]) > MAX_YEAR) return null;
  const dt = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone });
  return dt.isValid && dt.year === Number(m[1]) && dt.month === Number(m[2]) && dt.day === Number(m[3]) ? dt : null;
}

function dateRule(name: string, test: (v: unknown) => boolean, describe: string) {
  return (options?: ValidationOptions) => (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) => `${options?.each ? `each value in ${a.property}` : a.property} must be ${describe}`,
        ...options,
      },
      validator: { validate: test },
    });
}

/** An ISO 8601 date-time with offset that exists on the calendar, e.g. 2026-11-20T09:30:00+01:00. */
export const IsIsoDateTimeWithOffset = dateRule(
  'isIsoDateTimeWithOffset',
  (v) => parseIsoDateTime(v) !== null,
  `an ISO 8601 date-time with offset that exists on the calendar (years ${MIN_YEAR}–${MAX_YEAR}), e.g. 2026-11-20T09:30:00+01:00`,
);

/** A date YYYY-MM-DD that exists on the calendar. */
export const IsIsoDate = dateRule(
  'isIsoDate',
  (v) => parseIsoDate(v) !== null,
  `a date YYYY-MM-DD that exists on the calendar (years ${MIN_YEAR}–${MAX_YEAR})`,
);

/** A date YYYY-MM-DD or a date-time with offset, either existing on the calendar. */
export const IsIsoDateOrDateTime = dateRule(
  'isIsoDateOrDateTime',
  (v) => parseIsoDate(v) !== null || parseIsoDateTime(v) !== null,
  `a date (YYYY-MM-DD) or a date-time with offset that exists on the calendar (years ${MIN_YEAR}–${MAX_YEAR})`,
);
