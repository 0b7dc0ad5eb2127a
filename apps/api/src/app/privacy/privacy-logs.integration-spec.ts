import { SMTPServer } from 'smtp-server';
import { freePort } from '../../testing/escalation-fixtures';
import { LogCapture } from '../../testing/log-capture';
import { createTestApp, TestApp } from '../../testing/test-app';
import { auth } from '../../testing/complaint-helpers';
import { OutboxWorker } from '../mail/outbox-worker.service';
import { RetentionService } from './retention.service';

/**
 * No personal data in the logs (R4.5-f, issue 12 item 8): at the most verbose level, a customer is
 * registered, handled on every path (actions, refused requests, searches, e-mails an SMTP server
 * refuses naming the address, retries until final failure, export, erasure, retention) and the
 * captured pino log is searched for every one of the customer's values.
 */
describe('Logs hold no personal data on any path (R4.5-f)', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const logs = new LogCapture();
  const PII = {
    name: 'Xenia Logmarker',
    email: 'xenia.logmarker@example.org',
    phone: '+46 70 987 65 43',
    accessibility: 'Needs LOGACCESS-MARK',
    summary: 'LOGSUMMARY-MARK charged twice',
    description: 'LOGDESCRIPTION-MARK card ending 9876',
    message: 'LOGMESSAGE-MARK Xenia',
    note: 'LOGNOTE-MARK Xenia shouted',
    reason: 'LOGREASON-MARK Xenia asked',
    resolution: 'LOGRESOLUTION-MARK refunded Xenia',
    comment: 'LOGCOMMENT-MARK',
  };
  const NEEDLES = [...Object.values(PII), 'Xenia', 'Logmarker', 'xenia.logmarker', '9876543', '987 65 43'];

  beforeAll(async () => {
    const port = await freePort();
    // An SMTP server that refuses every recipient, quoting the address (as real servers do).
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const err = new Error(`5.1.1 <${address.address}>: mailbox unavailable for ${address.address}`) as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', () => resolve()));
    t = await createTestApp({
      now: '2026-11-18T10:00:00Z',
      env: { LOG_LEVEL: 'trace', SMTP_URL: `smtp://127.0.0.1:${port}`, OUTBOX_MAX_ATTEMPTS: '2', OUTBOX_RETRY_BASE_SECONDS: '60' },
      logStream: logs,
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('R4.5-f: register, act, refused requests, searches, failed deliveries, export, erasure and retention log none of the customer’s values', async () => {
    const lead = await t.token('lead@example.com');
    const ACME = t.clients.ACME;
    const customer = { name: PII.name, email: PII.email, phone: PII.phone, accessibilityNeeds: PII.accessibility, language: 'en' };
    const body = { clientId: ACME, channel: 'phone', subject: 'client', summary: PII.summary, description: PII.description, customer };
    const reg = await t.http
      .post('/api/complaints')
      .set({ ...auth(lead), 'Idempotency-Key': 'log-test-1' })
      .send(body);
    expect(reg.status).toBe(201);
    const id = reg.body.id as string;
    // Refused requests carrying the values: unknown field, bad e-mail, idempotency key reused with another body.
    expect(
      (
        await t.http
          .post('/api/complaints')
          .set(auth(lead))
          .send({ ...body, customer: { ...customer, nickname: PII.name } })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post('/api/complaints')
          .set(auth(lead))
          .send({ ...body, customer: { ...customer, email: `${PII.name} <bad>` } })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post('/api/complaints')
          .set({ ...auth(lead), 'Idempotency-Key': 'log-test-1' })
          .send({ ...body, summary: `${PII.summary}!` })
      ).status,
    ).toBe(422);
    // Searches by name and e-mail (query strings).
    expect((await t.http.get('/api/complaints').query({ q: PII.name }).set(auth(lead))).status).toBe(200);
    expect((await t.http.get('/api/complaints').query({ q: PII.email }).set(auth(lead))).status).toBe(200);
    const act = async (action: string, b: Record<string, unknown>, expected = 200) => {
      const res = await t.http.post(`/api/complaints/${id}/${action}`).set(auth(lead)).send(b);
      expect([action, res.status]).toEqual([action, expected]);
    };
    await act('categorise', { categoryCode: 'BILLING.DOUBLE', note: PII.note });
    await act('acknowledge', { via: 'email', message: PII.message, responsibleFunction: 'Billing team' });
    await act('escalate', { reason: PII.reason, note: PII.note });
    await act('update', { via: 'email', message: PII.message });
    await act('update', { via: 'email', message: PII.message.repeat(2000) }, 400);
    await act('extend', { newResolveBy: '2027-01-29T16:00:00Z', reason: PII.reason, actionPlan: PII.message, via: 'email' });
    expect((await t.http.post(`/api/complaints/${id}/verify-identity`).set(auth(lead)).send({ method: 'call_back' })).status).toBe(200);
    // Deliveries fail (550 quoting the address); then the retries run out.
    const worker = t.app.get(OutboxWorker);
    const first = await worker.deliverDue();
    expect(first.failed).toBeGreaterThanOrEqual(4);
    t.clock.set('2026-11-18T12:00:00Z');
    const final = await worker.deliverDue();
    expect(final.failed).toBeGreaterThanOrEqual(4);
    const [{ failed }] = await t.db.query(`SELECT count(*)::int AS failed FROM mail_outbox WHERE complaint_id = $1 AND status = 'failed'`, [
      id,
    ]);
    expect(failed).toBeGreaterThanOrEqual(4);
    const lead2 = await t.token('lead@example.com');
    const act2 = async (action: string, b: Record<string, unknown>) =>
      expect((await t.http.post(`/api/complaints/${id}/${action}`).set(auth(lead2)).send(b)).status).toBe(200);
    await act2('close', { outcome: 'upheld', resolution: PII.resolution, via: 'phone', rootCauseCode: 'BILLING_SYSTEM' });
    await act2('satisfaction', { score: 2, comment: PII.comment });
    expect((await t.http.get(`/api/complaints/${id}`).set(auth(lead2))).status).toBe(200);
    // Subject access, erasure, customer erasure, retention.
    const admin2 = await t.token('admin@example.com');
    expect((await t.http.get('/api/customers/export').query({ clientId: ACME, email: PII.email }).set(auth(admin2))).status).toBe(200);
    expect(
      (await t.http.get('/api/customers/export').query({ clientId: ACME, phone: PII.phone, format: 'html' }).set(auth(admin2))).status,
    ).toBe(200);
    expect(
      (
        await t.http
          .get('/api/customers/export')
          .query({ clientId: ACME, phone: `${PII.name}` })
          .set(auth(admin2))
      ).status,
    ).toBe(400);
    expect((await t.http.post(`/api/complaints/${id}/erase`).set(auth(admin2)).send({ reason: 'Customer request' })).status).toBe(200);
    expect(
      (
        await t.http
          .post('/api/customers/erase')
          .set(auth(admin2))
          .send({ clientId: ACME, email: PII.email, phone: PII.phone, reason: 'Customer request' })
      ).status,
    ).toBe(200);
    expect((await t.http.post('/api/privacy/retention-runs').set(auth(admin2))).status).toBe(200);
    await t.app.get(RetentionService).runNow();

    // The log saw every path (requests, the refused ones, delivery failures with SMTP's answer) …
    const entries = logs.entries();
    expect(entries.length).toBeGreaterThan(40);
    const failures = entries.filter((e) => e['msg'] === 'E-mail delivery failed');
    expect(failures.some((e) => e['final'] === true)).toBe(true);
    expect(failures.some((e) => String(e['reason']).includes('550'))).toBe(true);
    expect(entries.some((e) => (e['res'] as { statusCode?: number } | undefined)?.statusCode === 400)).toBe(true);
    expect(entries.some((e) => e['msg'] === 'Personal data of a complaint erased')).toBe(true);
    // … and holds none of the customer's values.
    const text = logs.text.toLowerCase();
    expect(NEEDLES.filter((v) => text.includes(v.toLowerCase()))).toEqual([]);
  });
});
