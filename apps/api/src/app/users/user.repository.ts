import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@complaint-desk/contracts';

/** A user as the API sees it: no password material. */
export interface UserRecord {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  createdAt: Date;
  /** The clients the user serves, sorted. */
  clientIds: string[];
}

/** What sign-in needs: the hash to verify and the token version to stamp. */
export interface LoginRecord {
  id: string;
  passwordHash: string;
  active: boolean;
  tokenVersion: number;
}

interface UserRow {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  created_at: Date;
  client_ids: string[] | null;
}

const SELECT_USER = `
  SELECT u.id, u.email, u.role, u.active, u.created_at,
         COALESCE(array_agg(uc.client_id ORDER BY uc.client_id) FILTER (WHERE uc.client_id IS NOT NULL), '{}') AS client_ids
  FROM users u LEFT JOIN user_clients uc ON uc.user_id = u.id`;

const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  role: r.role,
  active: r.active,
  createdAt: r.created_at,
  clientIds: r.client_ids ?? [],
});

/**
 * The `users` and `user_clients` tables. Methods that take `m` run in the caller's transaction;
 * the others use the data source.
 */
@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The active user with this id whose token version is `tokenVersion` (null otherwise). */
  async findActiveWithTokenVersion(id: string, tokenVersion: number): Promise<UserRecord | null> {
    const rows: UserRow[] = await this.db.query(`${SELECT_USER} WHERE u.id = $1 AND u.active AND u.token_version = $2 GROUP BY u.id`, [
      id,
      tokenVersion,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** By e-mail, case-insensitive. */
  async findForLogin(email: string): Promise<LoginRecord | null> {
    const rows: Array<{ id: string; password_hash: string; active: boolean; token_version: number }> = await this.db.query(
      'SELECT id, password_hash, active, token_version FROM users WHERE lower(email) = lower($1)',
      [email],
    );
    const r = rows[0];
    return r ? { id: r.id, passwordHash: r.password_hash, active: r.active, tokenVersion: r.token_version } : null;
  }

  /** Moves the user's token version: every token issued before is refused. */
  async revokeTokens(id: string): Promise<void> {
    await this.db.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [id]);
  }

  async findById(id: string, m: EntityManager = this.db.manager): Promise<UserRecord | null> {
    const rows: UserRow[] = await m.query(`${SELECT_USER} WHERE u.id = $1 GROUP BY u.id`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Users by e-mail (case-insensitive), optionally only of a role and/or serving a client. */
  async list(filter: { clientId?: string; role?: Role } = {}): Promise<UserRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.role) {
      params.push(filter.role);
      where.push(`u.role = $${params.length}`);
    }
    if (filter.clientId) {
      params.push(filter.clientId);
      where.push(`EXISTS (SELECT 1 FROM user_clients x WHERE x.user_id = u.id AND x.client_id = $${params.length})`);
    }
    const rows: UserRow[] = await this.db.query(
      `${SELECT_USER} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} GROUP BY u.id ORDER BY lower(u.email)`,
      params,
    );
    return rows.map(toRecord);
  }

  /** Active agents and team leads serving the client, by e-mail. */
  async activeHandlersOf(clientId: string): Promise<UserRecord[]> {
    const rows: UserRow[] = await this.db.query(
      `${SELECT_USER} WHERE u.active AND u.role IN ('agent','team_lead') AND EXISTS
         (SELECT 1 FROM user_clients x WHERE x.user_id = u.id AND x.client_id = $1) GROUP BY u.id ORDER BY lower(u.email)`,
      [clientId],
    );
    return rows.map(toRecord);
  }

  async emailExists(m: EntityManager, email: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [email]);
    return rows.length > 0;
  }

  async count(): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.db.query('SELECT count(*)::int AS n FROM users');
    return n;
  }

  /** Inserts the user; returns its id. */
  async insert(m: EntityManager, u: { email: string; passwordHash: string; role: Role }): Promise<string> {
    const [row]: Array<{ id: string }> = await m.query('INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3) RETURNING id', [
      u.email,
      u.passwordHash,
      u.role,
    ]);
    return row.id;
  }

  /**
   * Sets the role, and `active` and the password hash when given; `revoke` moves the token version
   * (every earlier token is refused).
   */
  async update(
    m: EntityManager,
    id: string,
    u: { role: Role; active: boolean | null; passwordHash: string | null; revoke: boolean },
  ): Promise<void> {
    await m.query(
      `UPDATE users SET role = $2, active = COALESCE($3, active), password_hash = COALESCE($4, password_hash),
              token_version = token_version + $5, updated_at = now() WHERE id = $1`,
      [id, u.role, u.active, u.passwordHash, u.revoke ? 1 : 0],
    );
  }

  async addClients(m: EntityManager, userId: string, clientIds: string[]): Promise<void> {
    if (!clientIds.length) return;
    await m.query('INSERT INTO user_clients (user_id, client_id) SELECT $1, unnest($2::uuid[])', [userId, clientIds]);
  }

  async removeClients(m: EntityManager, userId: string): Promise<void> {
    await m.query('DELETE FROM user_clients WHERE user_id = $1', [userId]);
  }
}
