import { HttpStatus } from '@nestjs/common';
import { ProblemField } from '@complaint-desk/contracts';

/** Error codes of the API's own rules, mapped once to HTTP in ProblemDetailsFilter. */
export type AppErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNPROCESSABLE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DUPLICATE'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'PRECONDITION_FAILED'
  | 'ACTION_NOT_ALLOWED'
  | 'CONCURRENT_CHANGE';

export const APP_ERROR_STATUS: Record<AppErrorCode, number> = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  UNPROCESSABLE: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  DUPLICATE: HttpStatus.CONFLICT,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  UNAUTHORIZED: HttpStatus.UNAUTHORIZED,
  PRECONDITION_FAILED: HttpStatus.PRECONDITION_FAILED,
  ACTION_NOT_ALLOWED: HttpStatus.CONFLICT,
  CONCURRENT_CHANGE: HttpStatus.CONFLICT,
};

/**
 * An error the client can act on. `status` defaults from the code; `extra` adds members to the
 * problem document (e.g. `state` and `allowedActions` on a 409 for a lifecycle action).
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode | string,
    message: string,
    opts: { status?: number; errors?: ProblemField[]; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = opts.status ?? APP_ERROR_STATUS[code as AppErrorCode] ?? HttpStatus.BAD_REQUEST;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }
  readonly errors?: ProblemField[];
  readonly extra?: Record<string, unknown>;

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
