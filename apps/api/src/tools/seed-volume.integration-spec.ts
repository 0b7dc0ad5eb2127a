import { addDuration, overdueDeadlines, type BusinessCalendar, type ComplaintPolicy } from '@complaint-desk/domain';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { atRiskFractionOf, ComplaintRow, deadlineColumns, stateOfRow } from '../app/complaints/complaint-row';
import { EscalationSweepService } from '../app/escalations/escalation-sweep.service';
import { recountSummary } from '../testing/stats-recount';
import { LogCapture } from '../testing/log-capture';
import { expectEqualsRecount } from '../testing/stats-expect';
import { createTestApp, createTestDatabase, TestApp } from '../testing/test-app';
import { seedVolume } from './seed-volume';

/**
 * `npm run seed:volume` (issues 5 and 10): synthetic complaints whose rows, timelines, claims and
 * statistics rollups are consistent with each other and with the API's own rules — registered under
 * the client's stored policy and calendar, deadlines from the domain calendar, derived columns as the
 * actions write them — so the sweep processes them without an error and every action accepts them.
 */
describe('seed:volume (integration)', () => {
  let t: TestApp;
  const logs = new LogCapture();
  const now = new Date('2026-11-20T10:00:00Z');
  const DAYS = 120;
  const ADMIN = 'admin@example.com';

  beforeAll(async () => {
    t = await createTestApp({ now: now.toISOString(), logStream: logs, env: { LOG_LEVEL: 'info' } });
    const res = await seedVolume(t.databaseUrl, { complaints: 3000, clients: 3, days: DAYS, now, seed: 18295, log: () => undefined });
    expect(res.clients).toHaveLength(3);
  });
  afterAll(() => t.close());

  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await t.db.query(sql, params))[0] as T;
  const rows = (): Promise<ComplaintRow[]> =>
    t.db.query(`SELECT c.* FROM complaints c JOIN clients cl ON cl.id = c.client_id WHERE cl.code LIKE 'VOL%'`);
  const events = (): Promise<Array<{ complaint_id: string; type: string; at: Date; data: Record<string, unknown> }>> =>
    t.db.query(
      `SELECT e.complaint_id, e.type, e.at, e.data FROM complaint_events e JOIN clients cl ON cl.id = e.client_id WHERE cl.code LIKE 'VOL%' ORDER BY e.id`,
    );
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  const byComplaint = <T extends { complaint_id: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) m.set(x.complaint_id, [...(m.get(x.complaint_id) ?? []), x]);
    return m;
  };

  it('R4.4-f: loads exactly the requested number of complaints over the clients, each with a consistent row', async () => {
    const per: Array<{ code: string; n: number }> = await t.db.query(
      `SELECT cl.code, count(c.id)::int AS n FROM clients cl LEFT JOIN complaints c ON c.client_id = cl.id
        WHERE cl.code LIKE 'VOL%' GROUP BY cl.code ORDER BY cl.code`,
    );
    expect(per.reduce((s, r) => s + r.n, 0)).toBe(3000);
    expect(per.every((r) => r.n > 0)).toBe(true);
    const statuses: Array<{ status: string }> = await t.db.query('SELECT DISTINCT status FROM complaints ORDER BY status');
    expect(statuses.map((s) => s.status)).toEqual(['acknowledged', 'closed', 'registered']);
    const bad = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM complaints WHERE
         received_at > $1 OR received_at < $1::timestamptz - interval '120 days'
         OR acknowledged_at < received_at OR closed_at < acknowledged_at OR acknowledged_at > $1 OR closed_at > $1
         OR (status = 'closed') <> (closed_at IS NOT NULL AND outcome IS NOT NULL)
         OR (status = 'registered') <> (acknowledged_at IS NULL)
         OR (status <> 'closed') <> (due_at IS NOT NULL)
         OR (status = 'closed' AND category_code IS NULL)`,
      [now],
    );
    expect(bad.n).toBe(0);
    const refs = await one<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT reference)::int AS distinct FROM complaints',
    );
    expect(refs.distinct).toBe(refs.n);
  });

  it("R4.4-b, R4.4-e: every complaint carries the snapshot the register service takes — the client's policy and calendar as stored (updateEvery and atRiskAt included)", async () => {
    const mismatch = await one<{ n: number; total: number }>(
      `SELECT count(*) FILTER (WHERE c.policy_snapshot <> cl.policy
                                  OR c.calendar_snapshot <> jsonb_build_object('timezone', cl.timezone, 'businessHours', cl.business_hours, 'holidays', cl.holidays)
                                  OR NOT (c.policy_snapshot ? 'updateEvery') OR NOT (c.policy_snapshot ? 'atRiskAt'))::int AS n,
              count(*)::int AS total
         FROM complaints c JOIN clients cl ON cl.id = c.client_id WHERE cl.code LIKE 'VOL%'`,
    );
    expect(mismatch).toEqual({ n: 0, total: 3000 });
  });

  it('R4.4-e b: deadlines come from the domain calendar, derived columns from deadlineColumns, version counts the actions; references from the counter rows', async () => {
    const all = await rows();
    const timeline = byComplaint(await events());
    const problems: string[] = [];
    // one calendar object per client (all snapshots of a client are equal, see above): the domain caches its parse per object
    const snapshots = new Map<string, { cal: BusinessCalendar; policy: ComplaintPolicy }>();
    for (const r of all) {
      const snap = snapshots.get(r.client_id) ?? {
        cal: r.calendar_snapshot as BusinessCalendar,
        policy: r.policy_snapshot as ComplaintPolicy,
      };
      snapshots.set(r.client_id, snap);
      const { cal, policy } = snap;
      const evs = timeline.get(r.id) ?? [];
      const received = new Date(r.received_at);
      const expect1 = (what: string, actual: unknown, expected: unknown) => {
        if (actual !== expected) problems.push(`${r.reference} ${what}: ${String(actual)} ≠ ${String(expected)}`);
      };
      expect1('acknowledge_by', iso(r.acknowledge_by), addDuration(received, policy.acknowledgeWithin, cal).toISOString());
      const extended = evs.filter((e) => e.type === 'deadline_extended');
      const resolveBy = extended.length
        ? String(extended[extended.length - 1].data['after'])
        : addDuration(received, policy.resolveWithin, cal).toISOString();
      expect1('resolve_by', iso(r.resolve_by), resolveBy);
      // the next update is due updateEvery after the last acknowledgement, update or reopening
      const last = [...evs].reverse().find((e) => ['acknowledged', 'updated', 'reopened'].includes(e.type));
      expect1(
        'next_update_by',
        iso(r.next_update_by),
        r.status === 'acknowledged' && last ? addDuration(new Date(last.at), policy.updateEvery, cal).toISOString() : null,
      );
      const d = deadlineColumns(stateOfRow(r), atRiskFractionOf(policy));
      for (const col of ['due_at', 'at_risk_at', 'acknowledge_at_risk_at', 'update_at_risk_at', 'resolve_at_risk_at'] as const) {
        expect1(col, iso(r[col]), iso(d[col]));
      }
      expect1('version', Number(r.version), evs.length);
      expect1('first event', evs[0]?.type, 'registered');
      expect1('registered acknowledgeBy', evs[0]?.data['acknowledgeBy'], iso(r.acknowledge_by));
      expect1('escalation level', Number(r.escalation_level), evs.filter((e) => e.type === 'escalated').length);
      expect1('reopen count', Number(r.reopen_count), evs.filter((e) => e.type === 'reopened').length);
      expect1('closed events', evs.filter((e) => e.type === 'closed').length, Number(r.reopen_count) + (r.status === 'closed' ? 1 : 0));
      const sorted = evs.every((e, i) => i === 0 || new Date(e.at).getTime() >= new Date(evs[i - 1].at).getTime());
      expect1('timeline order', sorted, true);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // every action event records what it changed, as the actions service does
    const withoutChanges = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM complaint_events WHERE type NOT IN ('registered') AND NOT (data ? 'changes')`,
    );
    expect(withoutChanges.n).toBe(0);
    // references: <CODE>-<YYYY>-<seq>, the counter row at the highest number used
    const counters: Array<{ code: string; year: number; last_seq: number; max_seq: number }> = await t.db.query(
      `SELECT cl.code, r.year, r.last_seq::int, max(split_part(c.reference, '-', 3)::int) AS max_seq
         FROM complaint_reference_counters r JOIN clients cl ON cl.id = r.client_id
         JOIN complaints c ON c.client_id = r.client_id AND split_part(c.reference, '-', 2)::int = r.year
        WHERE cl.code LIKE 'VOL%' GROUP BY 1, 2, 3`,
    );
    expect(counters.length).toBeGreaterThan(0);
    expect(counters.filter((c) => c.last_seq !== c.max_seq)).toEqual([]);
    expect((await one<{ reference: string }>(`SELECT reference FROM complaints ORDER BY reference LIMIT 1`)).reference).toMatch(
      /^VOL00\d-2026-\d{6}$/,
    );
  });

  it('R4.4-e c: missed deadlines are escalated as the sweep does — one claim per escalation, a claim for every deadline missed before now', async () => {
    const noClaim = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM complaint_events e WHERE e.type = 'escalated'
          AND NOT EXISTS (SELECT 1 FROM escalation_claims k WHERE k.complaint_id = e.complaint_id AND k.claimed_at = e.at)`,
    );
    expect(noClaim.n).toBe(0);
    const claims = await one<{ claims: number; escalations: number; escalated: number }>(
      `SELECT (SELECT count(*)::int FROM escalation_claims) AS claims,
              (SELECT count(*)::int FROM complaint_events WHERE type = 'escalated') AS escalations,
              (SELECT count(*)::int FROM complaints WHERE escalation_level > 0) AS escalated`,
    );
    expect(claims.claims).toBe(claims.escalations);
    // realistic: some complaints were late, most were not
    expect(claims.escalated).toBeGreaterThan(30);
    expect(claims.escalated).toBeLessThan(1500);
  });

  it('R4.4-f: the statistics rollups equal a brute-force recount of the seeded complaints', async () => {
    const admin = await t.token(ADMIN);
    for (const code of ['VOL001', 'VOL002']) {
      const [{ id }] = await t.db.query('SELECT id FROM clients WHERE code = $1', [code]);
      const from = new Date(now.getTime() - DAYS * 86_400_000);
      const res = await t.http
        .get(`/api/stats/summary?clientId=${id}&from=${from.toISOString()}&to=${now.toISOString()}`)
        .set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(200);
      expect(res.body.received).toBeGreaterThan(0);
      expectEqualsRecount(res.body, await recountSummary(t.db, id, from, now, now));
    }
  });

  it('R4.4-e c: the sweep processes the seeded complaints without an error — now and days later, every breached deadline escalated exactly once', async () => {
    const sweep = t.app.get(EscalationSweepService);
    const invariant = async (at: Date) => {
      const all = await rows();
      const claims: Array<{ complaint_id: string; kind: string; deadline: Date }> = await t.db.query(
        'SELECT complaint_id, kind, deadline FROM escalation_claims',
      );
      const claimed = new Map<string, number>();
      for (const c of claims) {
        const key = `${c.complaint_id}|${c.kind}|${iso(c.deadline)}`;
        claimed.set(key, (claimed.get(key) ?? 0) + 1);
      }
      let breaches = 0;
      const missing: string[] = [];
      for (const r of all.filter((x) => x.status !== 'closed')) {
        for (const o of overdueDeadlines(stateOfRow(r), at)) {
          breaches++;
          if (claimed.get(`${r.id}|${o.step}|${o.deadline.toISOString()}`) !== 1) missing.push(`${r.reference} ${o.step}`);
        }
      }
      expect(missing).toEqual([]);
      return breaches;
    };
    const errorsBefore = logs.entries().filter((e) => Number(e['level']) >= 40).length;

    const first = await sweep.sweep();
    expect(first).toEqual(expect.objectContaining({ errors: 0, quarantined: 0 }));
    expect(await invariant(now)).toBeGreaterThan(0);
    expect((await sweep.sweep()).escalated).toBe(0);

    // three days later many more deadlines have passed: each escalated once, without an error
    t.clock.set(new Date(now.getTime() + 3 * 86_400_000));
    const later = await sweep.sweep();
    expect(later.errors).toBe(0);
    expect(later.escalated).toBeGreaterThan(0);
    await invariant(t.clock.now());
    expect((await sweep.sweep()).escalated).toBe(0);
    // every level equals its escalations, the sweep's included
    const levels = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM complaints c
        WHERE c.escalation_level <> (SELECT count(*) FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'escalated')`,
    );
    expect(levels.n).toBe(0);
    expect(
      logs
        .entries()
        .filter((e) => Number(e['level']) >= 40)
        .slice(errorsBefore),
    ).toEqual([]);
    expect(await t.db.query('SELECT 1 FROM escalation_quarantine')).toEqual([]);
    t.clock.set(now);
  });

  it('R4.4-e: every lifecycle action accepts seeded complaints through the HTTP API (200 each)', async () => {
    const admin = await t.token(ADMIN);
    const [vol] = await t.db.query(`SELECT id, categories FROM clients WHERE code = 'VOL002'`);
    const agent = await t.http
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'agent.vol002@example.com', password: 'Vol-agent-7Qz!pw-2026', role: 'agent', clientIds: [vol.id] });
    expect(agent.status).toBe(201);
    const used = new Set<string>();
    const pick = async (where: string): Promise<ComplaintRow> => {
      const found: ComplaintRow[] = await t.db.query(
        `SELECT * FROM complaints WHERE client_id = $1 AND ${where} AND NOT (id = ANY($2::uuid[])) ORDER BY reference LIMIT 1`,
        [vol.id, [...used]],
      );
      expect(found).toHaveLength(1);
      used.add(found[0].id);
      return found[0];
    };
    const week = (d: Date | string) => new Date(Math.max(new Date(d).getTime(), now.getTime()) + 7 * 86_400_000).toISOString();
    const cases: Array<[string, string, (c: ComplaintRow) => Record<string, unknown>]> = [
      ['categorise', `status <> 'closed'`, () => ({ categoryCode: 'DELIVERY.LATE', note: 'Re-categorised' })],
      ['acknowledge', `status = 'registered'`, () => ({ via: 'phone', responsibleFunction: 'Complaints desk' })],
      ['update', `status = 'acknowledged'`, () => ({ via: 'phone', message: 'Still looking into it.' })],
      [
        'extend',
        `status = 'acknowledged'`,
        (c) => ({
          newResolveBy: week(c.resolve_by),
          reason: 'Waiting for the carrier',
          actionPlan: 'Chase the carrier daily',
          via: 'phone',
        }),
      ],
      ['escalate', `status <> 'closed'`, () => ({ reason: 'customer_request', note: 'Asked for a manager' })],
      ['assign', `status <> 'closed'`, () => ({ assigneeId: agent.body.id })],
      [
        'close',
        `status = 'acknowledged' AND category_code IS NOT NULL`,
        () => ({ outcome: 'upheld', resolution: 'Refunded.', via: 'phone', rootCauseCode: 'CARRIER' }),
      ],
      ['reopen', `status = 'closed' AND closed_at > $3::timestamptz - interval '30 days'`, () => ({ reason: 'Not solved after all' })],
      ['satisfaction', `status = 'closed' AND satisfaction_score IS NULL`, () => ({ score: 4 })],
    ];
    const answers: Record<string, number> = {};
    for (const [action, where, body] of cases) {
      const c = where.includes('$3')
        ? await (async () => {
            const found: ComplaintRow[] = await t.db.query(
              `SELECT * FROM complaints WHERE client_id = $1 AND ${where} AND NOT (id = ANY($2::uuid[])) ORDER BY reference LIMIT 1`,
              [vol.id, [...used], now],
            );
            expect(found).toHaveLength(1);
            used.add(found[0].id);
            return found[0];
          })()
        : await pick(where);
      const res = await t.http.post(`/api/complaints/${c.id}/${action}`).set('Authorization', `Bearer ${admin}`).send(body(c));
      answers[action] = res.status;
      if (res.status !== 200) answers[`${action} body`] = JSON.stringify(res.body) as unknown as number;
    }
    expect(answers).toEqual({
      categorise: 200,
      acknowledge: 200,
      update: 200,
      extend: 200,
      escalate: 200,
      assign: 200,
      close: 200,
      reopen: 200,
      satisfaction: 200,
    });
  });

  it('R4.4-f: a second run adds to the clients without clashing references; the rollups still hold every complaint', async () => {
    const received = async () =>
      (
        await one<{ n: number }>(
          `SELECT coalesce(sum(r.received), 0)::int AS n FROM stats_rollup r JOIN clients cl ON cl.id = r.client_id WHERE r.grain = 'd' AND cl.code LIKE 'VOL%'`,
        )
      ).n;
    expect(await received()).toBe(3000);
    await seedVolume(t.databaseUrl, { complaints: 600, clients: 3, days: 30, now, log: () => undefined });
    const after = await one<{ n: number; distinct: number; clients: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT reference)::int AS distinct, (SELECT count(*)::int FROM clients WHERE code LIKE 'VOL%') AS clients
         FROM complaints c JOIN clients cl ON cl.id = c.client_id WHERE cl.code LIKE 'VOL%'`,
    );
    expect(after).toEqual({ n: 3600, distinct: 3600, clients: 3 });
    expect(await received()).toBe(3600);
  });

  it('R4.4-e c: npm run seed:volume (the CLI, in worker threads) writes complaints with complete snapshots and a claim per escalation', async () => {
    const db = await createTestDatabase();
    try {
      const args = ['tools/seed-volume.cjs', '--complaints', '300', '--clients', '2', '--days', '30', '--parallel', '2', '--seed', '7'];
      const out = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(
          process.execPath,
          args,
          { cwd: resolve(__dirname, '../../../..'), env: { ...process.env, DATABASE_URL: db.url } },
          (err, stdout, stderr) => done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect(out).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
      expect(out.stdout).toContain('in 2 worker threads');
      const c = new Client({ connectionString: db.url });
      await c.connect();
      try {
        const { rows } = await c.query(
          `SELECT count(*)::int AS n,
                  count(*) FILTER (WHERE NOT (policy_snapshot ? 'updateEvery') OR NOT (policy_snapshot ? 'atRiskAt'))::int AS incomplete,
                  (SELECT count(*)::int FROM complaint_events e WHERE e.type = 'escalated'
                      AND NOT EXISTS (SELECT 1 FROM escalation_claims k WHERE k.complaint_id = e.complaint_id AND k.claimed_at = e.at)) AS unclaimed
             FROM complaints`,
        );
        expect(rows[0]).toEqual({ n: 300, incomplete: 0, unclaimed: 0 });
      } finally {
        await c.end();
      }
    } finally {
      await db.drop();
    }
  }, 180_000);
});
