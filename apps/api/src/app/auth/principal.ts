import { Role } from '@complaint-desk/contracts';
import { AppError } from '../common/app-error';

/**
 * The authenticated caller and the one place that decides which clients it may see.
 * Every query over client-owned rows takes its client filter from here, never from the request.
 */
export class Principal {
  constructor(
    readonly id: string,
    readonly email: string,
    readonly role: Role,
    readonly clientIds: readonly string[],
  ) {}

  get isAdmin(): boolean {
    return this.role === 'admin';
  }

  /** `null` means every client (admin). */
  get scopeClientIds(): readonly string[] | null {
    return this.isAdmin ? null : this.clientIds;
  }

  servesClient(clientId: string): boolean {
    return this.isAdmin || this.clientIds.includes(clientId);
  }

  /** A client outside the caller's scope is reported exactly like an unknown one: 404. */
  assertClient(clientId: string, what = 'Client'): void {
    if (!this.servesClient(clientId)) throw AppError.notFound(what);
  }

  /**
   * SQL fragment restricting `column` to the caller's clients. Appends its parameter to `params`.
   * Admins get `TRUE`.
   */
  clientFilter(column: string, params: unknown[]): string {
    const ids = this.scopeClientIds;
    if (ids === null) return 'TRUE';
    params.push([...ids]);
    return `${column} = ANY($${params.length}::uuid[])`;
  }

  /** For TypeORM query builders: `qb.andWhere(...p.clientWhere('c.client_id'))`. */
  clientWhere(column: string): [string, Record<string, unknown>] {
    const ids = this.scopeClientIds;
    if (ids === null) return ['TRUE', {}];
    return [`${column} IN (:...scopeClientIds)`, { scopeClientIds: ids.length ? [...ids] : ['00000000-0000-0000-0000-000000000000'] }];
  }

  toActor(): { id: string; email: string; role: Role } {
    return { id: this.id, email: this.email, role: this.role };
  }
}
