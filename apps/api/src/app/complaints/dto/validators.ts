/**
 * Date rules of the complaint DTOs: one strict validator for every date and date-time field
 * (`receivedAt`, `expectedResolutionBy`, `newResolveBy`, the list's `receivedFrom`/`receivedTo`):
 * a value that does not exist on the calendar (`2026-02-30`, `T24:00`) is refused, never rolled over.
 */
export { IsIsoDateOrDateTime, IsIsoDateTimeWithOffset } from '../../common/strict-dates';

/** Not only white space (the text itself is stored exactly as given). */
export const NOT_BLANK = /\S/;
