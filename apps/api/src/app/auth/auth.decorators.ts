import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from '@complaint-desk/contracts';
import type { Principal } from './principal';

export const IS_PUBLIC = 'isPublic';
export const ROLES_KEY = 'roles';

/** No token needed (health, docs, login, public complaint info). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const SKIP_WRITE_LIMIT = 'skipWriteLimit';

/** This write is never refused by the per-user write limit (e.g. logout: signing out must always work). */
export const SkipWriteLimit = () => SetMetadata(SKIP_WRITE_LIMIT, true);

/** The roles that may call a handler; admin may always. Without it any authenticated role may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated caller, set by the AuthGuard. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
