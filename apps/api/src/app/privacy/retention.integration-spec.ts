import { ERASED } from '@complaint-desk/contracts';
import { act, cloneComplaint, clockTokens, registerComplaint } from '../../testing/escalation-fixtures';
import { LogCapture } from '../../testing/log-capture';
import { createTestApp, TestApp } from '../../testing/test-app';
import { auth } from '../../testing/complaint-helpers';
import { RetentionService } from './retention.service';

const DAY = 86_400_000;
const NOW = '2026-11-18T10:00:00Z';

/**
 * Retention (R4.5-f, GDPR storage limitation): complaints closed longer ago than the client's
 * `policy.retention.eraseAfterDaysClosed` (default 1095) are erased by a job in every instance,
 * exactly once, in batches; outbox bodies and addresses go 30 days after delivery or failure.
 */
describe('Retention of personal data (R4.5-f)', () => {
  let a: TestApp;
  let b: TestApp;
  let tok: (email: string) => Promise<string>;
  const logs = new LogCapture();
  const iso = (msAgo: number) => new Date(new Date(NOW).getTime() - msAgo).toISOString();

  beforeAll(async () => {
    const env = { LOG_LEVEL: 'info', WRITE_RATE_LIMIT_PER_MINUTE: '100000' };
    a = await createTestApp({ now: NOW, env, logStream: logs });
    b = await createTestApp({ now: NOW, env, databaseUrl: a.databaseUrl, logStream: logs });
    tok = clockTokens(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function policyOf(clientId: string): Promise<Record<string, unknown>> {
    const res = await a.http.get(`/api/clients/${clientId}`).set(auth(await tok('admin@example.com')));
    return res.body.policy;
  }
  const patchPolicy = async (clientId: string, policy: Record<string, unknown>) =>
    a.http
      .patch(`/api/clients/${clientId}`)
      .set(auth(await tok('admin@example.com')))
      .send({ policy });

  it('R4.5-f: policy.retention.eraseAfterDaysClosed is validated (1–36500 whole days) and kept; absent means 1095', async () => {
    const policy = await policyOf(a.clients.ACME);
    expect(policy['retention']).toBeUndefined();
    for (const bad of [0, -1, 36501, 1.5, '30', null]) {
      const res = await patchPolicy(a.clients.ACME, { ...policy, retention: { eraseAfterDaysClosed: bad } });
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('policy.retention.eraseAfterDaysClosed');
    }
    const extra = await patchPolicy(a.clients.ACME, { ...policy, retention: { eraseAfterDaysClosed: 30, other: 1 } });
    expect(extra.status).toBe(400);
    const ok = await patchPolicy(a.clients.ACME, { ...policy, retention: { eraseAfterDaysClosed: 30 } });
    expect(ok.status).toBe(200);
    expect(ok.body.policy.retention).toEqual({ eraseAfterDaysClosed: 30 });
  });

  it('R4.5-f: two instances running the job at once erase each due complaint exactly once, in batches; not yet due ones and other clients’ stay; counts in the log and the admin report, no personal data in the log', async () => {
    const agent = await tok('agent@example.com');
    const template = await registerComplaint(a, agent, {
      clientId: a.clients.ACME,
      categoryCode: 'BILLING.DOUBLE',
      email: 'retained.customer@example.org',
    });
    await act(a, agent, template.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    await act(a, agent, template.id, 'close', { outcome: 'upheld', resolution: 'Refunded Retained Customer', via: 'phone' });
    const due = 2 * RetentionService.BATCH + 17;
    // Closed 31–(31+due) days ago at ACME (30 days): due. Closed 29 days ago: not yet. GLOBEX (1095 days): not due.
    await cloneComplaint(a, template.id, due, { closed_at: `'${iso(31 * DAY)}'::timestamptz - g * interval '1 hour'` }, 'RET-DUE-');
    await cloneComplaint(a, template.id, 5, { closed_at: `'${iso(29 * DAY)}'::timestamptz` }, 'RET-NOT-');
    await cloneComplaint(
      a,
      template.id,
      3,
      { closed_at: `'${iso(400 * DAY)}'::timestamptz`, client_id: `'${a.clients.GLOBEX}'::uuid` },
      'RET-GLB-',
    );
    await a.db.query(`UPDATE complaints SET closed_at = $2 WHERE id = $1`, [template.id, iso(29 * DAY)]);

    const [ra, rb] = await Promise.all([a.app.get(RetentionService).runNow(), b.app.get(RetentionService).runNow()]);
    expect(ra.erased + rb.erased).toBe(due);
    expect(ra.failed + rb.failed).toBe(0);

    const rows: Array<{ reference: string; erased_at: Date | null; customer_name: string; customer_email: string | null; events: number }> =
      await a.db.query(
        `SELECT c.reference, c.erased_at, c.customer_name, c.customer_email,
              (SELECT count(*)::int FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'personal_data_erased') AS events
         FROM complaints c ORDER BY c.reference`,
      );
    const byPrefix = (p: string) => rows.filter((r) => r.reference.startsWith(p));
    expect(byPrefix('RET-DUE-')).toHaveLength(due);
    expect(
      byPrefix('RET-DUE-').every((r) => r.erased_at !== null && r.events === 1 && r.customer_name === ERASED && r.customer_email === null),
    ).toBe(true);
    expect(
      [...byPrefix('RET-NOT-'), ...byPrefix('RET-GLB-'), ...byPrefix('ACME-')].every((r) => r.erased_at === null && r.events === 0),
    ).toBe(true);
    const [event] = await a.db.query(
      `SELECT e.actor_id, e.data FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
        WHERE c.reference = 'RET-DUE-000001' AND e.type = 'personal_data_erased'`,
    );
    expect(event).toEqual({
      actor_id: null,
      data: expect.objectContaining({ reason: 'retention: closed more than 30 days ago', automatic: true }),
    });

    // Nothing is due any more: the next runs erase nothing.
    expect((await a.app.get(RetentionService).runNow()).erased).toBe(0);

    const lines = logs.entries().filter((l) => l['msg'] === 'Retention run');
    expect(lines.map((l) => l['erased'])).toEqual(expect.arrayContaining([ra.erased, rb.erased, 0]));
    expect(logs.text).not.toMatch(/retained\.customer|Retained Customer|Eva Svensson/);

    const report = await a.http.get('/api/privacy/retention-runs').set(auth(await tok('admin@example.com')));
    expect(report.status).toBe(200);
    expect(report.body.items.length).toBeGreaterThanOrEqual(3);
    expect(report.body.items.slice(0, 3).reduce((n: number, r: { erased: number }) => n + r.erased, 0)).toBe(due);
    expect(report.body.items[0]).toEqual({
      id: expect.any(String),
      startedAt: NOW.replace('Z', '.000Z'),
      finishedAt: NOW.replace('Z', '.000Z'),
      erased: 0,
      failed: 0,
      outboxPurged: 0,
      error: null,
    });
    expect((await a.http.get('/api/privacy/retention-runs').set(auth(await tok('lead@example.com')))).status).toBe(403);
    expect((await a.http.get('/api/privacy/retention-runs?limit=0').set(auth(await tok('admin@example.com')))).status).toBe(400);
    expect((await a.http.post('/api/privacy/retention-runs').set(auth(await tok('lead@example.com')))).status).toBe(403);
  });

  it('R4.5-f: e-mail bodies and addresses are purged 30 days after delivery or final failure; Message-IDs stay; pending and recent ones are kept', async () => {
    const agent = await tok('agent@example.com');
    const c = await registerComplaint(a, agent, { clientId: a.clients.GLOBEX, email: 'purge.me@example.org' });
    const insert = (status: string, at: string, messageId: string | null) =>
      a.db.query(
        `INSERT INTO mail_outbox (client_id, complaint_id, kind, recipient_type, to_address, language, subject, body, status,
                                  attempts, next_attempt_at, created_at, sent_at, message_id)
         VALUES ($1, $2, 'customer_updated', 'customer', 'purge.me@example.org', 'en', 'Update', 'Dear Purge Me', $3, 1, $4, $4, $5, $6)
         RETURNING id`,
        [a.clients.GLOBEX, c.id, status, at, status === 'sent' ? at : null, messageId],
      );
    const [[oldSent], [oldFailed], [recentSent], [pending]] = await Promise.all([
      insert('sent', iso(31 * DAY), '<old-sent@complaint-desk.local>'),
      insert('failed', iso(31 * DAY), null),
      insert('sent', iso(29 * DAY), '<recent@complaint-desk.local>'),
      insert('pending', iso(40 * DAY), null),
    ]);
    const run = await a.app.get(RetentionService).runNow();
    expect(run.outboxPurged).toBe(2);
    const rows: Array<{ id: string; to_address: string; body: string; message_id: string | null; purged_at: Date | null; status: string }> =
      await a.db.query(`SELECT id, to_address, body, message_id, purged_at, status FROM mail_outbox WHERE complaint_id = $1`, [c.id]);
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by[oldSent.id]).toMatchObject({
      to_address: ERASED,
      body: ERASED,
      message_id: '<old-sent@complaint-desk.local>',
      status: 'sent',
    });
    expect(by[oldFailed.id]).toMatchObject({ to_address: ERASED, body: ERASED, status: 'failed' });
    expect(by[recentSent.id]).toMatchObject({ to_address: 'purge.me@example.org', body: 'Dear Purge Me', purged_at: null });
    expect(by[pending.id]).toMatchObject({ to_address: 'purge.me@example.org', status: 'pending', purged_at: null });
    // The complaint itself is open and keeps its personal data.
    const [row] = await a.db.query('SELECT customer_email, erased_at FROM complaints WHERE id = $1', [c.id]);
    expect(row).toEqual({ customer_email: 'purge.me@example.org', erased_at: null });
    expect((await a.app.get(RetentionService).runNow()).outboxPurged).toBe(0);
  });

  it('R4.5-f: the job runs on its timer only where BACKGROUND_JOBS is on (default interval RETENTION_INTERVAL_SECONDS = 3600)', async () => {
    expect(a.app.get(RetentionService).job.isStarted).toBe(false);
    expect(a.config.retentionIntervalSeconds).toBe(3600);
    const c = await createTestApp({
      now: NOW,
      databaseUrl: a.databaseUrl,
      env: { BACKGROUND_JOBS: 'true', RETENTION_INTERVAL_SECONDS: '600' },
    });
    try {
      expect(c.app.get(RetentionService).job.isStarted).toBe(true);
      expect(c.config.retentionIntervalSeconds).toBe(600);
    } finally {
      await c.close();
    }
  });
});
