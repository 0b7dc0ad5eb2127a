import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Role } from '@complaint-desk/contracts';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { UsersService } from '../users/users.service';
import { IS_PUBLIC, ROLES_KEY, SKIP_WRITE_LIMIT } from './auth.decorators';
import { Principal } from './principal';
import { WriteLimitService } from './write-limit.service';

interface TokenPayload {
  sub: string;
  role: Role;
  /** The user's token version when the token was issued; a later revocation makes it stale. */
  tv: number;
}

/**
 * Global guard: authenticates the bearer token (HS256 only, signature and expiry checked), loads
 * the user fresh from the database (a deactivated user or a changed client list takes effect at
 * once; a token whose version `tv` is no longer the user's — password, role or clients changed,
 * deactivated, logged out — is refused), counts a write against the user's write limit (429),
 * then applies @Roles. Roles and client scope live here and in Principal, nowhere else.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly writeLimit: WriteLimitService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ method?: string; headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = req.headers['authorization'] ?? '';
    // The auth scheme is case-insensitive (RFC 9110 §11.1): `bearer …` is accepted too.
    const match = /^Bearer +([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHORIZED', 'A valid bearer token is required');
    let payload: TokenPayload;
    try {
      // Expiry is judged by the application clock, the same clock that stamped `iat`.
      payload = await this.jwt.verifyAsync<TokenPayload>(match[1], {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch {
      throw new AppError('UNAUTHORIZED', 'The token is invalid or has expired');
    }
    const principal =
      typeof payload.sub === 'string' && Number.isSafeInteger(payload.tv) ? await this.users.findPrincipal(payload.sub, payload.tv) : null;
    if (!principal) throw new AppError('UNAUTHORIZED', 'The token is invalid or has expired');
    req.principal = principal;

    // "Which answer wins": 401 (above) → 429 (the per-user write limit) → 403 (the role check below).
    if (WriteLimitService.isWrite(req.method) && !this.reflector.getAllAndOverride<boolean>(SKIP_WRITE_LIMIT, targets)) {
      await this.writeLimit.count(principal.id);
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && principal.role !== 'admin' && !roles.includes(principal.role)) {
      throw new AppError('FORBIDDEN', `The role ${principal.role} may not do this`);
    }
    return true;
  }
}
