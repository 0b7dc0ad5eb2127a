import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { I18nService } from '../../core/i18n/i18n.service';

@Component({
  selector: 'cd-forbidden-page',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    <div class="cd-page">
      <div class="cd-card message">
        <mat-icon svgIcon="lock" aria-hidden="true" />
        <h1>{{ t('forbidden.title') }}</h1>
        <p>{{ t('forbidden.text') }}</p>
        <a mat-flat-button [routerLink]="home()">{{ t('forbidden.home') }}</a>
      </div>
    </div>
  `,
  styles: `
    .message { max-width: 520px; margin: 48px auto; text-align: center; }
    mat-icon { width: 48px; height: 48px; color: var(--mat-sys-primary); }
    h1 { font: var(--mat-sys-headline-small); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForbiddenPage {
  private readonly auth = inject(AuthService);
  protected readonly t = inject(I18nService).t;
  protected readonly home = () => this.auth.homeUrl();
}

@Component({
  selector: 'cd-not-found-page',
  imports: [MatButtonModule, RouterLink],
  template: `
    <div class="cd-page">
      <div class="cd-card message">
        <h1>{{ t('notFound.title') }}</h1>
        <a mat-flat-button [routerLink]="home()">{{ t('forbidden.home') }}</a>
      </div>
    </div>
  `,
  styles: `.message { max-width: 520px; margin: 48px auto; text-align: center; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {
  private readonly auth = inject(AuthService);
  protected readonly t = inject(I18nService).t;
  protected readonly home = () => this.auth.homeUrl();
}
