import { ThrottlerException } from '@nestjs/throttler';
import type { PinoLogger } from 'nestjs-pino';
import { QueryFailedError } from 'typeorm';
import { ERROR_CODES, isErrorCode, type ErrorCode, type Problem } from '@complaint-desk/contracts';
import { DOMAIN_ERROR_CODES, domainError } from '@complaint-desk/domain';
import { domainToAppError } from '../complaints/complaint-errors';
import { AppError, ERROR_STATUS } from './app-error';
import { ProblemDetailsFilter, ValidationFailed } from './problem-details.filter';

/**
 * Typed error codes end to end (issue 11 item 4): one list of codes (libs/contracts), one map to HTTP
 * (here), the domain's codes among them. The statuses below are the ones the API answered before the
 * map moved out of the domain — a change to one is a change of the contract.
 */
const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  DUPLICATE: 409,
  CONCURRENT_CHANGE: 409,
  PRECONDITION_FAILED: 412,
  UNPROCESSABLE: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
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
  PERSONAL_DATA_ERASED: 409,
  NOT_CLOSED: 409,
  IDENTITY_NOT_VERIFIED: 409,
};

const filter = new ProblemDetailsFilter({ error: () => undefined } as unknown as PinoLogger);
const problemOf = (exception: unknown): Problem => filter.toProblem(exception);
const dbError = (sqlstate: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('driver text'), { code: sqlstate }));

describe('error codes → HTTP status: one map in the API (R4.1-b)', () => {
  it('ERROR_STATUS has a status for exactly the codes of ERROR_CODES, each the status the API has always answered', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expect([code, ERROR_STATUS[code]]).toEqual([code, STATUS_OF[code]]);
  });

  it('an AppError takes its status from its code only', () => {
    for (const code of ERROR_CODES) expect(new AppError(code, 'detail').status).toBe(STATUS_OF[code]);
    expect(AppError.notFound('Complaint')).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(AppError.validation('clientId', 'required')).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(AppError.unprocessable('to', 'too long')).toMatchObject({ code: 'UNPROCESSABLE', status: 422 });
  });

  it('every domain error code is an ErrorCode: state refusals → 409 with state and allowedActions, rule breaks → 422 naming the field (R4.4-e)', () => {
    const stateRefusals = ['ACTION_NOT_ALLOWED', 'SATISFACTION_ALREADY_RECORDED', 'REOPEN_WINDOW_PASSED'];
    for (const code of DOMAIN_ERROR_CODES) {
      expect(isErrorCode(code)).toBe(true);
      const refusal = stateRefusals.includes(code)
        ? domainError(code, 'not now', { status: 'closed', allowedActions: ['reopen', 'assign'] })
        : domainError(code, 'bad value', { field: 'newResolveBy' });
      const problem = problemOf(domainToAppError(refusal, false));
      expect([code, problem.status, problem.code]).toEqual([code, STATUS_OF[code], code]);
      if (stateRefusals.includes(code)) {
        expect(problem).toMatchObject({ status: 409, state: 'closed', allowedActions: ['reopen'] });
      } else {
        expect(problem).toMatchObject({ status: 422, errors: [{ field: 'newResolveBy', message: 'bad value' }] });
      }
    }
  });

  it('every code the problem filter answers with is in ERROR_CODES and has the status of the map', () => {
    const answers: Problem[] = [
      ...ERROR_CODES.map((code) => problemOf(new AppError(code, 'detail'))),
      problemOf(new ValidationFailed([{ field: 'clientId', message: 'clientId must be a UUID' }])),
      problemOf(new ThrottlerException()),
      ...['23505', '40001', '40P01', '55P03', '22P02', '22007', '22008', '22009', '22003', '22001', '22021', '22P05', '23503'].map((s) =>
        problemOf(dbError(s)),
      ),
    ];
    const coded = answers.filter((p) => p.code !== undefined);
    expect(coded).toHaveLength(answers.length);
    for (const p of coded) {
      expect(isErrorCode(p.code)).toBe(true);
      expect([p.code, p.status]).toEqual([p.code, ERROR_STATUS[p.code as ErrorCode]]);
    }
  });

  it('answers of the HTTP layer itself carry no code (body parser, unknown route, 500) — the code list stays what the rules raise', () => {
    expect(problemOf({ type: 'entity.too.large', status: 413 })).toMatchObject({ status: 413 });
    expect(problemOf({ type: 'entity.too.large', status: 413 }).code).toBeUndefined();
    expect(problemOf({ type: 'entity.parse.failed', status: 400 }).code).toBeUndefined();
    expect(problemOf(new Error('boom'))).toMatchObject({ status: 500 });
    expect(problemOf(new Error('boom')).code).toBeUndefined();
  });
});
