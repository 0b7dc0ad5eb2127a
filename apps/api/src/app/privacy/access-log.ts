import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccessLogDto } from '@complaint-desk/contracts';
import { from, mergeMap, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { AccessLogRepository } from './access-log.repository';

const ACCESS_LOGGED = 'privacy:accessLogged';

/**
 * Marks a route that answers with one complaint's personal data (`GET /api/complaints/:id`): every
 * successful answer is recorded in the complaint's access log (user, time; one row per user,
 * complaint and hour) before it is sent. The handler must answer with `{ id, clientId }`.
 */
export const AccessLogged = (): MethodDecorator => SetMetadata(ACCESS_LOGGED, true);

/** Reading and writing the access log (R4.5-f). */
@Injectable()
export class AccessLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: AccessLogRepository,
    private readonly clock: Clock,
  ) {}

  async recordRead(p: Principal, complaintId: string, clientId: string): Promise<void> {
    await this.repo.record(this.db.manager, { complaintId, clientId, user: p, at: this.clock.now(), kind: 'read' });
  }

  async list(p: Principal, complaintId: string, limit = 50): Promise<AccessLogDto> {
    const clientId = await this.repo.complaintClient(this.db.manager, complaintId, p);
    if (!clientId) throw AppError.notFound('Complaint');
    return { complaintId, items: await this.repo.list(this.db.manager, complaintId, limit) };
  }
}

/** Global interceptor: records the reads of routes marked {@link AccessLogged}. */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessLog: AccessLogService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http' || !this.reflector.get<boolean>(ACCESS_LOGGED, ctx.getHandler())) return next.handle();
    const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    return next.handle().pipe(
      mergeMap((body: unknown) => {
        const b = body as { id?: unknown; clientId?: unknown } | null;
        if (!principal || !b || typeof b.id !== 'string' || typeof b.clientId !== 'string') return from([body]);
        return from(this.accessLog.recordRead(principal, b.id, b.clientId).then(() => body));
      }),
    );
  }
}
