import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly-once bookkeeping of the escalation sweep (R4.4-e c), guaranteed by the database:
 * one row per (complaint, step, deadline value). The sweep inserts with ON CONFLICT DO NOTHING
 * and escalates only when its insert won; a deadline that is moved gets a new key and can be
 * escalated again. at_risk_claims does the same for the at-risk notice to team leads.
 */
export class CreateEscalationClaims1764340000010 implements MigrationInterface {
  name = 'CreateEscalationClaims1764340000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE escalation_claims (
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        kind varchar(20) NOT NULL CONSTRAINT escalation_claims_kind_check CHECK (kind IN ('acknowledge','update','resolve')),
        deadline timestamptz NOT NULL,
        client_id uuid NOT NULL REFERENCES clients(id),
        claimed_at timestamptz NOT NULL,
        CONSTRAINT escalation_claims_pkey PRIMARY KEY (complaint_id, kind, deadline)
      )`);
    await q.query(`
      CREATE TABLE at_risk_claims (
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        kind varchar(20) NOT NULL CONSTRAINT at_risk_claims_kind_check CHECK (kind IN ('acknowledge','update','resolve')),
        deadline timestamptz NOT NULL,
        client_id uuid NOT NULL REFERENCES clients(id),
        claimed_at timestamptz NOT NULL,
        CONSTRAINT at_risk_claims_pkey PRIMARY KEY (complaint_id, kind, deadline)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE at_risk_claims`);
    await q.query(`DROP TABLE escalation_claims`);
  }
}
