import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints (R4.4-e a: registered and categorised), their append-only timeline, per-client
 * reference counters and idempotency keys. Every complaint-owned row carries client_id.
 */
export class CreateComplaints1764330000000 implements MigrationInterface {
  name = 'CreateComplaints1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE complaint_reference_counters (
        client_id uuid NOT NULL REFERENCES clients(id),
        year integer NOT NULL,
        last_seq bigint NOT NULL,
        PRIMARY KEY (client_id, year)
      )`);
    await q.query(`
      CREATE TABLE complaints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES clients(id),
        reference varchar(40) NOT NULL,
        status varchar(20) NOT NULL CONSTRAINT complaints_status_check CHECK (status IN ('registered','acknowledged','closed')),
        channel varchar(20) NOT NULL CONSTRAINT complaints_channel_check CHECK (channel IN ('phone','email','webchat','letter','social','in_person')),
        subject varchar(10) NOT NULL CONSTRAINT complaints_subject_check CHECK (subject IN ('ccc','client')),
        priority varchar(10) NOT NULL DEFAULT 'normal' CONSTRAINT complaints_priority_check CHECK (priority IN ('low','normal','high','urgent')),
        summary varchar(200) NOT NULL,
        description text NOT NULL,
        category_code varchar(60),
        category_name varchar(200),
        customer_name varchar(200) NOT NULL,
        customer_email varchar(254),
        customer_phone varchar(40),
        customer_preferred_channel varchar(20),
        customer_language varchar(16),
        customer_accessibility_needs varchar(1000),
        received_at timestamptz NOT NULL,
        registered_at timestamptz NOT NULL,
        registered_by uuid REFERENCES users(id),
        assignee_id uuid REFERENCES users(id),
        responsible_function varchar(200),
        acknowledge_by timestamptz NOT NULL,
        resolve_by timestamptz NOT NULL,
        next_update_by timestamptz,
        expected_resolution_by timestamptz,
        acknowledged_at timestamptz,
        last_update_at timestamptz,
        closed_at timestamptz,
        outcome varchar(20) CONSTRAINT complaints_outcome_check CHECK (outcome IN ('upheld','partially_upheld','not_upheld','withdrawn')),
        resolution text,
        root_cause_code varchar(40),
        escalation_level integer NOT NULL DEFAULT 0,
        satisfaction_score smallint CONSTRAINT complaints_satisfaction_check CHECK (satisfaction_score BETWEEN 1 AND 5),
        satisfaction_comment text,
        satisfaction_at timestamptz,
        reopen_count integer NOT NULL DEFAULT 0,
        policy_snapshot jsonb NOT NULL,
        calendar_snapshot jsonb NOT NULL,
        due_at timestamptz,
        at_risk_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT complaints_reference_unique UNIQUE (reference),
        CONSTRAINT complaints_customer_contact CHECK (customer_email IS NOT NULL OR customer_phone IS NOT NULL),
        CONSTRAINT complaints_closed_consistent CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    // The default inbox: open complaints of the caller's clients by earliest pending deadline.
    await q.query(`CREATE INDEX complaints_inbox ON complaints (client_id, due_at, id) WHERE status <> 'closed'`);
    // The escalation sweep: open complaints whose next pending deadline has passed.
    await q.query(`CREATE INDEX complaints_open_due ON complaints (due_at) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX complaints_open_at_risk ON complaints (at_risk_at) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX complaints_client_received ON complaints (client_id, received_at, id)`);
    await q.query(`CREATE INDEX complaints_assignee ON complaints (assignee_id) WHERE assignee_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE complaint_events (
        id bigserial PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        client_id uuid NOT NULL REFERENCES clients(id),
        type varchar(40) NOT NULL,
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_email varchar(254),
        actor_role varchar(20),
        data jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id)`);
    await q.query(`CREATE INDEX complaint_events_client_type_at ON complaint_events (client_id, type, at)`);
    // The timeline is append-only, enforced by the database for every role.
    await q.query(`
      CREATE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'complaint_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER complaint_events_no_update BEFORE UPDATE OR DELETE ON complaint_events
      FOR EACH ROW EXECUTE FUNCTION complaint_events_append_only()`);
    await q.query(`
      CREATE TRIGGER complaint_events_no_truncate BEFORE TRUNCATE ON complaint_events
      FOR EACH STATEMENT EXECUTE FUNCTION complaint_events_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id),
        key varchar(255) NOT NULL,
        client_id uuid NOT NULL REFERENCES clients(id),
        body_hash char(64) NOT NULL,
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        status_code smallint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE complaint_events`);
    await q.query(`DROP FUNCTION complaint_events_append_only()`);
    await q.query(`DROP TABLE complaints`);
    await q.query(`DROP TABLE complaint_reference_counters`);
  }
}
