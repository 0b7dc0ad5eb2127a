import { provideEnvironmentInitializer } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import type { ComplaintDto, SlaStatus } from '@complaint-desk/contracts';
import { registerIcons } from '../../../core/layout/icons';
import { LANGUAGE_STORAGE_KEY } from '../../../core/i18n/i18n.service';
import { SlaBadgeComponent } from './sla-badge.component';
import { SlaBadgesComponent, slaBadges } from './sla-badges.component';

const NOW = Date.parse('2026-11-20T10:00:00Z');

function render(status: SlaStatus, deadline: string | null, done = false) {
  const fixture = TestBed.createComponent(SlaBadgeComponent);
  fixture.componentRef.setInput('step', 'resolve');
  fixture.componentRef.setInput('status', status);
  fixture.componentRef.setInput('deadline', deadline);
  fixture.componentRef.setInput('done', done);
  fixture.componentRef.setInput('now', NOW);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

beforeEach(() => TestBed.configureTestingModule({ providers: [provideEnvironmentInitializer(registerIcons)] }));

describe('SlaBadgeComponent', () => {
  beforeEach(() => localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en'));

  it.each<[SlaStatus, string, string]>([
    ['pending', 'Resolve: Pending', 'sla-pending'],
    ['at_risk', 'Resolve: At risk', 'sla-at_risk'],
    ['breached', 'Resolve: Breached', 'sla-breached'],
    ['met', 'Resolve: Met', 'sla-met'],
  ])('%s says so in words (not colour only) and has its colour class', (status, text, cls) => {
    const el = render(status, '2026-11-21T12:00:00Z');
    expect(el.textContent).toContain(text);
    expect(el.querySelector('.badge')?.classList).toContain(cls);
    expect(el.querySelector('mat-icon')).not.toBeNull();
  });

  it('shows the time left before the deadline', () => {
    expect(render('pending', '2026-11-21T12:30:00Z').textContent).toContain('1 d 2 h left');
  });

  it('shows how long a missed deadline is overdue', () => {
    expect(render('breached', '2026-11-20T07:15:00Z').textContent).toContain('overdue by 2 h');
  });

  it('shows no countdown once the step is done', () => {
    const text = render('breached', '2026-11-20T07:15:00Z', true).textContent ?? '';
    expect(text).toContain('Resolve: Breached');
    expect(text).not.toContain('overdue by');
  });

  it('speaks Swedish after a switch', () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'sv');
    expect(render('at_risk', '2026-11-20T12:00:00Z').textContent).toMatch(/Lösa: I riskzonen\s+2 tim kvar/);
  });
});

describe('slaBadges', () => {
  const base = {
    status: 'registered',
    deadlines: { acknowledgeBy: '2026-11-21T16:00:00Z', resolveBy: '2026-12-04T16:00:00Z', nextUpdateBy: null },
    sla: { acknowledge: 'pending', resolve: 'pending', update: 'pending' },
  } as unknown as ComplaintDto;

  it('shows acknowledge and resolve for a new complaint, update once one is due', () => {
    expect(slaBadges(base).map((b) => b.step)).toEqual(['acknowledge', 'resolve']);
    const acked = {
      ...base,
      status: 'acknowledged',
      deadlines: { ...base.deadlines, nextUpdateBy: '2026-11-28T16:00:00Z' },
    } as ComplaintDto;
    expect(slaBadges(acked).map((b) => [b.step, b.done])).toEqual([
      ['acknowledge', true],
      ['update', false],
      ['resolve', false],
    ]);
  });

  it('renders one badge per step', () => {
    const fixture = TestBed.createComponent(SlaBadgesComponent);
    fixture.componentRef.setInput('complaint', base);
    fixture.componentRef.setInput('now', NOW);
    fixture.detectChanges();
    expect(fixture.debugElement.queryAll(By.directive(SlaBadgeComponent))).toHaveLength(2);
  });
});
