import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('configuration (validated at start-up)', () => {
  const made: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'cd-config-'));
    made.push(d);
    return d;
  };
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('has working defaults for npm start (demo mode, port 3000, embedded database)', () => {
    const c = loadConfig({ DATA_DIR: dir() });
    expect(c).toMatchObject({ port: 3000, demo: true, databaseUrl: null, escalationIntervalSeconds: 60, escalationMaxAttempts: 3 });
  });

  it('in demo mode without JWT_SECRET generates a random secret once and keeps it under DATA_DIR', () => {
    const d = dir();
    const a = loadConfig({ DATA_DIR: d });
    const b = loadConfig({ DATA_DIR: d });
    expect(a.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(b.jwtSecret).toBe(a.jwtSecret);
    expect(readFileSync(join(d, 'jwt-secret'), 'utf8').trim()).toBe(a.jwtSecret);
    expect(loadConfig({ DATA_DIR: dir() }).jwtSecret).not.toBe(a.jwtSecret);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ DEMO: 'false' }, 'JWT_SECRET'],
    [{ DEMO: 'false', JWT_SECRET: 'x'.repeat(40), ADMIN_EMAIL: 'a@b.c' }, 'ADMIN_PASSWORD'],
    [{ ESCALATION_INTERVAL_SECONDS: '0' }, 'ESCALATION_INTERVAL_SECONDS'],
    [{ ESCALATION_MAX_ATTEMPTS: '0' }, 'ESCALATION_MAX_ATTEMPTS'],
    [{ ESCALATION_MAX_ATTEMPTS: 'three' }, 'ESCALATION_MAX_ATTEMPTS'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops with a clear message naming the bad value: %j', (env, key) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dir(), ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(key);
  });
});
