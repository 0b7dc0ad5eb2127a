import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { passwordProblem } from '../users/password-policy';

/** Validated configuration of the API process. Everything comes from the environment. */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  demo: boolean;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminEmail: string | null;
  adminPassword: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  escalationIntervalSeconds: number;
  /** Failed sweeps of one complaint version before the sweep quarantines it (skips it until the complaint changes). */
  escalationMaxAttempts: number;
  outboxIntervalSeconds: number;
  /** Delivery attempts per e-mail before it is marked failed. */
  outboxMaxAttempts: number;
  /** First retry delay; doubles per attempt (capped at one hour). */
  outboxRetryBaseSeconds: number;
  /** Run the escalation sweep and the outbox worker on timers in this process (off: only on demand). */
  backgroundJobs: boolean;
  /** How often each instance runs the retention job (erasure of expired personal data, outbox purge). */
  retentionIntervalSeconds: number;
  smtpUrl: string | null;
  mailFrom: string;
  mailDir: string;
  consoleDir: string | null;
  loginRateLimit: { perIp: number; perAccount: number; windowSeconds: number };
  trustProxy: boolean;
  /** Writes (POST/PATCH/PUT/DELETE) per signed-in user per minute before 429 (counted in PostgreSQL). */
  writeRateLimitPerMinute: number;
  /** At most one team-lead e-mail per complaint about manual escalations in this many minutes (0: every one). */
  leadMailCoalesceMinutes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

function bool(name: string, raw: string | undefined, dflt: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return dflt;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return dflt;
}

function int(name: string, raw: string | undefined, dflt: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return dflt;
  }
  return n;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates the environment. A bad value stops the app with a message naming it.
 * In demo mode without JWT_SECRET a random secret is generated once and kept under DATA_DIR.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const demo = bool('DEMO', env['DEMO'], true, problems);
  const dataDir = resolve(env['DATA_DIR'] || './.data');
  const databaseUrl = env['DATABASE_URL'] || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const smtpUrl = env['SMTP_URL'] || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const logLevel = (env['LOG_LEVEL'] || 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const jwtSecret = env['JWT_SECRET'] || '';
  if (jwtSecret && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  const adminEmail = env['ADMIN_EMAIL'] || null;
  const adminPassword = env['ADMIN_PASSWORD'] || null;
  if (!demo) {
    if (!jwtSecret) problems.push('JWT_SECRET is required when DEMO=false');
    if ((adminEmail && !adminPassword) || (!adminEmail && adminPassword)) {
      problems.push('ADMIN_EMAIL and ADMIN_PASSWORD go together');
    }
    // The password policy of the API applies to the first admin too (refuse to start, naming the rule).
    const weak = adminPassword ? passwordProblem(adminPassword, adminEmail) : null;
    if (weak) problems.push(`ADMIN_PASSWORD ${weak.replace(/^password /, '')}`);
  }
  const cfg = {
    port: int('PORT', env['PORT'], 3000, 0, 65535, problems),
    host: env['HOST'] || '0.0.0.0',
    databaseUrl,
    dataDir,
    demo,
    jwtSecret,
    jwtTtlSeconds: int('JWT_TTL_SECONDS', env['JWT_TTL_SECONDS'], 8 * 3600, 60, 7 * 24 * 3600, problems),
    adminEmail,
    adminPassword,
    logLevel,
    escalationIntervalSeconds: int('ESCALATION_INTERVAL_SECONDS', env['ESCALATION_INTERVAL_SECONDS'], 60, 1, 86400, problems),
    escalationMaxAttempts: int('ESCALATION_MAX_ATTEMPTS', env['ESCALATION_MAX_ATTEMPTS'], 3, 1, 100, problems),
    outboxIntervalSeconds: int('OUTBOX_INTERVAL_SECONDS', env['OUTBOX_INTERVAL_SECONDS'], 5, 1, 3600, problems),
    outboxMaxAttempts: int('OUTBOX_MAX_ATTEMPTS', env['OUTBOX_MAX_ATTEMPTS'], 30, 1, 100, problems),
    outboxRetryBaseSeconds: int('OUTBOX_RETRY_BASE_SECONDS', env['OUTBOX_RETRY_BASE_SECONDS'], 30, 1, 86400, problems),
    backgroundJobs: bool('BACKGROUND_JOBS', env['BACKGROUND_JOBS'], true, problems),
    retentionIntervalSeconds: int('RETENTION_INTERVAL_SECONDS', env['RETENTION_INTERVAL_SECONDS'], 3600, 60, 86400, problems),
    smtpUrl,
    mailFrom: env['MAIL_FROM'] || 'Complaint desk <no-reply@complaint-desk.local>',
    mailDir: resolve(env['MAIL_DIR'] || join(dataDir, 'mail')),
    consoleDir: env['CONSOLE_DIR'] ? resolve(env['CONSOLE_DIR']) : null,
    loginRateLimit: {
      perIp: int('LOGIN_RATE_LIMIT_PER_IP', env['LOGIN_RATE_LIMIT_PER_IP'], 30, 1, 100000, problems),
      perAccount: int('LOGIN_RATE_LIMIT_PER_ACCOUNT', env['LOGIN_RATE_LIMIT_PER_ACCOUNT'], 5, 1, 100000, problems),
      windowSeconds: int('LOGIN_RATE_LIMIT_WINDOW_SECONDS', env['LOGIN_RATE_LIMIT_WINDOW_SECONDS'], 300, 1, 86400, problems),
    },
    trustProxy: bool('TRUST_PROXY', env['TRUST_PROXY'], false, problems),
    writeRateLimitPerMinute: int('WRITE_RATE_LIMIT_PER_MINUTE', env['WRITE_RATE_LIMIT_PER_MINUTE'], 120, 1, 1_000_000, problems),
    leadMailCoalesceMinutes: int('LEAD_MAIL_COALESCE_MINUTES', env['LEAD_MAIL_COALESCE_MINUTES'], 15, 0, 1440, problems),
  };
  if (problems.length) throw new ConfigError(problems);
  if (!cfg.jwtSecret) cfg.jwtSecret = demoSecret(dataDir);
  return cfg;
}

function demoSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
