/**
 * The domain's refusals, free of HTTP: a code and a safe message. Every code is also one of the wire
 * codes (`ERROR_CODES` of libs/contracts) — the API passes it on as the problem's `code` and maps it to
 * its HTTP status in its one map (`ERROR_STATUS`), which does not compile if a code here is missing there.
 */
import type { ComplaintAction, ComplaintStatus } from './lifecycle-table';

export const DOMAIN_ERROR_CODES = [
  /** The action is not allowed in the complaint's current status, whatever the command says. */
  'ACTION_NOT_ALLOWED',
  /** `satisfaction` was already recorded for this complaint. */
  'SATISFACTION_ALREADY_RECORDED',
  /** `reopen` after `policy.reopenWithinDays` calendar days from closing. */
  'REOPEN_WINDOW_PASSED',
  /** `close` without a category (R4.4-e a). */
  'CATEGORY_REQUIRED',
  /** `extend` with `newResolveBy` not later than the current `resolveBy`. */
  'DEADLINE_NOT_LATER',
  /** `extend` with `newResolveBy` not in the future. */
  'DEADLINE_IN_PAST',
  /** `acknowledge` with `expectedResolutionBy` in the past. */
  'EXPECTED_RESOLUTION_IN_PAST',
  /** `satisfaction` score not an integer 1..5. */
  'INVALID_SATISFACTION_SCORE',
  /** `close` with a `rootCauseCode` not in the client's policy `rootCauses`. */
  'UNKNOWN_ROOT_CAUSE',
  /** Registration with `receivedAt` in the future. */
  'RECEIVED_AT_IN_FUTURE',
  /** Registration with `receivedAt` more than 365 days ago. */
  'RECEIVED_AT_TOO_OLD',
  /** A command field is semantically invalid, e.g. an invalid date. */
  'INVALID_COMMAND',
  /** Raised by the API (needs the DB): category code not in the client's tree. */
  'CATEGORY_NOT_FOUND',
  /** Raised by the API (needs the DB): assignee does not serve the complaint's client. */
  'ASSIGNEE_NOT_ELIGIBLE',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainError {
  code: DomainErrorCode;
  /** Human-readable, safe to show to the caller. */
  message: string;
  /** The command field at fault (a rule about one value). */
  field?: string;
  /** For refusals because of the state: the complaint's current status … */
  status?: ComplaintStatus;
  /** … and the actions allowed now. */
  allowedActions?: ComplaintAction[];
}

export function domainError(code: DomainErrorCode, message: string, extra: Omit<DomainError, 'code' | 'message'> = {}): DomainError {
  return { code, message, ...extra };
}
