import { complaintSla, type ComplaintSla, type DeadlineStep, type PolicyDuration } from '@complaint-desk/domain';
import fc from 'fast-check';
import { AddStepAtRiskInstants1764380000000 } from '../../migrations/1764380000000-add-step-at-risk-instants';
import { createTestApp, TestApp } from '../../testing/test-app';
import { EscalationSweepService } from '../escalations/escalation-sweep.service';
import { deadlineColumns, stateOfRow, type ComplaintRow } from './complaint-row';
import { auth } from '../../testing/complaint-helpers';

/**
 * Issue 11 item 1: one definition of each deadline step's window and at-risk moment. On random clients
 * (policies, time zones, at-risk fractions), random complaints (receipt times, states reached through
 * the real actions) and a random clock, the list's `atRisk=true` / `overdue=true` filters, the
 * escalation sweep's candidates (what it escalates and notices) and each complaint's `sla` agree — with
 * each other and with the domain's SLA computed from the complaint's state and its at-risk fraction
 * (the snapshot's, else the client's, else 0.8).
 */
const T0 = Date.parse('2026-11-18T10:00:00Z');
const H = 3_600_000;
const DERIVED = ['due_at', 'at_risk_at', 'acknowledge_at_risk_at', 'update_at_risk_at', 'resolve_at_risk_at'] as const;

type ActionKind = 'categorise' | 'acknowledge' | 'update' | 'extend' | 'escalate' | 'close' | 'reopen';
interface Step {
  gapH: number;
  kind: ActionKind;
  extendDays: number;
}
interface Scenario {
  timezone: string;
  hours: string[][];
  policy: { acknowledgeWithin: PolicyDuration; resolveWithin: PolicyDuration; updateEvery: PolicyDuration; atRiskAt: number };
  /** `snapshot`: as registered; `client`: snapshots lose atRiskAt, the client's changes; `default`: neither has one. */
  fallback: 'snapshot' | 'client' | 'default';
  clientAtRiskAt: number;
  brokenSnapshotValue: 'missing' | 'not a number';
  complaints: Array<{ receivedHoursAgo: number; categorised: boolean; steps: Step[] }>;
  nowAfterH: number;
}

const duration = (max: number) =>
  fc.record({
    amount: fc.integer({ min: 1, max }),
    unit: fc.constantFrom<PolicyDuration['unit']>('business_days', 'business_hours', 'calendar_days', 'hours'),
  });
