import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role, UserDto } from '@complaint-desk/contracts';
import { AppError } from '../common/app-error';
import { Principal } from '../auth/principal';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { hashPassword } from './password';
import { passwordProblem } from './password-policy';

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

function toDto(r: UserRow): UserDto {
  return { id: r.id, email: r.email, role: r.role, clientIds: r.client_ids ?? [], active: r.active, createdAt: r.created_at.toISOString() };
}

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The caller behind a token, or null when the user is unknown or deactivated, or the token was
   * issued before the user's last revocation (its token version is not the current one).
   */
  async findPrincipal(id: string, tokenVersion: number): Promise<Principal | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id) || !Number.isSafeInteger(tokenVersion)) return null;
    const rows: UserRow[] = await this.db.query(`${SELECT_USER} WHERE u.id = $1 AND u.active AND u.token_version = $2 GROUP BY u.id`, [id, tokenVersion]);
    const r = rows[0];
    return r ? new Principal(r.id, r.email, r.role, r.client_ids ?? []) : null;
  }

  async findForLogin(email: string): Promise<{ id: string; passwordHash: string; active: boolean; tokenVersion: number } | null> {
    const rows: Array<{ id: string; password_hash: string; active: boolean; token_version: number }> = await this.db.query(
      'SELECT id, password_hash, active, token_version FROM users WHERE lower(email) = lower($1)',
      [email],
    );
    const r = rows[0];
    return r ? { id: r.id, passwordHash: r.password_hash, active: r.active, tokenVersion: r.token_version } : null;
  }

  /** Revokes every token issued to the user so far (logout everywhere). */
  async revokeTokens(id: string): Promise<void> {
    await this.db.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [id]);
  }

  async get(id: string): Promise<UserDto> {
    const rows: UserRow[] = await this.db.query(`${SELECT_USER} WHERE u.id = $1 GROUP BY u.id`, [id]);
    if (!rows[0]) throw AppError.notFound('User');
    return toDto(rows[0]);
  }

  async list(filter: { clientId?: string; role?: Role } = {}): Promise<UserDto[]> {
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
    return rows.map(toDto);
  }

  /** Users who may be assigned complaints of a client (agents and team leads serving it). */
  async assignableFor(principal: Principal, clientId: string): Promise<UserDto[]> {
    principal.assertClient(clientId);
    const rows: UserRow[] = await this.db.query(
      `${SELECT_USER} WHERE u.active AND u.role IN ('agent','team_lead') AND EXISTS
         (SELECT 1 FROM user_clients x WHERE x.user_id = u.id AND x.client_id = $1) GROUP BY u.id ORDER BY lower(u.email)`,
      [clientId],
    );
    return rows.map(toDto);
  }

  async create(dto: CreateUserDto, manager?: EntityManager): Promise<UserDto> {
    const clientIds = this.checkClientCount(dto.role, dto.clientIds);
    const hash = await hashPassword(dto.password);
    const run = async (m: EntityManager) => {
      await this.assertClientsExist(m, clientIds);
      const dup = await m.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [dto.email]);
      if (dup.length) throw new AppError('DUPLICATE', 'A user with this e-mail already exists', { errors: [{ field: 'email', message: 'already in use' }] });
      const [row] = await m.query('INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3) RETURNING id', [dto.email, hash, dto.role]);
      await this.setClients(m, row.id, clientIds);
      return row.id as string;
    };
    const id = manager ? await run(manager) : await this.db.transaction(run);
    return manager ? this.getWith(manager, id) : this.get(id);
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserDto> {
    await this.db.transaction(async (m) => {
      const rows: UserRow[] = await m.query(`${SELECT_USER} WHERE u.id = $1 GROUP BY u.id`, [id]);
      const current = rows[0];
      if (!current) throw AppError.notFound('User');
      // The DTO checked the rest of the policy; the e-mail address is known only here.
      const weak = dto.password !== undefined ? passwordProblem(dto.password, current.email) : null;
      if (weak) throw AppError.validation('password', weak);
      const role = dto.role ?? current.role;
      const clientIds = this.checkClientCount(role, dto.clientIds ?? current.client_ids ?? []);
      await this.assertClientsExist(m, clientIds);
      const hash = dto.password ? await hashPassword(dto.password) : null;
      // A new password, role, client list or active flag revokes every token issued before —
      // in this transaction, so a refused change revokes nothing.
      const sameClients = [...clientIds].sort().join() === [...(current.client_ids ?? [])].sort().join();
      const revoke = hash !== null || role !== current.role || !sameClients || (dto.active !== undefined && dto.active !== current.active);
      await m.query(
        `UPDATE users SET role = $2, active = COALESCE($3, active), password_hash = COALESCE($4, password_hash),
                token_version = token_version + $5, updated_at = now() WHERE id = $1`,
        [id, role, dto.active ?? null, hash, revoke ? 1 : 0],
      );
      await m.query('DELETE FROM user_clients WHERE user_id = $1', [id]);
      await this.setClients(m, id, clientIds);
    });
    return this.get(id);
  }

  private async getWith(m: EntityManager, id: string): Promise<UserDto> {
    const rows: UserRow[] = await m.query(`${SELECT_USER} WHERE u.id = $1 GROUP BY u.id`, [id]);
    return toDto(rows[0]);
  }

  private checkClientCount(role: Role, clientIds: string[]): string[] {
    if (role === 'admin') return [];
    if (role === 'client_viewer' && clientIds.length !== 1) {
      throw AppError.unprocessable('clientIds', 'a client_viewer belongs to exactly one client');
    }
    if (clientIds.length === 0) throw AppError.unprocessable('clientIds', `a ${role} must serve at least one client`);
    return clientIds;
  }

  private async assertClientsExist(m: EntityManager, clientIds: string[]): Promise<void> {
    if (!clientIds.length) return;
    const found: Array<{ id: string }> = await m.query('SELECT id FROM clients WHERE id = ANY($1::uuid[])', [clientIds]);
    if (found.length !== clientIds.length) throw AppError.unprocessable('clientIds', 'unknown client id');
  }

  private async setClients(m: EntityManager, userId: string, clientIds: string[]): Promise<void> {
    if (!clientIds.length) return;
    await m.query('INSERT INTO user_clients (user_id, client_id) SELECT $1, unnest($2::uuid[])', [userId, clientIds]);
  }
}
