import fc from 'fast-check';
import { DateTime } from 'luxon';
import { allowedByStatus, bucketIndex, HISTOGRAM_BUCKETS_HOURS, type ComplaintCommand } from '@complaint-desk/domain';
import { createTestApp, TestApp } from '../../testing/test-app';
import { ComplaintSim } from '../../testing/stats-complaint-sim';
import { DEMO_PASSWORD } from '../demo/demo-data';
import { recountSummary } from '../../testing/stats-recount';
import { expectEqualsRecount } from '../../testing/stats-expect';
import { rebuildRollups } from './stats-rollup.repository';

/**
 * The rollups kept by the listener always equal a recount over the complaints (R4.4-f: exact
 * figures): random sequences of lifecycle actions (fast-check), then every summary figure, every
 * time-series point and every rollup row is compared with a brute-force recount / a set-based rebuild.
 */
describe('Statistics rollups (integration)', () => {
  let t: TestApp;
  let sim: ComplaintSim;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-10-01T10:00:00Z' });
    sim = new ComplaintSim(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh client (a copy of ACME under a new code), so every run starts from zero. */
  let clientSeq = 0;
  async function newClient(timezone = 'Europe/Stockholm'): Promise<string> {
    const code = `P${process.pid % 1000}X${++clientSeq}`;
    const [row] = await t.db.query(
      `INSERT INTO clients (code, name, timezone, business_hours, holidays, policy, categories, complaint_info)
       SELECT $1::varchar, 'Property ' || $1::varchar, $3::varchar, business_hours, holidays, policy, categories, complaint_info FROM clients WHERE id = $2
       RETURNING id`,
      [code, t.clients['ACME'], timezone],
    );
    return row.id;
  }

  async function adminToken(): Promise<string> {
    const res = await t.http.post('/api/auth/login').send({ email: 'admin@example.com', password: DEMO_PASSWORD });
    return res.body.accessToken;
  }

  async function rollupSnapshot(clientId: string): Promise<unknown[]> {
    return Promise.all([
      t.db.query(
        `SELECT grain, period::text, received, closed, upheld, partially_upheld, not_upheld, withdrawn, acknowledged,
           acknowledged_on_time, resolved_on_time, escalated, reopened, satisfaction_responses, satisfaction_sum
         FROM stats_rollup WHERE client_id = $1 AND received <> 0 ORDER BY 1, 2`,
        [clientId],
      ),
      t.db.query(
        `SELECT grain, period::text, dim, value, received, upheld, closed FROM stats_rollup_dim
         WHERE client_id = $1 AND (received <> 0 OR upheld <> 0 OR closed <> 0) ORDER BY 1, 2, 3, 4`,
        [clientId],
      ),
      t.db.query(
        `SELECT grain, period::text, metric, counts FROM stats_rollup_hist WHERE client_id = $1 AND counts <> '{}' ORDER BY 1, 2, 3`,
        [clientId],
      ),
      t.db.query(
        `SELECT day::text, closed, escalated FROM stats_event_daily WHERE client_id = $1 AND (closed <> 0 OR escalated <> 0) ORDER BY 1`,
        [clientId],
      ),
    ]);
  }

  const CATEGORIES = ['BILLING.OVERCHARGE', 'BILLING.DOUBLE', 'METERING.FAULTY', 'SERVICE.AGENT'];
  const CHANNELS = ['phone', 'email', 'webchat', 'letter', 'social', 'in_person'];
  const OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn'] as const;
  const ROOTS = [null, 'PROCESS', 'BILLING_SYSTEM', 'NO_FAULT'];

  type Op =
    | { op: 'register'; agoH: number; channel: string; subject: 'ccc' | 'client'; cat: string | null }
    | {
        op: 'act';
        i: number;
        choice: number;
        cat: string;
        addH: number;
        outcome: (typeof OUTCOMES)[number];
        root: string | null;
        score: number;
      }
    | { op: 'advance'; hours: number };

  // Few complaints per run and an action the complaint's status allows, so closings, reopenings and
  // re-categorisations happen often.
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('register' as const),
        agoH: fc.integer({ min: 0, max: 1500 }),
        channel: fc.constantFrom(...CHANNELS),
        subject: fc.constantFrom('ccc' as const, 'client' as const),
        cat: fc.constantFrom(null, ...CATEGORIES),
      }),
    },
    {
      weight: 10,
      arbitrary: fc.record({
        op: fc.constant('act' as const),
        i: fc.nat(5),
        choice: fc.nat(20),
        cat: fc.constantFrom(...CATEGORIES),
        addH: fc.integer({ min: 1, max: 500 }),
        outcome: fc.constantFrom(...OUTCOMES),
        root: fc.constantFrom(...ROOTS),
        score: fc.integer({ min: 1, max: 5 }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 120 }) }) },
  );

  /** Actions that went through, over all runs (the test checks the generator reaches every kind). */
  const applied: Record<string, number> = {};

  async function run(clientId: string, ops: Op[]): Promise<string[]> {
    const ids: string[] = [];
    for (const agoH of [30, 2]) {
      ids.push(
        await sim.register(clientId, {
          receivedAt: new Date(t.clock.now().getTime() - agoH * 3_600_000),
          channel: 'email',
          categoryCode: 'BILLING.DOUBLE',
        }),
      );
    }
    // A scripted prelude on the first complaint, so every run exercises the interesting transitions.
    for (const cmd of [
      { action: 'acknowledge', via: 'email', responsibleFunction: 'Billing' },
      { action: 'escalate', reason: 'manual' },
      { action: 'close', outcome: 'not_upheld', resolution: 'No fault', via: 'email', rootCauseCode: 'NO_FAULT' },
      { action: 'reopen', reason: 'Disagrees' },
      { action: 'categorise', categoryCode: 'BILLING.OVERCHARGE' },
      { action: 'close', outcome: 'upheld', resolution: 'Refunded', via: 'email', rootCauseCode: 'PROCESS' },
      { action: 'satisfaction', score: 4 },
    ] as ComplaintCommand[]) {
      t.clock.advance(2 * 3_600_000);
      expect(await sim.act(ids[0], cmd)).toBeNull();
      applied[cmd.action] = (applied[cmd.action] ?? 0) + 1;
    }
    for (const o of ops) {
      const now = t.clock.now();
      if (o.op === 'advance') {
        t.clock.advance(o.hours * 3_600_000);
        continue;
      }
      if (o.op === 'register') {
        ids.push(
          await sim.register(clientId, {
            receivedAt: new Date(now.getTime() - o.agoH * 3_600_000 - 1234),
            channel: o.channel,
            subject: o.subject,
            categoryCode: o.cat,
          }),
        );
        continue;
      }
      const id = ids[o.i % ids.length];
      const [row] = await t.db.query('SELECT status, resolve_by FROM complaints WHERE id = $1', [id]);
      const allowed = allowedByStatus(row.status).filter((a) => a !== 'assign');
      const action = allowed[o.choice % allowed.length];
      let cmd: ComplaintCommand;
      switch (action) {
        case 'categorise':
          cmd = { action, categoryCode: o.cat };
          break;
        case 'acknowledge':
          cmd = { action, via: 'email', responsibleFunction: 'Billing' };
          break;
        case 'update':
          cmd = { action, via: 'email', message: 'Still on it' };
          break;
        case 'escalate':
          cmd = { action, reason: 'manual' };
          break;
        case 'reopen':
          cmd = { action, reason: 'Not solved' };
          break;
        case 'extend': {
          const base = Math.max(new Date(row.resolve_by).getTime(), now.getTime());
          cmd = { action, newResolveBy: new Date(base + o.addH * 3_600_000), reason: 'Supplier', actionPlan: 'Chase' };
          break;
        }
        case 'close':
          cmd = { action, outcome: o.outcome, resolution: 'Done', via: 'email', ...(o.root ? { rootCauseCode: o.root } : {}) };
          break;
        case 'satisfaction':
          cmd = { action, score: o.score };
          break;
        default:
          throw new Error(`unexpected action ${action}`);
      }
      const refused = await sim.act(id, cmd); // refusals (409-like) are part of the game: nothing may change then
      applied[refused ? `refused:${refused}` : cmd.action] = (applied[refused ? `refused:${refused}` : cmd.action] ?? 0) + 1;
    }
    return ids;
  }

  it('R4.4-f: after random lifecycle actions every summary figure and time-series point equals a recount, and the rollups equal a set-based rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 12, maxLength: 25, size: 'max' }),
        fc.integer({ min: 0, max: 60 * 24 }),
        fc.integer({ min: 1, max: 90 * 24 }),
        async (ops, cutMin, lenMin) => {
          t.clock.set('2026-10-15T09:17:00Z'); // runs cross the end of summer time (25 Oct, Stockholm)
          const clientId = await newClient();
          await run(clientId, ops);
          const now = t.clock.now();
          const token = await adminToken();
          const auth = { Authorization: `Bearer ${token}` };
          const start = new Date(Date.parse('2026-08-01T00:00:00Z') + cutMin * 60_000 * 37);
          const windows: Array<[string, string] | null> = [
            null, // default: the last 30 days
            ['2026-06-01', '2026-12-31'], // whole local days
            [start.toISOString(), new Date(start.getTime() + lenMin * 60_000 * 7).toISOString()], // arbitrary instants
          ];
          for (const w of windows) {
            const res = await t.http
              .get('/api/stats/summary')
              .query(w ? { clientId, from: w[0], to: w[1] } : { clientId })
              .set(auth);
            expect(res.status).toBe(200);
            expectEqualsRecount(res.body, await recountSummary(t.db, clientId, new Date(res.body.from), new Date(res.body.to), now));
          }

          const ts = await t.http
            .get('/api/stats/timeseries')
            .query({ clientId, from: '2026-06-01', to: '2027-01-01', interval: 'day' })
            .set(auth);
          expect(ts.status).toBe(200);
          const zone = 'Europe/Stockholm';
          const expected = new Map<string, { received: number; closed: number; escalated: number }>();
          const bump = (day: string, k: 'received' | 'closed' | 'escalated') => {
            const p = expected.get(day) ?? { received: 0, closed: 0, escalated: 0 };
            p[k]++;
            expected.set(day, p);
          };
          const rows: Array<{ received_at: Date; closed_at: Date | null }> = await t.db.query(
            'SELECT received_at, closed_at FROM complaints WHERE client_id = $1',
            [clientId],
          );
          for (const r of rows) {
            bump(DateTime.fromJSDate(r.received_at, { zone }).toISODate() as string, 'received');
            if (r.closed_at) bump(DateTime.fromJSDate(r.closed_at, { zone }).toISODate() as string, 'closed');
          }
          const firsts: Array<{ at: Date }> = await t.db.query(
            `SELECT min(at) AS at FROM complaint_events WHERE client_id = $1 AND type = 'escalated' GROUP BY complaint_id`,
            [clientId],
          );
          for (const f of firsts) bump(DateTime.fromJSDate(f.at, { zone }).toISODate() as string, 'escalated');
          const got = new Map<string, { received: number; closed: number; escalated: number }>();
          for (const p of ts.body.points as Array<{ start: string; received: number; closed: number; escalated: number }>) {
            if (p.received || p.closed || p.escalated) {
              got.set(DateTime.fromISO(p.start, { zone }).toISODate() as string, {
                received: p.received,
                closed: p.closed,
                escalated: p.escalated,
              });
            }
          }
          expect(got).toEqual(expected);

          const incremental = await rollupSnapshot(clientId);
          await t.db.transaction((m) => rebuildRollups(m, [clientId]));
          expect(await rollupSnapshot(clientId)).toEqual(incremental);
        },
      ),
      { numRuns: 15 },
    );
    for (const a of ['categorise', 'acknowledge', 'escalate', 'close', 'reopen', 'satisfaction'])
      expect(applied[a] ?? 0).toBeGreaterThan(0);
  });

  it('R4.4-f: day buckets follow the client time zone across the end of summer time (a 25-hour day)', async () => {
    t.clock.set('2026-11-01T12:00:00Z');
    const clientId = await newClient('Europe/Stockholm');
    for (const receivedAt of [
      '2026-10-24T21:30:00Z', // 23:30 CEST, 24 Oct
      '2026-10-24T22:30:00Z', // 00:30 CEST, 25 Oct
      '2026-10-25T00:30:00Z', // 02:30 CEST (first pass), 25 Oct
      '2026-10-25T01:30:00Z', // 02:30 CET (second pass), 25 Oct
      '2026-10-25T22:30:00Z', // 23:30 CET, 25 Oct
      '2026-10-25T23:30:00Z', // 00:30 CET, 26 Oct
    ]) {
      await sim.register(clientId, { receivedAt, categoryCode: 'BILLING.DOUBLE' });
    }
    const auth = { Authorization: `Bearer ${await adminToken()}` };
    const ts = await t.http
      .get('/api/stats/timeseries')
      .query({ clientId, from: '2026-10-24', to: '2026-10-27', interval: 'day' })
      .set(auth);
    expect(ts.status).toBe(200);
    expect(ts.body.points.map((p: { start: string; received: number }) => [p.start, p.received])).toEqual([
      ['2026-10-23T22:00:00.000Z', 1], // 24 Oct starts at 00:00 CEST
      ['2026-10-24T22:00:00.000Z', 4], // 25 Oct: 25 hours long
      ['2026-10-25T23:00:00.000Z', 1], // 26 Oct starts at 00:00 CET
    ]);
    const day = await t.http.get('/api/stats/summary').query({ clientId, from: '2026-10-25', to: '2026-10-26' }).set(auth);
    expect(day.body).toMatchObject({ from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z', received: 4 });
    // A window cut inside the long day: partial local days come from the complaints, whole ones from the rollups.
    const cut = await t.http
      .get('/api/stats/summary')
      .query({ clientId, from: '2026-10-25T01:00:00Z', to: '2026-10-26T00:00:00Z' })
      .set(auth);
    expect(cut.body.received).toBe(3);
    const weeks = await t.http
      .get('/api/stats/timeseries')
      .query({ clientId, from: '2026-10-19', to: '2026-11-02', interval: 'week' })
      .set(auth);
    expect(weeks.body.points).toEqual([
      { start: '2026-10-18T22:00:00.000Z', received: 5, closed: 0, escalated: 0 },
      { start: '2026-10-25T23:00:00.000Z', received: 1, closed: 0, escalated: 0 },
    ]);
  });

  it('stats_hours_bucket() in SQL puts every duration in the same histogram bucket as bucketIndex()', async () => {
    const probes: number[] = [-1, 0, 1e-9, 1 / 120, 1 / 60, 0.5, 1, 2, 48, 9999.99, 10_000, 1e6];
    for (const b of HISTOGRAM_BUCKETS_HOURS) probes.push(b, b * (1 - 1e-15), b * (1 + 1e-15), b + 1e-9, Math.max(0, b - 1e-9));
    fc.sample(fc.double({ min: 0, max: 20_000, noNaN: true }), 300).forEach((x) => probes.push(x));
    const rows: Array<{ b: number }> = await t.db.query(
      'SELECT stats_hours_bucket(h)::int AS b FROM unnest($1::float8[]) WITH ORDINALITY AS u(h, n) ORDER BY n',
      [probes],
    );
    expect(rows.map((r) => r.b)).toEqual(probes.map((h) => bucketIndex(h)));
  });
});
