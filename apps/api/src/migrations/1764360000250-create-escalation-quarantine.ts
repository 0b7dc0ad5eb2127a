import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed escalation-sweep attempts per (complaint, version) and the quarantine they lead to (R4.4-e c):
 * after ESCALATION_MAX_ATTEMPTS failures of one complaint version the sweep sets `quarantined_at`,
 * notifies the client's team leads once (notification kind `sweep_failed`) and skips the pair
 * until the complaint changes (its version moves) — instead of failing and logging on every sweep.
 * A successful process of the complaint deletes its rows.
 */
export class CreateEscalationQuarantine1764360000250 implements MigrationInterface {
  name = 'CreateEscalationQuarantine1764360000250';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE escalation_quarantine (
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        version integer NOT NULL,
        client_id uuid NOT NULL REFERENCES clients(id),
        attempts integer NOT NULL CONSTRAINT escalation_quarantine_attempts_check CHECK (attempts > 0),
        error_summary varchar(500) NOT NULL,
        first_failed_at timestamptz NOT NULL,
        last_failed_at timestamptz NOT NULL,
        quarantined_at timestamptz,
        CONSTRAINT escalation_quarantine_pkey PRIMARY KEY (complaint_id, version)
      )`);
    // the admin listing: quarantined pairs, newest first
    await q.query(
      `CREATE INDEX escalation_quarantine_listed ON escalation_quarantine (quarantined_at DESC) WHERE quarantined_at IS NOT NULL`,
    );
    await setNotificationKinds(q, (kinds) => [...kinds.filter((k) => k !== 'sweep_failed'), 'sweep_failed']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind = 'sweep_failed'`);
    await setNotificationKinds(q, (kinds) => kinds.filter((k) => k !== 'sweep_failed'));
    await q.query(`DROP TABLE escalation_quarantine`);
  }
}

/**
 * Replaces `notifications_kind_check` with the kinds `change` returns from the kinds it allows now.
 * Reads the current list instead of repeating it, so a kind added by another migration is kept.
 */
async function setNotificationKinds(q: QueryRunner, change: (kinds: string[]) => string[]): Promise<void> {
  const rows: Array<{ def: string }> = await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conname = 'notifications_kind_check' AND conrelid = 'notifications'::regclass`,
  );
  const current = rows.length ? [...rows[0].def.matchAll(/'([^']*)'/g)].map((m) => m[1]) : [];
  const next = change(current);
  if (next.some((k) => !/^[a-z_]+$/.test(k))) throw new Error(`unexpected notification kinds: ${next.join(', ')}`);
  await q.query(`ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_kind_check`);
  await q.query(
    `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${next.map((k) => `'${k}'`).join(', ')}))`,
  );
}
