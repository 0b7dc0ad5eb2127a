import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { Router, provideRouter } from '@angular/router';
import type { Role } from '@complaint-desk/contracts';
import { ClientsStore } from '../../shared/data/clients.store';
import { AuthService, SESSION_STORAGE_KEY } from '../auth/auth.service';
import { LANGUAGE_STORAGE_KEY } from '../i18n/i18n.service';
import { registerIcons } from './icons';
import { ShellComponent } from './shell.component';

async function renderAs(role: Role) {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
  sessionStorage.setItem(
    SESSION_STORAGE_KEY,
    JSON.stringify({ token: 't', expiresAt: null, user: { id: 'u', email: `${role}@example.com`, role, clientIds: [] } }),
  );
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      provideNoopAnimations(),
      provideEnvironmentInitializer(registerIcons),
    ],
  });
  const fixture = TestBed.createComponent(ShellComponent);
  fixture.detectChanges();
  await fixture.whenStable();
  const http = TestBed.inject(HttpTestingController);
  return { fixture, http, el: fixture.nativeElement as HTMLElement };
}

const navLabels = (el: HTMLElement) => Array.from(el.querySelectorAll('nav a')).map((a) => a.textContent?.trim());

describe('ShellComponent: navigation by role', () => {
  afterEach(() => sessionStorage.clear());

  it('agents: Complaints, Register complaint (no Overdue, no admin, no bell)', async () => {
    const { el, http } = await renderAs('agent');
    expect(navLabels(el)).toEqual(['Complaints', 'Register complaint', 'Statistics']);
    expect(el.querySelector('button[aria-label^="Notifications"]')).toBeNull();
    http.expectNone('/api/notifications');
  });

  it('team leads also get Overdue and the bell with the unread count', async () => {
    const { el, http, fixture } = await renderAs('team_lead');
    expect(navLabels(el)).toEqual(['Complaints', 'Register complaint', 'Overdue', 'Statistics']);
    http.expectOne((r) => r.url === '/api/notifications').flush({ items: [], unread: 3, nextCursor: null });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelector('button[aria-label="Notifications, 3 unread"]')).not.toBeNull();
  });

  it('client viewers are offered statistics only', async () => {
    const { el } = await renderAs('client_viewer');
    expect(navLabels(el)).toEqual(['Statistics']);
  });

  it('admins also get Clients and Users', async () => {
    const { el, http } = await renderAs('admin');
    http.match(() => true);
    expect(navLabels(el)).toEqual(['Complaints', 'Register complaint', 'Overdue', 'Statistics', 'Clients', 'Users']);
  });
});

describe('ShellComponent: sign out', () => {
  afterEach(() => sessionStorage.clear());

  it("R4.5-f the user menu's sign-out ends the session and drops the cached clients", async () => {
    const { fixture, http } = await renderAs('agent');
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const clients = TestBed.inject(ClientsStore);
    const loaded = clients.load();
    http.expectOne('/api/clients').flush([{ id: 'acme', code: 'ACME', name: 'Acme Energy' }]);
    await loaded;
    expect(clients.loaded()).toBe(true);

    (fixture.componentInstance as unknown as { signOut(): void }).signOut();
    expect(TestBed.inject(AuthService).state()).toEqual({ status: 'signed_out', reason: 'signed_out' });
    expect(clients.loaded()).toBe(false);
    expect(clients.name('acme')).toBe('');
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { signedOut: 1 } });
    // and the API revokes the session's tokens everywhere
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
  });
});
