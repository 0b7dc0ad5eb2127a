import { histogramOf, HISTOGRAM_RELATIVE_PRECISION, percentileFromHistogram } from '@complaint-desk/domain';
import { expectEqualsRecount } from '../../testing/stats-expect';
import { createTestApp, TestApp } from '../../testing/test-app';
import { ComplaintSim } from '../../testing/stats-complaint-sim';
import { recountSummary } from '../../testing/stats-recount';

/**
 * Exact figures for a known set of complaints (R4.4-f), the window [from, to) with partial local
 * days at both ends, time-series buckets, and the scope of every role.
 */
describe('Statistics API (integration)', () => {
  let t: TestApp;
  let sim: ComplaintSim;
  let ACME: string;
  let GLOBEX: string;
  let admin: string;
  const ids: Record<string, string> = {};

  const at = (iso: string) => t.clock.set(iso);
  const ack = (id: string) => sim.act(id, { action: 'acknowledge', via: 'email', responsibleFunction: 'Billing team' });
  const expectOk = async (p: Promise<string | null>) => expect(await p).toBeNull();

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-01T00:00:00Z' });
    sim = new ComplaintSim(t);
    ACME = t.clients['ACME'];
    GLOBEX = t.clients['GLOBEX'];

    // H: received before the window (Oct 20), closed inside it: never counted in the summary.
    at('2026-10-20T08:00:00Z');
    ids.H = await sim.register(ACME, { channel: 'phone', receivedAt: '2026-10-20T08:00:00Z', categoryCode: 'METERING.FAULTY' });
    await expectOk(ack(ids.H));
    // B: received on the first local day of the window but before `from` (09:00 vs 12:00 local).
    at('2026-11-02T08:00:00Z');
    ids.B = await sim.register(ACME, { channel: 'social', receivedAt: '2026-11-02T08:00:00Z', categoryCode: 'BILLING.OVERCHARGE' });
    // A: received in the first, partial local day of the window (12:30 local); on-time acknowledgement and closing, upheld, root cause, satisfaction 4.
    at('2026-11-02T11:30:00Z');
    ids.A = await sim.register(ACME, { channel: 'email', receivedAt: '2026-11-02T11:30:00Z', categoryCode: 'BILLING.OVERCHARGE' });
    at('2026-11-02T12:00:00Z');
    await expectOk(ack(ids.A));
    await expectOk(ack(ids.B));
    // C: about the CCC, escalated, acknowledged late (ack deadline Wed 4 Nov 17:00 local), left open.
    at('2026-11-03T08:00:00Z');
    ids.C = await sim.register(ACME, {
      channel: 'phone',
      subject: 'ccc',
      receivedAt: '2026-11-03T08:00:00Z',
      categoryCode: 'SERVICE.WAIT_TIME',
    });
    await expectOk(sim.act(ids.B, { action: 'close', outcome: 'upheld', resolution: 'Refunded', via: 'email', rootCauseCode: 'PROCESS' }));
    await expectOk(sim.act(ids.B, { action: 'satisfaction', score: 1 }));
    // D: closed not_upheld, reopened, closed again late as partially_upheld.
    at('2026-11-04T09:00:00Z');
    ids.D = await sim.register(ACME, { channel: 'webchat', receivedAt: '2026-11-04T09:00:00Z', categoryCode: 'BILLING.DOUBLE' });
    at('2026-11-04T10:00:00Z');
    await expectOk(ack(ids.D));
    at('2026-11-05T07:00:00Z');
    await expectOk(sim.act(ids.C, { action: 'escalate', reason: 'acknowledge_overdue' }));
    at('2026-11-05T08:00:00Z');
    await expectOk(ack(ids.C));
    at('2026-11-05T09:00:00Z');
    await expectOk(
      sim.act(ids.A, { action: 'close', outcome: 'upheld', resolution: 'Refunded', via: 'email', rootCauseCode: 'BILLING_SYSTEM' }),
    );
    await expectOk(sim.act(ids.A, { action: 'satisfaction', score: 4 }));
    // E: letter, withdrawn, satisfaction 2.
    at('2026-11-05T10:00:00Z');
    ids.E = await sim.register(ACME, { channel: 'letter', receivedAt: '2026-11-05T10:00:00Z', categoryCode: 'BILLING.OVERCHARGE' });
    // GLOBEX complaint in the same window: never in ACME's figures.
    ids.X = await sim.register(GLOBEX, { channel: 'phone', receivedAt: '2026-11-05T10:00:00Z', categoryCode: 'DELIVERY.LATE' });
    at('2026-11-05T11:00:00Z');
    await expectOk(ack(ids.E));
    at('2026-11-06T10:00:00Z');
    await expectOk(
      sim.act(ids.D, { action: 'close', outcome: 'not_upheld', resolution: 'No fault', via: 'email', rootCauseCode: 'NO_FAULT' }),
    );
    at('2026-11-06T12:00:00Z');
    await expectOk(sim.act(ids.E, { action: 'close', outcome: 'withdrawn', resolution: 'Customer withdrew', via: 'letter' }));
    await expectOk(sim.act(ids.E, { action: 'satisfaction', score: 2 }));
    at('2026-11-10T10:00:00Z');
    await expectOk(sim.act(ids.H, { action: 'close', outcome: 'upheld', resolution: 'Meter replaced', via: 'phone' }));
    // F: received inside the last, partial local day of the window; never acknowledged; no category.
    at('2026-11-16T10:00:00Z');
    ids.F = await sim.register(ACME, { channel: 'phone', receivedAt: '2026-11-16T10:00:00Z' });
    // G: received after `to` (12:30 local).
    at('2026-11-16T11:30:00Z');
    ids.G = await sim.register(ACME, { channel: 'email', receivedAt: '2026-11-16T11:30:00Z', categoryCode: 'BILLING.OVERCHARGE' });
    at('2026-11-19T10:00:00Z');
    await expectOk(sim.act(ids.D, { action: 'reopen', reason: 'Customer disagrees' }));
    at('2026-11-20T10:00:00Z');
    await expectOk(
      sim.act(ids.D, {
        action: 'close',
        outcome: 'partially_upheld',
        resolution: 'Partial credit',
        via: 'email',
        rootCauseCode: 'PROCESS',
      }),
    );
    at('2026-11-25T10:00:00Z');
    admin = await t.token('admin@example.com'); // tokens expire on the test clock: sign in at the final time
  });

  afterAll(async () => {
    await t?.close();
  });

  // [Mon 2 Nov 12:00, Mon 16 Nov 12:00) Stockholm (UTC+1): partial local days at both ends.
  const FROM = '2026-11-02T12:00:00+01:00';
  const TO = '2026-11-16T12:00:00+01:00';

  it('R4.4-f: summary gives exact figures for the complaints received in [from, to) only', async () => {
    const res = await t.http
      .get('/api/stats/summary')
      .query({ clientId: ACME, from: FROM, to: TO })
      .set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    const ackHist = histogramOf([0.5, 48, 1, 1]); // A 0.5 h, C 48 h (late), D 1 h, E 1 h
    const closeHist = histogramOf([69.5, 385, 26]); // A 69.5 h, D 385 h (last closing), E 26 h
    expect(res.body).toEqual({
      clientId: ACME,
      from: '2026-11-02T11:00:00.000Z',
      to: '2026-11-16T11:00:00.000Z',
      received: 5, // A C D E F (not B: before from; not G: after to; not H: received in October; not GLOBEX)
      open: 2, // C, F
      closed: 3, // A, D, E
      overdueOpen: 2, // C (update and resolve overdue), F (acknowledge overdue)
      acknowledgedOnTimeRate: 3 / 4, // C acknowledged late
      resolvedOnTimeRate: 2 / 3, // D's last closing after its resolve deadline
      medianHoursToAcknowledge: percentileFromHistogram(ackHist, 0.5),
      medianHoursToClose: percentileFromHistogram(closeHist, 0.5),
      p90HoursToClose: percentileFromHistogram(closeHist, 0.9),
      escalated: 1,
      escalationRate: 1 / 5,
      reopened: 1,
      outcomes: { upheld: 1, partially_upheld: 1, not_upheld: 0, withdrawn: 1 },
      byCategory: [
        { code: 'BILLING.OVERCHARGE', name: 'Overcharge', received: 2, upheld: 1 },
        { code: 'BILLING.DOUBLE', name: 'Charged twice', received: 1, upheld: 0 },
        { code: 'SERVICE.WAIT_TIME', name: 'Waiting time', received: 1, upheld: 0 },
      ],
      byRootCause: [
        { code: 'BILLING_SYSTEM', name: 'Billing system error', closed: 1 },
        { code: 'PROCESS', name: 'Process not followed', closed: 1 },
      ],
      byChannel: { phone: 2, email: 1, webchat: 1, letter: 1, social: 0, in_person: 0 },
      bySubject: { ccc: 1, client: 4 },
      satisfaction: { responses: 2, average: 3 },
      uncategorised: 1,
    });
    // Histogram estimates stay within the documented precision of the exact values.
    expect(Math.abs(res.body.medianHoursToAcknowledge - 1) / 1).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_PRECISION);
    expect(Math.abs(res.body.medianHoursToClose - 69.5) / 69.5).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_PRECISION);
    expect(Math.abs(res.body.p90HoursToClose - 321.9) / 321.9).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_PRECISION);
  });

  it('R4.4-f: the summary equals a brute-force recount for aligned, partial and default windows', async () => {
    const now = t.clock.now();
    for (const [from, to] of [
      [FROM, TO],
      ['2026-11-02', '2026-11-16'],
      ['2026-10-01T00:00:00Z', '2026-11-25T10:00:00Z'],
      ['2026-11-02T08:30:00Z', '2026-11-02T10:00:00Z'],
    ]) {
      const res = await t.http.get('/api/stats/summary').query({ clientId: ACME, from, to }).set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(200);
      const r = await recountSummary(t.db, ACME, new Date(res.body.from), new Date(res.body.to), now);
      expectEqualsRecount(res.body, r);
    }
    const def = await t.http.get('/api/stats/summary').query({ clientId: ACME }).set('Authorization', `Bearer ${admin}`);
    expect(def.body.to).toBe('2026-11-25T10:00:00.000Z');
    expect(def.body.from).toBe('2026-10-26T10:00:00.000Z');
    expectEqualsRecount(def.body, await recountSummary(t.db, ACME, new Date(def.body.from), new Date(def.body.to), now));
  });

  it('R4.4-f: a date-only window means local midnights of the client; an empty window gives nulls, not zeros', async () => {
    const res = await t.http
      .get('/api/stats/summary')
      .query({ clientId: ACME, from: '2026-01-01', to: '2026-02-01' })
      .set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2025-12-31T23:00:00.000Z',
      to: '2026-01-31T23:00:00.000Z',
      received: 0,
      acknowledgedOnTimeRate: null,
      resolvedOnTimeRate: null,
      medianHoursToAcknowledge: null,
      medianHoursToClose: null,
      p90HoursToClose: null,
      escalationRate: null,
      satisfaction: { responses: 0, average: null },
      byCategory: [],
      byRootCause: [],
    });
  });

  it('R4.4-f: timeseries counts received by receipt, closed by current closing, escalated by first escalation, per local day', async () => {
    const res = await t.http
      .get('/api/stats/timeseries')
      .query({ clientId: ACME, from: '2026-11-02', to: '2026-11-07', interval: 'day' })
      .set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      clientId: ACME,
      interval: 'day',
      from: '2026-11-01T23:00:00.000Z',
      to: '2026-11-06T23:00:00.000Z',
      timezone: 'Europe/Stockholm',
      points: [
        { start: '2026-11-01T23:00:00.000Z', received: 2, closed: 0, escalated: 0 }, // A, B
        { start: '2026-11-02T23:00:00.000Z', received: 1, closed: 1, escalated: 0 }, // C; B closed
        { start: '2026-11-03T23:00:00.000Z', received: 1, closed: 0, escalated: 0 }, // D
        { start: '2026-11-04T23:00:00.000Z', received: 1, closed: 1, escalated: 1 }, // E; A closed; C escalated
        { start: '2026-11-05T23:00:00.000Z', received: 0, closed: 1, escalated: 0 }, // E closed (D's closing undone by reopen)
      ],
    });
    const weeks = await t.http
      .get('/api/stats/timeseries')
      .query({ clientId: ACME, from: '2026-11-04T12:00:00Z', to: '2026-11-21T00:00:00Z', interval: 'week' })
      .set('Authorization', `Bearer ${admin}`);
    expect(weeks.status).toBe(200);
    // Whole ISO weeks (Monday 00:00 Stockholm) containing from … the last instant before to.
    expect(weeks.body.points).toEqual([
      { start: '2026-11-01T23:00:00.000Z', received: 5, closed: 3, escalated: 1 }, // A B C D E; B A E closed; C escalated
      { start: '2026-11-08T23:00:00.000Z', received: 0, closed: 1, escalated: 0 }, // H closed 10 Nov
      { start: '2026-11-15T23:00:00.000Z', received: 2, closed: 1, escalated: 0 }, // F G; D closed (again) 20 Nov
    ]);
    const months = await t.http
      .get('/api/stats/timeseries')
      .query({ clientId: ACME, from: '2026-10-01', to: '2026-12-01', interval: 'month' })
      .set('Authorization', `Bearer ${admin}`);
    expect(months.body.points).toEqual([
      { start: '2026-09-30T22:00:00.000Z', received: 1, closed: 0, escalated: 0 },
      { start: '2026-10-31T23:00:00.000Z', received: 7, closed: 5, escalated: 1 },
    ]);
  });

  describe('scope of every role (R4.4-f: no figure of another client)', () => {
    const endpoints = ['/api/stats/summary', '/api/stats/timeseries', '/api/stats/export.csv'];

    it.each(endpoints)('%s: a client_viewer gets its own client by default and 403 for another client', async (path) => {
      const viewer = await t.token('viewer.acme@example.com');
      const own = await t.http.get(path).set('Authorization', `Bearer ${viewer}`);
      expect(own.status).toBe(200);
      if (path.endsWith('summary')) expect(own.body.clientId).toBe(ACME);
      const explicit = await t.http.get(path).query({ clientId: ACME }).set('Authorization', `Bearer ${viewer}`);
      expect(explicit.status).toBe(200);
      const other = await t.http.get(path).query({ clientId: GLOBEX }).set('Authorization', `Bearer ${viewer}`);
      expect(other.status).toBe(403);
      expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
      const globexViewer = await t.token('viewer.globex@example.com');
      expect((await t.http.get(path).query({ clientId: ACME }).set('Authorization', `Bearer ${globexViewer}`)).status).toBe(403);
      const g = await t.http.get(path).set('Authorization', `Bearer ${globexViewer}`);
      expect(g.status).toBe(200);
      if (path.endsWith('summary')) expect(g.body.clientId).toBe(GLOBEX);
    });

    it.each(endpoints)('%s: agents and team leads see the clients they serve, another → 404, none → 400 naming clientId', async (path) => {
      const agentAcme = await t.token('agent.acme@example.com');
      expect((await t.http.get(path).query({ clientId: ACME }).set('Authorization', `Bearer ${agentAcme}`)).status).toBe(200);
      const other = await t.http.get(path).query({ clientId: GLOBEX }).set('Authorization', `Bearer ${agentAcme}`);
      expect(other.status).toBe(404);
      const missing = await t.http.get(path).set('Authorization', `Bearer ${agentAcme}`);
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'clientId' })]);
      for (const email of ['agent@example.com', 'lead@example.com']) {
        const tok = await t.token(email);
        for (const c of [ACME, GLOBEX])
          expect((await t.http.get(path).query({ clientId: c }).set('Authorization', `Bearer ${tok}`)).status).toBe(200);
      }
    });

    it.each(endpoints)('%s: admin sees any client; unknown client → 404; no token → 401', async (path) => {
      for (const c of [ACME, GLOBEX])
        expect((await t.http.get(path).query({ clientId: c }).set('Authorization', `Bearer ${admin}`)).status).toBe(200);
      const unknown = await t.http
        .get(path)
        .query({ clientId: '00000000-0000-4000-8000-000000000000' })
        .set('Authorization', `Bearer ${admin}`);
      expect(unknown.status).toBe(404);
      expect((await t.http.get(path).query({ clientId: ACME })).status).toBe(401);
    });

    it('GLOBEX figures contain only the GLOBEX complaint', async () => {
      const res = await t.http
        .get('/api/stats/summary')
        .query({ clientId: GLOBEX, from: FROM, to: TO })
        .set('Authorization', `Bearer ${admin}`);
      expect(res.body).toMatchObject({ received: 1, open: 1, byChannel: expect.objectContaining({ phone: 1 }) });
      expect(res.body.byCategory).toEqual([{ code: 'DELIVERY.LATE', name: 'Late delivery', received: 1, upheld: 0 }]);
    });
  });

  describe('parameters', () => {
    const get = (path: string, q: Record<string, string>) =>
      t.http
        .get(path)
        .query({ clientId: ACME, ...q })
        .set('Authorization', `Bearer ${admin}`);

    it.each([
      ['from', { from: 'yesterday' }],
      ['to', { to: '2026-13-45T00:00:00Z' }],
      ['from', { from: '2026-11-01T00:00:00' }], // no offset: ambiguous
      ['clientId', { clientId: 'not-a-uuid' }],
    ])('400 naming %s for a malformed value', async (field, q) => {
      const res = await get('/api/stats/summary', q as Record<string, string>);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    });

    it('422 when from is not before to, or the window is longer than 1098 days', async () => {
      const same = await get('/api/stats/summary', { from: '2026-11-02T00:00:00Z', to: '2026-11-02T00:00:00Z' });
      expect(same.status).toBe(422);
      expect(same.body.errors[0].field).toBe('from');
      const long = await get('/api/stats/timeseries', { from: '2020-01-01', to: '2026-01-01' });
      expect(long.status).toBe(422);
    });

    it('400 for an unknown interval or an unknown parameter', async () => {
      const bad = await get('/api/stats/timeseries', { interval: 'hour' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('interval');
      expect((await get('/api/stats/summary', { foo: 'bar' })).status).toBe(400);
    });
  });

  it('R4.4-f: the OpenAPI document describes the KPIs (on time, rate denominators, window, time zone)', async () => {
    const doc = await t.http.get('/api/docs-json');
    expect(doc.status).toBe(200);
    const summary = doc.body.paths['/api/stats/summary'].get;
    expect(summary.description).toMatch(/acknowledged_at ≤ acknowledge_by/);
    expect(summary.description).toMatch(/\[from, to\)/);
    expect(doc.body.paths['/api/stats/timeseries'].get.description).toMatch(/client's time zone/);
    expect(doc.body.paths['/api/stats/export.csv'].get.description).toMatch(/No customer name/);
    const schema = JSON.stringify(doc.body.components.schemas.StatsSummaryDoc);
    expect(schema).toMatch(/over the acknowledged complaints/);
    expect(schema).toMatch(/4\.9 %/);
  });

  it('a changed client time zone rebuilds its day buckets', async () => {
    await t.db.query(`UPDATE clients SET timezone = 'Asia/Tokyo' WHERE id = $1`, [ACME]);
    try {
      const res = await t.http
        .get('/api/stats/timeseries')
        .query({ clientId: ACME, from: '2026-11-02', to: '2026-11-04', interval: 'day' })
        .set('Authorization', `Bearer ${admin}`);
      expect(res.body.timezone).toBe('Asia/Tokyo');
      // Tokyo (UTC+9): A (09:00Z) and B (08:00Z) on 2 Nov, C (3 Nov 08:00Z) on 3 Nov.
      expect(res.body.points.map((p: { start: string; received: number }) => [p.start, p.received])).toEqual([
        ['2026-11-01T15:00:00.000Z', 2],
        ['2026-11-02T15:00:00.000Z', 1],
      ]);
      const s = await t.http
        .get('/api/stats/summary')
        .query({ clientId: ACME, from: FROM, to: TO })
        .set('Authorization', `Bearer ${admin}`);
      expectEqualsRecount(s.body, await recountSummary(t.db, ACME, new Date(FROM), new Date(TO), t.clock.now()));
    } finally {
      await t.db.query(`UPDATE clients SET timezone = 'Europe/Stockholm' WHERE id = $1`, [ACME]);
    }
  });
});
