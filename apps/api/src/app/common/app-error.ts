import { HttpStatus } from '@nestjs/common';
import type { ErrorCode, ProblemField } from '@complaint-desk/contracts';

/**
 * The one map from an error code to its HTTP status. `satisfies Record<ErrorCode, number>`: a code
 * added to `ERROR_CODES` (libs/contracts) without a status here — or a status for a code that is not
 * listed — does not compile. The domain's codes are among them (`domainToAppError` passes them on).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  UNAUTHORIZED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  METHOD_NOT_ALLOWED: HttpStatus.METHOD_NOT_ALLOWED,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  DUPLICATE: HttpStatus.CONFLICT,
  CONCURRENT_CHANGE: HttpStatus.CONFLICT,
  PRECONDITION_FAILED: HttpStatus.PRECONDITION_FAILED,
  UNPROCESSABLE: HttpStatus.UNPROCESSABLE_ENTITY,
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  ACTION_NOT_ALLOWED: HttpStatus.CONFLICT,
  SATISFACTION_ALREADY_RECORDED: HttpStatus.CONFLICT,
  REOPEN_WINDOW_PASSED: HttpStatus.CONFLICT,
  CATEGORY_REQUIRED: HttpStatus.UNPROCESSABLE_ENTITY,
  DEADLINE_NOT_LATER: HttpStatus.UNPROCESSABLE_ENTITY,
  DEADLINE_IN_PAST: HttpStatus.UNPROCESSABLE_ENTITY,
  EXPECTED_RESOLUTION_IN_PAST: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_SATISFACTION_SCORE: HttpStatus.UNPROCESSABLE_ENTITY,
  UNKNOWN_ROOT_CAUSE: HttpStatus.UNPROCESSABLE_ENTITY,
  RECEIVED_AT_IN_FUTURE: HttpStatus.UNPROCESSABLE_ENTITY,
  RECEIVED_AT_TOO_OLD: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_COMMAND: HttpStatus.UNPROCESSABLE_ENTITY,
  CATEGORY_NOT_FOUND: HttpStatus.UNPROCESSABLE_ENTITY,
  ASSIGNEE_NOT_ELIGIBLE: HttpStatus.UNPROCESSABLE_ENTITY,
  PERSONAL_DATA_ERASED: HttpStatus.CONFLICT,
  NOT_CLOSED: HttpStatus.CONFLICT,
  IDENTITY_NOT_VERIFIED: HttpStatus.CONFLICT,
} as const satisfies Record<ErrorCode, number>;

/**
 * An error the client can act on; its status is the code's ({@link ERROR_STATUS}). `errors` names the
 * fields at fault; `extra` adds members to the problem document (e.g. `state` and `allowedActions` on a
 * 409 for a lifecycle action, `version` on a 412, `retryAfter` on a 429).
 */
export class AppError extends Error {
  readonly status: number;
  readonly errors?: ProblemField[];
  readonly extra?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: { errors?: ProblemField[]; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
    this.errors = opts.errors;
    this.extra = opts.extra;
  }

  static notFound(what = 'Resource'): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }
  static unprocessable(field: string, message: string): AppError {
    return new AppError('UNPROCESSABLE', message, { errors: [{ field, message }] });
  }
  static validation(field: string, message: string): AppError {
    return new AppError('VALIDATION_FAILED', message, { errors: [{ field, message }] });
  }
}
