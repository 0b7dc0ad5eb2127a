import { HttpHeaders, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuthService, SESSION_STORAGE_KEY } from './auth.service';

describe('AuthService', () => {
  let http: HttpTestingController;

  function setup(): AuthService {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(AuthService);
  }

  beforeEach(() => sessionStorage.clear());
  afterEach(() => http.verify());

  it('starts signed out and signs in: state, token and session storage', async () => {
    const auth = setup();
    expect(auth.state()).toEqual({ status: 'signed_out' });
    const done = auth.signIn('agent@example.com', 'demo-password');
    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ email: 'agent@example.com', password: 'demo-password' });
    req.flush({ accessToken: 'tok', expiresIn: 3600, user: { id: 'u1', email: 'agent@example.com', role: 'agent', clientIds: ['c1'] } });
    await expect(done).resolves.toEqual({ ok: true });
    expect(auth.state().status).toBe('signed_in');
    expect(auth.token()).toBe('tok');
    expect(auth.homeUrl()).toBe('/complaints');
    expect(JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY) ?? '{}').token).toBe('tok');
  });

  it('lands client viewers on their statistics', async () => {
    const auth = setup();
    const done = auth.signIn('viewer.acme@example.com', 'x');
    http.expectOne('/api/auth/login').flush({ accessToken: 't', user: { id: 'v', email: 'v', role: 'client_viewer', clientIds: ['c'] } });
    await done;
    expect(auth.homeUrl()).toBe('/statistics');
  });

  it('restores the session after a reload and forgets an expired one', () => {
    sessionStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({ token: 'kept', expiresAt: Date.now() + 60_000, user: { id: 'u', email: 'e', role: 'team_lead', clientIds: [] } }),
    );
    const auth = setup();
    expect(auth.token()).toBe('kept');
    expect(auth.token(Date.now() + 120_000)).toBeNull();
    expect(auth.state()).toEqual({ status: 'signed_out', reason: 'expired' });
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('reports wrong credentials for 401', async () => {
    const auth = setup();
    const done = auth.signIn('a@b.c', 'bad');
    http.expectOne('/api/auth/login').flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await expect(done).resolves.toEqual({ ok: false, error: { kind: 'wrong_credentials' } });
    expect(auth.state().status).toBe('signed_out');
  });

  it('reports the wait time of a 429 from Retry-After, else from problem.retryAfter', async () => {
    const auth = setup();
    let done = auth.signIn('a@b.c', 'bad');
    http
      .expectOne('/api/auth/login')
      .flush({ status: 429 }, { status: 429, statusText: 'Too Many Requests', headers: new HttpHeaders({ 'Retry-After': '42' }) });
    await expect(done).resolves.toEqual({ ok: false, error: { kind: 'rate_limited', retryAfterSeconds: 42 } });

    done = auth.signIn('a@b.c', 'bad');
    http.expectOne('/api/auth/login').flush({ status: 429, retryAfter: 17 }, { status: 429, statusText: 'Too Many Requests' });
    await expect(done).resolves.toEqual({ ok: false, error: { kind: 'rate_limited', retryAfterSeconds: 17 } });
  });

  async function signedIn(): Promise<AuthService> {
    const auth = setup();
    const done = auth.signIn('a@b.c', 'x');
    http.expectOne('/api/auth/login').flush({ accessToken: 't', user: { id: 'u', email: 'a@b.c', role: 'admin', clientIds: [] } });
    await done;
    return auth;
  }

  it('signs out and clears storage', async () => {
    const auth = await signedIn();
    auth.signOut();
    expect(auth.state()).toEqual({ status: 'signed_out', reason: 'signed_out' });
    expect(auth.token()).toBeNull();
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
  });

  it('R4.5-f: signing out tells the API with the session token (POST /api/auth/logout revokes it everywhere), without waiting for it', async () => {
    const auth = await signedIn();
    const cleared = jest.fn();
    auth.onSignOut(cleared);
    auth.signOut('signed_out');
    // the local session is gone before the API has answered
    expect(auth.state()).toEqual({ status: 'signed_out', reason: 'signed_out' });
    expect(cleared).toHaveBeenCalledTimes(1);
    const req = http.expectOne('/api/auth/logout');
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get('Authorization')).toBe('Bearer t');
    req.flush(null, { status: 204, statusText: 'No Content' });
  });

  it.each([
    ['the network is down', 0, 'Unknown Error'],
    ['the token was already revoked (401)', 401, 'Unauthorized'],
    ['the API fails (500)', 500, 'Internal Server Error'],
  ])('R4.5-f: a failed logout call (%s) still leaves the user signed out, once', async (_what, status, statusText) => {
    const auth = await signedIn();
    const cleared = jest.fn();
    auth.onSignOut(cleared);
    auth.signOut('signed_out');
    http.expectOne('/api/auth/logout').flush({ status }, { status, statusText });
    await Promise.resolve();
    expect(auth.state()).toEqual({ status: 'signed_out', reason: 'signed_out' });
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(cleared).toHaveBeenCalledTimes(1);
  });

  it('an ended session (expired token, or a 401 already seen) signs out locally without calling logout', async () => {
    const auth = await signedIn();
    auth.signOut('expired');
    expect(auth.state()).toEqual({ status: 'signed_out', reason: 'expired' });
    http.expectNone('/api/auth/logout');
    // signing out again while signed out calls nothing either
    auth.signOut('signed_out');
    http.expectNone('/api/auth/logout');
  });
});
