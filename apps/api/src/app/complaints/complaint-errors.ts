import type { DomainError } from '@complaint-desk/domain';
import { QueryFailedError } from 'typeorm';
import { AppError, ERROR_STATUS } from '../common/app-error';

/**
 * A domain refusal → problem+json, its status from the one map ({@link ERROR_STATUS}; every domain code
 * is an `ErrorCode`, or this does not compile): 409s carry `state` and `allowedActions` (what the caller
 * may do: without `assign` for an agent), 422s name the field.
 */
export function domainToAppError(e: DomainError, mayAssign = true): AppError {
  const extra: Record<string, unknown> = {};
  if (ERROR_STATUS[e.code] === 409 || e.status) {
    extra['state'] = e.status;
    extra['allowedActions'] = (e.allowedActions ?? []).filter((a) => mayAssign || a !== 'assign');
  }
  return new AppError(e.code, e.message, {
    errors: e.field ? [{ field: e.field, message: e.message }] : undefined,
    extra,
  });
}

const CONCURRENCY_CODES = new Set(['40001', '40P01', '55P03']);

/** Serialization failure, deadlock, lock timeout: a concurrent change won → 409. */
export function isConcurrencyError(err: unknown): boolean {
  const code = (err as QueryFailedError & { driverError?: { code?: string } })?.driverError?.code ?? (err as { code?: string })?.code;
  return err instanceof QueryFailedError && typeof code === 'string' && CONCURRENCY_CODES.has(code);
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const de = (err as { driverError?: { code?: string; constraint?: string } })?.driverError;
  return err instanceof QueryFailedError && de?.code === '23505' && (!constraint || de.constraint === constraint);
}

export function concurrentChange(): AppError {
  return new AppError('CONCURRENT_CHANGE', 'A concurrent change to this complaint won; reload and try again');
}

/** `If-Match` as sent: `3`, `"3"`, `W/"3"` or `*`. Returns the version, `null` for `*`/absent; 400 otherwise. */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return null;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw AppError.validation('If-Match', 'If-Match must be the complaint version, e.g. "3"');
  return Number(m[1]);
}
