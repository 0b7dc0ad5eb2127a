import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of the complaint list besides those of 1764330000000:
 * - complaints_closed (client_id, closed_at, id) WHERE status = 'closed' — the closed run of the
 *   default `dueAt` sort (most recently closed first) and `status=closed` lists;
 * `q` (text search) is a filter applied while the per-client index range is read in sort order; it
 * folds case with ICU (Å/å, Ö/ö) which trigram indexes of a C-locale database could not serve.
 */
export class AddComplaintListIndexes1764330000100 implements MigrationInterface {
  name = 'AddComplaintListIndexes1764330000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX complaints_closed ON complaints (client_id, closed_at, id) WHERE status = 'closed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS complaints_closed`);
  }
}
