import { act, clockTokens, registerComplaint, timeline } from '../../testing/escalation-fixtures';
import { createTestApp, TestApp } from '../../testing/test-app';
import { EscalationSweepService } from './escalation-sweep.service';

/**
 * ACME: Europe/Stockholm, Mon–Fri 08–17, acknowledge within 1 business day, resolve within 10,
 * update every 5, atRiskAt 0.8. Received Wednesday 2026-11-18 11:00 CET (10:00Z):
 * acknowledgeBy Thursday 19 Nov 17:00 CET (16:00Z), resolveBy Wednesday 2 Dec 17:00 CET (16:00Z).
 */
const RECEIVED = '2026-11-18T10:00:00Z';
const ACK_BY = '2026-11-19T16:00:00.000Z';
const RESOLVE_BY = '2026-12-02T16:00:00.000Z';
const after = (iso: string, ms = 1000) => new Date(new Date(iso).getTime() + ms).toISOString();

describe('Escalation within deadlines (R4.4-e c)', () => {
  let t: TestApp;
  let sweep: EscalationSweepService;
  let tok: (email: string) => Promise<string>;
  const LEAD = 'lead@example.com';
  const AGENT = 'agent@example.com';
  const ADMIN = 'admin@example.com';

  beforeAll(async () => {
    t = await createTestApp({ now: RECEIVED, env: { BACKGROUND_JOBS: 'false' } });
    tok = clockTokens(t);
    sweep = t.app.get(EscalationSweepService);
  });
  afterAll(() => t.close());

  const run = async (email: string) => {
    const res = await t.http.post('/api/escalations/run').set('Authorization', `Bearer ${await tok(email)}`);
    expect(res.status).toBe(200);
    return res.body as { escalated: number };
  };
  const escalations = async (id: string) =>
    (await timeline(t, await tok(AGENT), id))
      .filter((e) => e.type === 'escalated')
      .map((e) => ({ reason: e.data['reason'], actor: e.actor }));

  it('POST /api/escalations/run: agents get 403, client viewers 403, no token 401', async () => {
    expect((await t.http.post('/api/escalations/run').set('Authorization', `Bearer ${await tok(AGENT)}`)).status).toBe(403);
    const viewer = await tok('viewer.acme@example.com');
    expect((await t.http.post('/api/escalations/run').set('Authorization', `Bearer ${viewer}`)).status).toBe(403);
    expect((await t.http.post('/api/escalations/run')).status).toBe(401);
    expect(await run(ADMIN)).toEqual({ escalated: 0 });
  });

  it('escalates a missed deadline once per deadline value, moved deadlines again, a step done late no more, closed never', async () => {
    t.clock.set(RECEIVED);
    const c = await registerComplaint(t, await tok(AGENT), { clientId: t.clients['ACME'] });
    expect(await run(LEAD)).toEqual({ escalated: 0 });

    // exactly at the deadline it is not yet missed
    t.clock.set(ACK_BY);
    expect(await run(LEAD)).toEqual({ escalated: 0 });

    // missed: one escalated event with the system as actor
    t.clock.set(after(ACK_BY));
    expect(await run(LEAD)).toEqual({ escalated: 1 });
    expect(await escalations(c.id)).toEqual([{ reason: 'acknowledge_overdue', actor: { system: true } }]);
    const detail = await t.http.get(`/api/complaints/${c.id}`).set('Authorization', `Bearer ${await tok(AGENT)}`);
    expect(detail.body.escalation.level).toBe(1);
    expect(detail.body.sla.acknowledge).toBe('breached');

    // repeated sweeps (manual and direct) change nothing
    expect(await run(ADMIN)).toEqual({ escalated: 0 });
    expect((await sweep.sweep()).escalated).toBe(0);
    t.clock.advance(3600_000);
    expect(await run(LEAD)).toEqual({ escalated: 0 });

    // the step done late: sla stays breached, no more acknowledge escalations
    const acked = await act(t, await tok(AGENT), c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    const nextUpdateBy = (acked['deadlines'] as { nextUpdateBy: string }).nextUpdateBy;
    expect((acked['sla'] as Record<string, string>)['acknowledge']).toBe('breached');
    expect(await run(LEAD)).toEqual({ escalated: 0 });

    // the update deadline missed → update_overdue; an update moves it; missed again → escalates again
    t.clock.set(after(nextUpdateBy));
    expect(await run(LEAD)).toEqual({ escalated: 1 });
    expect(await run(LEAD)).toEqual({ escalated: 0 });
    const updated = await act(t, await tok(AGENT), c.id, 'update', { via: 'phone', message: 'Still checking the invoices' });
    const nextUpdateBy2 = (updated['deadlines'] as { nextUpdateBy: string }).nextUpdateBy;
    expect(nextUpdateBy2 > nextUpdateBy).toBe(true);
    t.clock.set(after(nextUpdateBy2));
    // by now the resolve deadline has passed too: both escalate in one sweep
    expect(nextUpdateBy2 > RESOLVE_BY).toBe(true);
    expect(await run(LEAD)).toEqual({ escalated: 2 });
    expect((await escalations(c.id)).map((e) => e.reason)).toEqual([
      'acknowledge_overdue',
      'update_overdue',
      'update_overdue',
      'resolve_overdue',
    ]);

    // extend moves resolveBy: missing the new one escalates again, once
    const newResolveBy = new Date(new Date(nextUpdateBy2).getTime() + 2 * 86_400_000).toISOString();
    await act(t, await tok(AGENT), c.id, 'extend', { newResolveBy, reason: 'Waiting for the grid operator', actionPlan: 'Chase daily' });
    t.clock.set(after(newResolveBy));
    const res = await run(LEAD);
    // the moved resolve deadline, and the update deadline that has come round again
    const reasons = (await escalations(c.id)).map((e) => e.reason).slice(4);
    expect(reasons.filter((r) => r === 'resolve_overdue')).toEqual(['resolve_overdue']);
    expect(res.escalated).toBe(reasons.length);
    expect(await run(LEAD)).toEqual({ escalated: 0 });

    // closed: never again, however late
    await act(t, await tok(AGENT), c.id, 'categorise', { categoryCode: 'BILLING.DOUBLE' });
    await act(t, await tok(AGENT), c.id, 'close', { outcome: 'upheld', resolution: 'Refunded', via: 'phone' });
    const before = (await escalations(c.id)).length;
    t.clock.advance(60 * 86_400_000);
    expect(await run(LEAD)).toEqual({ escalated: 0 });
    expect((await escalations(c.id)).length).toBe(before);
    // every escalation matches exactly one claim
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM escalation_claims WHERE complaint_id = $1', [c.id]);
    expect(n).toBe(before);
  });

  it("a team lead's run covers only the clients it serves; admin's all", async () => {
    const [u] = await Promise.all([
      t.http
        .post('/api/users')
        .set('Authorization', `Bearer ${await tok(ADMIN)}`)
        .send({ email: 'lead.globex@example.com', password: 'demo-password', role: 'team_lead', clientIds: [t.clients['GLOBEX']] }),
    ]);
    expect(u.status).toBe(201);
    const globexLead = 'lead.globex@example.com';
    t.clock.set('2026-11-18T10:00:00Z');
    const c = await registerComplaint(t, await tok(AGENT), { clientId: t.clients['ACME'] });
    t.clock.set(after(ACK_BY));
    expect(await run(globexLead)).toEqual({ escalated: 0 });
    expect(await escalations(c.id)).toEqual([]);
    expect(await run(ADMIN)).toEqual({ escalated: 1 });
  });

  it("escalations notify the client's team leads: feed and e-mail", async () => {
    t.clock.set('2026-11-18T10:00:00Z');
    const c = await registerComplaint(t, await tok(AGENT), { clientId: t.clients['ACME'] });
    t.clock.set(after(ACK_BY));
    expect(await run(LEAD)).toEqual({ escalated: 1 });
    const feed = await t.http.get('/api/notifications').set('Authorization', `Bearer ${await tok(LEAD)}`);
    expect(feed.status).toBe(200);
    const mine = feed.body.items.filter((n: { complaintId: string }) => n.complaintId === c.id);
    expect(mine).toEqual([
      expect.objectContaining({
        kind: 'escalated',
        reference: c.reference,
        clientId: t.clients['ACME'],
        readAt: null,
        data: expect.objectContaining({ reason: 'acknowledge_overdue', automatic: true, levelAfter: 1, deadline: ACK_BY }),
      }),
    ]);
    expect(mine[0].message).toContain(c.reference);
    expect(mine[0].message).toContain('Acme Energy');
    const mails: Array<{ to_address: string; subject: string; kind: string }> = await t.db.query(
      `SELECT to_address, subject, kind FROM mail_outbox WHERE complaint_id = $1 AND recipient_type = 'team_lead'`,
      [c.id],
    );
    // ACME's only team lead in the demo data
    expect(mails).toEqual([
      { to_address: 'lead@example.com', kind: 'lead_escalated', subject: `[Acme Energy] ${c.reference} escalated to level 1` },
    ]);
  });

  it('at risk: one notice per deadline to the team leads once atRiskAt of the allowed time has passed', async () => {
    t.clock.set('2026-11-18T10:00:00Z');
    const c = await registerComplaint(t, await tok(AGENT), { clientId: t.clients['ACME'] });
    const notices = async () =>
      (await t.db.query(`SELECT kind, data FROM notifications WHERE complaint_id = $1 AND kind = 'at_risk' ORDER BY created_at`, [
        c.id,
      ])) as Array<{
        kind: string;
        data: Record<string, unknown>;
      }>;
    // acknowledge window 30 h; 80 % = 24 h → at risk from 2026-11-19T10:00Z
    t.clock.set('2026-11-19T09:59:59Z');
    await sweep.sweep();
    expect(await notices()).toEqual([]);
    t.clock.set('2026-11-19T10:00:00Z');
    const first = await sweep.sweep();
    expect(first.atRiskNotices).toBeGreaterThanOrEqual(1);
    expect(await notices()).toEqual([{ kind: 'at_risk', data: expect.objectContaining({ step: 'acknowledge', deadline: ACK_BY }) }]);
    const detail = await t.http.get(`/api/complaints/${c.id}`).set('Authorization', `Bearer ${await tok(AGENT)}`);
    expect(detail.body.sla.acknowledge).toBe('at_risk');
    const atRiskList = await t.http.get(`/api/complaints?atRisk=true&limit=100`).set('Authorization', `Bearer ${await tok(AGENT)}`);
    expect(atRiskList.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect(detail.body.timeline.filter((e: { type: string }) => e.type === 'at_risk')).toEqual([
      expect.objectContaining({ actor: { system: true }, data: expect.objectContaining({ step: 'acknowledge', deadline: ACK_BY }) }),
    ]);
    // again and again: once
    await sweep.sweep();
    t.clock.advance(3600_000);
    await run(LEAD);
    expect((await notices()).length).toBe(1);
    const leadMails = await t.db.query(`SELECT 1 FROM mail_outbox WHERE complaint_id = $1 AND kind = 'lead_at_risk'`, [c.id]);
    expect(leadMails.length).toBe(1);

    // the next-update deadline: a notice when it is at risk, and again for the moved deadline after an update
    const acked = await act(t, await tok(AGENT), c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    const updateNotices = async () => (await notices()).filter((n) => n.data['step'] === 'update').map((n) => n.data['deadline']);
    const atRiskFrom = (start: string, deadline: string) =>
      new Date(new Date(start).getTime() + 0.8 * (new Date(deadline).getTime() - new Date(start).getTime()));
    const next1 = (acked['deadlines'] as { nextUpdateBy: string }).nextUpdateBy;
    const risk1 = atRiskFrom('2026-11-19T11:00:00Z', next1);
    t.clock.set(new Date(risk1.getTime() - 1000));
    await sweep.sweep();
    expect(await updateNotices()).toEqual([]);
    t.clock.set(risk1);
    await sweep.sweep();
    await sweep.sweep();
    expect(await updateNotices()).toEqual([next1]);
    const updated = await act(t, await tok(AGENT), c.id, 'update', { via: 'phone', message: 'Still on it' });
    const next2 = (updated['deadlines'] as { nextUpdateBy: string }).nextUpdateBy;
    t.clock.set(atRiskFrom(risk1.toISOString(), next2));
    await sweep.sweep();
    await run(LEAD);
    expect(await updateNotices()).toEqual([next1, next2]);
  });
});
