import { createTestApp, TestApp } from '../../testing/test-app';
import { DEMO_COMPLAINTS_PER_CLIENT, DemoComplaintsSeeder } from './demo-complaints.seeder';

describe('Demo complaints seeder', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z' });
    await t.app.get(DemoComplaintsSeeder).seed(t.clients);
  }, 120_000);
  afterAll(() => t.close());

  it('seeds ~200 complaints per demo client over the last 90 days', async () => {
    const rows: Array<{ code: string; n: number; oldest: Date; newest: Date }> = await t.db.query(
      `SELECT cl.code, count(*)::int AS n, min(c.received_at) AS oldest, max(c.received_at) AS newest
         FROM complaints c JOIN clients cl ON cl.id = c.client_id GROUP BY cl.code ORDER BY cl.code`,
    );
    expect(rows.map((r) => [r.code, r.n])).toEqual([
      ['ACME', DEMO_COMPLAINTS_PER_CLIENT],
      ['GLOBEX', DEMO_COMPLAINTS_PER_CLIENT],
    ]);
    for (const r of rows) {
      expect(new Date(r.oldest).getTime()).toBeGreaterThan(Date.parse('2026-11-18T10:00:00Z') - 91 * 86_400_000);
      expect(new Date(r.newest).getTime()).toBeGreaterThan(Date.parse('2026-11-18T10:00:00Z') - 2 * 86_400_000);
    }
  });

  it('spreads over every state, incl. overdue, escalated, reopened, rated, every outcome and channel', async () => {
    const now = '2026-11-18T10:00:00Z';
    const [s] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status = 'registered')::int AS registered,
              count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged,
              count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(*) FILTER (WHERE status <> 'closed' AND due_at < $1)::int AS overdue,
              count(*) FILTER (WHERE escalation_level > 0)::int AS escalated,
              count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
              count(*) FILTER (WHERE satisfaction_score IS NOT NULL)::int AS rated,
              count(*) FILTER (WHERE assignee_id IS NOT NULL)::int AS assigned,
              count(DISTINCT outcome)::int AS outcomes, count(DISTINCT channel)::int AS channels,
              count(DISTINCT customer_language)::int AS languages
         FROM complaints`,
      [now],
    );
    for (const k of ['registered', 'acknowledged', 'closed', 'overdue', 'escalated', 'reopened', 'rated', 'assigned']) {
      expect({ [k]: s[k] > 0 }).toEqual({ [k]: true });
    }
    expect(s.outcomes).toBe(4);
    expect(s.channels).toBe(6);
    expect(s.languages).toBe(2);
  });

  it('events are consistent with the rows: one lifecycle event per version, nothing in the future', async () => {
    const bad = await t.db.query(
      `SELECT c.id FROM complaints c
        WHERE c.version <> (SELECT count(*) FROM complaint_events e WHERE e.complaint_id = c.id
                             AND e.type IN ('registered','categorised','acknowledged','updated','deadline_extended',
                                            'escalated','assigned','closed','reopened','satisfaction_recorded'))
           OR EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id AND e.at > '2026-11-18T10:00:00Z')`,
    );
    expect(bad).toEqual([]);
  });
});
