import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18nService } from '../../../core/i18n/i18n.service';

@Component({
  selector: 'cd-userspage',
  template: `<div class="cd-page"><div class="cd-page-header"><h1>{{ t('admin.users.title') }}</h1></div></div>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  protected readonly t = inject(I18nService).t;
}
