import { JwtService } from '@nestjs/jwt';
import { createTestApp, TestApp } from '../../testing/test-app';

/**
 * Sessions (contract Part 2, "Sessions and abuse"; R4.5-b, R4.5-f): a token stops working when
 * the user's password, role or clients change or the user is deactivated, and on logout — every
 * token issued to that user before, on every device.
 */
describe('Token revocation and logout (R4.5-b, R4.5-f)', () => {
  let t: TestApp;
  let admin: string;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin@example.com');
  });
  afterAll(() => t.close());

  const PASSWORD = 'a-long-password-1';
  const NEW_PASSWORD = 'another-long-password-2';

  /** A fresh agent of ACME and two tokens of it (two devices). */
  async function agentWithTokens(): Promise<{ id: string; email: string; tokens: string[] }> {
    const email = `session.agent.${++n}@example.com`;
    const created = await t.http
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email, password: PASSWORD, role: 'agent', clientIds: [t.clients['ACME']] });
    expect(created.status).toBe(201);
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await t.http.post('/api/auth/login').send({ email, password: PASSWORD });
      expect(res.status).toBe(200);
      tokens.push(res.body.accessToken);
      t.clock.advance(1000); // two sign-ins at different times: two different tokens
    }
    for (const token of tokens) expect((await me(token)).status).toBe(200);
    return { id: created.body.id, email, tokens };
  }

  const me = (token: string, scheme = 'Bearer') => t.http.get('/api/users/me').set('Authorization', `${scheme} ${token}`);
  const patchUser = (id: string, body: object) => t.http.patch(`/api/users/${id}`).set('Authorization', `Bearer ${admin}`).send(body);

  it('accepts the bearer scheme in any case (Authorization: bearer …)', async () => {
    const token = await t.token('agent@example.com');
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await me(token, scheme);
      expect(res.status).toBe(200);
      expect(res.body.email).toBe('agent@example.com');
    }
    expect((await me(token, 'Basic')).status).toBe(401);
    expect((await t.http.get('/api/users/me').set('Authorization', `Bearer${token}`)).status).toBe(401);
  });

  it('R4.5-b: a password change revokes every token issued before it (401); the new password signs in', async () => {
    const u = await agentWithTokens();
    expect((await patchUser(u.id, { password: NEW_PASSWORD })).status).toBe(200);
    for (const token of u.tokens) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await t.http.post('/api/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(401);
    const fresh = await t.http.post('/api/auth/login').send({ email: u.email, password: NEW_PASSWORD });
    expect(fresh.status).toBe(200);
    expect((await me(fresh.body.accessToken)).status).toBe(200);
  });

  it('R4.5-b: a role change revokes the user’s tokens', async () => {
    const u = await agentWithTokens();
    expect((await patchUser(u.id, { role: 'team_lead' })).status).toBe(200);
    for (const token of u.tokens) expect((await me(token)).status).toBe(401);
  });

  it('R4.5-b: a change of the user’s clients revokes its tokens', async () => {
    const u = await agentWithTokens();
    expect((await patchUser(u.id, { clientIds: [t.clients['ACME'], t.clients['GLOBEX']] })).status).toBe(200);
    for (const token of u.tokens) expect((await me(token)).status).toBe(401);
  });

  it('R4.5-b: deactivation revokes the tokens, and reactivating the user does not bring them back', async () => {
    const u = await agentWithTokens();
    expect((await patchUser(u.id, { active: false })).status).toBe(200);
    expect((await patchUser(u.id, { active: true })).status).toBe(200);
    for (const token of u.tokens) expect((await me(token)).status).toBe(401);
    expect((await t.http.post('/api/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(200);
  });

  it('a PATCH that changes none of password, role, clients or active keeps the tokens', async () => {
    const u = await agentWithTokens();
    expect((await patchUser(u.id, { role: 'agent', clientIds: [t.clients['ACME']], active: true })).status).toBe(200);
    for (const token of u.tokens) expect((await me(token)).status).toBe(200);
  });

  it('a refused change revokes nothing (the revocation is in the change’s transaction)', async () => {
    const u = await agentWithTokens();
    const refused = await patchUser(u.id, { password: NEW_PASSWORD, clientIds: ['4f7c2a8e-1111-4222-8333-944455556666'] });
    expect(refused.status).toBe(422);
    for (const token of u.tokens) expect((await me(token)).status).toBe(200);
    expect((await t.http.post('/api/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(200);
  });

  it('R4.5-f: POST /api/auth/logout → 204 and signs the caller out everywhere; other users stay signed in', async () => {
    const u = await agentWithTokens();
    const other = await t.token('agent.acme@example.com');
    const out = await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${u.tokens[0]}`);
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    for (const token of u.tokens) expect((await me(token)).status).toBe(401);
    expect((await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${u.tokens[1]}`)).status).toBe(401);
    expect((await me(other)).status).toBe(200);
    // signing in again gives a working token
    const again = await t.http.post('/api/auth/login').send({ email: u.email, password: PASSWORD });
    expect((await me(again.body.accessToken)).status).toBe(200);
  });

  it('logout without a token → 401 problem+json', async () => {
    const res = await t.http.post('/api/auth/logout');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('a token without the token version claim is refused', async () => {
    const token = await t.token('lead@example.com');
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload.tv).toEqual(expect.any(Number));
    const { tv: _tv, exp: _exp, ...unversioned } = payload;
    const signed = await t.app.get(JwtService).signAsync(unversioned);
    expect((await me(signed)).status).toBe(401);
  });

  it('logout is documented in the OpenAPI document (204, 401)', async () => {
    const doc = (await t.http.get('/api/docs-json')).body;
    const op = doc.paths['/api/auth/logout']?.post;
    expect(op).toBeDefined();
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['204', '401']));
    expect(op.security).toEqual(expect.arrayContaining([expect.objectContaining({ bearer: [] })]));
    expect(doc.paths['/api/users/{id}'].patch.description).toMatch(/revoke/i);
  });
});
