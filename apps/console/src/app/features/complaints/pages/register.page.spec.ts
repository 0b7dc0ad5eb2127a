import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ClientDto } from '@complaint-desk/contracts';
import { LANGUAGE_STORAGE_KEY } from '../../../core/i18n/i18n.service';
import { registerIcons } from '../../../core/layout/icons';
import type { RegisterForm } from '../data/register-form';
import { RegisterPage } from './register.page';

const ACME = { id: 'acme', code: 'ACME', name: 'Acme Energy', timezone: 'Europe/Stockholm', categories: [] } as unknown as ClientDto;

describe('RegisterPage', () => {
  let http: HttpTestingController;

  afterEach(() => localStorage.clear());

  async function render() {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideEnvironmentInitializer(registerIcons)],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(RegisterPage);
    fixture.detectChanges();
    http.expectOne('/api/clients').flush([ACME]);
    await fixture.whenStable();
    fixture.detectChanges();
    const page = fixture.componentInstance as unknown as { form: RegisterForm; submit(): Promise<void> };
    return { fixture, page, el: fixture.nativeElement as HTMLElement };
  }

  const errorOf = (el: HTMLElement, control: string) =>
    el.querySelector(`[formcontrolname="${control}"]`)?.closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim() ?? null;

  it('R4.4-e(a) a 422 problem naming customer.email puts its message on the e-mail field', async () => {
    const { fixture, page, el } = await render();
    page.form.patchValue({
      clientId: 'acme',
      channel: 'phone',
      subject: 'client',
      summary: 'Charged twice',
      description: 'Two debits for the March invoice',
      customer: { name: 'Eva Svensson', email: 'eva@example.invalid' },
    });
    expect(page.form.valid).toBe(true);

    const done = page.submit();
    const post = http.expectOne('/api/complaints');
    expect(post.request.method).toBe('POST');
    expect(post.request.headers.get('Idempotency-Key')).toBeTruthy();
    expect(post.request.body).toMatchObject({ customer: { email: 'eva@example.invalid' } });
    post.flush(
      {
        type: 'about:blank',
        status: 422,
        title: 'Unprocessable Entity',
        errors: [{ field: 'customer.email', message: 'This domain does not receive e-mail' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await done;
    await fixture.whenStable();
    fixture.detectChanges();

    expect(page.form.controls.customer.controls.email.getError('server')).toBe('This domain does not receive e-mail');
    expect(errorOf(el, 'email')).toBe('This domain does not receive e-mail');
    expect(errorOf(el, 'name')).toBeNull();
    expect(el.querySelector('.cd-error-banner[role=alert]')?.textContent?.trim()).toBe('Some fields need attention.');
    http.verify();
  });
});
