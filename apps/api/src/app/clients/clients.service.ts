import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClientDto, ProblemField, PublicComplaintInfo } from '@complaint-desk/contracts';
import { validateCalendar, validatePolicy } from '@complaint-desk/domain';
import { AppError } from '../common/app-error';
import { validateBody } from '../common/validation';
import { Principal } from '../auth/principal';
import { ClientEntity } from './client.entity';
import { validateCategoryTree } from './category-tree.util';
import { CreateClientDto, UpdateClientDto } from './dto/client.dto';

export function toClientDto(c: ClientEntity): ClientDto {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    timezone: c.timezone,
    businessHours: c.businessHours,
    holidays: c.holidays,
    policy: c.policy,
    categories: c.categories,
    complaintInfo: c.complaintInfo,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/**
 * Checks what class-validator cannot: interval order and overlap, a week with business days, unique codes.
 * The shape is the DTOs' (400); these are semantic errors of well-formed settings (422).
 */
export function validateClientSettings(s: Pick<ClientDto, 'timezone' | 'businessHours' | 'holidays' | 'policy' | 'categories'>): ProblemField[] {
  return [
    ...validateCalendar({ timezone: s.timezone, businessHours: s.businessHours, holidays: s.holidays }),
    ...validatePolicy(s.policy).map((e) => ({ ...e, field: e.field.startsWith('policy') ? e.field : `policy.${e.field}` })),
    ...validateCategoryTree(s.categories),
  ];
}

@Injectable()
export class ClientsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(dto: CreateClientDto): Promise<ClientDto> {
    this.assertValid(validateClientSettings(dto));
    return this.db.transaction(async (m) => {
      const dup = await m.query('SELECT 1 FROM clients WHERE code = $1', [dto.code]);
      if (dup.length) throw new AppError('DUPLICATE', `A client with code ${dto.code} already exists`, { errors: [{ field: 'code', message: 'already in use' }] });
      const entity = m.create(ClientEntity, { ...dto, holidays: [...new Set(dto.holidays)].sort() });
      return toClientDto(await m.save(entity));
    });
  }

  /** The clients the caller serves (client_viewer: its own; admin: all). */
  async list(p: Principal): Promise<ClientDto[]> {
    const qb = this.db.getRepository(ClientEntity).createQueryBuilder('c').orderBy('c.code');
    const [where, params] = p.clientWhere('c.id');
    return (await qb.where(where, params).getMany()).map(toClientDto);
  }

  async get(p: Principal, id: string): Promise<ClientDto> {
    p.assertClient(id);
    return toClientDto(await this.entity(id));
  }

  async entity(id: string, m: EntityManager = this.db.manager): Promise<ClientEntity> {
    const c = await m.findOne(ClientEntity, { where: { id } });
    if (!c) throw AppError.notFound('Client');
    return c;
  }

  /**
   * Changes apply to complaints registered afterwards: complaints keep the policy snapshot they were registered under.
   * `body` is the request body as sent: validated (400) only once the client is known (404 first, "Which answer wins").
   */
  async update(id: string, body: unknown): Promise<ClientDto> {
    return this.db.transaction(async (m) => {
      const c = await m.findOne(ClientEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw AppError.notFound('Client');
      const dto = await validateBody(UpdateClientDto, body);
      const next = {
        ...c,
        ...Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)),
      } as ClientEntity;
      if (dto.holidays) next.holidays = [...new Set(dto.holidays)].sort();
      this.assertValid(validateClientSettings(next));
      return toClientDto(await m.save(ClientEntity, next));
    });
  }

  async publicInfo(code: string): Promise<PublicComplaintInfo> {
    if (!/^[A-Z0-9]{2,12}$/.test(code)) throw AppError.notFound('Client');
    const c = await this.db.getRepository(ClientEntity).findOne({ where: { code } });
    if (!c) throw AppError.notFound('Client');
    return { code: c.code, name: c.name, complaintInfo: c.complaintInfo };
  }

  private assertValid(errors: ProblemField[]): void {
    if (errors.length) throw new AppError('UNPROCESSABLE', 'The client settings are inconsistent', { errors });
  }
}
