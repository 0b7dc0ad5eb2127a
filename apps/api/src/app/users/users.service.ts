import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role, UserDto } from '@complaint-desk/contracts';
import { AppError } from '../common/app-error';
import { Principal } from '../auth/principal';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { hashPassword } from './password';
import { ClientRepository } from '../clients/client.repository';
import { UserRepository, type LoginRecord, type UserRecord } from './user.repository';
import { passwordProblem } from './password-policy';

function toDto(r: UserRecord): UserDto {
  return { id: r.id, email: r.email, role: r.role, clientIds: r.clientIds, active: r.active, createdAt: r.createdAt.toISOString() };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: UserRepository,
    private readonly clients: ClientRepository,
  ) {}

  /**
   * The caller behind a token, or null when the user is unknown or deactivated, or the token was
   * issued before the user's last revocation (its token version is not the current one).
   */
  async findPrincipal(id: string, tokenVersion: number): Promise<Principal | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id) || !Number.isSafeInteger(tokenVersion)) return null;
    const r = await this.repo.findActiveWithTokenVersion(id, tokenVersion);
    return r ? new Principal(r.id, r.email, r.role, r.clientIds) : null;
  }

  findForLogin(email: string): Promise<LoginRecord | null> {
    return this.repo.findForLogin(email);
  }

  /** Revokes every token issued to the user so far (logout everywhere). */
  async revokeTokens(id: string): Promise<void> {
    await this.repo.revokeTokens(id);
  }

  async get(id: string): Promise<UserDto> {
    const r = await this.repo.findById(id);
    if (!r) throw AppError.notFound('User');
    return toDto(r);
  }

  async list(filter: { clientId?: string; role?: Role } = {}): Promise<UserDto[]> {
    return (await this.repo.list(filter)).map(toDto);
  }

  /** Users who may be assigned complaints of a client (agents and team leads serving it). */
  async assignableFor(principal: Principal, clientId: string): Promise<UserDto[]> {
    principal.assertClient(clientId);
    return (await this.repo.activeHandlersOf(clientId)).map(toDto);
  }

  async create(dto: CreateUserDto, manager?: EntityManager): Promise<UserDto> {
    const clientIds = this.checkClientCount(dto.role, dto.clientIds);
    const hash = await hashPassword(dto.password);
    const run = async (m: EntityManager) => {
      await this.assertClientsExist(m, clientIds);
      if (await this.repo.emailExists(m, dto.email))
        throw new AppError('DUPLICATE', 'A user with this e-mail already exists', {
          errors: [{ field: 'email', message: 'already in use' }],
        });
      const id = await this.repo.insert(m, { email: dto.email, passwordHash: hash, role: dto.role });
      await this.repo.addClients(m, id, clientIds);
      return id;
    };
    const id = manager ? await run(manager) : await this.db.transaction(run);
    return manager ? this.getWith(manager, id) : this.get(id);
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserDto> {
    await this.db.transaction(async (m) => {
      const current = await this.repo.findById(id, m);
      if (!current) throw AppError.notFound('User');
      // The DTO checked the rest of the policy; the e-mail address is known only here.
      const weak = dto.password !== undefined ? passwordProblem(dto.password, current.email) : null;
      if (weak) throw AppError.validation('password', weak);
      const role = dto.role ?? current.role;
      const clientIds = this.checkClientCount(role, dto.clientIds ?? current.clientIds);
      await this.assertClientsExist(m, clientIds);
      const hash = dto.password ? await hashPassword(dto.password) : null;
      // A new password, role, client list or active flag revokes every token issued before —
      // in this transaction, so a refused change revokes nothing.
      const sameClients = [...clientIds].sort().join() === [...current.clientIds].sort().join();
      const revoke = hash !== null || role !== current.role || !sameClients || (dto.active !== undefined && dto.active !== current.active);
      await this.repo.update(m, id, { role, active: dto.active ?? null, passwordHash: hash, revoke });
      await this.repo.removeClients(m, id);
      await this.repo.addClients(m, id, clientIds);
    });
    return this.get(id);
  }

  private async getWith(m: EntityManager, id: string): Promise<UserDto> {
    const r = await this.repo.findById(id, m);
    if (!r) throw AppError.notFound('User');
    return toDto(r);
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
    const found = await this.clients.existingIds(m, clientIds);
    if (found.length !== clientIds.length) throw AppError.unprocessable('clientIds', 'unknown client id');
  }
}
