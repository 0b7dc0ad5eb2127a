import { cloneComplaint, registerComplaint } from '../../testing/escalation-fixtures';
import { createTestApp, TestApp } from '../../testing/test-app';
import { EscalationRepository, type CandidateQuery } from './escalation.repository';
import { EscalationSweepService } from './escalation-sweep.service';

/**
 * "Exactly once" is the database's job: two application instances on one database, each sweeping
 * several times at once, give one `escalated` event per missed deadline (R4.4-e c).
 */
const NOW = '2026-11-18T10:00:00Z';

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
function planNodes(plan: Array<{ Plan: PlanNode }>): PlanNode[] {
  const out: PlanNode[] = [];
  const walk = (n: PlanNode) => {
    out.push(n);
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(plan[0].Plan);
  return out;
}
/** The nodes that read `complaints` (by table or by one of its indexes). */
const complaintScans = (plan: Array<{ Plan: PlanNode }>) =>
  planNodes(plan).filter((n) => n['Relation Name'] === 'complaints' || String(n['Index Name'] ?? '').startsWith('complaints'));
/** Rows of `complaints` a plan read (kept or filtered out), over all loops — from EXPLAIN ANALYZE. */
const rowsRead = (nodes: PlanNode[]) =>
  nodes.reduce(
    (sum, n) => sum + (Number(n['Actual Rows'] ?? 0) + Number(n['Rows Removed by Filter'] ?? 0)) * Number(n['Actual Loops'] ?? 1),
    0,
  );
const OVERDUE = 300;

describe('Escalation sweep on several instances (R4.4-e c)', () => {
  let a: TestApp;
  let b: TestApp;
  let template: { id: string; reference: string };

  beforeAll(async () => {
    a = await createTestApp({ now: NOW, env: { BACKGROUND_JOBS: 'false' } });
    b = await createTestApp({ now: NOW, databaseUrl: a.databaseUrl, env: { BACKGROUND_JOBS: 'false' } });
    const agent = await a.token('agent@example.com');
    template = await registerComplaint(a, agent, { clientId: a.clients['ACME'] });
    // A few hundred overdue complaints, written set-based. Two thirds are unacknowledged (acknowledge
    // and resolve missed); one third acknowledged on time (update and resolve missed): 2 breaches each.
    await cloneComplaint(
      a,
      template.id,
      OVERDUE,
      {
        received_at: `timestamptz '2026-11-02T09:00:00Z' + g * interval '1 minute'`,
        registered_at: `timestamptz '2026-11-02T09:00:00Z' + g * interval '1 minute'`,
        acknowledge_by: `timestamptz '2026-11-03T16:00:00Z' + g * interval '1 minute'`,
        resolve_by: `timestamptz '2026-11-16T16:00:00Z' + g * interval '1 minute'`,
        status: `CASE WHEN g % 3 = 0 THEN 'acknowledged' ELSE 'registered' END`,
        acknowledged_at: `CASE WHEN g % 3 = 0 THEN timestamptz '2026-11-02T12:00:00Z' END`,
        responsible_function: `CASE WHEN g % 3 = 0 THEN 'Billing team' END`,
        next_update_by: `CASE WHEN g % 3 = 0 THEN timestamptz '2026-11-09T16:00:00Z' + g * interval '1 minute' END`,
        due_at: `CASE WHEN g % 3 = 0 THEN timestamptz '2026-11-09T16:00:00Z' ELSE timestamptz '2026-11-03T16:00:00Z' END + g * interval '1 minute'`,
        at_risk_at: `timestamptz '2026-11-03T10:00:00Z' + g * interval '1 minute'`,
      },
      'ACME-2026-5',
    );
    // Many open complaints that are not due and many closed ones: the sweep must not read them.
    await cloneComplaint(
      a,
      template.id,
      4000,
      {
        acknowledge_by: `timestamptz '2027-01-10T16:00:00Z' + g * interval '1 minute'`,
        resolve_by: `timestamptz '2027-02-10T16:00:00Z' + g * interval '1 minute'`,
        due_at: `timestamptz '2027-01-10T16:00:00Z' + g * interval '1 minute'`,
        at_risk_at: `timestamptz '2027-01-09T16:00:00Z' + g * interval '1 minute'`,
      },
      'ACME-2026-6',
    );
    await cloneComplaint(
      a,
      template.id,
      4000,
      {
        status: `'closed'`,
        category_code: `'BILLING.DOUBLE'`,
        acknowledged_at: `timestamptz '2026-10-02T12:00:00Z'`,
        closed_at: `timestamptz '2026-10-20T12:00:00Z'`,
        outcome: `'upheld'`,
        resolution: `'Refunded'`,
        acknowledge_by: `timestamptz '2026-10-03T16:00:00Z'`,
        resolve_by: `timestamptz '2026-10-16T16:00:00Z'`,
        due_at: 'NULL',
        at_risk_at: 'NULL',
      },
      'ACME-2026-7',
    );
    await a.db.query('ANALYZE complaints');
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('EXPLAIN ANALYZE: the candidate queries never scan complaints and read only the due rows, not the 8,000 others', async () => {
    const repo = a.app.get(EscalationRepository);
    const q = (cursor: CandidateQuery['cursor']): CandidateQuery => ({
      now: new Date(NOW),
      cursor,
      clientIds: null,
      limit: EscalationSweepService.BATCH_SIZE,
    });
    for (const { sql, params } of [
      repo.overdueStatement(q(null)),
      repo.overdueStatement(q({ at: new Date('2026-11-05T00:00:00Z'), id: template.id })),
      repo.atRiskStatement(q(null)),
    ]) {
      // in a transaction of its own, as the sweep runs them (they lock what they return)
      const plan = await a.db.transaction(async (m) => {
        const [{ 'QUERY PLAN': p }] = await m.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        return p as Array<{ Plan: PlanNode }>;
      });
      const scans = complaintScans(plan);
      expect(scans.length).toBeGreaterThan(0);
      expect(scans.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
      // at most the due (or at-risk) open complaints and a batch: never the not-yet-due and closed ones
      expect(rowsRead(scans)).toBeLessThanOrEqual(OVERDUE + EscalationSweepService.BATCH_SIZE);
    }
  });

  it('one sweep works through any number of candidates in bounded batches, one transaction each', async () => {
    const agent = await a.token('agent@example.com');
    const globex = await registerComplaint(a, agent, { clientId: a.clients['GLOBEX'] });
    const n = EscalationSweepService.BATCH_SIZE * 2 + 20;
    await cloneComplaint(
      a,
      globex.id,
      n,
      {
        acknowledge_by: `timestamptz '2026-11-03T16:00:00Z' + g * interval '1 second'`,
        due_at: `timestamptz '2026-11-03T16:00:00Z' + g * interval '1 second'`,
        resolve_by: `timestamptz '2026-12-16T16:00:00Z'`,
      },
      'GLOBEX-2026-5',
    );
    // The database records the (top-level) transaction each claim was written in.
    await a.db.query(`CREATE TABLE claim_tx (complaint_id uuid, tx bigint)`);
    await a.db.query(`CREATE FUNCTION record_claim_tx() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO claim_tx VALUES (NEW.complaint_id, txid_current()); RETURN NEW; END $$`);
    await a.db.query(`CREATE TRIGGER claim_tx AFTER INSERT ON escalation_claims FOR EACH ROW EXECUTE FUNCTION record_claim_tx()`);
    try {
      const r = await a.app.get(EscalationSweepService).sweep({ clientIds: [a.clients['GLOBEX']] });
      expect(r).toEqual({ escalated: n, atRiskNotices: 0, errors: 0, quarantined: 0 });
      // ceil(n / BATCH_SIZE) transactions, each claiming at most BATCH_SIZE complaints
      const perTx: Array<{ claims: number }> = await a.db.query(`SELECT count(*)::int AS claims FROM claim_tx GROUP BY tx ORDER BY 1 DESC`);
      expect(perTx.map((x) => x.claims)).toEqual([
        EscalationSweepService.BATCH_SIZE,
        EscalationSweepService.BATCH_SIZE,
        n - 2 * EscalationSweepService.BATCH_SIZE,
      ]);
    } finally {
      await a.db.query(`DROP TRIGGER claim_tx ON escalation_claims`);
      await a.db.query(`DROP FUNCTION record_claim_tx()`);
      await a.db.query(`DROP TABLE claim_tx`);
    }
  });

  it('two instances sweeping at once, repeatedly: exactly one escalated event per breach', async () => {
    const sa = a.app.get(EscalationSweepService);
    const sb = b.app.get(EscalationSweepService);
    const results = await Promise.all([sa.sweep(), sb.sweep(), sa.sweep(), sb.sweep(), sb.sweep(), sa.sweep()]);
    const total = results.reduce((s, r) => s + r.escalated, 0);
    expect(results.every((r) => r.errors === 0)).toBe(true);

    const perBreach: Array<{ complaint_id: string; reason: string; n: number }> = await a.db.query(
      `SELECT e.complaint_id, e.data->>'reason' AS reason, count(*)::int AS n
         FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
        WHERE e.type = 'escalated' AND c.reference LIKE 'ACME-2026-5%'
        GROUP BY 1, 2`,
    );
    expect(perBreach.length).toBe(OVERDUE * 2);
    expect(perBreach.filter((r) => r.n !== 1)).toEqual([]);
    const reasons = perBreach.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.reason]: (acc[r.reason] ?? 0) + 1 }), {});
    expect(reasons).toEqual({ acknowledge_overdue: OVERDUE - OVERDUE / 3, update_overdue: OVERDUE / 3, resolve_overdue: OVERDUE });
    // every sweep counted only its own escalations: together exactly the breaches
    expect(total).toBe(OVERDUE * 2);
    // the level went up once per escalation
    const [{ levels }] = await a.db.query(
      `SELECT sum(escalation_level)::int AS levels FROM complaints WHERE reference LIKE 'ACME-2026-5%'`,
    );
    expect(levels).toBe(OVERDUE * 2);
    // one notification each
    const [{ notes }] = await a.db.query(
      `SELECT count(*)::int AS notes FROM notifications n JOIN complaints c ON c.id = n.complaint_id WHERE c.reference LIKE 'ACME-2026-5%' AND n.kind = 'escalated'`,
    );
    expect(notes).toBe(OVERDUE * 2);
    // the closed and not-yet-due complaints were left alone
    const [{ others }] = await a.db.query(
      `SELECT count(*)::int AS others FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
        WHERE e.type = 'escalated' AND (c.reference LIKE 'ACME-2026-6%' OR c.reference LIKE 'ACME-2026-7%')`,
    );
    expect(others).toBe(0);

    // and again, on both: nothing more
    const again = await Promise.all([sa.sweep(), sb.sweep()]);
    expect(again.map((r) => r.escalated)).toEqual([0, 0]);
  });
});
