import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transactional outbox of e-mails (customer communications R4.2-c / R4.4-e d, team-lead notices).
 * Rows are written in the transaction of the action that causes them; a worker in every instance
 * claims due rows with FOR UPDATE SKIP LOCKED, sends them and records the outcome.
 */
export class CreateMailOutbox1764340000030 implements MigrationInterface {
  name = 'CreateMailOutbox1764340000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES clients(id),
        complaint_id uuid REFERENCES complaints(id),
        kind varchar(30) NOT NULL CONSTRAINT mail_outbox_kind_check CHECK (kind IN (
          'customer_acknowledged','customer_updated','customer_extended','customer_closed','lead_escalated','lead_at_risk')),
        recipient_type varchar(20) NOT NULL CONSTRAINT mail_outbox_recipient_type_check CHECK (recipient_type IN ('customer','team_lead')),
        recipient_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        to_address varchar(254) NOT NULL,
        language varchar(8) NOT NULL,
        subject varchar(300) NOT NULL,
        body text NOT NULL,
        source_event_id bigint,
        status varchar(10) NOT NULL DEFAULT 'pending' CONSTRAINT mail_outbox_status_check CHECK (status IN ('pending','sent','failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error varchar(500),
        message_id varchar(300),
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    // The delivery worker: pending rows whose next attempt is due.
    await q.query(`CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX mail_outbox_complaint ON mail_outbox (complaint_id) WHERE complaint_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_outbox`);
  }
}
