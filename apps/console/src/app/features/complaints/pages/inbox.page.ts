import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18nService } from '../../../core/i18n/i18n.service';

@Component({
  selector: 'cd-inboxpage',
  template: `<div class="cd-page"><div class="cd-page-header"><h1>{{ t('inbox.title') }}</h1></div></div>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxPage {
  protected readonly t = inject(I18nService).t;
}
