import { MigrationInterface, QueryRunner } from 'typeorm';

/** Clients with their agreed complaint process (R4.4-b), users and their clients, rate-limit counters. */
export class CreateFoundation1764320000000 implements MigrationInterface {
  name = 'CreateFoundation1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(12) NOT NULL CONSTRAINT clients_code_format CHECK (code ~ '^[A-Z0-9]{2,12}$'),
        name varchar(200) NOT NULL,
        timezone varchar(64) NOT NULL,
        business_hours jsonb NOT NULL,
        holidays jsonb NOT NULL DEFAULT '[]'::jsonb,
        policy jsonb NOT NULL,
        categories jsonb NOT NULL DEFAULT '[]'::jsonb,
        complaint_info text NOT NULL DEFAULT '',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT clients_code_unique UNIQUE (code)
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        password_hash text NOT NULL,
        role varchar(20) NOT NULL CONSTRAINT users_role_check CHECK (role IN ('agent','team_lead','client_viewer','admin')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email))`);
    await q.query(`
      CREATE TABLE user_clients (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        client_id uuid NOT NULL REFERENCES clients(id) ON DELETE RESTRICT,
        PRIMARY KEY (user_id, client_id)
      )`);
    await q.query(`CREATE INDEX user_clients_client ON user_clients (client_id)`);
    await q.query(`
      CREATE TABLE rate_limits (
        key varchar(300) PRIMARY KEY,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limits`);
    await q.query(`DROP TABLE user_clients`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE clients`);
  }
}
