import { createTestApp, TestApp } from '../../testing/test-app';
import { ComplaintSim } from '../../testing/stats-complaint-sim';
import { StatisticsService } from './statistics.service';

/**
 * Issue 5, performance: figures over whole local days come from the rollups kept up to date by
 * every lifecycle action — not from a scan of the complaints table per request. Rows written
 * behind the rollups' back (raw SQL, no lifecycle event) are therefore invisible to those figures
 * until a rebuild; putting a per-request recount back in place makes this test fail.
 */
describe('Statistics answer whole days from the rollups (integration)', () => {
  let t: TestApp;
  let ACME: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-03T08:00:00Z' });
    ACME = t.clients['ACME'];
    const sim = new ComplaintSim(t);
    await sim.register(ACME, { channel: 'phone', receivedAt: '2026-11-03T08:00:00Z', categoryCode: 'BILLING.DOUBLE' });
    t.clock.set('2026-11-20T10:00:00Z');
  });
  afterAll(() => t?.close());

  it('R4.4-f: a summary and a time series over whole days read the rollups; a rebuild brings in rows written without an event', async () => {
    await t.db.query(
      `INSERT INTO complaints (client_id, reference, status, channel, subject, summary, description, category_code, category_name,
         customer_name, customer_email, received_at, registered_at, acknowledge_by, resolve_by, policy_snapshot, calendar_snapshot, due_at)
       SELECT $1, 'ACME-2026-9' || lpad(g::text, 5, '0'), 'registered', 'letter', 'client', 'Bulk', 'Bulk', 'METERING.FAULTY', 'Faulty meter',
         'Bulk Person', 'bulk@example.org', ts, ts, ts + interval '1 day', ts + interval '10 days', '{}'::jsonb, '{}'::jsonb, ts + interval '1 day'
       FROM generate_series(1, 40) g, LATERAL (SELECT timestamptz '2026-11-05T09:00:00Z' + g * interval '10 minutes' AS ts) x`,
      [ACME],
    );
    const admin = await t.token('admin@example.com');
    const query = { clientId: ACME, from: '2026-11-01', to: '2026-11-16' };
    const summary = () => t.http.get('/api/stats/summary').query(query).set('Authorization', `Bearer ${admin}`);
    const series = () =>
      t.http
        .get('/api/stats/timeseries')
        .query({ ...query, interval: 'day' })
        .set('Authorization', `Bearer ${admin}`);
    const receivedIn = (body: { points: { received: number }[] }) => body.points.reduce((n, p) => n + p.received, 0);

    const before = await summary();
    expect(before.status).toBe(200);
    expect(before.body.received).toBe(1);
    const seriesBefore = await series();
    expect(seriesBefore.status).toBe(200);
    expect(receivedIn(seriesBefore.body)).toBe(1);

    await t.app.get(StatisticsService).rebuild([ACME]);

    expect((await summary()).body.received).toBe(41);
    expect(receivedIn((await series()).body)).toBe(41);
  });
});
