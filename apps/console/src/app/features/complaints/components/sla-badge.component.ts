import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { SlaStatus } from '@complaint-desk/contracts';
import { FormatService } from '../../../core/i18n/format.service';
import { I18nService } from '../../../core/i18n/i18n.service';

export type SlaStep = 'acknowledge' | 'resolve' | 'update';

const ICONS: Record<SlaStatus, string> = { pending: 'schedule', at_risk: 'warning', breached: 'error', met: 'check_circle' };

/**
 * One SLA step as a badge: colour, icon AND text (never colour alone), plus the time left or the
 * time overdue while the step is still to be done.
 */
@Component({
  selector: 'cd-sla-badge',
  imports: [MatIconModule],
  template: `
    <span class="wrap" [attr.title]="title()">
      <span class="badge" [class]="'sla-' + status()">
        <mat-icon [svgIcon]="icon()" aria-hidden="true" />
        <span class="text">{{ label() }}</span>
      </span>
      @if (countdown(); as c) {
        <span class="countdown" [class]="'cd-' + status()"> {{ c }}</span>
      }
    </span>
  `,
  styles: `
    :host { display: inline-block; }
    .wrap { display: inline-flex; align-items: center; flex-wrap: wrap; gap: 2px 6px; }
    .badge {
      display: inline-flex; align-items: center; gap: 4px; border-radius: 999px; padding: 2px 10px 2px 6px;
      font: var(--mat-sys-label-medium); border: 1px solid transparent; line-height: 20px; white-space: nowrap;
    }
    mat-icon { width: 16px; height: 16px; flex: none; }
    .sla-pending { background: #e8eef7; color: #1f3b63; border-color: #b8c7dd; }
    .sla-at_risk { background: #fff1c7; color: #5a4300; border-color: #e8c65a; }
    .sla-breached { background: #fde2e0; color: #8c1d18; border-color: #f0a8a2; font-weight: 600; }
    .sla-met { background: #ddf3e3; color: #145a2c; border-color: #9fd3ae; }
    .countdown { font: var(--mat-sys-body-small); white-space: nowrap; color: var(--mat-sys-on-surface-variant); }
    .countdown.cd-breached { color: #8c1d18; font-weight: 600; }
    .countdown.cd-at_risk { color: #5a4300; font-weight: 600; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SlaBadgeComponent {
  private readonly i18n = inject(I18nService);
  private readonly fmt = inject(FormatService);

  readonly step = input.required<SlaStep>();
  readonly status = input.required<SlaStatus>();
  /** The step's deadline; null when there is none (no update due yet). */
  readonly deadline = input<string | null>(null);
  /** Whether the step has been done (then no countdown is shown). */
  readonly done = input(false);
  readonly now = input<number>(Date.now());

  protected readonly icon = computed(() => ICONS[this.status()]);
  protected readonly label = computed(() =>
    this.i18n.t('sla.badge', { step: this.i18n.tk('sla.step', this.step()), status: this.i18n.tk('sla', this.status()) }),
  );
  protected readonly countdown = computed(() => {
    const deadline = this.deadline();
    if (!deadline || this.done() || this.status() === 'met') return null;
    return this.fmt.countdown(deadline, this.now());
  });
  protected readonly title = computed(() => (this.deadline() ? this.fmt.dateTime(this.deadline()) : null));
}
