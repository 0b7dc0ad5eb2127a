import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { ClientDto } from '@complaint-desk/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { toApiFailure } from '../../../core/http/problem';
import { AdminApi } from '../data/admin.api';

@Component({
  selector: 'cd-clients-page',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, RouterLink],
  template: `
    <div class="cd-page">
      <div class="cd-page-header">
        <h1>{{ t('admin.clients.title') }}</h1>
        <a mat-flat-button routerLink="/admin/clients/new"><mat-icon svgIcon="add" />{{ t('admin.clients.new') }}</a>
      </div>
      @if (loading()) { <mat-progress-bar mode="indeterminate" [attr.aria-label]="t('app.loading')" /> }
      @if (error(); as e) { <div class="cd-error-banner" role="alert">{{ e }}</div> }
      <div class="cd-card table-card">
        <table>
          <caption class="cd-visually-hidden">{{ t('admin.clients.title') }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ t('admin.clients.col.code') }}</th>
              <th scope="col">{{ t('admin.clients.col.name') }}</th>
              <th scope="col">{{ t('admin.clients.col.timezone') }}</th>
              <th scope="col">{{ t('admin.clients.col.policy') }}</th>
              <th scope="col">{{ t('admin.clients.categories') }}</th>
              <th scope="col"><span class="cd-visually-hidden">{{ t('app.edit') }}</span></th>
            </tr>
          </thead>
          <tbody>
            @for (c of clients(); track c.id) {
              <tr>
                <td><strong>{{ c.code }}</strong></td>
                <td>{{ c.name }}</td>
                <td>{{ c.timezone }}</td>
                <td>{{ c.policy.resolveWithin.amount }} {{ i18n.tk('unit', c.policy.resolveWithin.unit) }}</td>
                <td>{{ c.categories.length }}</td>
                <td class="edit">
                  <a mat-stroked-button [routerLink]="['/admin/clients', c.id]" [attr.aria-label]="t('admin.clients.edit', { code: c.code })">
                    <mat-icon svgIcon="edit" />{{ t('app.edit') }}
                  </a>
                </td>
              </tr>
            } @empty {
              @if (!loading()) { <tr><td colspan="6" class="cd-muted">{{ t('admin.clients.empty') }}</td></tr> }
            }
          </tbody>
        </table>
      </div>
    </div>
  `,
  styles: `
    .table-card { padding: 0; overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; }
    th { text-align: left; font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); padding: 12px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    td { padding: 10px 12px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .edit { text-align: right; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClientsPage {
  private readonly api = inject(AdminApi);
  protected readonly i18n = inject(I18nService);
  protected readonly t = this.i18n.t;
  protected readonly clients = signal<ClientDto[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.api
      .clients()
      .then((list) => this.clients.set([...list].sort((a, b) => a.code.localeCompare(b.code))))
      .catch((e: unknown) => this.error.set(toApiFailure(e).message))
      .finally(() => this.loading.set(false));
  }
}
