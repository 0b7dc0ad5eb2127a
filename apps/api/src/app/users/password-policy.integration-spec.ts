import { createTestApp, TestApp } from '../../testing/test-app';

/**
 * The password policy on the API (contract Part 2, "Sessions and abuse"; R4.5-f): POST /api/users
 * and PATCH /api/users/:id refuse a weak password with 400 naming `password`, and change nothing.
 * Sign-in is not subject to it (the demo users keep `demo-password`).
 */
describe('Password policy on POST and PATCH /api/users (R4.5-f)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin@example.com');
  });
  afterAll(() => t.close());

  const create = (body: object) => t.http.post('/api/users').set('Authorization', `Bearer ${admin}`).send(body);
  const patch = (id: string, body: object) => t.http.patch(`/api/users/${id}`).set('Authorization', `Bearer ${admin}`).send(body);
  const fields = (res: { body: { errors?: Array<{ field: string; message: string }> } }) => (res.body.errors ?? []).map((e) => e.field);

  it.each([
    ['12 spaces', ' '.repeat(12), /whitespace/],
    ['one character repeated', 'aaaaaaaaaaaa', /different characters/],
    ['a common password', 'password1234', /commonly used/],
    ['a common password in capitals', 'PASSWORD1234', /commonly used/],
    ['the user’s own e-mail', 'New.Person.X@Example.com', /e-mail/],
    ['the local part of the e-mail', 'new.person.x', /e-mail/],
    ['11 characters', 'abcdefghijk', /12/],
    ['201 characters', 'abcde'.repeat(40) + 'f', /200/],
  ])('POST /api/users refuses %s with 400 naming password; no user is created', async (_what, password, message) => {
    const res = await create({ email: 'new.person.x@example.com', password, role: 'agent', clientIds: [t.clients['ACME']] });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fields(res)).toEqual(['password']);
    expect(res.body.errors[0].message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toContain(password.trim() || 'no-such-text');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE lower(email) = 'new.person.x@example.com'`);
    expect(n).toBe(0);
  });

  it('POST /api/users accepts a password that follows the policy', async () => {
    const res = await create({
      email: 'good.person@example.com',
      password: 'Ölkorv & smörgås 7',
      role: 'agent',
      clientIds: [t.clients['ACME']],
    });
    expect(res.status).toBe(201);
    expect((await t.http.post('/api/auth/login').send({ email: 'good.person@example.com', password: 'Ölkorv & smörgås 7' })).status).toBe(
      200,
    );
  });

  it('PATCH /api/users/:id refuses a weak password with 400 naming password (its own e-mail included); the old password and tokens stay valid', async () => {
    const created = await create({
      email: 'patch.person@example.com',
      password: 'a-long-password-1',
      role: 'agent',
      clientIds: [t.clients['ACME']],
    });
    expect(created.status).toBe(201);
    const login = await t.http.post('/api/auth/login').send({ email: 'patch.person@example.com', password: 'a-long-password-1' });
    const token = login.body.accessToken as string;
    for (const password of ['PATCH.person@example.com', 'password1234', ' '.repeat(20), '111111111111']) {
      const res = await patch(created.body.id, { password });
      expect([password, res.status, fields(res)]).toEqual([password, 400, ['password']]);
    }
    expect((await t.http.get('/api/users/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await t.http.post('/api/auth/login').send({ email: 'patch.person@example.com', password: 'a-long-password-1' })).status).toBe(
      200,
    );
    expect((await patch(created.body.id, { password: 'a-better-password-2' })).status).toBe(200);
  });

  it('sign-in is not subject to the policy: the demo users sign in with demo-password', async () => {
    const res = await t.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'demo-password' });
    expect(res.status).toBe(200);
  });

  it('the OpenAPI document states the policy on both operations', async () => {
    const doc = (await t.http.get('/api/docs-json')).body;
    expect(JSON.stringify(doc.components.schemas['CreateUserDto'].properties.password)).toMatch(/commonly used password/);
    expect(JSON.stringify(doc.components.schemas['UpdateUserDto'].properties.password)).toMatch(/commonly used password/);
  });
});
