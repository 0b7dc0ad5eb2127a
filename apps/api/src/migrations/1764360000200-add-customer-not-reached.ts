import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `complaints.customer_not_reached` (R4.2-c, R4.4-e d): true while the last thing the customer was to be
 * told has not reached them — a customer e-mail finally failed (`notification_failed`, `final`), an e-mail
 * was asked for a customer without an address, or `extend` without `via` for a customer who cannot be
 * e-mailed — until a later message is delivered (`notification_sent`) or a contact by another channel is
 * recorded. A small partial index serves the list filter `customerNotReached=true`.
 *
 * The client's team leads are told of a final failure: notification kind `customer_not_reached` and lead
 * e-mail kind `lead_not_reached`. Both CHECK lists are read and extended (not restated), so kinds added by
 * other migrations are kept.
 */
export class AddCustomerNotReached1764360000200 implements MigrationInterface {
  name = 'AddCustomerNotReached1764360000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaints ADD COLUMN customer_not_reached boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX complaints_customer_not_reached ON complaints (client_id) WHERE customer_not_reached`);
    await setCheckList(q, 'notifications', 'notifications_kind_check', (kinds) => [
      ...kinds.filter((k) => k !== 'customer_not_reached'),
      'customer_not_reached',
    ]);
    await setCheckList(q, 'mail_outbox', 'mail_outbox_kind_check', (kinds) => [
      ...kinds.filter((k) => k !== 'lead_not_reached'),
      'lead_not_reached',
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM mail_outbox WHERE kind = 'lead_not_reached'`);
    await setCheckList(q, 'mail_outbox', 'mail_outbox_kind_check', (kinds) => kinds.filter((k) => k !== 'lead_not_reached'));
    await q.query(`DELETE FROM notifications WHERE kind = 'customer_not_reached'`);
    await setCheckList(q, 'notifications', 'notifications_kind_check', (kinds) => kinds.filter((k) => k !== 'customer_not_reached'));
    await q.query(`DROP INDEX complaints_customer_not_reached`);
    await q.query(`ALTER TABLE complaints DROP COLUMN customer_not_reached`);
  }
}

/**
 * Replaces the `kind IN (…)` CHECK `constraint` of `table` with the values `change` returns from the values
 * it allows now (read from the catalogue instead of repeated here).
 */
async function setCheckList(q: QueryRunner, table: string, constraint: string, change: (values: string[]) => string[]): Promise<void> {
  const rows: Array<{ def: string }> = await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = $1 AND conrelid = $2::regclass`,
    [constraint, table],
  );
  const current = rows.length ? [...rows[0].def.matchAll(/'([^']*)'/g)].map((m) => m[1]) : [];
  const next = change(current);
  if (next.some((k) => !/^[a-z_]+$/.test(k))) throw new Error(`unexpected values for ${constraint}: ${next.join(', ')}`);
  await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${constraint}`);
  await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (kind IN (${next.map((k) => `'${k}'`).join(', ')}))`);
}
