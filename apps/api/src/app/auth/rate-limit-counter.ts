import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';

/**
 * Fixed-window counters in the `rate_limits` table, shared by every API instance on the database
 * (sign-in throttling, the per-user write limit). Expired rows are removed by
 * LoginThrottleService.removeExpired.
 */
export interface WindowCount {
  hits: number;
  windowEndsAt: Date;
}

/** Counts one hit with one atomic upsert: a new window starts when the old one has ended. */
export async function countHit(db: DataSource | EntityManager, key: string, now: Date, windowSeconds: number): Promise<WindowCount> {
  const ends = new Date(now.getTime() + windowSeconds * 1000);
  const rows: Array<{ hits: number; window_ends_at: Date }> = await db.query(
    `INSERT INTO rate_limits (key, hits, window_ends_at) VALUES ($1, 1, $3)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN rate_limits.window_ends_at <= $2 THEN 1 ELSE rate_limits.hits + 1 END,
       window_ends_at = CASE WHEN rate_limits.window_ends_at <= $2 THEN $3 ELSE rate_limits.window_ends_at END
     RETURNING hits, window_ends_at`,
    [key, now, ends],
  );
  return { hits: rows[0].hits, windowEndsAt: rows[0].window_ends_at };
}

/** 429 problem+json with `Retry-After` (whole seconds until the window ends, at least 1). */
export function rateLimited(message: (retryAfter: number) => string, windowEndsAt: Date, now: Date): AppError {
  const retryAfter = Math.max(1, Math.ceil((windowEndsAt.getTime() - now.getTime()) / 1000));
  return new AppError('RATE_LIMITED', message(retryAfter), { extra: { retryAfter } });
}
