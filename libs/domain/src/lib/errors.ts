/**
 * Domain error codes and their HTTP status — mapped once here so the API has a single,
 * exhaustive translation (`Record` makes a missing code a compile error).
 */
import type { ComplaintAction, ComplaintStatus } from './lifecycle-table';

export const DOMAIN_ERROR_CODES = [
  /** The action is not allowed in the complaint's current status (409, whatever the body). */
  'ACTION_NOT_ALLOWED',
  /** `satisfaction` was already recorded for this complaint (409). */
  'SATISFACTION_ALREADY_RECORDED',
  /** `reopen` after `policy.reopenWithinDays` calendar days from closing (409). */
  'REOPEN_WINDOW_PASSED',
  /** `close` without a category (R4.4-e a) (422). */
  'CATEGORY_REQUIRED',
  /** `extend` with `newResolveBy` not later than the current `resolveBy` (422). */
  'DEADLINE_NOT_LATER',
  /** `extend` with `newResolveBy` not in the future (422). */
  'DEADLINE_IN_PAST',
  /** `acknowledge` with `expectedResolutionBy` in the past (422). */
  'EXPECTED_RESOLUTION_IN_PAST',
  /** `satisfaction` score not an integer 1..5 (422). */
  'INVALID_SATISFACTION_SCORE',
  /** `close` with a `rootCauseCode` not in the client's policy `rootCauses` (422). */
  'UNKNOWN_ROOT_CAUSE',
  /** Registration with `receivedAt` in the future (422). */
  'RECEIVED_AT_IN_FUTURE',
  /** Registration with `receivedAt` more than 365 days ago (422). */
  'RECEIVED_AT_TOO_OLD',
  /** A command field is semantically invalid, e.g. an invalid date (422). */
  'INVALID_COMMAND',
  /** Raised by the API (needs the DB): category code not in the client's tree (422). */
  'CATEGORY_NOT_FOUND',
  /** Raised by the API (needs the DB): assignee does not serve the complaint's client (422). */
  'ASSIGNEE_NOT_ELIGIBLE',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export const DOMAIN_ERROR_HTTP_STATUS: Readonly<Record<DomainErrorCode, number>> = Object.freeze({
  ACTION_NOT_ALLOWED: 409,
  SATISFACTION_ALREADY_RECORDED: 409,
  REOPEN_WINDOW_PASSED: 409,
  CATEGORY_REQUIRED: 422,
  DEADLINE_NOT_LATER: 422,
  DEADLINE_IN_PAST: 422,
  EXPECTED_RESOLUTION_IN_PAST: 422,
  INVALID_SATISFACTION_SCORE: 422,
  UNKNOWN_ROOT_CAUSE: 422,
  RECEIVED_AT_IN_FUTURE: 422,
  RECEIVED_AT_TOO_OLD: 422,
  INVALID_COMMAND: 422,
  CATEGORY_NOT_FOUND: 422,
  ASSIGNEE_NOT_ELIGIBLE: 422,
});

export interface DomainError {
  code: DomainErrorCode;
  /** Human-readable, safe to show (problem+json `detail`). */
  message: string;
  /** The request field at fault, for problem+json `errors[].field` (422 errors). */
  field?: string;
  /** For 409 state errors: the complaint's current status … */
  status?: ComplaintStatus;
  /** … and the actions allowed now. */
  allowedActions?: ComplaintAction[];
}

export function domainError(code: DomainErrorCode, message: string, extra: Omit<DomainError, 'code' | 'message'> = {}): DomainError {
  return { code, message, ...extra };
}

export function httpStatusOf(error: Pick<DomainError, 'code'>): number {
  return DOMAIN_ERROR_HTTP_STATUS[error.code];
}
