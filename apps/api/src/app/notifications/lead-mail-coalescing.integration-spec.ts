import { act, clockTokens, registerComplaint } from '../../testing/escalation-fixtures';
import { createTestApp, TestApp } from '../../testing/test-app';

/**
 * Team-lead e-mails about manual escalations are coalesced per complaint (contract Part 2,
 * "Sessions and abuse"): at most one per complaint per LEAD_MAIL_COALESCE_MINUTES (default 15).
 * Every automatic escalation still e-mails, and the feed keeps every notice (R4.4-e c).
 */
describe('Coalesced team-lead e-mails for manual escalations (R4.4-e c)', () => {
  let t: TestApp;
  let tok: (email: string) => Promise<string>;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z' });
    tok = clockTokens(t); // tokens that follow the test clock across days
  });
  const escalate = async (id: string, reason: string) => act(t, await tok('agent@example.com'), id, 'escalate', { reason });
  const register = async () => registerComplaint(t, await tok('agent@example.com'), { clientId: t.clients['ACME'] });
  afterAll(() => t.close());

  /** Team-lead e-mails queued about one complaint (ACME's only team lead: lead@example.com). */
  const leadMails = async (complaintId: string): Promise<number> => {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE complaint_id = $1 AND kind = 'lead_escalated'`, [
      complaintId,
    ]);
    return n;
  };
  const feedFor = async (complaintId: string): Promise<Array<{ data: { automatic: boolean; levelAfter: number } }>> => {
    const res = await t.http.get('/api/notifications?limit=100').set('Authorization', `Bearer ${await tok('lead@example.com')}`);
    expect(res.status).toBe(200);
    return res.body.items.filter((n: { complaintId: string }) => n.complaintId === complaintId);
  };

  it('R4.4-e c: 20 manual escalations of one complaint within 15 minutes → 20 notices in the feed, one e-mail; the next after the window e-mails again', async () => {
    t.clock.set('2026-11-18T10:00:00Z');
    const c = await register();
    for (let i = 0; i < 20; i++) {
      await escalate(c.id, `Reason ${i}`);
      t.clock.advance(40_000); // 20 × 40 s = 13 min 20 s
    }
    expect(await leadMails(c.id)).toBe(1);
    const feed = await feedFor(c.id);
    expect(feed).toHaveLength(20);
    expect(feed.map((n) => n.data.levelAfter).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    t.clock.set('2026-11-18T10:15:00Z'); // 15 minutes after the e-mail
    await escalate(c.id, 'Again');
    expect(await leadMails(c.id)).toBe(2);
    expect(await feedFor(c.id)).toHaveLength(21);
  });

  it('coalescing is per complaint: a manual escalation of another complaint still e-mails', async () => {
    t.clock.set('2026-11-18T11:00:00Z');
    const a = await register();
    const b = await register();
    await escalate(a.id, 'First');
    await escalate(b.id, 'First');
    await escalate(a.id, 'Second');
    expect([await leadMails(a.id), await leadMails(b.id)]).toEqual([1, 1]);
  });

  it('R4.4-e c: every automatic escalation still e-mails, also inside a manual escalation’s window, and does not open one', async () => {
    t.clock.set('2026-11-18T12:00:00Z');
    const c = await register();
    const [{ acknowledge_by: ackBy }] = await t.db.query('SELECT acknowledge_by FROM complaints WHERE id = $1', [c.id]);
    const ackByMs = new Date(ackBy).getTime();

    t.clock.set(new Date(ackByMs - 60_000).toISOString());
    await escalate(c.id, 'Customer called again');
    expect(await leadMails(c.id)).toBe(1);

    t.clock.set(new Date(ackByMs + 60_000).toISOString());
    const run = await t.http.post('/api/escalations/run').set('Authorization', `Bearer ${await tok('admin@example.com')}`);
    expect(run.status).toBe(200);
    expect(run.body.escalated).toBeGreaterThanOrEqual(1);
    expect(await leadMails(c.id)).toBe(2); // the sweep's escalation e-mails although a manual one just did

    t.clock.advance(60_000);
    await escalate(c.id, 'Still waiting');
    expect(await leadMails(c.id)).toBe(2); // inside the manual window (opened 3 minutes ago): coalesced

    const feed = await feedFor(c.id);
    expect(feed.map((n) => n.data.automatic).sort()).toEqual([false, false, true]);
  });
});
