import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The team-lead feed: one notification per escalation or at-risk notice, owned by the complaint's
 * client (the feed shows a user the notifications of the clients it serves); read state per user.
 */
export class CreateNotifications1764340000020 implements MigrationInterface {
  name = 'CreateNotifications1764340000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES clients(id),
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        kind varchar(20) NOT NULL CONSTRAINT notifications_kind_check CHECK (kind IN ('escalated','at_risk')),
        reference varchar(40) NOT NULL,
        message varchar(500) NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL
      )`);
    // The feed: newest first per client (keyset on created_at, id); the admin feed over all clients.
    await q.query(`CREATE INDEX notifications_client_feed ON notifications (client_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_feed ON notifications (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE notification_reads (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        notification_id uuid NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL,
        CONSTRAINT notification_reads_pkey PRIMARY KEY (user_id, notification_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_reads`);
    await q.query(`DROP TABLE notifications`);
  }
}
