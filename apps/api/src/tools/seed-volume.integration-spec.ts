import { DataSource } from 'typeorm';
import { createTestDatabase } from '../testing/test-app';
import { seedVolume } from './seed-volume';

/**
 * `npm run seed:volume` (issue 5): set-based synthetic complaints whose rows, timelines and
 * statistics rollups are consistent with each other, so the scale benchmark measures real figures.
 */
describe('seed:volume (integration)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const now = new Date('2026-11-20T10:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    const res = await seedVolume(db.url, { complaints: 3000, clients: 3, days: 120, now, log: () => undefined });
    expect(res.clients).toHaveLength(3);
    ds = new DataSource({ type: 'postgres', url: db.url });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await ds.query(sql, params))[0] as T;

  it('R4.4-f: loads exactly the requested number of complaints over the clients, each with a consistent row', async () => {
    const per: Array<{ code: string; n: number }> = await ds.query(
      `SELECT cl.code, count(c.id)::int AS n FROM clients cl LEFT JOIN complaints c ON c.client_id = cl.id GROUP BY cl.code ORDER BY cl.code`,
    );
    expect(per.reduce((s, r) => s + r.n, 0)).toBe(3000);
    expect(per.every((r) => r.n > 0)).toBe(true);
    const statuses: Array<{ status: string }> = await ds.query('SELECT DISTINCT status FROM complaints ORDER BY status');
    expect(statuses.map((s) => s.status)).toEqual(['acknowledged', 'closed', 'registered']);
    const bad = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM complaints WHERE
         received_at > $1 OR received_at < $1::timestamptz - interval '120 days'
         OR acknowledged_at < received_at OR closed_at < acknowledged_at OR acknowledged_at > $1 OR closed_at > $1
         OR (status = 'closed') <> (closed_at IS NOT NULL AND outcome IS NOT NULL)
         OR (status = 'registered') <> (acknowledged_at IS NULL)
         OR (status <> 'closed') <> (due_at IS NOT NULL)`,
      [now],
    );
    expect(bad.n).toBe(0);
    const refs = await one<{ n: number; distinct: number }>('SELECT count(*)::int AS n, count(DISTINCT reference)::int AS distinct FROM complaints');
    expect(refs.distinct).toBe(refs.n);
  });

  it('R4.4-d: every complaint has the timeline its row says (registered once, acknowledged, escalations, closed)', async () => {
    const mismatch = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM complaints c,
         LATERAL (SELECT count(*) FILTER (WHERE type = 'registered') AS reg,
                         count(*) FILTER (WHERE type = 'acknowledged') AS ack,
                         count(*) FILTER (WHERE type = 'escalated') AS esc,
                         count(*) FILTER (WHERE type = 'closed') AS clo
                  FROM complaint_events e WHERE e.complaint_id = c.id AND e.client_id = c.client_id) e
       WHERE e.reg <> 1 OR e.ack <> (c.acknowledged_at IS NOT NULL)::int OR e.esc <> c.escalation_level
          OR e.clo <> (c.status = 'closed')::int`,
    );
    expect(mismatch.n).toBe(0);
  });

  it('R4.4-f: the statistics rollups hold every seeded complaint, and a second run adds to the clients without clashing references', async () => {
    const received = async () =>
      (await one<{ n: number }>(`SELECT coalesce(sum(received), 0)::int AS n FROM stats_rollup WHERE grain = 'd'`)).n;
    expect(await received()).toBe(3000);
    await seedVolume(db.url, { complaints: 600, clients: 3, days: 30, now, log: () => undefined });
    const after = await one<{ n: number; distinct: number; clients: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT reference)::int AS distinct, (SELECT count(*)::int FROM clients) AS clients FROM complaints`,
    );
    expect(after).toEqual({ n: 3600, distinct: 3600, clients: 3 });
    expect(await received()).toBe(3600);
  });
});
