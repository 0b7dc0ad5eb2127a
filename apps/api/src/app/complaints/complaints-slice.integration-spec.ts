import { LogCapture } from '../../testing/log-capture';
import { createTestApp, TestApp } from '../../testing/test-app';
import { ACTION_BODIES, auth, post, registerBody, registerOk } from '../../testing/complaint-helpers';

describe('Complaints: register, read, acknowledge (R4.4-e a, R4.4-d)', () => {
  let t: TestApp;
  let agent: string;
  const logs = new LogCapture();
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z', env: { LOG_LEVEL: 'info', BACKGROUND_JOBS: 'false' }, logStream: logs });
    agent = await t.token('agent@example.com');
  });
  afterAll(() => t.close());

  it('R4.4-e a: registers with reference, deadlines from receipt, snapshot, event; GET shows the timeline', async () => {
    const res = await t.http
      .post('/api/complaints')
      .set(auth(agent))
      .send(registerBody(t.clients.ACME, { categoryCode: 'BILLING.DOUBLE' }));
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"1"');
    const c = res.body;
    expect(c.reference).toMatch(/^ACME-2026-\d{6,}$/);
    expect(c.status).toBe('registered');
    expect(c.category).toEqual({ code: 'BILLING.DOUBLE', name: 'Charged twice' });
    // Received Wed 18 Nov 09:30 Stockholm: acknowledge by Thu 19 Nov 17:00 local = 16:00Z.
    expect(c.deadlines.acknowledgeBy).toBe('2026-11-19T16:00:00.000Z');
    expect(c.dueAt).toBe('2026-11-19T16:00:00.000Z');
    expect(c.sla).toEqual({ acknowledge: 'pending', resolve: 'pending', update: 'pending' });
    expect(c.escalation).toEqual({ level: 0, reasons: [] });
    expect(c.allowedActions).toEqual(['categorise', 'acknowledge', 'escalate']);
    expect(c.version).toBe(1);
    const got = await t.http.get(`/api/complaints/${c.id}`).set(auth(agent));
    expect(got.status).toBe(200);
    expect(got.body.timeline).toHaveLength(1);
    expect(got.body.timeline[0]).toMatchObject({ type: 'registered', actor: { email: 'agent@example.com', role: 'agent' } });
  });

  it('R4.4-d: acknowledge → 200, acknowledged, version 2; second acknowledge → 409 with state', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    const ok = await post(t, agent, c.id, 'acknowledge', ACTION_BODIES.acknowledge);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('acknowledged');
    expect(ok.body.version).toBe(2);
    const again = await post(t, agent, c.id, 'acknowledge', ACTION_BODIES.acknowledge);
    expect(again.status).toBe(409);
    expect(again.body.state).toBe('acknowledged');
    expect(again.body.allowedActions).toEqual(['categorise', 'update', 'extend', 'escalate', 'close']);
  });

  it('R4.5-f: register and actions are logged with ids only — no customer name, e-mail, phone, summary or description', async () => {
    const c = await registerOk(t, agent, t.clients.ACME, { summary: 'Secret summary text', description: 'Secret description text' });
    await post(t, agent, c.id, 'acknowledge', ACTION_BODIES.acknowledge);
    expect(logs.text).toContain(c.id);
    for (const pii of ['Eva Svensson', 'eva@example.org', '+46701234567', 'Secret summary text', 'Secret description text']) {
      expect(logs.text).not.toContain(pii);
    }
  });
});
