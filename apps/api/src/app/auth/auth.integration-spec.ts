import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { createTestApp, TestApp } from '../../testing/test-app';
import { LoginThrottleService } from './login-throttle.service';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('Authentication (POST /api/auth/login and bearer tokens)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { JWT_TTL_SECONDS: '3600' } });
  });
  afterAll(() => t.close());

  it('signs in with the demo password and returns the user without password material', async () => {
    const res = await t.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'demo-password' });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.body.user).toEqual({
      id: expect.any(String),
      email: 'agent@example.com',
      role: 'agent',
      clientIds: [t.clients['ACME'], t.clients['GLOBEX']].sort(),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/hash|argon/i);
  });

  it('is case-insensitive on the e-mail address', async () => {
    const res = await t.http.post('/api/auth/login').send({ email: 'Agent@Example.com', password: 'demo-password' });
    expect(res.status).toBe(200);
  });

  it('gives the same 401 problem for an unknown e-mail and a wrong password', async () => {
    const unknown = await t.http.post('/api/auth/login').send({ email: 'nobody@example.com', password: 'demo-password' });
    const wrong = await t.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'wrong-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(unknown.body.title).toBe(wrong.body.title);
  });

  it('rejects a request without a token, and a malformed Authorization header', async () => {
    expect((await t.http.get('/api/clients')).status).toBe(401);
    expect((await t.http.get('/api/clients').set('Authorization', 'Basic abc')).status).toBe(401);
    expect((await t.http.get('/api/clients').set('Authorization', 'Bearer not-a-jwt')).status).toBe(401);
  });

  it('rejects a token with a tampered signature', async () => {
    const token = await t.token('agent@example.com');
    const [h, p, s] = token.split('.');
    const flipped = s.slice(0, -2) + (s.slice(-2) === 'AA' ? 'BB' : 'AA');
    const res = await t.http.get('/api/clients').set('Authorization', `Bearer ${h}.${p}.${flipped}`);
    expect(res.status).toBe(401);
  });

  it('rejects an edited payload (role raised to admin) signed with the old signature', async () => {
    const token = await t.token('agent@example.com');
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const edited = b64({ ...payload, role: 'admin' });
    const res = await t.http.get('/api/users').set('Authorization', `Bearer ${h}.${edited}.${s}`);
    expect(res.status).toBe(401);
  });

  it('rejects alg "none" tokens', async () => {
    const token = await t.token('admin@example.com');
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    expect((await t.http.get('/api/users').set('Authorization', `Bearer ${none}`)).status).toBe(401);
    const noneWithSig = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.x`;
    expect((await t.http.get('/api/users').set('Authorization', `Bearer ${noneWithSig}`)).status).toBe(401);
  });

  it('rejects a token signed with another secret, even with a valid shape', async () => {
    const token = await t.token('admin@example.com');
    const [h, p] = token.split('.');
    const sig = createHmac('sha256', 'some-other-secret-some-other-secret-123').update(`${h}.${p}`).digest('base64url');
    expect((await t.http.get('/api/users').set('Authorization', `Bearer ${h}.${p}.${sig}`)).status).toBe(401);
  });

  it('rejects an expired token (expiry judged by the application clock)', async () => {
    const res = await t.http.post('/api/auth/login').send({ email: 'lead@example.com', password: 'demo-password' });
    const token = res.body.accessToken as string;
    expect((await t.http.get('/api/clients').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    t.clock.advance(3601 * 1000);
    try {
      const expired = await t.http.get('/api/clients').set('Authorization', `Bearer ${token}`);
      expect(expired.status).toBe(401);
      expect(expired.body.detail).toMatch(/expired|invalid/i);
    } finally {
      t.clock.advance(-3601 * 1000);
    }
  });

  it('rejects a validly signed token whose user no longer exists or was deactivated', async () => {
    const jwt = t.app.get(JwtService);
    const ghost = await jwt.signAsync({
      sub: '00000000-0000-4000-8000-000000000000',
      role: 'admin',
      tv: 0,
      iat: Math.floor(t.clock.now().getTime() / 1000),
    });
    expect((await t.http.get('/api/clients').set('Authorization', `Bearer ${ghost}`)).status).toBe(401);

    const admin = await t.token('admin@example.com');
    const created = await t.http
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'temp.agent@example.com', password: 'a-long-password-1', role: 'agent', clientIds: [t.clients['ACME']] });
    expect(created.status).toBe(201);
    const token = await t.token('temp.agent@example.com', 'a-long-password-1');
    expect((await t.http.get('/api/clients').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const off = await t.http.patch(`/api/users/${created.body.id}`).set('Authorization', `Bearer ${admin}`).send({ active: false });
    expect(off.status).toBe(200);
    expect((await t.http.get('/api/clients').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const again = await t.http.post('/api/auth/login').send({ email: 'temp.agent@example.com', password: 'a-long-password-1' });
    expect(again.status).toBe(401);
  });
});

describe('Login throttling (per (account, IP) and per IP, kept in PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { LOGIN_RATE_LIMIT_PER_ACCOUNT: '3', LOGIN_RATE_LIMIT_PER_IP: '8', LOGIN_RATE_LIMIT_WINDOW_SECONDS: '300' },
    });
  });
  afterAll(() => t.close());

  it('locks an account for the IP that failed after repeated failures with 429 and Retry-After, even for the right password, until the window ends', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await t.http.post('/api/auth/login').send({ email: 'agent.acme@example.com', password: 'nope' })).status).toBe(401);
    }
    const locked = await t.http.post('/api/auth/login').send({ email: 'agent.acme@example.com', password: 'demo-password' });
    expect(locked.status).toBe(429);
    expect(locked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(300);
    t.clock.advance(301 * 1000);
    const later = await t.http.post('/api/auth/login').send({ email: 'agent.acme@example.com', password: 'demo-password' });
    expect(later.status).toBe(200);
  });

  it('throttles one IP across accounts', async () => {
    t.clock.advance(301 * 1000);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push((await t.http.post('/api/auth/login').send({ email: `someone${i}@example.com`, password: 'x' })).status);
    }
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
  });
});

describe('rate-limit counters', () => {
  it('expired counters are removed by the cleanup', async () => {
    const t = await createTestApp();
    try {
      await t.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'wrong' });
      const svc = t.app.get(LoginThrottleService);
      expect(await svc.removeExpired()).toBe(0);
      t.clock.advance(3600 * 1000);
      expect(await svc.removeExpired()).toBe(2);
      expect(await t.db.query('SELECT key FROM rate_limits')).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
