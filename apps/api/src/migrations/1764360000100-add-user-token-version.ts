import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token revocation (contract Part 2, "Sessions and abuse"): every access token carries the user's
 * token version (claim `tv`); the auth guard accepts it only while it equals `users.token_version`.
 * Changing a user's password, role, clients or active flag, and `POST /api/auth/logout`, add one —
 * every token issued before is then refused with 401.
 */
export class AddUserTokenVersion1764360000100 implements MigrationInterface {
  name = 'AddUserTokenVersion1764360000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_token_version_check CHECK (token_version >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
