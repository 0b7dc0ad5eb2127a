import {
  act as actAs,
  clockTokens,
  createTestSmtp,
  registerComplaint as registerAs,
  TestSmtp,
  timeline as timelineAs,
} from '../../testing/escalation-fixtures';
import { LogCapture } from '../../testing/log-capture';
import { createTestApp, TestApp } from '../../testing/test-app';
import { DEMO_CLIENTS } from '../demo/demo-data';
import { formatMailDate } from './mail-templates';
import { OutboxWorker } from './outbox-worker.service';

/**
 * Customer communications (R4.2-c, R4.4-d, R4.4-e d) through the outbox to a real SMTP server
 * started in the test (`smtp-server`), with retries, several instances and no address in logs.
 */
const NOW = '2026-11-18T10:00:00Z';
const ACME_INFO = DEMO_CLIENTS.find((c) => c.code === 'ACME')?.complaintInfo as string;

describe('E-mail to customers and team leads (R4.2-c, R4.4-e d, R4.5-a)', () => {
  let smtp: TestSmtp;
  let a: TestApp;
  let b: TestApp;
  let tok: (email: string) => Promise<string>;
  const AGENT = 'agent@example.com';
  // the agent's calls, on instance a, with a token valid at a's clock
  const act = async (id: string, action: string, body: Record<string, unknown>, expected?: number) =>
    actAs(a, await tok(AGENT), id, action, body, expected);
  const register = async (c: Parameters<typeof registerAs>[2]) => registerAs(a, await tok(AGENT), c);
  const timeline = async (id: string) => timelineAs(a, await tok(AGENT), id);
  let wa: OutboxWorker;
  let wb: OutboxWorker;
  const logs = new LogCapture();
  let n = 0;
  const address = () => `customer.${++n}@example.org`;
  const to = (addr: string) => smtp.received.filter((m) => m.to.includes(addr));
  const outbox = (complaintId: string) =>
    a.db.query(
      `SELECT kind, status, attempts, next_attempt_at, recipient_type FROM mail_outbox WHERE complaint_id = $1 ORDER BY created_at`,
      [complaintId],
    ) as Promise<Array<{ kind: string; status: string; attempts: number; next_attempt_at: Date; recipient_type: string }>>;

  beforeAll(async () => {
    smtp = await createTestSmtp();
    const env = { SMTP_URL: smtp.url, BACKGROUND_JOBS: 'false', MAIL_FROM: 'Complaint desk <desk@ccc.example>', LOG_LEVEL: 'info' };
    a = await createTestApp({ now: NOW, env, logStream: logs });
    b = await createTestApp({ now: NOW, env, databaseUrl: a.databaseUrl, logStream: logs });
    tok = clockTokens(a);
    wa = a.app.get(OutboxWorker);
    wb = b.app.get(OutboxWorker);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await smtp.stop();
  });

  it('acknowledge via e-mail (R4.2-c a, b; R4.4-d): queued with the action, sent in Swedish with client, reference, timeframe and function', async () => {
    const email = address();
    const c = await register({ clientId: a.clients['ACME'], language: 'sv', email });
    const acked = await act(c.id, 'acknowledge', {
      via: 'email',
      responsibleFunction: 'Faktureringsgruppen',
      message: 'Vi kontrollerar dina fakturor.',
    });
    // written in the action's transaction: there before any delivery
    expect(await outbox(c.id)).toEqual([
      expect.objectContaining({ kind: 'customer_acknowledged', status: 'pending', attempts: 0, recipient_type: 'customer' }),
    ]);
    expect(to(email)).toEqual([]);

    expect(await wa.deliverDue()).toEqual({ sent: 1, failed: 0 });
    const [mail] = to(email);
    expect(to(email).length).toBe(1);
    // R4.5-a: the sender names the client
    expect(mail.headers['from']).toBe('"Acme Energy (Complaint desk)" <desk@ccc.example>');
    expect(mail.subject).toBe(`Acme Energy: vi har tagit emot ditt klagomål ${c.reference}`);
    const resolveBy = (acked['deadlines'] as { resolveBy: string }).resolveBy;
    expect(resolveBy).toBe('2026-12-02T16:00:00.000Z');
    expect(mail.text).toContain('Hej Eva Svensson,');
    expect(mail.text).toContain(`referensnummer ${c.reference}`);
    expect(mail.text).toContain('Ditt klagomål hanteras av: Faktureringsgruppen');
    expect(mail.text).toContain('Du kan räkna med vårt svar senast: onsdag 2 december 2026 kl. 17:00 CET');
    expect(mail.text).toContain('Vi kontrollerar dina fakturor.');
    expect(mail.text).toContain('Med vänliga hälsningar\nAcme Energy');

    const events = (await timeline(c.id)).filter((e) => e.type.startsWith('notification_'));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'notification_sent',
        actor: { system: true },
        data: expect.objectContaining({ kind: 'acknowledged', channel: 'email', attempt: 1 }),
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain(email);
    expect(await outbox(c.id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
  });

  it('update (R4.2-c c), extend (R4.2-c d) and close (R4.4-e d) by e-mail in English carry what the customer must be told', async () => {
    const email = address();
    const c = await register({ clientId: a.clients['ACME'], language: 'en', email, categoryCode: 'BILLING.DOUBLE' });
    await act(c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    // told by phone: no e-mail
    expect(await outbox(c.id)).toEqual([]);

    a.clock.set('2026-11-20T09:00:00Z');
    const updated = await act(c.id, 'update', { via: 'email', message: 'We have asked the meter operator for a new reading.' });
    const nextUpdateBy = (updated['deadlines'] as { nextUpdateBy: string }).nextUpdateBy;
    const extended = await act(c.id, 'extend', {
      newResolveBy: '2026-12-16T16:00:00Z',
      reason: 'The meter operator needs two more weeks',
      actionPlan: 'We will check the reading as soon as it arrives and correct the invoice',
    });
    expect((extended['deadlines'] as { resolveBy: string }).resolveBy).toBe('2026-12-16T16:00:00.000Z');
    await act(c.id, 'close', { outcome: 'partially_upheld', resolution: 'We refunded the second charge of 349 SEK.', via: 'email' });
    expect((await outbox(c.id)).map((r) => r.kind)).toEqual(['customer_updated', 'customer_extended', 'customer_closed']);

    expect(await wa.deliverDue()).toEqual({ sent: 3, failed: 0 });
    const mails = to(email);
    expect(mails.map((m) => m.subject)).toEqual([
      `Acme Energy: an update on your complaint ${c.reference}`,
      `Acme Energy: a new date for your complaint ${c.reference}`,
      `Acme Energy: our answer to your complaint ${c.reference}`,
    ]);
    const [upd, ext, closed] = mails.map((m) => m.text);
    expect(upd).toContain('We have asked the meter operator for a new reading.');
    expect(upd).toContain(`Your next update will come by: ${formatMailDate(nextUpdateBy, 'Europe/Stockholm', 'en-GB')}`);
    expect(ext).toContain('New date for our answer: Wednesday, 16 December 2026 at 17:00 CET');
    expect(ext).toContain('Reason for the delay: The meter operator needs two more weeks');
    expect(ext).toContain('What we are doing (action plan): We will check the reading as soon as it arrives and correct the invoice');
    expect(closed).toContain('How we addressed it: We refunded the second charge of 349 SEK.');
    expect(closed).toContain('Outcome: partially upheld');
    expect(closed).toContain(`If you are not satisfied with this answer, this is where to turn:\n${ACME_INFO}`);
    for (const text of [upd, ext, closed]) {
      expect(text).toContain('Acme Energy'); // R4.5-a
      expect(text).toContain(c.reference);
    }
    const sent = (await timeline(c.id)).filter((e) => e.type === 'notification_sent').map((e) => e.data['kind']);
    expect(sent).toEqual(['updated', 'extended', 'closed']);
  });

  it('with a channel other than e-mail nothing is sent and nothing extra is recorded', async () => {
    const email = address();
    const c = await register({ clientId: a.clients['ACME'], email, preferredChannel: 'phone' });
    await act(c.id, 'acknowledge', { via: 'letter', responsibleFunction: 'Billing team' });
    await act(c.id, 'update', { via: 'phone', message: 'Called the customer' });
    // extend has no via: the customer prefers the phone
    await act(c.id, 'extend', { newResolveBy: '2026-12-20T16:00:00Z', reason: 'More time', actionPlan: 'Plan' });
    expect(await outbox(c.id)).toEqual([]);
    await wa.deliverDue();
    expect(to(email)).toEqual([]);
    const types = (await timeline(c.id)).map((e) => e.type);
    expect(types.filter((x) => x.startsWith('notification_'))).toEqual([]);
  });

  it('R4.2-c d: extend takes via like update — via phone records the phone contact and queues no e-mail even for a customer who prefers e-mail', async () => {
    const email = address();
    const c = await register({ clientId: a.clients['ACME'], email, preferredChannel: 'email' });
    await act(c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    await act(c.id, 'extend', { newResolveBy: '2026-12-21T16:00:00Z', reason: 'More time', actionPlan: 'Plan', via: 'phone' });
    expect(await outbox(c.id)).toEqual([]);
    await wa.deliverDue();
    expect(to(email)).toEqual([]);
    const events = await timeline(c.id);
    expect(events.find((e) => e.type === 'deadline_extended')?.data).toMatchObject({
      via: 'phone',
      reason: 'More time',
      actionPlan: 'Plan',
    });
    expect(events.filter((e) => e.type.startsWith('notification_'))).toEqual([]);
  });

  it('R4.2-c d: extend via e-mail sends the new date by e-mail even when the customer prefers the phone; a bad via → 400', async () => {
    const email = address();
    const c = await register({ clientId: a.clients['ACME'], language: 'en', email, preferredChannel: 'phone' });
    await act(c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    await act(
      c.id,
      'extend',
      { newResolveBy: '2026-12-22T16:00:00Z', reason: 'Waiting for the grid operator', actionPlan: 'Plan', via: 'pigeon' },
      400,
    );
    await act(c.id, 'extend', {
      newResolveBy: '2026-12-22T16:00:00Z',
      reason: 'Waiting for the grid operator',
      actionPlan: 'Plan',
      via: 'email',
    });
    expect((await outbox(c.id)).map((r) => r.kind)).toEqual(['customer_extended']);
    await wa.deliverDue();
    const mails = to(email);
    expect(mails.map((m) => m.subject)).toEqual([`Acme Energy: a new date for your complaint ${c.reference}`]);
    expect(mails[0].text).toContain('Reason for the delay: Waiting for the grid operator');
    const events = await timeline(c.id);
    expect(events.find((e) => e.type === 'deadline_extended')?.data['via']).toBe('email');
    expect(events.filter((e) => e.type === 'notification_sent').map((e) => e.data['kind'])).toEqual(['extended']);
  });

  it('via e-mail without an address on file: nothing queued, the timeline says why', async () => {
    const c = await register({ clientId: a.clients['ACME'], email: null, phone: '+46701234567' });
    await act(c.id, 'acknowledge', { via: 'email', responsibleFunction: 'Billing team' });
    expect(await outbox(c.id)).toEqual([]);
    const failed = (await timeline(c.id)).filter((e) => e.type === 'notification_failed');
    expect(failed).toEqual([
      expect.objectContaining({
        actor: { system: true },
        data: expect.objectContaining({
          kind: 'acknowledged',
          channel: 'email',
          final: true,
          reason: 'The customer has no e-mail address',
        }),
      }),
    ]);
  });

  it('a refused action queues nothing', async () => {
    const email = address();
    const c = await register({ clientId: a.clients['ACME'], email });
    // update is not allowed before acknowledge: 409, and no e-mail
    await act(c.id, 'update', { via: 'email', message: 'Hello' }, 409);
    expect(await outbox(c.id)).toEqual([]);
  });

  it('SMTP down: retried with exponential backoff, nothing lost, each message sent once when it is back — also with two instances', async () => {
    a.clock.set('2026-11-21T10:00:00Z');
    b.clock.set('2026-11-21T10:00:00Z');
    await smtp.stop();
    const emails = [address(), address(), address(), address(), address()];
    const ids: string[] = [];
    for (const email of emails) {
      const c = await register({ clientId: a.clients['GLOBEX'], email });
      await act(c.id, 'acknowledge', { via: 'email', responsibleFunction: 'Customer relations' });
      ids.push(c.id);
    }

    // attempt 1 fails for all five; the next attempt is 30 s later
    expect(await wa.deliverDue()).toEqual({ sent: 0, failed: 5 });
    for (const id of ids) {
      expect(await outbox(id)).toEqual([
        expect.objectContaining({ status: 'pending', attempts: 1, next_attempt_at: new Date('2026-11-21T10:00:30Z') }),
      ]);
    }
    const failed = (await timeline(ids[0])).filter((e) => e.type === 'notification_failed');
    expect(failed).toEqual([
      expect.objectContaining({
        actor: { system: true },
        data: expect.objectContaining({
          kind: 'acknowledged',
          attempt: 1,
          final: false,
          reason: expect.stringMatching(/ECONNREFUSED|ESOCKET|ECONNECTION/),
        }),
      }),
    ]);
    expect(JSON.stringify(failed)).not.toContain('@');

    // not before the backoff has passed
    expect(await wa.deliverDue()).toEqual({ sent: 0, failed: 0 });
    a.clock.advance(30_000);
    expect(await wa.deliverDue()).toEqual({ sent: 0, failed: 5 });
    // attempt 2 failed: the wait doubles to 60 s
    expect((await outbox(ids[0]))[0]).toEqual(expect.objectContaining({ attempts: 2, next_attempt_at: new Date('2026-11-21T10:01:30Z') }));
    a.clock.advance(59_000);
    b.clock.set(a.clock.now());
    expect(await Promise.all([wa.deliverDue(), wb.deliverDue()])).toEqual([
      { sent: 0, failed: 0 },
      { sent: 0, failed: 0 },
    ]);

    // back up: both instances deliver at once, each message exactly once
    await smtp.start();
    a.clock.advance(1_000);
    b.clock.set(a.clock.now());
    const [ra, rb] = await Promise.all([wa.deliverDue(), wb.deliverDue()]);
    expect(ra.sent + rb.sent).toBe(5);
    expect(ra.failed + rb.failed).toBe(0);
    for (const email of emails) expect(to(email).length).toBe(1);

    // later runs on either instance send nothing again
    a.clock.advance(3_600_000);
    b.clock.set(a.clock.now());
    expect(await Promise.all([wa.deliverDue(), wb.deliverDue()])).toEqual([
      { sent: 0, failed: 0 },
      { sent: 0, failed: 0 },
    ]);
    for (const email of emails) expect(to(email).length).toBe(1);
    const history = (await timeline(ids[0])).filter((e) => e.type.startsWith('notification_')).map((e) => [e.type, e.data['attempt']]);
    // the first failure and the delivery are on the timeline (the retry in between is on the outbox row)
    expect(history).toEqual([
      ['notification_failed', 1],
      ['notification_sent', 3],
    ]);
  });

  it('gives up after OUTBOX_MAX_ATTEMPTS: marked failed, the timeline says so, never sent later', async () => {
    await smtp.stop();
    const email = address();
    const c = await register({ clientId: a.clients['ACME'], email });
    await act(c.id, 'acknowledge', { via: 'email', responsibleFunction: 'Billing team' });
    const max = a.config.outboxMaxAttempts;
    const [{ leads }] = await a.db.query(
      `SELECT count(*)::int AS leads FROM users u JOIN user_clients uc ON uc.user_id = u.id WHERE uc.client_id = $1 AND u.role = 'team_lead' AND u.active`,
      [a.clients['ACME']],
    );
    for (let i = 0; i < max; i++) {
      // Giving up queues one e-mail per team lead (R4.4-e d, customer not reached); the same run tries them, SMTP still down.
      expect(await wa.deliverDue()).toEqual({ sent: 0, failed: i === max - 1 ? 1 + leads : 1 });
      a.clock.advance(3_600_000); // the longest backoff
    }
    expect((await outbox(c.id)).filter((r) => r.recipient_type === 'customer')).toEqual([
      expect.objectContaining({ status: 'failed', attempts: max }),
    ]);
    const failed = (await timeline(c.id)).filter((e) => e.type === 'notification_failed').map((e) => e.data);
    expect(failed).toEqual([
      expect.objectContaining({ attempt: 1, final: false }),
      expect.objectContaining({ attempt: max, final: true, nextAttemptAt: null }),
    ]);
    await smtp.start();
    // only the team leads' notices go out; the customer's message never does
    expect(await wa.deliverDue()).toEqual({ sent: leads, failed: 0 });
    expect(to(email)).toEqual([]);
  });

  it('team leads get the escalation by e-mail', async () => {
    const c = await register({ clientId: a.clients['GLOBEX'] });
    await act(c.id, 'escalate', { reason: 'Customer threatens to go to the press' });
    await wa.deliverDue();
    const leadMails = to('lead@example.com').filter((m) => m.subject.includes(c.reference));
    expect(leadMails.length).toBe(1);
    expect(leadMails[0].subject).toBe(`[Globex Retail] ${c.reference} escalated to level 1`);
    expect(leadMails[0].text).toContain('escalated by an agent to level 1: Customer threatens to go to the press');
  });

  it("never logs a customer's address (R4.5-f)", () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text).toContain('E-mail delivered');
    expect(logs.text).toContain('E-mail delivery failed');
    expect(logs.text).not.toMatch(/customer\.\d+@example\.org/);
    expect(logs.text).not.toContain('Eva Svensson');
  });
});
