import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { type ErrorCode, Problem, ProblemField } from '@complaint-desk/contracts';
import { AppError } from './app-error';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class ValidationFailed extends HttpException {
  constructor(readonly fieldErrors: ProblemField[]) {
    super('Request validation failed', HttpStatus.BAD_REQUEST);
  }
}

/** A request body that could not be read (malformed JSON, too large, bad encoding). */
export class RequestBodyError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
  ) {
    super(type);
  }
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/**
 * The one place where an error becomes an HTTP response: RFC 9457 problem+json for every error,
 * database errors translated (unique violation → 409, bad value → 400), never a driver message or a
 * stack trace to the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@InjectPinoLogger('Errors') private readonly logger: PinoLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err: { name: err.name, message: err.message, stack: err.stack }, path: req?.path }, 'Unhandled error');
    }
    if (res.headersSent) return;
    if (problem.status === 429) {
      const retry = (problem as Problem & { retryAfter?: number }).retryAfter ?? res.getHeader('Retry-After') ?? 60;
      res.setHeader('Retry-After', String(retry));
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  toProblem(exception: unknown): Problem {
    const bp = exception as BodyParserError;
    if (bp && typeof bp === 'object' && typeof bp.type === 'string' && typeof bp.status === 'number') {
      if (bp.type === 'entity.too.large') return this.make(413, 'The request body is larger than 1 MB');
      if (bp.type === 'entity.parse.failed')
        return this.make(400, 'The request body is not valid JSON', [{ field: 'body', message: 'malformed JSON' }]);
      if (bp.type === 'encoding.unsupported' || bp.type === 'charset.unsupported') return this.make(415, 'Unsupported body encoding');
      if (bp.status >= 400 && bp.status < 500) return this.make(bp.status, 'The request could not be read');
    }
    if (exception instanceof AppError) {
      return this.make(exception.status, exception.message, exception.errors, { code: exception.code, ...exception.extra });
    }
    if (exception instanceof ValidationFailed) {
      return this.make(400, 'The request has invalid fields', exception.fieldErrors, { code: 'VALIDATION_FAILED' });
    }
    if (exception instanceof ThrottlerException) {
      return this.make(429, 'Too many requests; try again later', undefined, { code: 'RATE_LIMITED' });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : ((body as { message?: unknown }).message as string | undefined);
      return this.make(status, Array.isArray(detail) ? detail.join('; ') : (detail ?? exception.message));
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
      if (code === '23505') return this.make(409, 'A record with the same unique value already exists', undefined, { code: 'DUPLICATE' });
      if (code === '40001' || code === '40P01' || code === '55P03') {
        return this.make(409, 'A concurrent change won; reload and try again', undefined, { code: 'CONCURRENT_CHANGE' });
      }
      if (code === '22P02' || code === '22007' || code === '22008' || code === '22009' || code === '22003' || code === '22001') {
        return this.make(400, 'A value has the wrong format', undefined, { code: 'VALIDATION_FAILED' });
      }
      // 22021 character_not_in_repertoire (NUL in text), 22P05 untranslatable_character (NUL in jsonb):
      // the pipe refuses U+0000 first; this is the backstop for a value that reached the database anyway.
      if (code === '22021' || code === '22P05') {
        return this.make(400, 'A text value contains a character that cannot be stored (U+0000)', undefined, { code: 'VALIDATION_FAILED' });
      }
      if (code === '23503') return this.make(422, 'A referenced record does not exist', undefined, { code: 'UNPROCESSABLE' });
    }
    return this.make(500, 'An unexpected error occurred');
  }

  private make(
    status: number,
    detail: string,
    errors?: ProblemField[],
    extra: { code?: ErrorCode } & Record<string, unknown> = {},
  ): Problem {
    const title = TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
    const slug = title.toLowerCase().replace(/[^a-z]+/g, '-');
    return {
      type: `https://complaint-desk.dev/problems/${slug}`,
      title,
      status,
      detail,
      errors: errors ?? [],
      ...extra,
    };
  }
}
