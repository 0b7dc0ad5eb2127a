import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClientDto, ProblemField, PublicComplaintInfo } from '@complaint-desk/contracts';
import { validateCalendar, validatePolicy } from '@complaint-desk/domain';
import { AppError } from '../common/app-error';
import { validateBody } from '../common/validation';
import { Principal } from '../auth/principal';
import type { ClientEntity } from './client.entity';
import { ClientRepository } from './client.repository';
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
export function validateClientSettings(
  s: Pick<ClientDto, 'timezone' | 'businessHours' | 'holidays' | 'policy' | 'categories'>,
): ProblemField[] {
  return [
    ...validateCalendar({ timezone: s.timezone, businessHours: s.businessHours, holidays: s.holidays }),
    ...validatePolicy(s.policy).map((e) => ({ ...e, field: e.field.startsWith('policy') ? e.field : `policy.${e.field}` })),
    ...validateCategoryTree(s.categories),
  ];
}

@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ClientRepository,
  ) {}

  async create(dto: CreateClientDto): Promise<ClientDto> {
    this.assertValid(validateClientSettings(dto));
    return this.db.transaction(async (m) => {
      if (await this.repo.codeExists(m, dto.code))
        throw new AppError('DUPLICATE', `A client with code ${dto.code} already exists`, {
          errors: [{ field: 'code', message: 'already in use' }],
        });
      return toClientDto(await this.repo.insert(m, { ...dto, holidays: [...new Set(dto.holidays)].sort() }));
    });
  }

  /** The clients the caller serves (client_viewer: its own; admin: all). */
  async list(p: Principal): Promise<ClientDto[]> {
    return (await this.repo.list(p)).map(toClientDto);
  }

  async get(p: Principal, id: string): Promise<ClientDto> {
    p.assertClient(id);
    const c = await this.repo.findById(id);
    if (!c) throw AppError.notFound('Client');
    return toClientDto(c);
  }

  /**
   * Changes apply to complaints registered afterwards: complaints keep the policy snapshot they were registered under.
   * `body` is the request body as sent: validated (400) only once the client is known (404 first, "Which answer wins").
   */
  async update(id: string, body: unknown): Promise<ClientDto> {
    return this.db.transaction(async (m) => {
      const c = await this.repo.lockById(m, id);
      if (!c) throw AppError.notFound('Client');
      const dto = await validateBody(UpdateClientDto, body);
      const next = {
        ...c,
        ...Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)),
      } as ClientEntity;
      if (dto.holidays) next.holidays = [...new Set(dto.holidays)].sort();
      this.assertValid(validateClientSettings(next));
      return toClientDto(await this.repo.save(m, next));
    });
  }

  async publicInfo(code: string): Promise<PublicComplaintInfo> {
    if (!/^[A-Z0-9]{2,12}$/.test(code)) throw AppError.notFound('Client');
    const c = await this.repo.findByCode(code);
    if (!c) throw AppError.notFound('Client');
    return { code: c.code, name: c.name, complaintInfo: c.complaintInfo };
  }

  private assertValid(errors: ProblemField[]): void {
    if (errors.length) throw new AppError('UNPROCESSABLE', 'The client settings are inconsistent', { errors });
  }
}
