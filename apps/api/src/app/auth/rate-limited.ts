import { AppError } from '../common/app-error';

/**
 * 429 problem+json with `Retry-After` (whole seconds until the window ends, at least 1), for a
 * counter of `RateLimitRepository` past its limit (sign-in throttling, the per-user write limit).
 */
export function rateLimited(message: (retryAfter: number) => string, windowEndsAt: Date, now: Date): AppError {
  const retryAfter = Math.max(1, Math.ceil((windowEndsAt.getTime() - now.getTime()) / 1000));
  return new AppError('RATE_LIMITED', message(retryAfter), { extra: { retryAfter } });
}
