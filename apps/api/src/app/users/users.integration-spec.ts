import { createTestApp, TestApp } from '../../testing/test-app';

describe('Users (admin)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin@example.com');
  });
  afterAll(() => t.close());

  const create = (body: object, token = admin) => t.http.post('/api/users').set('Authorization', `Bearer ${token}`).send(body);

  it('creates a user (201) and never returns password material; the hash is argon2id', async () => {
    const res = await create({
      email: 'new.agent@example.com',
      password: 'correct horse battery',
      role: 'agent',
      clientIds: [t.clients['ACME']],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'new.agent@example.com', role: 'agent', clientIds: [t.clients['ACME']], active: true });
    expect(Object.keys(res.body).some((k) => /pass|hash/i.test(k))).toBe(false);
    const [{ password_hash }] = await t.db.query(`SELECT password_hash FROM users WHERE email = 'new.agent@example.com'`);
    expect(password_hash).toMatch(/^\$argon2id\$/);
    const list = await t.http.get('/api/users').set('Authorization', `Bearer ${admin}`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password/i);
    const login = await t.http.post('/api/auth/login').send({ email: 'new.agent@example.com', password: 'correct horse battery' });
    expect(login.status).toBe(200);
  });

  it('answers 409 for a duplicate e-mail, case-insensitively', async () => {
    const res = await create({
      email: 'AGENT@example.com',
      password: 'correct horse battery',
      role: 'agent',
      clientIds: [t.clients['ACME']],
    });
    expect(res.status).toBe(409);
  });

  it.each([
    ['email', { email: 'not-an-email' }],
    ['password', { password: 'short' }],
    ['role', { role: 'superuser' }],
    ['clientIds', { clientIds: ['nope'] }],
    ['clientIds', { clientIds: 'ACME' }],
  ])('rejects an invalid %s with 400 naming the field', async (field, patch) => {
    const res = await create({
      email: 'x.y@example.com',
      password: 'correct horse battery',
      role: 'agent',
      clientIds: [t.clients['ACME']],
      ...patch,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('a client_viewer belongs to exactly one client; an agent to at least one; unknown clients are 422', async () => {
    const two = await create({
      email: 'v2@example.com',
      password: 'correct horse battery',
      role: 'client_viewer',
      clientIds: [t.clients['ACME'], t.clients['GLOBEX']],
    });
    expect(two.status).toBe(422);
    const none = await create({ email: 'a0@example.com', password: 'correct horse battery', role: 'agent', clientIds: [] });
    expect(none.status).toBe(422);
    const unknown = await create({
      email: 'a1@example.com',
      password: 'correct horse battery',
      role: 'agent',
      clientIds: ['4f7c2a8e-1111-4222-8333-944455556666'],
    });
    expect(unknown.status).toBe(422);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM users WHERE email IN ('v2@example.com','a0@example.com','a1@example.com')`,
    );
    expect(n).toBe(0);
  });

  it('only admins manage users (403 for every other role)', async () => {
    for (const email of ['lead@example.com', 'agent@example.com', 'viewer.acme@example.com']) {
      const token = await t.token(email);
      expect((await t.http.get('/api/users').set('Authorization', `Bearer ${token}`)).status).toBe(403);
      expect(
        (await create({ email: 'z@example.com', password: 'correct horse battery', role: 'admin', clientIds: [] }, token)).status,
      ).toBe(403);
    }
  });

  it('GET /api/users/me returns the caller', async () => {
    const res = await t.http.get('/api/users/me').set('Authorization', `Bearer ${await t.token('viewer.globex@example.com')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'viewer.globex@example.com', role: 'client_viewer', clientIds: [t.clients['GLOBEX']] });
  });
});
