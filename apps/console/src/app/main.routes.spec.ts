import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import type { Role } from '@complaint-desk/contracts';
import { MAIN_ROUTES } from './main.routes';
import { roleGuard, signedInGuard } from './core/auth/auth.guards';
import { SESSION_STORAGE_KEY } from './core/auth/auth.service';

function signInAs(role: Role | null): void {
  sessionStorage.clear();
  if (role) {
    sessionStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({ token: 't', expiresAt: null, user: { id: 'u', email: 'e', role, clientIds: [] } }),
    );
  }
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
}

function run(guard: typeof signedInGuard, url: string): boolean | string {
  const result = TestBed.runInInjectionContext(() => guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot)) as
    boolean | UrlTree;
  return result instanceof UrlTree ? result.toString() : result;
}

describe('route guards', () => {
  it('send a signed-out visitor to sign-in with the return URL', () => {
    signInAs(null);
    expect(run(signedInGuard, '/complaints/1')).toBe('/sign-in?returnUrl=%2Fcomplaints%2F1');
  });

  it.each<[Role, boolean]>([
    ['agent', true],
    ['team_lead', true],
    ['admin', true],
    ['client_viewer', false],
  ])('complaint pages: %s allowed = %s', (role, allowed) => {
    signInAs(role);
    expect(run(roleGuard('agent', 'team_lead'), '/complaints/1')).toBe(allowed ? true : '/forbidden');
  });

  it('the overdue queue is for team leads (and admins), not agents', () => {
    signInAs('agent');
    expect(run(roleGuard('team_lead'), '/overdue')).toBe('/forbidden');
    signInAs('team_lead');
    expect(run(roleGuard('team_lead'), '/overdue')).toBe(true);
  });

  it.each<Role>(['client_viewer', 'team_lead', 'agent', 'admin'])('the statistics dashboard (R4.4-f) lets %s in', (role) => {
    const shell = MAIN_ROUTES[0].children?.find((r) => r.path === '' && r.children);
    const guards = shell?.children?.find((r) => r.path === 'statistics')?.canActivate ?? [];
    expect(guards).toHaveLength(1);
    signInAs(role);
    expect(run(guards[0] as typeof signedInGuard, '/statistics')).toBe(true);
  });
});
