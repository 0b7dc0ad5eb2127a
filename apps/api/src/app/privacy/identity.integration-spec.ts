import { createTestApp, TestApp } from '../../testing/test-app';
import { ACTION_BODIES, actOk, auth, post, registerOk } from '../../testing/complaint-helpers';

/**
 * The right customer only (R4.5-b): verify-identity records how the agent checked who they talk to;
 * with the client policy requireIdentityCheck, update, extend and close told over another channel
 * than e-mail wait for it (409).
 */
describe('verify-identity and requireIdentityCheck (R4.5-b)', () => {
  let t: TestApp;
  let agent: string;
  let admin: string;
  let agentId: string;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z' });
    agent = await t.token('agent@example.com');
    admin = await t.token('admin@example.com');
    [{ id: agentId }] = await t.db.query(`SELECT id FROM users WHERE email = 'agent@example.com'`);
  });
  afterAll(() => t.close());

  const verify = (id: string, body: unknown, token = agent, headers: Record<string, string> = {}) =>
    t.http
      .post(`/api/complaints/${id}/verify-identity`)
      .set({ ...auth(token), ...headers })
      .send(body as object);
  const acknowledged = async (clientId: string, over: Record<string, unknown> = {}) => {
    const c = await registerOk(t, agent, clientId, { categoryCode: clientId === t.clients.ACME ? 'BILLING.DOUBLE' : undefined, ...over });
    await actOk(t, agent, c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    return c;
  };
  async function setRequireIdentityCheck(clientId: string, value: unknown) {
    const policy = (await t.http.get(`/api/clients/${clientId}`).set(auth(admin))).body.policy;
    return t.http
      .patch(`/api/clients/${clientId}`)
      .set(auth(admin))
      .send({ policy: { ...policy, requireIdentityCheck: value } });
  }

  it('R4.5-b: records method, time and agent on the complaint (customer.identityVerified) and appends identity_verified; version + 1, ETag', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    expect(c.customer.identityVerified).toBeNull();
    t.clock.set('2026-11-18T10:05:00Z');
    const res = await verify(c.id, { method: 'call_back' }, agent, { 'If-Match': String(c.version) });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe(`"${c.version + 1}"`);
    expect(res.body.customer.identityVerified).toEqual({
      method: 'call_back',
      at: '2026-11-18T10:05:00.000Z',
      by: { id: agentId, email: 'agent@example.com' },
    });
    const detail = (await t.http.get(`/api/complaints/${c.id}`).set(auth(agent))).body;
    expect(detail.customer.identityVerified.method).toBe('call_back');
    expect(detail.timeline[detail.timeline.length - 1]).toMatchObject({
      type: 'identity_verified',
      at: '2026-11-18T10:05:00.000Z',
      actor: { email: 'agent@example.com', role: 'agent' },
      data: { method: 'call_back' },
    });
    t.clock.set('2026-11-18T10:00:00Z');
  });

  it('R4.5-b: unknown method or field → 400 naming it; unknown complaint → 404; stale If-Match → 412; client viewer → 403; nothing written', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    const bad = await verify(c.id, { method: 'gut_feeling' });
    expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['method']]);
    expect((await verify(c.id, { method: 'in_person', by: 'x' })).status).toBe(400);
    expect((await verify(c.id, {})).status).toBe(400);
    expect((await verify('00000000-0000-4000-8000-000000000000', { method: 'in_person' })).status).toBe(404);
    const stale = await verify(c.id, { method: 'in_person' }, agent, { 'If-Match': '"99"' });
    expect([stale.status, stale.body.version]).toEqual([412, c.version]);
    expect((await verify(c.id, { method: 'in_person' }, await t.token('viewer.acme@example.com'))).status).toBe(403);
    // Another client's complaint is 404 for an agent who does not serve it.
    expect((await verify(c.id, { method: 'in_person' }, await t.token('agent.acme@example.com'))).status).toBe(200);
    const globex = await registerOk(t, agent, t.clients.GLOBEX);
    expect((await verify(globex.id, { method: 'in_person' }, await t.token('agent.acme@example.com'))).status).toBe(404);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = $1 AND type = 'identity_verified'`,
      [globex.id],
    );
    expect(n).toBe(0);
  });

  it('R4.5-b: policy.requireIdentityCheck must be a boolean (400 naming it)', async () => {
    const res = await setRequireIdentityCheck(t.clients.GLOBEX, 'yes');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('policy.requireIdentityCheck');
  });

  it('R4.5-b: with requireIdentityCheck, update, extend and close over another channel than e-mail → 409 until verify-identity; e-mail needs no check', async () => {
    expect((await setRequireIdentityCheck(t.clients.ACME, true)).status).toBe(200);
    const c = await acknowledged(t.clients.ACME);
    const phone = await post(t, agent, c.id, 'update', { via: 'phone', message: 'Your refund is on its way' });
    expect(phone.status).toBe(409);
    expect(phone.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(phone.body).toMatchObject({ code: 'IDENTITY_NOT_VERIFIED', errors: [{ field: 'via' }] });
    expect((await post(t, agent, c.id, 'close', { ...ACTION_BODIES.close, via: 'letter' })).status).toBe(409);
    expect((await post(t, agent, c.id, 'extend', { ...ACTION_BODIES.extend, via: 'webchat' })).status).toBe(409);
    // By e-mail to the address on file: no check needed.
    expect((await post(t, agent, c.id, 'update', { via: 'email', message: 'Your refund is on its way' })).status).toBe(200);
    // Actions that tell the customer nothing are not affected.
    expect((await post(t, agent, c.id, 'escalate', { reason: 'customer_request' })).status).toBe(200);
    expect((await verify(c.id, { method: 'known_details' })).status).toBe(200);
    expect((await post(t, agent, c.id, 'update', { via: 'phone', message: 'Your refund is on its way' })).status).toBe(200);
    expect((await post(t, agent, c.id, 'close', { ...ACTION_BODIES.close, via: 'letter' })).status).toBe(200);
  });

  it('R4.5-b: extend without via for a customer who cannot be e-mailed needs the check; a customer who prefers e-mail does not', async () => {
    const noMail = await acknowledged(t.clients.ACME, {
      customer: { name: 'Per Phone', phone: '+46701234567', preferredChannel: 'phone' },
    });
    const { via: _via, ...extendNoVia } = ACTION_BODIES.extend as Record<string, unknown>;
    expect((await post(t, agent, noMail.id, 'extend', extendNoVia)).status).toBe(409);
    const mail = await acknowledged(t.clients.ACME);
    expect((await post(t, agent, mail.id, 'extend', extendNoVia)).status).toBe(200);
  });

  it('R4.5-b: without requireIdentityCheck (the default) no check is needed', async () => {
    const c = await acknowledged(t.clients.GLOBEX);
    expect((await post(t, agent, c.id, 'update', { via: 'phone', message: 'Looking into it' })).status).toBe(200);
  });
});
