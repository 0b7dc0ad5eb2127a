import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '../config/config';
import { Clock } from '../common/clock';
import { throttleNetwork } from './client-ip';
import { countHit, rateLimited, WindowCount } from './rate-limit-counter';

/**
 * Login throttling kept in PostgreSQL, so it holds across restarts and across API instances:
 * per client IP (IPv6: per /64), every attempt counts; per (account, client IP), failed attempts
 * count and a success clears them. Failures from one IP therefore never lock the account for
 * another IP (nobody can lock a victim out), while brute force from one IP is stopped by both.
 * Past a limit the caller gets 429 with Retry-After until the window ends.
 */
@Injectable()
export class LoginThrottleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private cleanup: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Expired counters are removed hourly so the table stays small. */
  onApplicationBootstrap(): void {
    this.cleanup = setInterval(() => void this.removeExpired().catch(() => undefined), 3600_000);
    this.cleanup.unref();
  }

  onApplicationShutdown(): void {
    if (this.cleanup) clearInterval(this.cleanup);
  }

  async removeExpired(): Promise<number> {
    const [{ n }] = await this.db.query(
      'WITH gone AS (DELETE FROM rate_limits WHERE window_ends_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
      [this.clock.now()],
    );
    return n;
  }

  /** The (account, client network) counter: the e-mail is only ever stored hashed. */
  static accountKey(email: string, ip: string): string {
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
    return `login:acct-ip:${account}:${throttleNetwork(ip)}`;
  }
  static ipKey(ip: string): string {
    return 'login:ip:' + throttleNetwork(ip);
  }

  /** Counts this attempt against the IP; throws 429 when the IP or this (account, IP) is over its limit. */
  async checkAndCount(ip: string, email: string): Promise<void> {
    const { perIp, perAccount } = this.config.loginRateLimit;
    const ipHits = await this.increment(LoginThrottleService.ipKey(ip));
    if (ipHits.hits > perIp) this.reject(ipHits.windowEndsAt);
    const acct = await this.peek(LoginThrottleService.accountKey(email, ip));
    if (acct && acct.hits >= perAccount) this.reject(acct.windowEndsAt);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.increment(LoginThrottleService.accountKey(email, ip));
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limits WHERE key = $1', [LoginThrottleService.accountKey(email, ip)]);
  }

  private reject(windowEndsAt: Date): never {
    throw rateLimited((s) => `Too many sign-in attempts; try again in ${s} seconds`, windowEndsAt, this.clock.now());
  }

  private async peek(key: string): Promise<{ hits: number; windowEndsAt: Date } | null> {
    const rows: Array<{ hits: number; window_ends_at: Date }> = await this.db.query(
      'SELECT hits, window_ends_at FROM rate_limits WHERE key = $1 AND window_ends_at > $2',
      [key, this.clock.now()],
    );
    return rows[0] ? { hits: rows[0].hits, windowEndsAt: rows[0].window_ends_at } : null;
  }

  private increment(key: string): Promise<WindowCount> {
    return countHit(this.db, key, this.clock.now(), this.config.loginRateLimit.windowSeconds);
  }
}
