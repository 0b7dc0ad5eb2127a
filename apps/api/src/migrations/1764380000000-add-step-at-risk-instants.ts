import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each pending deadline step's at-risk instant on the complaint row (issue 11 item 1; R4.4-e b, c):
 * `acknowledge_at_risk_at`, `update_at_risk_at`, `resolve_at_risk_at` — NULL when the step is not
 * pending. Every writer of complaint rows sets them (with `due_at` and `at_risk_at`, the earliest of
 * them) from the domain's `deadlineMarks`, so the list's `atRisk` filter, the escalation sweep and the
 * complaint's `sla` compare stored instants instead of recomputing fractions in SQL (at-risk in business
 * time, which SQL could not compute, only changes the domain).
 *
 * The backfill of the open complaints is computed as the domain computes it (a copy frozen here: this
 * migration must not change when the domain does): the window of each pending step — acknowledge and
 * resolve from receipt, update from the last update, else the acknowledgement — times the at-risk
 * fraction, truncated to whole milliseconds; the fraction is the snapshot's `atRiskAt`, else the
 * client's, else 0.8 (a usable one: a JSON number strictly between 0 and 1). `at_risk_at` is rewritten
 * as the earliest of the three, with the same fallback. Closed complaints have no pending step (their
 * columns stay NULL).
 *
 * Indexes: the sweep's at-risk candidates keep reading `complaints_open_at_risk (at_risk_at)`, the
 * list's `atRisk` filter the open range of `complaints_inbox`; no new index is needed.
 */
export class AddStepAtRiskInstants1764380000000 implements MigrationInterface {
  name = 'AddStepAtRiskInstants1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaints
      ADD COLUMN acknowledge_at_risk_at timestamptz,
      ADD COLUMN update_at_risk_at timestamptz,
      ADD COLUMN resolve_at_risk_at timestamptz`);
    const fraction = (policy: string) => `CASE WHEN jsonb_typeof(${policy}->'atRiskAt') = 'number' THEN
        CASE WHEN (${policy}->'atRiskAt')::numeric > 0 AND (${policy}->'atRiskAt')::numeric < 1
             THEN ((${policy}->'atRiskAt')::numeric)::float8 END END`;
    const ms = (x: string) => `(extract(epoch FROM ${x}) * 1000)::float8`;
    // start + max(0, deadline − start) × f in float8 milliseconds (as JavaScript computes it), truncated.
    const instant = (start: string, deadline: string) =>
      `timestamptz 'epoch' + floor(${ms(start)} + GREATEST(${ms(deadline)} - ${ms(start)}, 0) * x.f)::bigint * interval '1 millisecond'`;
    await q.query(`
      UPDATE complaints c SET
        acknowledge_at_risk_at = CASE WHEN c.acknowledged_at IS NULL THEN ${instant('c.received_at', 'c.acknowledge_by')} END,
        update_at_risk_at = CASE WHEN c.status = 'acknowledged' AND c.next_update_by IS NOT NULL
          THEN ${instant('COALESCE(c.last_update_at, c.acknowledged_at, c.received_at)', 'c.next_update_by')} END,
        resolve_at_risk_at = CASE WHEN c.closed_at IS NULL THEN ${instant('c.received_at', 'c.resolve_by')} END
        FROM (SELECT o.id, COALESCE(${fraction('o.policy_snapshot')}, ${fraction('cl.policy')}, 0.8::float8) AS f
                FROM complaints o JOIN clients cl ON cl.id = o.client_id
               WHERE o.status <> 'closed') x
       WHERE x.id = c.id`);
    await q.query(`UPDATE complaints SET at_risk_at = LEAST(acknowledge_at_risk_at, update_at_risk_at, resolve_at_risk_at)
                    WHERE status <> 'closed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaints
      DROP COLUMN acknowledge_at_risk_at,
      DROP COLUMN update_at_risk_at,
      DROP COLUMN resolve_at_risk_at`);
  }
}
