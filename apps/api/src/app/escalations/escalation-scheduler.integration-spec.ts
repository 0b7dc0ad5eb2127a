import { clockTokens, registerComplaint, timeline } from '../../testing/escalation-fixtures';
import { createTestApp, TestApp } from '../../testing/test-app';
import { EscalationScheduler } from './escalation.scheduler';

/**
 * The background sweep (R4.4-e c): with ESCALATION_INTERVAL_SECONDS=1 and the clock set past the
 * deadline, the complaint is escalated by the instance's own timer — nobody calls the sweep. The
 * test awaits the scheduler's "run finished" hook instead of sleeping.
 */
describe('Escalation scheduler (R4.4-e c)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z', env: { ESCALATION_INTERVAL_SECONDS: '1' } });
  });
  afterAll(() => t.close());

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
    expect(events).toEqual([expect.objectContaining({ actor: { system: true }, data: expect.objectContaining({ reason: 'acknowledge_overdue' }) })]);
    // later background runs do not escalate it again
    const later = await scheduler.job.nextRun();
    expect(later).toEqual(expect.objectContaining({ ok: true, result: expect.objectContaining({ escalated: 0 }) }));
  });

  it('stops its timer when the application shuts down', async () => {
    const scheduler = t.app.get(EscalationScheduler);
    await scheduler.onModuleDestroy();
    expect(scheduler.job.isStarted).toBe(false);
  });
});
