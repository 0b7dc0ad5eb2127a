import { act as actAs, clockTokens, createTestSmtp, registerComplaint, TestSmtp } from '../../testing/escalation-fixtures';
import { createTestApp, TestApp } from '../../testing/test-app';
import { OutboxWorker } from '../mail/outbox-worker.service';

/**
 * `customerNotReached` (R4.2-c, R4.4-e d): the customer must be told — by e-mail when possible,
 * otherwise the agent records the call or letter. A complaint whose customer was not reached says so in
 * every answer and in the list filter, and a customer e-mail that finally fails tells the team leads.
 */
describe('Complaints: customer not reached (R4.2-c d, R4.4-e d)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let tok: (email: string) => Promise<string>;
  let worker: OutboxWorker;
  const AGENT = 'agent@example.com';
  const LEAD = 'lead@example.com';
  let n = 0;
  const address = () => `reach.${++n}@example.org`;

  beforeAll(async () => {
    smtp = await createTestSmtp();
    t = await createTestApp({
      now: '2026-11-18T10:00:00Z',
      env: { SMTP_URL: smtp.url, BACKGROUND_JOBS: 'false', OUTBOX_MAX_ATTEMPTS: '2' },
    });
    tok = clockTokens(t);
    worker = t.app.get(OutboxWorker);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const act = async (id: string, action: string, body: Record<string, unknown>) => actAs(t, await tok(AGENT), id, action, body);
  const register = async (c: Omit<Parameters<typeof registerComplaint>[2], 'clientId'>) =>
    registerComplaint(t, await tok(AGENT), { clientId: t.clients['ACME'], ...c });
  const get = async (id: string) => (await t.http.get(`/api/complaints/${id}`).set('Authorization', `Bearer ${await tok(AGENT)}`)).body;
  const listIds = async (query: string) => {
    const res = await t.http.get(`/api/complaints?limit=100&${query}`).set('Authorization', `Bearer ${await tok(AGENT)}`);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((i) => i.id);
  };
  const outbox = async (id: string) =>
    (await t.db.query(`SELECT kind, status FROM mail_outbox WHERE complaint_id = $1 ORDER BY created_at, kind`, [id])) as Array<{
      kind: string;
      status: string;
    }>;
  const leadFeed = async (complaintId: string) => {
    const res = await t.http.get('/api/notifications?limit=100').set('Authorization', `Bearer ${await tok(LEAD)}`);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ kind: string; complaintId: string; message: string; data: Record<string, unknown> }>).filter(
      (i) => i.complaintId === complaintId,
    );
  };
  const EXTEND = {
    newResolveBy: '2027-01-29T16:00:00Z',
    reason: 'Waiting for the grid operator',
    actionPlan: 'Chase the grid operator weekly',
  };

  it('R4.2-c d: extend without via e-mails a customer who has an address and stated no preference — the event records via email, customerNotReached stays false', async () => {
    const c = await register({ email: address() });
    await act(c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    const ext = await act(c.id, 'extend', EXTEND);
    expect(ext['customerNotReached']).toBe(false);
    expect(await outbox(c.id)).toEqual([{ kind: 'customer_extended', status: 'pending' }]);
    const event = (await get(c.id)).timeline.find((e: { type: string }) => e.type === 'deadline_extended');
    expect(event.data.via).toBe('email');
    expect(event.data.preferredChannel).toBeUndefined();
  });

  it('R4.2-c d: extend without via for a customer who prefers the phone → no e-mail, the event records preferredChannel, customerNotReached true (answer, GET, list filter) until an update by phone is recorded', async () => {
    const c = await register({ email: address(), preferredChannel: 'phone' });
    await act(c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    const ext = await act(c.id, 'extend', EXTEND);
    expect(ext).toMatchObject({ customerNotReached: true, version: 3 });
    expect(await outbox(c.id)).toEqual([]);
    const got = await get(c.id);
    expect(got.customerNotReached).toBe(true);
    const event = got.timeline.find((e: { type: string }) => e.type === 'deadline_extended');
    expect(event.data).toMatchObject({ preferredChannel: 'phone', changes: { customerNotReached: { before: false, after: true } } });
    expect(event.data.via).toBeUndefined();
    expect(await listIds('customerNotReached=true')).toContain(c.id);
    expect(await listIds('customerNotReached=false')).not.toContain(c.id);

    // The agent calls the customer and records it.
    const upd = await act(c.id, 'update', { via: 'phone', message: 'Told the customer about the new date by phone' });
    expect(upd['customerNotReached']).toBe(false);
    const last = (await get(c.id)).timeline.at(-1);
    expect(last).toMatchObject({
      type: 'updated',
      data: { via: 'phone', changes: { customerNotReached: { before: true, after: false } } },
    });
    expect(await listIds('customerNotReached=true')).not.toContain(c.id);
  });

  it('R4.2-c d: a customer without an e-mail address and no stated preference is to be called (preferredChannel phone); a letter recorded later reaches them', async () => {
    const c = await register({ email: null, phone: '+46701234567' });
    await act(c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    expect((await act(c.id, 'extend', EXTEND))['customerNotReached']).toBe(true);
    expect((await get(c.id)).timeline.find((e: { type: string }) => e.type === 'deadline_extended').data.preferredChannel).toBe('phone');
    expect((await act(c.id, 'update', { via: 'letter', message: 'Sent a letter with the new date' }))['customerNotReached']).toBe(false);
  });

  it('R4.2-c d: a customer who prefers letters: an update by e-mail keeps customerNotReached until that e-mail is delivered (notification_sent clears it, the version moves)', async () => {
    const c = await register({ email: address(), preferredChannel: 'letter' });
    await act(c.id, 'acknowledge', { via: 'letter', responsibleFunction: 'Billing team' });
    expect((await act(c.id, 'extend', EXTEND))['customerNotReached']).toBe(true);
    const upd = await act(c.id, 'update', { via: 'email', message: 'The new date is 29 January' });
    expect(upd).toMatchObject({ customerNotReached: true, version: 4 });
    await worker.deliverDue();
    const got = await get(c.id);
    expect(got).toMatchObject({ customerNotReached: false, version: 5 });
    expect(got.timeline.at(-1)).toMatchObject({
      type: 'notification_sent',
      actor: { system: true },
      data: { kind: 'updated', changes: { customerNotReached: { before: true, after: false } } },
    });
  });

  it('R4.4-e d: a customer e-mail that finally fails → customerNotReached, one team-lead notice (feed + e-mail) without customer data; a later delivered e-mail clears it', async () => {
    await smtp.stop();
    const email = address();
    const c = await register({ email });
    await act(c.id, 'acknowledge', { via: 'email', responsibleFunction: 'Billing team' });
    // attempt 1 of 2 fails: delivery is late, not given up
    expect(await worker.deliverDue()).toEqual({ sent: 0, failed: 1 });
    expect(await get(c.id)).toMatchObject({ customerNotReached: false, version: 2 });
    expect(await leadFeed(c.id)).toEqual([]);
    // attempt 2 is the last: given up (the team leads' e-mails it queues fail in the same run: SMTP is down)
    t.clock.advance(30_000);
    expect((await worker.deliverDue()).sent).toBe(0);
    const got = await get(c.id);
    expect(got).toMatchObject({ customerNotReached: true, version: 3 });
    expect(got.timeline.at(-1)).toMatchObject({
      type: 'notification_failed',
      data: { kind: 'acknowledged', attempt: 2, final: true, changes: { customerNotReached: { before: false, after: true } } },
    });
    const feed = await leadFeed(c.id);
    expect(feed).toEqual([
      expect.objectContaining({ kind: 'customer_not_reached', data: expect.objectContaining({ message: 'acknowledged', attempts: 2 }) }),
    ]);
    expect(feed[0].message).toContain(got.reference);
    expect(feed[0].message).toContain('the customer was not reached');
    expect(JSON.stringify(feed)).not.toContain(email);
    expect(JSON.stringify(feed)).not.toContain('Eva Svensson');
    expect((await outbox(c.id)).filter((r) => r.kind === 'lead_not_reached').length).toBeGreaterThan(0);
    expect(await listIds('customerNotReached=true')).toContain(c.id);

    // SMTP back: the lead e-mails go out; a new update by e-mail reaches the customer and clears the flag
    await smtp.start();
    t.clock.advance(30_000); // their retry is due
    await worker.deliverDue();
    const leadMail = smtp.received.find((m) => m.to.includes(LEAD) && m.subject.includes(got.reference));
    expect(leadMail?.subject).toBe(`[Acme Energy] ${got.reference}: customer not reached`);
    expect(leadMail?.text).not.toContain(email);
    expect((await get(c.id)).customerNotReached).toBe(true);
    await act(c.id, 'update', { via: 'email', message: 'Sorry for the silence: we are on it' });
    await worker.deliverDue();
    expect((await get(c.id)).customerNotReached).toBe(false);
    expect(await listIds('customerNotReached=true')).not.toContain(c.id);
    // one notice for the one failure
    expect(await leadFeed(c.id)).toHaveLength(1);
  });

  it('R4.4-e d: after a final failure, an update recorded by another channel clears customerNotReached', async () => {
    await smtp.stop();
    const c = await register({ email: address() });
    await act(c.id, 'acknowledge', { via: 'email', responsibleFunction: 'Billing team' });
    await worker.deliverDue();
    t.clock.advance(30_000);
    await worker.deliverDue();
    await smtp.start();
    expect((await get(c.id)).customerNotReached).toBe(true);
    expect((await act(c.id, 'update', { via: 'phone', message: 'Called the customer' }))['customerNotReached']).toBe(false);
  });

  it('R4.4-e d: via email for a customer without an address → customerNotReached at once in the action’s answer (the agent sees it; no team-lead notice)', async () => {
    const c = await register({ email: null, phone: '+46701234567' });
    const ack = await act(c.id, 'acknowledge', { via: 'email', responsibleFunction: 'Billing team' });
    expect(ack).toMatchObject({ customerNotReached: true, version: 2 });
    expect(await outbox(c.id)).toEqual([]);
    const got = await get(c.id);
    expect(got.version).toBe(2);
    expect(got.timeline.filter((e: { type: string }) => e.type === 'notification_failed')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ final: true, reason: 'The customer has no e-mail address' }) }),
    ]);
    expect(await leadFeed(c.id)).toEqual([]);
  });

  it('OpenAPI: customerNotReached is a required boolean of every complaint answer and a documented list filter', async () => {
    const doc = (await t.http.get('/api/docs-json')).body;
    const schema = doc.components.schemas['ComplaintResponse'];
    expect(schema.properties.customerNotReached.type).toBe('boolean');
    expect(schema.required).toContain('customerNotReached');
    const params = doc.paths['/api/complaints'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toContain('customerNotReached');
    const bad = await t.http.get('/api/complaints?customerNotReached=maybe').set('Authorization', `Bearer ${await tok(AGENT)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('customerNotReached');
  });
});
