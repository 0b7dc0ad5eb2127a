import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records of the privacy features (R4.5-b, R4.5-f):
 * - `complaint_access_log`: who read, exported or erased a complaint's personal data — one row per
 *   complaint × user × hour (`INSERT … ON CONFLICT` on the hour bucket), with the first and last
 *   access of that hour, how many and which kinds (`read`, `export`, `erase`).
 * - `privacy_job_runs`: each run of the retention job in any instance (how many complaints it
 *   erased and outbox messages it purged), for the admin report.
 * - the customer's identity check on the complaint (`verify-identity`): method, when, by whom.
 */
export class CreatePrivacyRecords1764370000010 implements MigrationInterface {
  name = 'CreatePrivacyRecords1764370000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE complaint_access_log (
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        client_id uuid NOT NULL REFERENCES clients(id),
        user_id uuid NOT NULL REFERENCES users(id),
        user_email varchar(254) NOT NULL,
        user_role varchar(20) NOT NULL,
        hour timestamptz NOT NULL,
        first_at timestamptz NOT NULL,
        last_at timestamptz NOT NULL,
        accesses integer NOT NULL DEFAULT 1,
        kinds varchar(10)[] NOT NULL,
        CONSTRAINT complaint_access_log_pkey PRIMARY KEY (complaint_id, user_id, hour),
        CONSTRAINT complaint_access_log_kinds_check CHECK (kinds <@ ARRAY['read','export','erase']::varchar(10)[] AND cardinality(kinds) > 0)
      )`);
    await q.query(`
      CREATE TABLE privacy_job_runs (
        id bigserial PRIMARY KEY,
        job varchar(20) NOT NULL CONSTRAINT privacy_job_runs_job_check CHECK (job IN ('retention')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        erased integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        outbox_purged integer NOT NULL DEFAULT 0,
        error varchar(500)
      )`);
    await q.query(`CREATE INDEX privacy_job_runs_recent ON privacy_job_runs (job, started_at DESC, id DESC)`);
    await q.query(`
      ALTER TABLE complaints
        ADD COLUMN identity_verified_method varchar(20)
          CONSTRAINT complaints_identity_method_check CHECK (identity_verified_method IN ('email_reply','known_details','call_back','in_person')),
        ADD COLUMN identity_verified_at timestamptz,
        ADD COLUMN identity_verified_by uuid REFERENCES users(id),
        ADD COLUMN identity_verified_by_email varchar(254),
        ADD CONSTRAINT complaints_identity_consistent CHECK ((identity_verified_method IS NULL) = (identity_verified_at IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE complaints
        DROP CONSTRAINT complaints_identity_consistent,
        DROP COLUMN identity_verified_by_email,
        DROP COLUMN identity_verified_by,
        DROP COLUMN identity_verified_at,
        DROP COLUMN identity_verified_method`);
    await q.query(`DROP TABLE privacy_job_runs`);
    await q.query(`DROP TABLE complaint_access_log`);
  }
}
