import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18nService } from '../../../core/i18n/i18n.service';

/** Placeholder: the statistics dashboard replaces this page (statistics issue). */
@Component({
  selector: 'cd-statistics-page',
  template: `
    <div class="cd-page">
      <div class="cd-page-header"><h1>{{ t('statistics.title') }}</h1></div>
      <div class="cd-card"><p>{{ t('statistics.placeholder') }}</p></div>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatisticsPage {
  protected readonly t = inject(I18nService).t;
}
