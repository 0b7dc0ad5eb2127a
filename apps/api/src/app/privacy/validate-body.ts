import { createParamDecorator, ExecutionContext, type Type } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '../common/app-error';
import { createValidationPipe } from '../common/validation';

/**
 * The request body as sent, not yet validated: the global ValidationPipe leaves custom parameter
 * decorators alone, so a write on one complaint can answer 404, 409 (erased, wrong state) and 412
 * before 400 (contract "Which answer wins") and validate with {@link validateBody} afterwards.
 */
export const RawBody = createParamDecorator((_data: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<Request>().body);

const pipe = createValidationPipe();

/** Validates a raw body exactly as the global pipe validates every other body (400 naming each field). */
export async function validateBody<T extends object>(dto: Type<T>, body: unknown): Promise<T> {
  const value = body === undefined || body === null ? {} : body;
  if (typeof value !== 'object' || Array.isArray(value)) throw AppError.validation('body', 'The body must be a JSON object');
  return (await pipe.transform(value, { type: 'body', metatype: dto, data: undefined })) as T;
}
