import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18nService } from '../../../core/i18n/i18n.service';

@Component({
  selector: 'cd-clienteditpage',
  template: `<div class="cd-page"><div class="cd-page-header"><h1>{{ t('admin.clients.new') }}</h1></div></div>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClientEditPage {
  protected readonly t = inject(I18nService).t;
}
