import { createTestApp, TestApp } from '../../testing/test-app';

/**
 * Sign-in throttling per (account, client IP) and per IP (contract Part 2, "Sessions and abuse";
 * R4.5-b: the right person keeps access). Failures from one IP never lock the account for another
 * IP; brute force from one IP is still stopped.
 */
describe('Login throttling per (account, client IP) (R4.5-b)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { TRUST_PROXY: 'true', LOGIN_RATE_LIMIT_PER_ACCOUNT: '3', LOGIN_RATE_LIMIT_PER_IP: '8', LOGIN_RATE_LIMIT_WINDOW_SECONDS: '300' },
    });
  });
  afterAll(() => t.close());
  // every test starts in a fresh window
  beforeEach(() => t.clock.advance(301 * 1000));

  const login = (ip: string, email: string, password: string) =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('R4.5-b: failures from one IP never stop the right password from another IP', async () => {
    for (let i = 0; i < 6; i++) await login('203.0.113.10', 'agent.acme@example.com', 'wrong-guess');
    expect((await login('203.0.113.10', 'agent.acme@example.com', 'demo-password')).status).toBe(429);
    const victim = await login('198.51.100.7', 'agent.acme@example.com', 'demo-password');
    expect(victim.status).toBe(200);
    expect(victim.body.user.email).toBe('agent.acme@example.com');
  });

  it('R4.5-b: brute force from one IP is stopped per (account, IP) — 429 with Retry-After even for the right password, until the window ends', async () => {
    for (let i = 0; i < 3; i++) expect((await login('203.0.113.20', 'agent@example.com', 'wrong-guess')).status).toBe(401);
    const locked = await login('203.0.113.20', 'agent@example.com', 'demo-password');
    expect(locked.status).toBe(429);
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(300);
    t.clock.advance(301 * 1000);
    expect((await login('203.0.113.20', 'agent@example.com', 'demo-password')).status).toBe(200);
  });

  it('R4.5-b: a success clears the failures of that (account, IP) only', async () => {
    for (let i = 0; i < 2; i++) await login('203.0.113.30', 'lead@example.com', 'wrong-guess');
    for (let i = 0; i < 2; i++) await login('203.0.113.31', 'lead@example.com', 'wrong-guess');
    expect((await login('203.0.113.30', 'lead@example.com', 'demo-password')).status).toBe(200);
    // .30 starts over; .31 still has two failures, the third locks it
    for (let i = 0; i < 2; i++) expect((await login('203.0.113.30', 'lead@example.com', 'wrong-guess')).status).toBe(401);
    expect((await login('203.0.113.31', 'lead@example.com', 'wrong-guess')).status).toBe(401);
    expect((await login('203.0.113.31', 'lead@example.com', 'demo-password')).status).toBe(429);
    expect((await login('203.0.113.30', 'lead@example.com', 'demo-password')).status).toBe(200);
  });

  it('R4.5-b: one IP is throttled across accounts (every attempt counts per IP)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await login('203.0.113.40', `someone${i}@example.com`, 'x')).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(statuses[8]).toBe(429);
    // another IP is not affected
    expect((await login('203.0.113.41', 'agent@example.com', 'demo-password')).status).toBe(200);
  });

  it('TRUST_PROXY=true: the IP is the X-Forwarded-For address the proxy appended; an entry the caller forged in front of it changes nothing', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await login(`10.9.8.${i}, 203.0.113.50`, 'admin@example.com', 'wrong-guess')).status).toBe(401);
    }
    expect((await login('10.9.8.200, 203.0.113.50', 'admin@example.com', 'demo-password')).status).toBe(429);
    expect((await login('203.0.113.51', 'admin@example.com', 'demo-password')).status).toBe(200);
  });

  it('IPv6 callers are counted per /64 network, so rotating addresses inside one network does not escape the limit', async () => {
    for (let i = 1; i <= 3; i++) {
      expect((await login(`2001:db8:1:2::${i}`, 'agent@example.com', 'wrong-guess')).status).toBe(401);
    }
    expect((await login('2001:db8:1:2:ffff::9', 'agent@example.com', 'demo-password')).status).toBe(429);
    expect((await login('2001:db8:1:3::1', 'agent@example.com', 'demo-password')).status).toBe(200);
  });
});

describe('Login throttling without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_ACCOUNT: '3', LOGIN_RATE_LIMIT_PER_IP: '100' } });
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For: a forged header does not give a caller a fresh IP', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http
        .post('/api/auth/login')
        .set('X-Forwarded-For', `198.51.100.${i}`)
        .send({ email: 'agent@example.com', password: 'wrong-guess' });
    }
    const res = await t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', '198.51.100.99')
      .send({ email: 'agent@example.com', password: 'demo-password' });
    expect(res.status).toBe(429);
  });
});
