import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig, APP_CONFIG } from '../config/config';
import { Clock } from '../common/clock';
import { throttleNetwork } from './client-ip';
import { rateLimited } from './rate-limited';
import { RateLimitRepository, type WindowCount } from './rate-limit.repository';

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
    private readonly counters: RateLimitRepository,
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

  removeExpired(): Promise<number> {
    return this.counters.removeExpired(this.clock.now());
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
    await this.counters.remove(LoginThrottleService.accountKey(email, ip));
  }

  private reject(windowEndsAt: Date): never {
    throw rateLimited((s) => `Too many sign-in attempts; try again in ${s} seconds`, windowEndsAt, this.clock.now());
  }

  private peek(key: string): Promise<WindowCount | null> {
    return this.counters.peek(key, this.clock.now());
  }

  private increment(key: string): Promise<WindowCount> {
    return this.counters.countHit(key, this.clock.now(), this.config.loginRateLimit.windowSeconds);
  }
}
