import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One fixed-window counter. */
export interface WindowCount {
  hits: number;
  windowEndsAt: Date;
}

/**
 * Fixed-window counters in the `rate_limits` table, shared by every API instance on the database:
 * sign-in throttling, the per-user write limit and the coalescing of team-lead e-mails (which counts
 * in the action's transaction `m`, so a refused action counts nothing).
 */
@Injectable()
export class RateLimitRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Counts one hit with one atomic upsert: a new window starts when the old one has ended. */
  async countHit(key: string, now: Date, windowSeconds: number, m: EntityManager = this.db.manager): Promise<WindowCount> {
    const ends = new Date(now.getTime() + windowSeconds * 1000);
    const rows: Array<{ hits: number; window_ends_at: Date }> = await m.query(
      `INSERT INTO rate_limits (key, hits, window_ends_at) VALUES ($1, 1, $3)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.window_ends_at <= $2 THEN 1 ELSE rate_limits.hits + 1 END,
         window_ends_at = CASE WHEN rate_limits.window_ends_at <= $2 THEN $3 ELSE rate_limits.window_ends_at END
       RETURNING hits, window_ends_at`,
      [key, now, ends],
    );
    return { hits: rows[0].hits, windowEndsAt: rows[0].window_ends_at };
  }

  /** The counter's current window (null when there is none or it has ended). */
  async peek(key: string, now: Date): Promise<WindowCount | null> {
    const rows: Array<{ hits: number; window_ends_at: Date }> = await this.db.query(
      'SELECT hits, window_ends_at FROM rate_limits WHERE key = $1 AND window_ends_at > $2',
      [key, now],
    );
    return rows[0] ? { hits: rows[0].hits, windowEndsAt: rows[0].window_ends_at } : null;
  }

  async remove(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limits WHERE key = $1', [key]);
  }

  /** Removes the counters whose window ended before `now`; returns how many. */
  async removeExpired(now: Date): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.db.query(
      'WITH gone AS (DELETE FROM rate_limits WHERE window_ends_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
      [now],
    );
    return n;
  }
}
