import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ComplaintDto } from '@complaint-desk/contracts';
import { SlaBadgeComponent, SlaStep } from './sla-badge.component';

interface BadgeModel {
  step: SlaStep;
  status: ComplaintDto['sla']['acknowledge'];
  deadline: string | null;
  done: boolean;
}

/** The complaint's SLA steps that apply now, as badges. */
@Component({
  selector: 'cd-sla-badges',
  imports: [SlaBadgeComponent],
  template: `
    @for (b of badges(); track b.step) {
      <cd-sla-badge [step]="b.step" [status]="b.status" [deadline]="b.deadline" [done]="b.done" [now]="now()" />
    }
  `,
  styles: `:host { display: flex; flex-wrap: wrap; gap: 4px; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SlaBadgesComponent {
  readonly complaint = input.required<ComplaintDto>();
  readonly now = input<number>(Date.now());

  protected readonly badges = computed<BadgeModel[]>(() => slaBadges(this.complaint()));
}

export function slaBadges(c: ComplaintDto): BadgeModel[] {
  const closed = c.status === 'closed';
  const list: BadgeModel[] = [
    { step: 'acknowledge', status: c.sla.acknowledge, deadline: c.deadlines.acknowledgeBy, done: c.status !== 'registered' },
  ];
  if (c.deadlines.nextUpdateBy && !closed) {
    list.push({ step: 'update', status: c.sla.update, deadline: c.deadlines.nextUpdateBy, done: false });
  }
  list.push({ step: 'resolve', status: c.sla.resolve, deadline: c.deadlines.resolveBy, done: closed });
  // Done steps that were met are old news in a list: show what still needs attention first.
  return list;
}
