/**
 * The machine-readable `code` of a problem document (RFC 9457, see {@link Problem}): every code the API
 * can answer with, and nothing else. The API maps each to its one HTTP status (`ERROR_STATUS` in
 * `apps/api/src/app/common/app-error.ts`, exhaustive by type); the console switches on them. The domain's
 * own codes (`DOMAIN_ERROR_CODES` in `libs/domain`) are a subset — the API does not compile otherwise.
 *
 * A problem without a `code` is one the HTTP layer answered before any rule of the API ran (an unknown
 * route, a body parser failure such as a body over 1 MB, a URL or headers too large, a 500).
 */
export const ERROR_CODES = [
  // — Request and transport (any endpoint) —
  /** 400: a field, header, query parameter or the body is invalid or cannot be read (`errors` names each). */
  'VALIDATION_FAILED',
  /** 401: no valid bearer token, or wrong e-mail or password on sign-in. */
  'UNAUTHORIZED',
  /** 403: the caller's role (or client) may not do this. */
  'FORBIDDEN',
  /** 404: unknown id, or an id of a client the caller does not serve. */
  'NOT_FOUND',
  /** 405: a known path with a method it does not serve (`Allow` lists those it does). */
  'METHOD_NOT_ALLOWED',
  /** 415: a body (or a declared Content-Type) the route does not accept. */
  'UNSUPPORTED_MEDIA_TYPE',
  /** 429: too many sign-in attempts or writes; `retryAfter` and the `Retry-After` header say when to retry. */
  'RATE_LIMITED',
  // — Conflicts and preconditions —
  /** 409: a record with the same unique value exists (client code, user e-mail). */
  'DUPLICATE',
  /** 409: a concurrent change to the same record won; reload and try again. */
  'CONCURRENT_CHANGE',
  /** 412: `If-Match` names a stale version (`version` is the current one). */
  'PRECONDITION_FAILED',
  /** 422: well-formed but semantically wrong (`errors` names the field), without a more specific code. */
  'UNPROCESSABLE',
  /** 422: the `Idempotency-Key` was already used with a different request body. */
  'IDEMPOTENCY_KEY_REUSED',
  // — Lifecycle (libs/domain `DOMAIN_ERROR_CODES`, plus the two rules the API checks against the database) —
  /** 409: the action is not allowed in the complaint's current state (`state`, `allowedActions`), whatever the body. */
  'ACTION_NOT_ALLOWED',
  /** 409: satisfaction was already recorded for this complaint. */
  'SATISFACTION_ALREADY_RECORDED',
  /** 409: `reopen` after the client's `policy.reopenWithinDays` from closing. */
  'REOPEN_WINDOW_PASSED',
  /** 422: `close` without a category (R4.4-e a). */
  'CATEGORY_REQUIRED',
  /** 422: `extend` with `newResolveBy` not later than the current `resolveBy`. */
  'DEADLINE_NOT_LATER',
  /** 422: `extend` with `newResolveBy` not in the future. */
  'DEADLINE_IN_PAST',
  /** 422: `acknowledge` with `expectedResolutionBy` in the past. */
  'EXPECTED_RESOLUTION_IN_PAST',
  /** 422: a satisfaction score that is not an integer 1–5. */
  'INVALID_SATISFACTION_SCORE',
  /** 422: `close` with a `rootCauseCode` not in the client's `policy.rootCauses`. */
  'UNKNOWN_ROOT_CAUSE',
  /** 422: registration with `receivedAt` in the future. */
  'RECEIVED_AT_IN_FUTURE',
  /** 422: registration with `receivedAt` more than 365 days ago. */
  'RECEIVED_AT_TOO_OLD',
  /** 422: a command field is semantically invalid (e.g. an invalid date). */
  'INVALID_COMMAND',
  /** 422: the category code is not in the client's category tree. */
  'CATEGORY_NOT_FOUND',
  /** 422: the assignee is not an active agent or team lead serving the complaint's client. */
  'ASSIGNEE_NOT_ELIGIBLE',
  // — Privacy (4.5) —
  /** 409: the complaint's personal data was erased; it accepts no further changes. */
  'PERSONAL_DATA_ERASED',
  /** 409: only a closed complaint can be erased (`state` is the current one). */
  'NOT_CLOSED',
  /** 409: the client requires `verify-identity` before the customer is told anything by another channel than e-mail. */
  'IDENTITY_NOT_VERIFIED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** Whether a value (e.g. the `code` of a problem body read from the wire) is one of {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && ERROR_CODE_SET.has(value);
}
