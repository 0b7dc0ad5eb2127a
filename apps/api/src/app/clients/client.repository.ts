import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ClientEntity } from './client.entity';

/** The client's values a customer e-mail needs. */
export interface ClientMailContext {
  name: string;
  timezone: string;
  complaint_info: string;
}

/**
 * The `clients` table: reads and writes of a client and its settings, mapped by `ClientEntity`
 * (TypeORM keeps `version` and `updated_at`). Every method takes the caller's transaction `m`
 * where it has one; without, it uses the data source's own manager.
 */
@Injectable()
export class ClientRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async codeExists(m: EntityManager, code: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM clients WHERE code = $1', [code]);
    return rows.length > 0;
  }

  insert(m: EntityManager, values: Omit<ClientEntity, 'id' | 'version' | 'createdAt' | 'updatedAt'>): Promise<ClientEntity> {
    return m.save(m.create(ClientEntity, values));
  }

  /** The clients in the caller's scope (client_viewer: its own; admin: all), by code. */
  list(scope: Principal): Promise<ClientEntity[]> {
    const [where, params] = scope.clientWhere('c.id');
    return this.db.getRepository(ClientEntity).createQueryBuilder('c').orderBy('c.code').where(where, params).getMany();
  }

  findById(id: string, m: EntityManager = this.db.manager): Promise<ClientEntity | null> {
    return m.findOne(ClientEntity, { where: { id } });
  }

  /** The client locked for update in `m`'s transaction (null when unknown). */
  lockById(m: EntityManager, id: string): Promise<ClientEntity | null> {
    return m.findOne(ClientEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Saves a changed client (its version moves). */
  save(m: EntityManager, client: ClientEntity): Promise<ClientEntity> {
    return m.save(ClientEntity, client);
  }

  findByCode(code: string): Promise<ClientEntity | null> {
    return this.db.getRepository(ClientEntity).findOne({ where: { code } });
  }

  /** Which of these ids are clients. */
  async existingIds(m: EntityManager, ids: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query('SELECT id FROM clients WHERE id = ANY($1::uuid[])', [ids]);
    return rows.map((r) => r.id);
  }

  /** Name, time zone and complaint information of the client, for a customer e-mail (null when unknown). */
  async mailContext(m: EntityManager, id: string): Promise<ClientMailContext | null> {
    const rows: ClientMailContext[] = await m.query('SELECT name, timezone, complaint_info FROM clients WHERE id = $1', [id]);
    return rows[0] ?? null;
  }
}
