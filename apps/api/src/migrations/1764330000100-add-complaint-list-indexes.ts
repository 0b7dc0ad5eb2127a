import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of the complaint list besides those of 1764330000000:
 * - complaints_closed (client_id, closed_at, id) WHERE status = 'closed' — the closed run of the
 *   default `dueAt` sort (most recently closed first) and `status=closed` lists;
 * - trigram GIN indexes for `q` (reference, summary, customer name, customer e-mail, ILIKE '%…%'),
 *   only when the pg_trgm extension is available on the server (else `q` scans the client's rows).
 */
export class AddComplaintListIndexes1764330000100 implements MigrationInterface {
  name = 'AddComplaintListIndexes1764330000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX complaints_closed ON complaints (client_id, closed_at, id) WHERE status = 'closed'`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
          BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
          EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_trgm not created (insufficient privilege): q searches without trigram indexes';
          END;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          CREATE INDEX complaints_q_reference ON complaints USING gin (reference gin_trgm_ops);
          CREATE INDEX complaints_q_summary ON complaints USING gin (summary gin_trgm_ops);
          CREATE INDEX complaints_q_customer_name ON complaints USING gin (customer_name gin_trgm_ops);
          CREATE INDEX complaints_q_customer_email ON complaints USING gin (customer_email gin_trgm_ops);
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS complaints_q_customer_email`);
    await q.query(`DROP INDEX IF EXISTS complaints_q_customer_name`);
    await q.query(`DROP INDEX IF EXISTS complaints_q_summary`);
    await q.query(`DROP INDEX IF EXISTS complaints_q_reference`);
    await q.query(`DROP INDEX IF EXISTS complaints_closed`);
  }
}
