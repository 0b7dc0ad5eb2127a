import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '../config/config';
import { Clock } from '../common/clock';
import { rateLimited } from './rate-limited';
import { RateLimitRepository } from './rate-limit.repository';

/** HTTP methods that count as writes. */
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * The per-user write limit (contract Part 2, "Sessions and abuse"): every authenticated write —
 * one request, however many rows it touches — counts once against its user in a one-minute window
 * kept in PostgreSQL (`rate_limits`), so the limit holds across API instances. Past
 * WRITE_RATE_LIMIT_PER_MINUTE the request is refused with 429 and Retry-After before anything
 * else happens (after authentication, before the role check).
 */
@Injectable()
export class WriteLimitService {
  static readonly WINDOW_SECONDS = 60;

  constructor(
    private readonly counters: RateLimitRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  static isWrite(method: string | undefined): boolean {
    return WRITE_METHODS.has((method ?? '').toUpperCase());
  }

  static key(userId: string): string {
    return `write:user:${userId}`;
  }

  /** Counts one write of the user; throws 429 when it is over the limit of the current minute. */
  async count(userId: string): Promise<void> {
    const now = this.clock.now();
    const { hits, windowEndsAt } = await this.counters.countHit(WriteLimitService.key(userId), now, WriteLimitService.WINDOW_SECONDS);
    if (hits > this.config.writeRateLimitPerMinute) {
      throw rateLimited((s) => `Too many changes in a short time; try again in ${s} seconds`, windowEndsAt, now);
    }
  }
}
