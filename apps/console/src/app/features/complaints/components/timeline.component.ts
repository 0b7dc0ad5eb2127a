import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { TimelineEventDto } from '@complaint-desk/contracts';
import { FormatService } from '../../../core/i18n/format.service';
import { I18nService } from '../../../core/i18n/i18n.service';

interface TimelineRow {
  key: string;
  type: string;
  title: string;
  who: string;
  when: string;
  at: string;
  toCustomer: string | null;
  via: string | null;
  details: { label: string; value: string }[];
}

/** The complaint's history: who did what and when, and what the customer was told. */
@Component({
  selector: 'cd-timeline',
  template: `
    <ol class="timeline">
      @for (r of rows(); track r.key) {
        <li [class]="'ev-' + r.type">
          <div class="dot" aria-hidden="true"></div>
          <div class="body">
            <div class="head">
              <strong class="what">{{ r.title }}</strong>
              <span class="who">{{ r.who }}</span>
              <time class="when" [attr.datetime]="r.at">{{ r.when }}</time>
            </div>
            @for (d of r.details; track d.label) {
              <div class="detail"><span class="label">{{ d.label }}:</span> {{ d.value }}</div>
            }
            @if (r.toCustomer) {
              <blockquote class="message">
                <div class="label">{{ t('complaint.toCustomer') }}@if (r.via) { ({{ r.via }}) }</div>
                <p>{{ r.toCustomer }}</p>
              </blockquote>
            }
          </div>
        </li>
      }
    </ol>
  `,
  styleUrl: './timeline.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TimelineComponent {
  private readonly i18n = inject(I18nService);
  private readonly fmt = inject(FormatService);
  protected readonly t = this.i18n.t;

  readonly events = input.required<TimelineEventDto[]>();
  /** User id → e-mail, to name assignees (events store ids). */
  readonly people = input<Record<string, string>>({});

  protected readonly rows = computed<TimelineRow[]>(() => this.events().map((e, i) => this.row(e, i)));

  private row(e: TimelineEventDto, index: number): TimelineRow {
    const d = e.data ?? {};
    const str = (k: string) => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : null);
    const t = this.t;
    const details: { label: string; value: string }[] = [];
    const add = (label: string, value: string | null) => {
      if (value) details.push({ label, value });
    };
    let toCustomer: string | null = null;
    switch (e.type) {
      case 'registered':
        add(t('complaint.acknowledgeBy'), str('acknowledgeBy') && this.fmt.dateTime(str('acknowledgeBy')));
        add(t('complaint.resolveBy'), str('resolveBy') && this.fmt.dateTime(str('resolveBy')));
        break;
      case 'acknowledged':
        add(t('dialog.responsibleFunction'), str('responsibleFunction'));
        add(t('dialog.expectedResolution'), str('expectedResolutionBy') && this.fmt.dateTime(str('expectedResolutionBy')));
        toCustomer = str('message');
        break;
      case 'updated':
        toCustomer = str('message');
        break;
      case 'deadline_extended':
        add(t('complaint.resolveBy'), str('after') && `${this.fmt.dateTime(str('before'))} → ${this.fmt.dateTime(str('after'))}`);
        add(t('dialog.reason'), str('reason'));
        toCustomer = str('actionPlan');
        break;
      case 'escalated':
        add(t('dialog.reason'), str('reason') && this.i18n.tk('escalationReason', str('reason')));
        add(t('complaint.escalation'), typeof d['levelAfter'] === 'number' ? String(d['levelAfter']) : null);
        add(t('dialog.note'), str('note'));
        break;
      case 'assigned': {
        const id = str('after');
        add(t('complaint.assignee'), str('afterEmail') ?? str('assigneeEmail') ?? (id ? (this.people()[id] ?? id) : t('inbox.unassigned')));
        break;
      }
      case 'categorised':
        add(t('complaint.category'), [str('beforeName') ?? str('before'), str('afterName') ?? str('after')].filter(Boolean).join(' → '));
        add(t('dialog.note'), str('note'));
        break;
      case 'closed':
        add(t('complaint.outcome'), str('outcome') && this.i18n.tk('outcome', str('outcome')));
        add(t('dialog.rootCause'), str('rootCauseCode'));
        toCustomer = str('resolution');
        break;
      case 'reopened':
        add(t('dialog.reason'), str('reason'));
        break;
      case 'satisfaction_recorded':
        add(
          t('complaint.satisfaction'),
          typeof d['score'] === 'number' ? t('complaint.satisfactionScore', { score: d['score'] as number }) : null,
        );
        add(t('dialog.comment'), str('comment'));
        break;
      default:
        break;
    }
    const actor = e.actor;
    const who = 'system' in actor ? t('complaint.system') : actor.email;
    const via = str('via');
    return {
      key: e.id ?? `${index}-${e.at}-${e.type}`,
      type: e.type,
      title: this.i18n.tk('event', e.type),
      who,
      when: this.fmt.dateTime(e.at),
      at: e.at,
      toCustomer,
      via: via ? this.t('complaint.via', { channel: this.i18n.tk('channel', via) }) : null,
      details,
    };
  }
}
