import { COMPLAINT_ACTIONS, ERASED } from '@complaint-desk/contracts';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockTokens } from '../../testing/escalation-fixtures';
import { createTestApp, TestApp } from '../../testing/test-app';
import { ACTION_BODIES, auth } from '../../testing/complaint-helpers';
import { OutboxWorker } from '../mail/outbox-worker.service';

/**
 * Erasure (contract "Privacy (4.5)", R4.5-f): a closed complaint's personal data leaves every table,
 * e-mail file and API answer; statistics, deadlines, SLA states, categories, outcomes and the
 * timeline's event types and times stay exactly as they were; afterwards no write is accepted.
 */
describe('Erasure of personal data (R4.5-f)', () => {
  let t: TestApp;
  let tok: (email: string) => Promise<string>;
  let mailDir: string;
  let ACME: string;
  /** Every personal value of the customer and every free text told about them. */
  const PII = {
    name: 'Zoltan Erasemark',
    email: 'Zoltan.Erase@Example.org',
    phone: '+46 70 123 98 76',
    accessibility: 'Braille ACCESS-ERASE-MARK',
    summary: 'SUMMARY-ERASE-MARK double charge',
    description: 'DESCRIPTION-ERASE-MARK my card 4111 was charged twice',
    categoriseNote: 'CATNOTE-ERASE-MARK',
    ackMessage: 'ACKMSG-ERASE-MARK we will call you on your mobile',
    escalateReason: 'ESCREASON-ERASE-MARK Zoltan called three times',
    escalateNote: 'ESCNOTE-ERASE-MARK',
    updateMessage: 'UPDMSG-ERASE-MARK',
    extendReason: 'EXTREASON-ERASE-MARK',
    actionPlan: 'PLAN-ERASE-MARK',
    resolution: 'RESOLUTION-ERASE-MARK refunded to card 4111',
    reopenReason: 'REOPEN-ERASE-MARK',
    resolution2: 'RESOLUTION2-ERASE-MARK',
    comment: 'COMMENT-ERASE-MARK thanks',
  };
  /** What must be found nowhere after the erasure (the phone also as its digits). */
  const NEEDLES = [...Object.values(PII), 'Zoltan', 'zoltan.erase@example.org', '1239876', '123 98 76'];

  const http = async (method: 'get' | 'post', url: string, who: string, body?: unknown) => {
    const r = t.http[method](url).set(auth(await tok(who)));
    return method === 'post' ? r.send((body ?? {}) as object) : r;
  };
  const act = async (id: string, action: string, body: Record<string, unknown>) => {
    const res = await http('post', `/api/complaints/${id}/${action}`, 'lead@example.com', body);
    if (res.status !== 200) throw new Error(`${action} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const register = async (over: Record<string, unknown>) => {
    const res = await http('post', '/api/complaints', 'lead@example.com', {
      clientId: ACME,
      channel: 'email',
      receivedAt: t.clock.now().toISOString(),
      subject: 'client',
      summary: 'Other complaint',
      description: 'Another customer',
      customer: { name: 'Other Customer', email: 'other@example.org', language: 'en' },
      ...over,
    });
    if (res.status !== 201) throw new Error(`register → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; reference: string };
  };
  const deliver = () => t.app.get(OutboxWorker).deliverDue();

  /** Every text, varchar, json(b) and array column of every table (information_schema) holding one of the values. */
  async function tablesHolding(values: string[]): Promise<string[]> {
    const cols: Array<{ table_name: string; column_name: string }> = await t.db.query(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`,
    );
    expect(cols.length).toBeGreaterThan(20);
    const hits: string[] = [];
    for (const { table_name, column_name } of cols) {
      for (const v of values) {
        const like = `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE $1`, [like]);
        if (n > 0) hits.push(`${table_name}.${column_name} holds ${JSON.stringify(v)}`);
      }
    }
    return hits;
  }

  const statsOf = async () => {
    const q = { clientId: ACME, from: '2026-10-01', to: '2026-12-31' };
    const admin = await tok('admin@example.com');
    const [summary, series, csv] = await Promise.all([
      t.http.get('/api/stats/summary').query(q).set(auth(admin)),
      t.http
        .get('/api/stats/timeseries')
        .query({ ...q, interval: 'day' })
        .set(auth(admin)),
      t.http.get('/api/stats/export.csv').query(q).set(auth(admin)),
    ]);
    expect([summary.status, series.status, csv.status]).toEqual([200, 200, 200]);
    return { summary: summary.body, series: series.body, csv: csv.text };
  };

  let erasedId: string;
  let openId: string;
  let otherId: string;

  beforeAll(async () => {
    mailDir = mkdtempSync(join(tmpdir(), 'cd-erase-mail-'));
    t = await createTestApp({ now: '2026-11-02T08:00:00Z', env: { MAIL_DIR: mailDir } });
    tok = clockTokens(t);
    ACME = t.clients.ACME;
    const customer = { name: PII.name, email: PII.email, phone: PII.phone, language: 'en', accessibilityNeeds: PII.accessibility };
    const c = await register({ summary: PII.summary, description: PII.description, customer });
    erasedId = c.id;
    await act(c.id, 'categorise', { categoryCode: 'BILLING.DOUBLE', note: PII.categoriseNote });
    t.clock.set('2026-11-02T09:00:00Z');
    await act(c.id, 'acknowledge', { via: 'email', message: PII.ackMessage, responsibleFunction: 'Billing team' });
    await act(c.id, 'escalate', { reason: PII.escalateReason, note: PII.escalateNote });
    t.clock.set('2026-11-03T09:00:00Z');
    await act(c.id, 'update', { via: 'email', message: PII.updateMessage });
    await act(c.id, 'extend', { newResolveBy: '2026-12-20T16:00:00Z', reason: PII.extendReason, actionPlan: PII.actionPlan, via: 'email' });
    await deliver();
    t.clock.set('2026-11-04T09:00:00Z');
    await act(c.id, 'close', { outcome: 'upheld', resolution: PII.resolution, via: 'email', rootCauseCode: 'BILLING_SYSTEM' });
    await act(c.id, 'reopen', { reason: PII.reopenReason });
    await act(c.id, 'close', { outcome: 'partially_upheld', resolution: PII.resolution2, via: 'phone', rootCauseCode: 'BILLING_SYSTEM' });
    await act(c.id, 'satisfaction', { score: 4, comment: PII.comment });
    await deliver();
    // One more e-mail to the customer that is still queued when the complaint is erased.
    // (Queued directly: the complaint is closed and accepts no e-mailing action.)
    await t.db.query(
      `INSERT INTO mail_outbox (client_id, complaint_id, kind, recipient_type, to_address, language, subject, body, next_attempt_at, created_at)
       VALUES ($1, $2, 'customer_closed', 'customer', $3, 'en', 'queued', $4, $5, $5)`,
      [ACME, c.id, PII.email, `Dear ${PII.name}`, t.clock.now()],
    );
    openId = (await register({ customer: { name: 'Open Customer', email: 'open@example.org' } })).id;
    otherId = (await register({ categoryCode: 'BILLING.OVERCHARGE' })).id;
    await act(otherId, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    await act(otherId, 'close', { outcome: 'not_upheld', resolution: 'No fault found', via: 'phone' });
    t.clock.set('2026-11-20T10:00:00Z');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('R4.5-f: the set-up really spread the values: tables, the outbox, the team-lead feed and the e-mail files hold them', async () => {
    const hits = await tablesHolding([PII.name, PII.resolution, PII.escalateNote]);
    expect(hits).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^complaints\.customer_name/),
        expect.stringMatching(/^complaint_events\.data holds "RESOLUTION/),
        expect.stringMatching(/^mail_outbox\.body/),
        expect.stringMatching(/^notifications\.data holds "ESCNOTE/),
      ]),
    );
    const files = readdirSync(mailDir);
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(files.some((f) => readFileSync(join(mailDir, f), 'utf8').includes(PII.name))).toBe(true);
  });

  it('R4.5-f: only an admin may erase (403); an open complaint → 409 naming its state, nothing changes; a bad body → 400 naming reason', async () => {
    expect((await http('post', `/api/complaints/${erasedId}/erase`, 'lead@example.com', { reason: 'x' })).status).toBe(403);
    expect((await http('post', `/api/complaints/${erasedId}/erase`, 'agent@example.com', { reason: 'x' })).status).toBe(403);
    const open = await http('post', `/api/complaints/${openId}/erase`, 'admin@example.com', { reason: 'Customer request' });
    expect(open.status).toBe(409);
    expect(open.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(open.body).toMatchObject({ code: 'NOT_CLOSED', state: 'registered' });
    const bad = await http('post', `/api/complaints/${erasedId}/erase`, 'admin@example.com', { reason: '   ', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'reason']);
    const unknown = await http('post', '/api/complaints/00000000-0000-4000-8000-000000000000/erase', 'admin@example.com', { reason: 'x' });
    expect(unknown.status).toBe(404);
    const [{ erased_at }] = await t.db.query('SELECT erased_at FROM complaints WHERE id = $1', [openId]);
    expect(erased_at).toBeNull();
  });

  describe('after erasing a closed complaint', () => {
    let before: Awaited<ReturnType<typeof statsOf>>;
    let detailBefore: Record<string, unknown> & { timeline: Array<{ type: string; at: string; actor: unknown }> };
    let messageIdsBefore: Array<{ id: string; message_id: string | null }>;
    let erased: Record<string, unknown>;

    beforeAll(async () => {
      before = await statsOf();
      detailBefore = (await http('get', `/api/complaints/${erasedId}`, 'admin@example.com')).body;
      messageIdsBefore = await t.db.query(`SELECT id, message_id FROM mail_outbox WHERE complaint_id = $1 ORDER BY id`, [erasedId]);
      const res = await http('post', `/api/complaints/${erasedId}/erase`, 'admin@example.com', {
        reason: 'Customer request (ticket 4711)',
      });
      expect(res.status).toBe(200);
      erased = res.body;
    });

    it('R4.5-f: 200 with the complaint marked erased: tombstones, no contact, no allowed action, version + 1', () => {
      expect(erased).toMatchObject({
        id: erasedId,
        erasedAt: '2026-11-20T10:00:00.000Z',
        summary: ERASED,
        description: ERASED,
        resolution: ERASED,
        customer: { name: ERASED, email: null, phone: null, accessibilityNeeds: null },
        satisfaction: { score: 4, comment: ERASED },
        allowedActions: [],
        version: (detailBefore['version'] as number) + 1,
      });
    });

    it('R4.5-f: no table (every text/json column in information_schema), no e-mail file and no API answer holds an erased value', async () => {
      expect(await tablesHolding(NEEDLES)).toEqual([]);
      for (const f of readdirSync(mailDir)) {
        const text = readFileSync(join(mailDir, f), 'utf8');
        expect(NEEDLES.filter((v) => text.includes(v))).toEqual([]);
      }
      const answers = await Promise.all([
        http('get', `/api/complaints/${erasedId}`, 'admin@example.com'),
        http('get', `/api/complaints?clientId=${ACME}&status=closed`, 'admin@example.com'),
        http('get', '/api/notifications', 'lead@example.com'),
        http('get', `/api/complaints/${erasedId}/access-log`, 'admin@example.com'),
      ]);
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(NEEDLES.filter((v) => JSON.stringify(a.body).toLowerCase().includes(v.toLowerCase()))).toEqual([]);
      }
      // The other customer's complaint is untouched.
      const [other] = await t.db.query('SELECT customer_name, erased_at FROM complaints WHERE id = $1', [otherId]);
      expect(other).toEqual({ customer_name: 'Other Customer', erased_at: null });
    });

    it('R4.5-f: statistics (summary, time series, CSV export) are identical before and after', async () => {
      const after = await statsOf();
      expect(after).toEqual(before);
      expect(before.summary.received).toBe(3);
    });

    it('R4.5-f: deadlines, SLA states, category, outcome, root cause, score and the timeline’s event types, times and actors stay; one personal_data_erased event is appended', async () => {
      const after = (await http('get', `/api/complaints/${erasedId}`, 'admin@example.com')).body;
      for (const k of [
        'deadlines',
        'sla',
        'category',
        'outcome',
        'rootCause',
        'escalation',
        'receivedAt',
        'registeredAt',
        'closedAt',
        'status',
        'reference',
        'channel',
        'priority',
        'subject',
      ]) {
        if (k === 'escalation') expect(after.escalation.level).toEqual((detailBefore.escalation as { level: number }).level);
        else expect([k, after[k]]).toEqual([k, detailBefore[k]]);
      }
      const shape = (e: { type: string; at: string; actor: unknown }) => ({ type: e.type, at: e.at, actor: e.actor });
      expect(after.timeline.slice(0, detailBefore.timeline.length).map(shape)).toEqual(detailBefore.timeline.map(shape));
      expect(after.timeline).toHaveLength(detailBefore.timeline.length + 1);
      expect(after.timeline[after.timeline.length - 1]).toMatchObject({
        type: 'personal_data_erased',
        at: '2026-11-20T10:00:00.000Z',
        actor: { email: 'admin@example.com', role: 'admin' },
        data: { reason: 'Customer request (ticket 4711)', automatic: false },
      });
      const closed = after.timeline.filter((e: { type: string }) => e.type === 'closed');
      expect(closed.map((e: { data: Record<string, unknown> }) => e.data['resolution'])).toEqual([ERASED, ERASED]);
      expect(closed.map((e: { data: Record<string, unknown> }) => e.data['outcome'])).toEqual(['upheld', 'partially_upheld']);
    });

    it('R4.5-f: Message-IDs of sent e-mails stay (reply threading); the queued one is cancelled, never sent', async () => {
      const rows: Array<{
        id: string;
        message_id: string | null;
        status: string;
        to_address: string;
        body: string;
        purged_at: Date | null;
      }> = await t.db.query(
        `SELECT id, message_id, status, to_address, body, purged_at FROM mail_outbox WHERE complaint_id = $1 ORDER BY id`,
        [erasedId],
      );
      expect(rows.map((r) => ({ id: r.id, message_id: r.message_id }))).toEqual(messageIdsBefore);
      expect(rows.filter((r) => r.message_id).length).toBeGreaterThanOrEqual(4);
      expect(rows.every((r) => r.body === ERASED && r.to_address === ERASED && r.purged_at !== null)).toBe(true);
      expect(rows.filter((r) => r.status === 'pending')).toEqual([]);
      expect((await deliver()).sent).toBe(0);
    });

    it('R4.5-f: every write afterwards → 409 (each lifecycle action, verify-identity, erase again); reads still work', async () => {
      const bodies: Record<string, Record<string, unknown>> = { ...ACTION_BODIES, assign: { assigneeId: null } };
      for (const action of COMPLAINT_ACTIONS) {
        const res = await http('post', `/api/complaints/${erasedId}/${action}`, 'admin@example.com', bodies[action]);
        expect([action, res.status, res.body.code]).toEqual([action, 409, 'PERSONAL_DATA_ERASED']);
      }
      const verify = await http('post', `/api/complaints/${erasedId}/verify-identity`, 'agent@example.com', { method: 'call_back' });
      expect([verify.status, verify.body.code]).toEqual([409, 'PERSONAL_DATA_ERASED']);
      const again = await http('post', `/api/complaints/${erasedId}/erase`, 'admin@example.com', { reason: 'again' });
      expect([again.status, again.body.code]).toEqual([409, 'PERSONAL_DATA_ERASED']);
      // Even with an invalid body: 409 first.
      expect((await http('post', `/api/complaints/${erasedId}/close`, 'admin@example.com', {})).status).toBe(409);
      const read = await http('get', `/api/complaints/${erasedId}`, 'agent@example.com');
      expect(read.status).toBe(200);
      expect(read.body.erasedAt).toBe('2026-11-20T10:00:00.000Z');
    });
  });

  it('R4.5-f: POST /api/customers/erase erases every closed complaint of the customer (phone in E.164, e-mail in any case) and lists the open ones', async () => {
    t.clock.set('2026-11-21T10:00:00Z');
    const ylva = (over: Record<string, unknown>) => ({ name: 'Ylva Custmark', language: 'sv', ...over });
    const closeIt = async (id: string) => {
      await act(id, 'categorise', { categoryCode: 'BILLING.DOUBLE' });
      await act(id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
      await act(id, 'close', { outcome: 'withdrawn', resolution: 'Withdrawn by Ylva', via: 'phone' });
    };
    const a = await register({ summary: 'YLVA-A', customer: ylva({ phone: '070-111 22 33' }) });
    const b = await register({ summary: 'YLVA-B', customer: ylva({ email: 'Ylva@Example.org', phone: '+46701112233' }) });
    const open = await register({ summary: 'YLVA-OPEN', customer: ylva({ phone: '0046 70 111 22 33' }) });
    const stranger = await register({ summary: 'NOT-YLVA', customer: ylva({ phone: '070-111 22 34' }) });
    await closeIt(a.id);
    await closeIt(b.id);
    await closeIt(stranger.id);
    const refused = await http('post', '/api/customers/erase', 'lead@example.com', { clientId: ACME, phone: '+46701112233', reason: 'x' });
    expect(refused.status).toBe(403);
    const none = await http('post', '/api/customers/erase', 'admin@example.com', { clientId: ACME, reason: 'x' });
    expect(none.status).toBe(400);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toEqual(['email', 'phone']);
    const badPhone = await http('post', '/api/customers/erase', 'admin@example.com', { clientId: ACME, phone: '12', reason: 'x' });
    expect([badPhone.status, badPhone.body.errors?.[0]?.field]).toEqual([400, 'phone']);
    const res = await http('post', '/api/customers/erase', 'admin@example.com', {
      clientId: ACME,
      phone: '+46 70 111 22 33',
      reason: 'GDPR request',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ erased: 2, openSkipped: 1, open: [{ id: open.id, reference: open.reference, status: 'registered' }] });
    const rows: Array<{ id: string; erased_at: Date | null; summary: string }> = await t.db.query(
      'SELECT id, erased_at, summary FROM complaints WHERE id = ANY($1) ORDER BY summary',
      [[a.id, b.id, open.id, stranger.id]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.erased_at !== null]))).toEqual({
      [a.id]: true,
      [b.id]: true,
      [open.id]: false,
      [stranger.id]: false,
    });
    // By e-mail, case-insensitively: nothing left to erase (b is erased), the open one listed again.
    const byMail = await http('post', '/api/customers/erase', 'admin@example.com', {
      clientId: ACME,
      email: 'ylva@EXAMPLE.org',
      reason: 'GDPR request',
    });
    expect(byMail.body).toMatchObject({ erased: 0, openSkipped: 0 });
    const unknownClient = await http('post', '/api/customers/erase', 'admin@example.com', {
      clientId: '00000000-0000-4000-8000-000000000000',
      email: 'a@b.c',
      reason: 'x',
    });
    expect(unknownClient.status).toBe(404);
  });
});
