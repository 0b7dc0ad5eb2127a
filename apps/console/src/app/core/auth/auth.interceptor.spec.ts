import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { authInterceptor } from './auth.interceptor';
import { AuthService, SESSION_STORAGE_KEY } from './auth.service';

describe('authInterceptor', () => {
  let http: HttpClient;
  let ctl: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    sessionStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({ token: 'abc', expiresAt: null, user: { id: 'u', email: 'e', role: 'agent', clientIds: [] } }),
    );
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    ctl = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });
  afterEach(() => ctl.verify());

  it('adds the bearer token to API calls only', () => {
    void firstValueFrom(http.get('/api/complaints'));
    expect(ctl.expectOne('/api/complaints').request.headers.get('Authorization')).toBe('Bearer abc');
    void firstValueFrom(http.get('/assets/x.json'));
    expect(ctl.expectOne('/assets/x.json').request.headers.has('Authorization')).toBe(false);
  });

  it('does not send a token with the sign-in request', () => {
    void firstValueFrom(http.post('/api/auth/login', {}));
    expect(ctl.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
  });

  it('on 401 signs out and goes to sign-in keeping the return URL', async () => {
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    jest.spyOn(router, 'url', 'get').mockReturnValue('/complaints/42?tab=1');
    const call = firstValueFrom(http.get('/api/complaints/42'));
    ctl.expectOne('/api/complaints/42').flush({ status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(TestBed.inject(AuthService).state()).toEqual({ status: 'signed_out', reason: 'expired' });
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/complaints/42?tab=1' } });
  });

  it('passes other errors through without signing out', async () => {
    const call = firstValueFrom(http.get('/api/complaints/42'));
    ctl.expectOne('/api/complaints/42').flush({ status: 403 }, { status: 403, statusText: 'Forbidden' });
    await expect(call).rejects.toMatchObject({ status: 403 });
    expect(TestBed.inject(AuthService).isSignedIn()).toBe(true);
  });
});
