import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { ClientDto, NotificationFeed, RegisterComplaintRequest } from '@complaint-desk/contracts';
import { firstValueFrom } from 'rxjs';
import { RegisterComplaintService } from './features/complaints/data/register-complaint.service';
import { NotificationsStore } from './shared/data/notifications.store';
import { ClientsStore } from './shared/data/clients.store';
import { authInterceptor } from './core/auth/auth.interceptor';
import { AuthService, SESSION_STORAGE_KEY } from './core/auth/auth.service';

const BODY: RegisterComplaintRequest = {
  clientId: 'acme',
  channel: 'phone',
  subject: 'client',
  summary: 'Charged twice',
  description: 'Two debits',
  customer: { name: 'Eva', email: 'eva@example.org' },
};
const HOUR = 3_600_000;
const ACME = { id: 'acme', code: 'ACME', name: 'Acme Energy' } as ClientDto;
const FEED: NotificationFeed = {
  items: [
    { id: 'n1', type: 'escalated', complaintId: 'c1', reference: 'ACME-2026-000001', createdAt: '2026-11-28T10:00:00Z', readAt: null },
  ],
  unread: 1,
  nextCursor: 'n-2',
} as unknown as NotificationFeed;

/**
 * Every way a session ends — the user menu, a 401 from the API, an expired token — must drop the
 * previous user's data (R4.5-b: confidential information only to the right person; R4.5-f privacy).
 */
describe('sign-out clears per-user state on every path (R4.5-b, R4.5-f)', () => {
  let http: HttpClient;
  let ctl: HttpTestingController;
  let auth: AuthService;
  let clients: ClientsStore;
  let registrar: RegisterComplaintService;
  let notifications: NotificationsStore;

  beforeEach(async () => {
    sessionStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({
        token: 'abc',
        expiresAt: Date.now() + HOUR,
        user: { id: 'u', email: 'agent@example.com', role: 'team_lead', clientIds: ['acme'] },
      }),
    );
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    http = TestBed.inject(HttpClient);
    ctl = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    clients = TestBed.inject(ClientsStore);
    registrar = TestBed.inject(RegisterComplaintService);
    notifications = TestBed.inject(NotificationsStore);

    // The signed-in user's state: the clients cache, a registration attempt kept for a retry, the feed.
    const loaded = clients.load();
    ctl.expectOne('/api/clients').flush([ACME]);
    await loaded;
    const attempt = registrar.submit(BODY);
    ctl.expectOne('/api/complaints').flush({ status: 503 }, { status: 503, statusText: 'Service Unavailable' });
    await attempt;
    const feed = notifications.refresh();
    ctl.expectOne((r) => r.url === '/api/notifications').flush(FEED);
    await feed;

    expect(clients.loaded()).toBe(true);
    expect(clients.clients()).toEqual([ACME]);
    expect(registrar.pendingKey).toBeTruthy();
    expect(notifications.unread()).toBe(1);
  });
  afterEach(() => {
    ctl.verify();
    sessionStorage.clear();
  });

  function expectCleared(): void {
    expect(clients.loaded()).toBe(false);
    expect(clients.clients()).toEqual([]);
    expect(clients.name('acme')).toBe('');
    expect(registrar.pendingKey).toBeNull();
    expect(notifications.items()).toEqual([]);
    expect(notifications.unread()).toBe(0);
    expect(notifications.nextCursor()).toBeNull();
  }

  it('a 401 from the API (auth interceptor) clears the clients cache, the pending Idempotency-Key and the feed', async () => {
    const call = firstValueFrom(http.get('/api/complaints'));
    ctl.expectOne('/api/complaints').flush({ status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(auth.state()).toEqual({ status: 'signed_out', reason: 'expired' });
    expectCleared();
  });

  it('signing out from the user menu clears the same state, and tells the API (fire-and-forget logout)', () => {
    auth.signOut('signed_out');
    expectCleared();
    ctl.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
  });

  it('an expired token clears the same state', () => {
    // the first token read after the session ran out signs out
    expect(auth.token(Date.now() + 2 * HOUR)).toBeNull();
    expect(auth.state()).toEqual({ status: 'signed_out', reason: 'expired' });
    expectCleared();
  });

  it('after a sign-out the next user gets a fresh clients list and a new Idempotency-Key', async () => {
    const oldKey = registrar.pendingKey;
    auth.signOut('signed_out');
    ctl.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });

    const reload = clients.load();
    ctl.expectOne('/api/clients').flush([{ ...ACME, id: 'globex', code: 'GLOBEX', name: 'Globex' }]);
    await expect(reload).resolves.toHaveLength(1);
    expect(clients.name('globex')).toBe('Globex');
    expect(clients.name('acme')).toBe('');

    const attempt = registrar.submit(BODY);
    const req = ctl.expectOne('/api/complaints');
    expect(req.request.headers.get('Idempotency-Key')).not.toBe(oldKey);
    req.flush({ id: 'x', reference: 'ACME-2026-000002' }, { status: 201, statusText: 'Created' });
    await attempt;
  });

  it("a clients load still running at sign-out does not refill the cache with the previous user's clients", async () => {
    const stale = clients.load(true);
    const req = ctl.expectOne('/api/clients');
    auth.signOut('signed_out');
    ctl.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    req.flush([ACME]);
    await stale;
    expect(clients.loaded()).toBe(false);
  });
});
