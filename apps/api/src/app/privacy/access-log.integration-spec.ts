import { createTestApp, TestApp } from '../../testing/test-app';
import { auth, registerOk } from '../../testing/complaint-helpers';

/** The access log (R4.5-f): every read of a complaint's personal data, per user, complaint and hour. */
describe('Access log of a complaint’s personal data (R4.5-f)', () => {
  let t: TestApp;
  let agent: string;
  let lead: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z' });
    // A listening server: the concurrent reads below share one ephemeral listener.
    await t.app.listen(0, '127.0.0.1');
    [agent, lead, admin] = await Promise.all(['agent@example.com', 'lead@example.com', 'admin@example.com'].map((e) => t.token(e)));
  });
  afterAll(() => t.close());

  const read = (id: string, token: string) => t.http.get(`/api/complaints/${id}`).set(auth(token));
  const log = (id: string, token = admin, q = '') => t.http.get(`/api/complaints/${id}/access-log${q}`).set(auth(token));

  it('R4.5-f: GET /api/complaints/:id is recorded — one row per user and hour (INSERT … ON CONFLICT), with count, first and last read; newest hour first', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    expect((await log(c.id)).body).toEqual({ complaintId: c.id, items: [] });
    t.clock.set('2026-11-18T10:05:00Z');
    await read(c.id, agent);
    t.clock.set('2026-11-18T10:40:00Z');
    // Concurrent reads in the same hour: still one row.
    await Promise.all(Array.from({ length: 8 }, () => read(c.id, agent)));
    await read(c.id, lead);
    t.clock.set('2026-11-18T11:01:00Z');
    await read(c.id, agent);
    const res = await log(c.id);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        user: { id: expect.any(String), email: 'agent@example.com', role: 'agent' },
        hour: '2026-11-18T11:00:00.000Z',
        firstAt: '2026-11-18T11:01:00.000Z',
        lastAt: '2026-11-18T11:01:00.000Z',
        count: 1,
        kinds: ['read'],
      },
      expect.objectContaining({
        user: expect.objectContaining({ email: expect.stringMatching(/^(agent|lead)@example\.com$/) }),
        hour: '2026-11-18T10:00:00.000Z',
      }),
      expect.objectContaining({ hour: '2026-11-18T10:00:00.000Z' }),
    ]);
    const tenOClock = res.body.items.filter((i: { hour: string }) => i.hour === '2026-11-18T10:00:00.000Z');
    const byUser = Object.fromEntries(tenOClock.map((i: { user: { email: string } }) => [i.user.email, i]));
    expect(byUser['agent@example.com']).toMatchObject({
      firstAt: '2026-11-18T10:05:00.000Z',
      lastAt: '2026-11-18T10:40:00.000Z',
      count: 9,
      kinds: ['read'],
    });
    expect(byUser['lead@example.com']).toMatchObject({ count: 1 });
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM complaint_access_log WHERE complaint_id = $1', [c.id]);
    expect(n).toBe(3);
    expect((await log(c.id, admin, '?limit=1')).body.items).toHaveLength(1);
    t.clock.set('2026-11-18T10:00:00Z');
  });

  it('R4.5-f: refused reads (another client’s complaint, a client viewer) leave no row; only admins see the log (403), unknown id → 404, bad limit → 400', async () => {
    const c = await registerOk(t, agent, t.clients.GLOBEX);
    expect((await read(c.id, await t.token('agent.acme@example.com'))).status).toBe(404);
    expect((await read(c.id, await t.token('viewer.globex@example.com'))).status).toBe(403);
    expect((await log(c.id)).body.items).toEqual([]);
    expect((await log(c.id, lead)).status).toBe(403);
    expect((await log(c.id, agent)).status).toBe(403);
    expect((await log('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    for (const q of ['?limit=0', '?limit=101', '?limit=x', '?other=1']) expect([q, (await log(c.id, admin, q)).status]).toEqual([q, 400]);
  });
});
