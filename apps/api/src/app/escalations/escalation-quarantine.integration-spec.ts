import { act, clockTokens, registerComplaint } from '../../testing/escalation-fixtures';
import { LogCapture } from '../../testing/log-capture';
import { createTestApp, TestApp } from '../../testing/test-app';
import { EscalationSweepService } from './escalation-sweep.service';

/**
 * A complaint the sweep cannot process (R4.4-e c) must not take the others down with it, nor be
 * retried and logged on every sweep forever: after ESCALATION_MAX_ATTEMPTS failed sweeps of the same
 * complaint version it is quarantined — one notice to the client's team leads, one error log line
 * (ids only), listed for admins — and retried only once the complaint changes (its version moves).
 *
 * ACME: acknowledge within 1 business day. Received Wednesday 2026-11-18 10:00Z → acknowledgeBy
 * Thursday 19 Nov 16:00Z.
 */
const RECEIVED = '2026-11-18T10:00:00Z';
const MISSED = '2026-11-19T16:00:01Z';
const CUSTOMER = 'Eva Svensson';
const CUSTOMER_EMAIL = 'eva.svensson@example.org';

describe('Escalation sweep quarantine (R4.4-e c)', () => {
  let t: TestApp;
  let sweep: EscalationSweepService;
  let tok: (email: string) => Promise<string>;
  const logs = new LogCapture();
  const ADMIN = 'admin@example.com';
  const LEAD = 'lead@example.com';
  const AGENT = 'agent@example.com';

  beforeAll(async () => {
    t = await createTestApp({ now: RECEIVED, logStream: logs, env: { LOG_LEVEL: 'info', ESCALATION_MAX_ATTEMPTS: '3' } });
    sweep = t.app.get(EscalationSweepService);
    tok = clockTokens(t);
  });
  afterAll(() => t.close());

  const escalatedEvents = async (id: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = $1 AND type = 'escalated'`, [id]))[0].n;
  const quarantine = async () => t.http.get('/api/escalations/quarantine').set('Authorization', `Bearer ${await tok(ADMIN)}`);
  /** Log entries (any level) that name the complaint. */
  const logsOf = (id: string) => logs.entries().filter((e) => JSON.stringify(e).includes(id));

  it('a complaint the sweep cannot escalate (corrupt escalation level): the others escalate, it is tried 3 times, then quarantined once — one notice, one error line, listed for admins', async () => {
    t.clock.set(RECEIVED);
    const agent = await tok(AGENT);
    const good1 = await registerComplaint(t, agent, { clientId: t.clients['ACME'] });
    const bad = await registerComplaint(t, agent, { clientId: t.clients['ACME'] });
    const good2 = await registerComplaint(t, agent, { clientId: t.clients['ACME'] });
    // data the application cannot process: the escalation level at the integer maximum, so the
    // escalation's UPDATE overflows (a snapshot without atRiskAt no longer fails: it falls back to the
    // client's fraction, issue 11)
    await t.db.query(`UPDATE complaints SET escalation_level = 2147483647 WHERE id = $1`, [bad.id]);
    const [{ version }] = await t.db.query('SELECT version FROM complaints WHERE id = $1', [bad.id]);

    t.clock.set(MISSED);
    const firstFailure = t.clock.now().toISOString();
    const results = [];
    for (let i = 0; i < 6; i++) {
      results.push(await sweep.sweep());
      t.clock.advance(60_000);
    }
    // the manual run answers too (no 500), and skips it
    const run = await t.http.post('/api/escalations/run').set('Authorization', `Bearer ${await tok(LEAD)}`);
    expect(run.status).toBe(200);
    expect(run.body).toEqual({ escalated: 0 });

    expect(results.map((r) => [r.escalated, r.errors, r.quarantined])).toEqual([
      [2, 1, 0],
      [0, 1, 0],
      [0, 1, 1],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(await escalatedEvents(good1.id)).toBe(1);
    expect(await escalatedEvents(good2.id)).toBe(1);
    expect(await escalatedEvents(bad.id)).toBe(0);
    // its claim was rolled back with it
    expect(await t.db.query('SELECT 1 FROM escalation_claims WHERE complaint_id = $1', [bad.id])).toEqual([]);

    // exactly three attempts, stored against the failing version
    const rows = await t.db.query('SELECT version, attempts, quarantined_at FROM escalation_quarantine WHERE complaint_id = $1', [bad.id]);
    expect(rows).toEqual([{ version, attempts: 3, quarantined_at: new Date(new Date(firstFailure).getTime() + 2 * 60_000) }]);

    // one notice in the team lead's feed
    const feed = await t.http.get('/api/notifications?limit=100').set('Authorization', `Bearer ${await tok(LEAD)}`);
    const notices = feed.body.items.filter((n: { complaintId: string; kind: string }) => n.complaintId === bad.id);
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'sweep_failed',
        reference: bad.reference,
        clientId: t.clients['ACME'],
        data: expect.objectContaining({ attempts: 3 }),
      }),
    ]);
    expect(notices[0].message).toContain(bad.reference);
    expect(notices[0].message).not.toContain(CUSTOMER);

    // one error line (ids only), two warnings before it, nothing after
    const lines = logsOf(bad.id);
    expect(lines.filter((e) => Number(e['level']) >= 50)).toHaveLength(1);
    expect(lines.filter((e) => Number(e['level']) === 40)).toHaveLength(2);
    expect(lines.filter((e) => Number(e['level']) >= 40).every((e) => e['complaintId'] === bad.id)).toBe(true);
    expect(logs.text).not.toContain(CUSTOMER);
    expect(logs.text).not.toContain(CUSTOMER_EMAIL);

    // listed for admins, with what failed and since when
    const list = await quarantine();
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      total: 1,
      items: [
        {
          complaintId: bad.id,
          reference: bad.reference,
          clientId: t.clients['ACME'],
          clientCode: 'ACME',
          version,
          attempts: 3,
          errorSummary: expect.stringContaining('out of range'),
          firstFailedAt: firstFailure,
          quarantinedAt: new Date(new Date(firstFailure).getTime() + 2 * 60_000).toISOString(),
        },
      ],
    });
    // admins only
    for (const who of [LEAD, AGENT, 'viewer.acme@example.com']) {
      const res = await t.http.get('/api/escalations/quarantine').set('Authorization', `Bearer ${await tok(who)}`);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await t.http.get('/api/escalations/quarantine')).status).toBe(401);
  });

  it('retried only when the complaint changes: repairing the data alone does not; an action (version moves) does, and success clears it', async () => {
    const [bad] = await t.db.query(`SELECT c.id, c.version FROM complaints c JOIN escalation_quarantine q ON q.complaint_id = c.id`);
    expect(bad).toBeDefined();
    // repaired behind the application's back: same version → still quarantined, not retried
    await t.db.query(`UPDATE complaints SET escalation_level = 0 WHERE id = $1`, [bad.id]);
    t.clock.advance(60_000);
    expect(await sweep.sweep()).toEqual({ escalated: 0, atRiskNotices: 0, errors: 0, quarantined: 0 });
    expect(await escalatedEvents(bad.id)).toBe(0);

    // an action moves the version: no longer listed, and the next sweep processes it
    const [{ id: agentId }] = await t.db.query(`SELECT id FROM users WHERE email = $1`, [AGENT]);
    await act(t, await tok(LEAD), bad.id, 'assign', { assigneeId: agentId });
    expect((await quarantine()).body).toEqual({ total: 0, items: [] });
    t.clock.advance(60_000);
    expect(await sweep.sweep()).toEqual(expect.objectContaining({ escalated: 1, errors: 0, quarantined: 0 }));
    expect(await escalatedEvents(bad.id)).toBe(1);
    expect(await t.db.query('SELECT 1 FROM escalation_quarantine WHERE complaint_id = $1', [bad.id])).toEqual([]);
  });

  it('a snapshot whose atRiskAt is not a number falls back to the client’s fraction: the at-risk pass and the escalation both work (issue 11: one fallback)', async () => {
    // ACME acknowledge window 30 h, 80 % → at risk from Thursday 10:00Z
    t.clock.set(RECEIVED);
    const agent = await tok(AGENT);
    const good = await registerComplaint(t, agent, { clientId: t.clients['ACME'] });
    const bad = await registerComplaint(t, agent, { clientId: t.clients['ACME'] });
    await t.db.query(`UPDATE complaints SET policy_snapshot = jsonb_set(policy_snapshot, '{atRiskAt}', '"0.8x"') WHERE id = $1`, [bad.id]);
    t.clock.set('2026-11-19T10:00:00Z');
    const r = await sweep.sweep();
    expect(r.errors).toBe(0);
    const notices: Array<{ complaint_id: string }> = await t.db.query(
      `SELECT complaint_id FROM notifications WHERE kind = 'at_risk' AND complaint_id = ANY($1::uuid[])`,
      [[good.id, bad.id]],
    );
    // the broken one falls back to the client's fraction, as its snapshot's value is not usable
    expect(notices.map((n) => n.complaint_id).sort()).toEqual([good.id, bad.id].sort());
    // once breached, both escalate: the escalation's at-risk instants fall back the same way (no failure, no quarantine)
    t.clock.set(MISSED);
    const runs = [await sweep.sweep(), await sweep.sweep(), await sweep.sweep(), await sweep.sweep()];
    expect(runs.map((x) => [x.errors, x.quarantined])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(await escalatedEvents(good.id)).toBe(1);
    expect(await escalatedEvents(bad.id)).toBe(1);
    const cols = 'acknowledge_at_risk_at, update_at_risk_at, resolve_at_risk_at, at_risk_at, due_at';
    const [g] = await t.db.query(`SELECT ${cols} FROM complaints WHERE id = $1`, [good.id]);
    const [b] = await t.db.query(`SELECT ${cols} FROM complaints WHERE id = $1`, [bad.id]);
    expect(b).toEqual(g);
  });
});
