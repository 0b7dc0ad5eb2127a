/**
 * Date rules of the complaint DTOs: one strict validator for every date and date-time field
 * (`receivedAt`, `expectedResolutionBy`, `newResolveBy`, the list's `receivedFrom`/`receivedTo`):
 * a value that does not exist on the calendar (`2026-02-30`, `T24:00`) is refused, never rolled over.
 */
export { IsIsoDate, IsIsoDateOrDateTime, IsIsoDateTimeWithOffset, parseIsoDate, parseIsoDateTime } from '../../common/strict-dates';

/** ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`): the shape only; use parseIsoDateTime to accept a value. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Not only white space (the text itself is stored exactly as given). */
export const NOT_BLANK = /\S/;
