import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import type { Role } from '@complaint-desk/contracts';
import { AuthService } from './auth.service';

/** Signed in, or off to the sign-in page with the requested URL to return to. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  if (auth.token()) return true;
  return inject(Router).createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};

/** Only these roles (admin passes everywhere); anyone else sees the "no access" page. */
export function roleGuard(...roles: Role[]): CanActivateFn {
  return (_route, state) => {
    const auth = inject(AuthService);
    const router = inject(Router);
    if (!auth.token()) return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
    if (auth.hasRole('admin', ...roles)) return true;
    return router.createUrlTree(['/forbidden']);
  };
}

/** The sign-in page is for signed-out visitors; a signed-in user goes home. */
export const signedOutGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  return auth.token() ? inject(Router).parseUrl(auth.homeUrl()) : true;
};

/** Roles that work with complaints (and see customer data). */
export const COMPLAINT_ROLES: Role[] = ['agent', 'team_lead', 'admin'];
