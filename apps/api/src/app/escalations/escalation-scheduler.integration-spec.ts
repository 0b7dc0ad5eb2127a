import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockTokens, registerComplaint, timeline } from '../../testing/escalation-fixtures';
import { createTestApp, TestApp } from '../../testing/test-app';
import { OutboxWorker } from '../mail/outbox-worker.service';
import { EscalationScheduler } from './escalation.scheduler';

/**
 * The background sweep (R4.4-e c): with ESCALATION_INTERVAL_SECONDS=1 and the clock set past the
 * deadline, the complaint is escalated by the instance's own timer — nobody calls the sweep. The
 * test awaits the scheduler's "run finished" hook instead of sleeping.
 */
describe('Escalation scheduler (R4.4-e c)', () => {
  let t: TestApp;
  let mailDir: string;

  beforeAll(async () => {
    mailDir = mkdtempSync(join(tmpdir(), 'complaint-desk-mail-'));
    t = await createTestApp({
      now: '2026-11-18T10:00:00Z',
      env: { BACKGROUND_JOBS: 'true', ESCALATION_INTERVAL_SECONDS: '1', OUTBOX_INTERVAL_SECONDS: '1', MAIL_DIR: mailDir },
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('an overdue complaint is escalated by the background sweep without a manual call', async () => {
    const scheduler = t.app.get(EscalationScheduler);
    expect(scheduler.job.isStarted).toBe(true);
    const tok = clockTokens(t);
    const c = await registerComplaint(t, await tok('agent@example.com'), { clientId: t.clients['ACME'] });
    // acknowledgeBy is Thursday 19 Nov 17:00 CET (16:00Z): one second later it is missed
    t.clock.set('2026-11-19T16:00:01Z');
    // the first background run that starts after the clock moved is awaited (no sleep): it escalates
    const run = await scheduler.job.nextRun();
    expect(run).toEqual(expect.objectContaining({ ok: true, result: expect.objectContaining({ escalated: 1 }) }));
    const events = (await timeline(t, await tok('agent@example.com'), c.id)).filter((e) => e.type === 'escalated');
    expect(events).toEqual([
      expect.objectContaining({ actor: { system: true }, data: expect.objectContaining({ reason: 'acknowledge_overdue' }) }),
    ]);
    // later background runs do not escalate it again
    const later = await scheduler.job.nextRun();
    expect(later).toEqual(expect.objectContaining({ ok: true, result: expect.objectContaining({ escalated: 0 }) }));
  });

  it("the outbox worker delivers the team lead's e-mail in the background too", async () => {
    const worker = t.app.get(OutboxWorker);
    expect(worker.job.isStarted).toBe(true);
    // the escalation above queued one e-mail to ACME's team lead; a background run delivers it
    const pending = async () => (await t.db.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'pending'`))[0].n as number;
    if ((await pending()) > 0) {
      const run = await worker.job.nextRun();
      expect(run.ok).toBe(true);
    }
    expect(await pending()).toBe(0);
    expect(readdirSync(mailDir).filter((f) => f.endsWith('.eml')).length).toBe(1);
  });

  it('stops its timer when the application shuts down', async () => {
    const scheduler = t.app.get(EscalationScheduler);
    const worker = t.app.get(OutboxWorker);
    await scheduler.onModuleDestroy();
    await worker.job.stop();
    expect(scheduler.job.isStarted).toBe(false);
    expect(worker.job.isStarted).toBe(false);
  });
});
