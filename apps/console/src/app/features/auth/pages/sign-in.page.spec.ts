import { HttpHeaders, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { registerIcons } from '../../../core/layout/icons';
import { LANGUAGE_STORAGE_KEY } from '../../../core/i18n/i18n.service';
import { SignInPage } from './sign-in.page';

describe('SignInPage', () => {
  let http: HttpTestingController;

  async function setup() {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideEnvironmentInitializer(registerIcons)],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(SignInPage);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture;
  }

  function fill(el: HTMLElement, label: string, value: string) {
    const input = Array.from(el.querySelectorAll('mat-form-field'))
      .find((f) => f.querySelector('mat-label')?.textContent?.trim() === label)
      ?.querySelector('input');
    if (!input) throw new Error(`no field labelled ${label}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('has fields labelled Email and Password and a Sign in button', async () => {
    const el = (await setup()).nativeElement as HTMLElement;
    const labels = Array.from(el.querySelectorAll('mat-label')).map((l) => l.textContent?.trim());
    expect(labels).toEqual(['Email', 'Password']);
    expect(el.querySelector('button[type=submit]')?.textContent?.trim()).toBe('Sign in');
  });

  it('says "Too many attempts" with the wait time on 429', async () => {
    const fixture = await setup();
    const el = fixture.nativeElement as HTMLElement;
    fill(el, 'Email', 'agent@example.com');
    fill(el, 'Password', 'wrong');
    el.querySelector('form')?.dispatchEvent(new Event('submit'));
    http
      .expectOne('/api/auth/login')
      .flush({ status: 429 }, { status: 429, statusText: 'Too Many Requests', headers: new HttpHeaders({ 'Retry-After': '30' }) });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Too many attempts, try again in 30 seconds.');
    expect((el.querySelector('button[type=submit]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('signs in and goes to the start page of the role', async () => {
    const fixture = await setup();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const el = fixture.nativeElement as HTMLElement;
    fill(el, 'Email', 'viewer.acme@example.com');
    fill(el, 'Password', 'demo-password');
    el.querySelector('form')?.dispatchEvent(new Event('submit'));
    http
      .expectOne('/api/auth/login')
      .flush({ accessToken: 't', user: { id: 'v', email: 'viewer.acme@example.com', role: 'client_viewer', clientIds: ['c'] } });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith('/statistics');
  });
});
