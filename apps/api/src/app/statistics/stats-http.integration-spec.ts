import fc from 'fast-check';
import { allowedByStatus } from '@complaint-desk/domain';
import { createTestApp, TestApp } from '../../testing/test-app';
import { expectEqualsRecount } from '../../testing/stats-expect';
import { recountSummary } from '../../testing/stats-recount';
import { rebuildRollups } from './stats-rollup.repository';

/**
 * End to end through the real complaints API (R4.4-f): random sequences of HTTP lifecycle actions
 * (register, every action, the escalation sweep, the clock moving), then every summary figure
 * equals a brute-force recount over the complaints table and the rollups equal a set-based rebuild.
 */
describe('Statistics through the complaints HTTP API (integration)', () => {
  let t: TestApp;
  let ACME: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-10-15T09:00:00Z', env: { JWT_TTL_SECONDS: String(7 * 24 * 3600) } });
    ACME = t.clients['ACME'];
  });
  afterAll(async () => {
    await t?.close();
  });

  async function login(email: string): Promise<string> {
    const res = await t.http.post('/api/auth/login').send({ email, password: 'demo-password' });
    if (res.status !== 200) throw new Error(`login ${email} → ${res.status}`);
    return res.body.accessToken;
  }

  async function snapshot(clientId: string): Promise<unknown[]> {
    return Promise.all(
      [
        `SELECT grain, period::text, received, closed, upheld, partially_upheld, not_upheld, withdrawn, acknowledged, acknowledged_on_time,
           resolved_on_time, escalated, reopened, satisfaction_responses, satisfaction_sum FROM stats_rollup WHERE client_id = $1 AND received <> 0 ORDER BY 1, 2`,
        `SELECT grain, period::text, dim, value, received, upheld, closed FROM stats_rollup_dim
         WHERE client_id = $1 AND (received <> 0 OR upheld <> 0 OR closed <> 0) ORDER BY 1, 2, 3, 4`,
        `SELECT grain, period::text, metric, counts FROM stats_rollup_hist WHERE client_id = $1 AND counts <> '{}' ORDER BY 1, 2, 3`,
        `SELECT day::text, closed, escalated FROM stats_event_daily WHERE client_id = $1 AND (closed <> 0 OR escalated <> 0) ORDER BY 1`,
      ].map((sql) => t.db.query(sql, [clientId])),
    );
  }

  const CATEGORIES = ['BILLING.OVERCHARGE', 'BILLING.DOUBLE', 'METERING.FAULTY', 'SERVICE.AGENT'];
  const OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn'];
  const ROOTS = [null, 'PROCESS', 'BILLING_SYSTEM'];
  type Op =
    | { op: 'register'; agoH: number; channel: string; subject: string; cat: string | null }
    | { op: 'act'; i: number; choice: number; cat: string; outcome: string; root: string | null; score: number; addH: number }
    | { op: 'advance'; hours: number }
    | { op: 'sweep' };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('register' as const),
        agoH: fc.integer({ min: 0, max: 800 }),
        channel: fc.constantFrom('phone', 'email', 'webchat', 'letter', 'social', 'in_person'),
        subject: fc.constantFrom('ccc', 'client'),
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
        outcome: fc.constantFrom(...OUTCOMES),
        root: fc.constantFrom(...ROOTS),
        score: fc.integer({ min: 1, max: 5 }),
        addH: fc.integer({ min: 1, max: 300 }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 96 }) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'sweep' as const }) },
  );

  const statuses: Record<string, number> = {};
  let runs = 0;

  it('R4.4-f: after random HTTP lifecycle actions (and automatic escalations) the summary equals a recount and the rollups a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 25, size: 'max' }), async (ops) => {
        t.clock.set('2026-10-15T09:00:00Z');
        // Each run on its own client (a copy of ACME), so runs do not see each other's complaints.
        const code = `H${process.pid % 1000}X${++runs}`;
        const [client] = await t.db.query(
          `INSERT INTO clients (code, name, timezone, business_hours, holidays, policy, categories, complaint_info)
           SELECT $1::varchar, 'HTTP ' || $1::varchar, timezone, business_hours, holidays, policy, categories, complaint_info FROM clients WHERE id = $2
           RETURNING id`,
          [code, ACME],
        );
        const clientId: string = client.id;
        await t.db.query(
          `INSERT INTO user_clients (user_id, client_id) SELECT id, $1 FROM users WHERE email IN ('agent@example.com', 'lead@example.com')`,
          [clientId],
        );
        let token = await login('lead@example.com');
        let tokenAt = t.clock.now().getTime();
        const ids: string[] = [];
        // A scripted prelude, so every run exercises the interesting transitions; random actions follow.
        const first = await t.http
          .post('/api/complaints')
          .set(auth(token))
          .send({
            clientId,
            channel: 'email',
            subject: 'client',
            receivedAt: new Date(t.clock.now().getTime() - 30 * 3_600_000).toISOString(),
            summary: 'Charged twice',
            description: 'Charged twice for November',
            categoryCode: 'BILLING.DOUBLE',
            customer: { name: 'Eva Svensson', email: 'eva@example.org' },
          });
        expect(first.status).toBe(201);
        ids.push(first.body.id);
        for (const [action, body] of [
          ['acknowledge', { via: 'email', responsibleFunction: 'Billing team' }],
          ['escalate', { reason: 'customer_request' }],
          ['close', { outcome: 'upheld', resolution: 'Refunded', via: 'email', rootCauseCode: 'BILLING_SYSTEM' }],
          ['reopen', { reason: 'Refund missing' }],
          ['categorise', { categoryCode: 'BILLING.OVERCHARGE' }],
        ] as const) {
          t.clock.advance(3 * 3_600_000);
          const res = await t.http.post(`/api/complaints/${first.body.id}/${action}`).set(auth(token)).send(body);
          statuses[`${action} ${res.status}`] = (statuses[`${action} ${res.status}`] ?? 0) + 1;
          expect(res.status).toBe(200);
        }
        for (const o of ops) {
          if (t.clock.now().getTime() - tokenAt > 5 * 24 * 3_600_000) {
            token = await login('lead@example.com');
            tokenAt = t.clock.now().getTime();
          }
          if (o.op === 'advance') {
            t.clock.advance(o.hours * 3_600_000);
            continue;
          }
          if (o.op === 'sweep') {
            const res = await t.http.post('/api/escalations/run').set(auth(token));
            statuses[`sweep ${res.status}`] = (statuses[`sweep ${res.status}`] ?? 0) + 1;
            continue;
          }
          if (o.op === 'register') {
            const res = await t.http
              .post('/api/complaints')
              .set(auth(token))
              .send({
                clientId,
                channel: o.channel,
                subject: o.subject,
                receivedAt: new Date(t.clock.now().getTime() - o.agoH * 3_600_000).toISOString(),
                summary: 'Charged twice',
                description: 'Charged twice for November',
                ...(o.cat ? { categoryCode: o.cat } : {}),
                customer: { name: 'Eva Svensson', email: 'eva@example.org' },
              });
            expect(res.status).toBe(201);
            ids.push(res.body.id);
            continue;
          }
          if (!ids.length) continue;
          const id = ids[o.i % ids.length];
          const [row] = await t.db.query('SELECT status, resolve_by FROM complaints WHERE id = $1', [id]);
          const allowed = allowedByStatus(row.status).filter((a) => a !== 'assign');
          const action = allowed[o.choice % allowed.length];
          const later = new Date(Math.max(new Date(row.resolve_by).getTime(), t.clock.now().getTime()) + o.addH * 3_600_000);
          const body: Record<string, unknown> = {
            categorise: { categoryCode: o.cat },
            acknowledge: { via: 'email', responsibleFunction: 'Billing team' },
            update: { via: 'email', message: 'Still on it' },
            extend: { newResolveBy: later.toISOString(), reason: 'Waiting', actionPlan: 'Chase' },
            escalate: { reason: 'customer_request' },
            close: { outcome: o.outcome, resolution: 'Done', via: 'email', ...(o.root ? { rootCauseCode: o.root } : {}) },
            reopen: { reason: 'Not solved' },
            satisfaction: { score: o.score },
          }[action] as Record<string, unknown>;
          const res = await t.http.post(`/api/complaints/${id}/${action}`).set(auth(token)).send(body);
          statuses[`${action} ${res.status}`] = (statuses[`${action} ${res.status}`] ?? 0) + 1;
          expect([200, 409, 422]).toContain(res.status);
        }

        const now = t.clock.now();
        token = await login('lead@example.com'); // the clock may have moved past the token's lifetime
        for (const q of [{}, { from: '2026-06-01', to: '2027-01-01' }, { from: '2026-10-02T07:13:00Z', to: '2026-10-20T18:00:00Z' }]) {
          const res = await t.http
            .get('/api/stats/summary')
            .query({ clientId, ...q })
            .set(auth(token));
          expect(res.status).toBe(200);
          expectEqualsRecount(res.body, await recountSummary(t.db, clientId, new Date(res.body.from), new Date(res.body.to), now));
        }
        const incremental = await snapshot(clientId);
        await t.db.transaction((m) => rebuildRollups(m, [clientId]));
        expect(await snapshot(clientId)).toEqual(incremental);
      }),
      { numRuns: 15 },
    );
    // The generator reached the interesting actions through the real API.
    for (const k of ['acknowledge 200', 'close 200', 'reopen 200', 'categorise 200', 'escalate 200'])
      expect(statuses[k] ?? 0).toBeGreaterThan(0);
  });
});