const fraction = fc.integer({ min: 5, max: 95 }).map((n) => n / 100);
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  timezone: fc.constantFrom('Europe/Stockholm', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'),
  hours: fc.constantFrom(
    [['08:00', '17:00']],
    [
      ['09:00', '12:00'],
      ['13:00', '17:30'],
    ],
    [['00:00', '24:00']],
  ),
  policy: fc.record({ acknowledgeWithin: duration(3), resolveWithin: duration(15), updateEvery: duration(8), atRiskAt: fraction }),
  fallback: fc.constantFrom<Scenario['fallback']>('snapshot', 'snapshot', 'client', 'default'),
  clientAtRiskAt: fraction,
  brokenSnapshotValue: fc.constantFrom<Scenario['brokenSnapshotValue']>('missing', 'not a number'),
  complaints: fc.array(
    fc.record({
      receivedHoursAgo: fc.integer({ min: 0, max: 400 }),
      categorised: fc.boolean(),
      steps: fc.array(
        fc.record({
          gapH: fc.integer({ min: 0, max: 96 }),
          kind: fc.constantFrom<ActionKind>('categorise', 'acknowledge', 'acknowledge', 'update', 'extend', 'escalate', 'close', 'reopen'),
          extendDays: fc.integer({ min: 1, max: 20 }),
        }),
        { maxLength: 6 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  nowAfterH: fc.integer({ min: 0, max: 500 }),
});

interface Item {
  id: string;
  status: 'registered' | 'acknowledged' | 'closed';
  sla: ComplaintSla;
  deadlines: { acknowledgeBy: string; resolveBy: string; nextUpdateBy: string | null };
}

/** The steps that are pending (not done) and have the given SLA status, from a complaint response. */
function pendingWith(c: Item, status: 'at_risk' | 'breached'): DeadlineStep[] {
  if (c.status === 'closed') return [];
  const pending: DeadlineStep[] = [
    ...(c.status === 'registered' ? (['acknowledge'] as const) : []),
    ...(c.deadlines.nextUpdateBy ? (['update'] as const) : []),
    'resolve',
  ];
  return pending.filter((s) => c.sla[s] === status);
}

describe('Deadlines: one definition — list filters, sweep and sla agree (issue 11; R4.4-e b, c)', () => {
  let t: TestApp;
  let run = 0;
  const tokens = { token: '', at: -Infinity };
  /** An admin token valid at the test clock (tokens live 7 days here; the clock only moves forward within a run). */
  const admin = async (): Promise<string> => {
    const now = t.clock.now().getTime();
    if (now < tokens.at || now - tokens.at > 6 * 24 * H) {
      const res = await t.http.post('/api/auth/login').send({ email: 'admin@example.com', password: 'demo-password' });
      if (res.status !== 200) throw new Error(`login → ${res.status}`);
      Object.assign(tokens, { token: res.body.accessToken as string, at: now });
    }
    return tokens.token;
  };

  beforeAll(async () => {
    t = await createTestApp({ now: new Date(T0).toISOString(), env: { JWT_TTL_SECONDS: String(7 * 24 * 3600) } });
  });
  afterAll(() => t.close());

  async function play(s: Scenario): Promise<void> {
    run++;
    t.clock.set(new Date(T0).toISOString());
    const token = await admin();
    const hours = { mon: s.hours, tue: s.hours, wed: s.hours, thu: s.hours, fri: s.hours, sat: [], sun: [] };
    const created = await t.http
      .post('/api/clients')
      .set(auth(token))
      .send({
        code: `AGREE${run}`,
        name: `Agreement ${run}`,
        timezone: s.timezone,
        businessHours: hours,
        holidays: ['2026-12-24', '2026-12-25'],
        policy: { ...s.policy, reopenWithinDays: 30 },
        categories: [{ code: 'GEN', name: 'General', children: [{ code: 'GEN.ONE', name: 'One' }] }],
        complaintInfo: 'Write to us.',
      });
    expect(created.status).toBe(201);
    const clientId: string = created.body.id;

    // Registrations at T0 (received up to 400 h before), then the fallback set-up, then every action in time order.
    const ids: string[] = [];
    const last = new Map<string, Item>();
    for (const c of s.complaints) {
      const res = await t.http
        .post('/api/complaints')
        .set(auth(token))
        .send({
          clientId,
          channel: 'phone',
          receivedAt: new Date(T0 - c.receivedHoursAgo * H).toISOString(),
          subject: 'client',
          summary: 'Agreement',
          description: 'Agreement of list, sweep and sla.',
          ...(c.categorised ? { categoryCode: 'GEN.ONE' } : {}),
          customer: { name: 'Eva Svensson', phone: '+46701234567', preferredChannel: 'phone' },
        });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
      last.set(res.body.id, res.body);
    }
    let expectedFraction = s.policy.atRiskAt;
    const actions: Array<{ at: number; id: string; step: Step }> = [];
    if (s.fallback !== 'snapshot') {
      const broken =
        s.brokenSnapshotValue === 'missing' ? `policy_snapshot - 'atRiskAt'` : `jsonb_set(policy_snapshot, '{atRiskAt}', '"0.8x"')`;
      await t.db.query(`UPDATE complaints SET policy_snapshot = ${broken} WHERE client_id = $1`, [clientId]);
      if (s.fallback === 'client') {
        // the client's policy changed since (as an admin's PATCH would store it)
        await t.db.query(`UPDATE clients SET policy = jsonb_set(policy, '{atRiskAt}', $2::jsonb) WHERE id = $1`, [
          clientId,
          JSON.stringify(s.clientAtRiskAt),
        ]);
        expectedFraction = s.clientAtRiskAt;
      } else {
        await t.db.query(`UPDATE clients SET policy = policy - 'atRiskAt' WHERE id = $1`, [clientId]);
        expectedFraction = 0.8;
      }
      // every complaint is written again after the change (a manual escalation), so its stored instants use the fallback
      for (const id of ids) actions.push({ at: T0 + 60_000, id, step: { gapH: 0, kind: 'escalate', extendDays: 0 } });
    }
    s.complaints.forEach((c, i) => {
      let at = T0 + 60_000;
      for (const step of c.steps) actions.push({ at: (at += step.gapH * H + 1000), id: ids[i], step });
    });
    actions.sort((a, b) => a.at - b.at);
    for (const a of actions) {
      t.clock.set(new Date(a.at).toISOString());
      const before = last.get(a.id) as Item;
      const body: Record<ActionKind, Record<string, unknown>> = {
        categorise: { categoryCode: 'GEN.ONE' },
        acknowledge: { via: 'phone', responsibleFunction: 'Complaints desk' },
        update: { via: 'phone', message: 'Still on it' },
        extend: {
          newResolveBy: new Date(Math.max(Date.parse(before.deadlines.resolveBy), a.at) + a.step.extendDays * 24 * H).toISOString(),
          reason: 'Waiting for a part',
          actionPlan: 'Order the part',
          via: 'phone',
        },
        escalate: { reason: 'customer_request' },
        close: { outcome: 'upheld', resolution: 'Fixed', via: 'phone' },
        reopen: { reason: 'Broken again' },
      };
      const res = await t.http
        .post(`/api/complaints/${a.id}/${a.step.kind}`)
        .set(auth(await admin()))
        .send(body[a.step.kind]);
      // a refused action (not allowed now, or a rule) leaves the complaint as it was
      expect([200, 409, 422]).toContain(res.status);
      if (res.status === 200) last.set(a.id, res.body);
    }
    const lastAt = actions.length ? actions[actions.length - 1].at : T0;
    const now = new Date(lastAt + s.nowAfterH * H);
    t.clock.set(now.toISOString());
    const tok = await admin();

    // 1. each complaint's sla, against the domain's SLA from its state and the fraction the fallback gives
    const items = new Map<string, Item>();
    const rows: ComplaintRow[] = await t.db.query(`SELECT * FROM complaints WHERE client_id = $1`, [clientId]);
    for (const row of rows) {
      const res = await t.http.get(`/api/complaints/${row.id}`).set(auth(tok));
      expect(res.status).toBe(200);
      items.set(row.id, res.body);
      const state = stateOfRow(row);
      expect({ id: row.id, sla: res.body.sla }).toEqual({ id: row.id, sla: complaintSla(state, now, expectedFraction) });
      // and every writer stored the derived columns of the one function
      const expected = deadlineColumns(state, expectedFraction);
      for (const col of DERIVED) expect({ id: row.id, col, v: row[col] }).toEqual({ id: row.id, col, v: expected[col] });
    }

    // 2. the list filters
    const list = async (q: Record<string, string>) => {
      const res = await t.http
        .get('/api/complaints')
        .query({ clientId, limit: 100, ...q })
        .set(auth(tok));
      expect(res.status).toBe(200);
      return (res.body.items as Item[]).map((i) => i.id).sort();
    };
    const all = [...items.values()];
    const atRisk = all
      .filter((c) => pendingWith(c, 'at_risk').length > 0)
      .map((c) => c.id)
      .sort();
    const overdue = all
      .filter((c) => pendingWith(c, 'breached').length > 0)
      .map((c) => c.id)
      .sort();
    expect(await list({ atRisk: 'true' })).toEqual(atRisk);
    expect(await list({ atRisk: 'false' })).toEqual(
      all
        .map((c) => c.id)
        .filter((id) => !atRisk.includes(id))
        .sort(),
    );
    expect(await list({ overdue: 'true' })).toEqual(overdue);
    expect(await list({ overdue: 'false' })).toEqual(
      all
        .map((c) => c.id)
        .filter((id) => !overdue.includes(id))
        .sort(),
    );

    // 3. the sweep: one escalation per breached pending step, one at-risk notice per step at risk
    const result = await t.app.get(EscalationSweepService).sweep({ clientIds: [clientId] });
    const claims = async (table: string) =>
      (
        (await t.db.query(`SELECT complaint_id, kind FROM ${table} WHERE client_id = $1`, [clientId])) as Array<{
          complaint_id: string;
          kind: string;
        }>
      )
        .map((r) => `${r.complaint_id} ${r.kind}`)
        .sort();
    const expectedOf = (status: 'at_risk' | 'breached') =>
      all.flatMap((c) => pendingWith(c, status).map((step) => `${c.id} ${step}`)).sort();
    expect(await claims('escalation_claims')).toEqual(expectedOf('breached'));
    expect(await claims('at_risk_claims')).toEqual(expectedOf('at_risk'));
    expect(result).toEqual({
      escalated: expectedOf('breached').length,
      atRiskNotices: expectedOf('at_risk').length,
      errors: 0,
      quarantined: 0,
    });
  }

  it('on random clients, complaints and clocks (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        await play(s);
      }),
      { numRuns: Number(process.env['AGREE_RUNS'] ?? 25) },
    );
  });

  it('the migration backfills the stored instants exactly as the writers computed them (down and up over every complaint above)', async () => {
    const cols = `id, ${DERIVED.join(', ')}`;
    const before = await t.db.query(`SELECT ${cols} FROM complaints ORDER BY id`);
    expect(before.length).toBeGreaterThan(25);
    const migration = new AddStepAtRiskInstants1764380000000();
    const runner = t.db.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await t.db.query(`SELECT ${cols} FROM complaints ORDER BY id`)).toEqual(before);
  });
});
