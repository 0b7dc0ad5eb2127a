import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { AuthService, AuthState, SignInError } from '../../../core/auth/auth.service';
import { I18nService, LANGUAGES } from '../../../core/i18n/i18n.service';

@Component({
  selector: 'cd-sign-in-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatMenuModule, MatProgressBarModule],
  templateUrl: './sign-in.page.html',
  styleUrl: './sign-in.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18nService);
  protected readonly t = this.i18n.t;
  protected readonly languages = LANGUAGES;

  /** Query parameters (router input binding). */
  readonly returnUrl = input<string | undefined>();
  readonly signedOut = input<string | undefined>();

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<SignInError | null>(null);
  /** Seconds left before another attempt makes sense (429), counting down. */
  protected readonly waitSeconds = signal(0);
  protected readonly expired = signal(isExpired(this.auth.state()));
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopTimer());
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.busy.set(true);
    this.error.set(null);
    const { email, password } = this.form.getRawValue();
    const result = await this.auth.signIn(email.trim(), password);
    this.busy.set(false);
    if (result.ok) {
      const target = this.safeReturnUrl() ?? this.auth.homeUrl();
      await this.router.navigateByUrl(target);
      return;
    }
    this.error.set(result.error);
    if (result.error.kind === 'rate_limited') this.startTimer(result.error.retryAfterSeconds);
  }

  /** Only same-app paths, and never a page the role may not see (the guards would bounce it). */
  private safeReturnUrl(): string | null {
    const url = this.returnUrl();
    if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/sign-in')) return null;
    if (this.auth.role() === 'client_viewer' && !url.startsWith('/statistics')) return null;
    return url;
  }

  protected errorText(e: SignInError): string {
    switch (e.kind) {
      case 'wrong_credentials':
        return this.t('signIn.wrongCredentials');
      case 'rate_limited':
        return this.t('signIn.tooManyAttempts', { n: this.waitSeconds() || e.retryAfterSeconds });
      case 'network':
        return this.t('app.networkError');
      case 'other':
        return this.t('app.unexpectedError', { detail: e.detail });
    }
  }

  private startTimer(seconds: number): void {
    this.stopTimer();
    this.waitSeconds.set(seconds);
    this.timer = setInterval(() => {
      const left = this.waitSeconds() - 1;
      this.waitSeconds.set(Math.max(0, left));
      if (left <= 0) this.stopTimer();
    }, 1000);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function isExpired(state: AuthState): boolean {
  return state.status === 'signed_out' && state.reason === 'expired';
}
