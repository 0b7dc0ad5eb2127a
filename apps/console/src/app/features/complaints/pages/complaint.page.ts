import { ChangeDetectionStrategy, Component, Injector, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { ComplaintActionName, ComplaintDetailDto, ProblemField } from '@complaint-desk/contracts';
import { COMPLAINT_ACTIONS } from '@complaint-desk/contracts';
import { FormatService } from '../../../core/i18n/format.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { NowService } from '../../../core/http/now.service';
import { toApiFailure } from '../../../core/http/problem';
import { ClientsStore } from '../../../shared/data/clients.store';
import { Notifier } from '../../../shared/ui/notifier.service';
import { ActionDialogComponent, ActionDialogData } from '../components/action-dialog.component';
import { SlaBadgeComponent } from '../components/sla-badge.component';
import { SlaBadgesComponent } from '../components/sla-badges.component';
import { TimelineComponent } from '../components/timeline.component';
import { ComplaintChange, diffComplaint } from '../data/complaint-changes';
import { ComplaintsApi } from '../data/complaints.api';

/** The order buttons appear in, main path first. */
const ACTION_ORDER: ComplaintActionName[] = [
  'acknowledge',
  'update',
  'extend',
  'categorise',
  'assign',
  'escalate',
  'close',
  'reopen',
  'satisfaction',
];

@Component({
  selector: 'cd-complaint-page',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, RouterLink, SlaBadgeComponent, SlaBadgesComponent, TimelineComponent],
  templateUrl: './complaint.page.html',
  styleUrl: './complaint.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComplaintPage {
  private readonly api = inject(ComplaintsApi);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly notifier = inject(Notifier);
  protected readonly clients = inject(ClientsStore);
  protected readonly i18n = inject(I18nService);
  protected readonly fmt = inject(FormatService);
  protected readonly now = inject(NowService).now;
  protected readonly t = this.i18n.t;

  /** Route parameter (router input binding). */
  readonly id = input.required<string>();

  protected readonly complaint = signal<ComplaintDetailDto | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly conflict = signal<string | null>(null);

  protected readonly client = computed(() => {
    const c = this.complaint();
    return c ? (this.clients.byId().get(c.clientId) ?? null) : null;
  });
  protected readonly actions = computed(() => {
    const allowed = new Set(this.complaint()?.allowedActions ?? []);
    return ACTION_ORDER.filter((a) => allowed.has(a) && COMPLAINT_ACTIONS.includes(a));
  });
  /** Names for user ids in the timeline: the assignee and every actor seen. */
  protected readonly people = computed(() => {
    const c = this.complaint();
    const map: Record<string, string> = {};
    if (!c) return map;
    for (const e of c.timeline) if ('id' in e.actor) map[e.actor.id] = e.actor.email;
    if (c.assignee) map[c.assignee.id] = c.assignee.email;
    return map;
  });
  protected readonly deadlines = computed(() => {
    const c = this.complaint();
    if (!c) return [];
    const rows: {
      key: 'complaint.acknowledgeBy' | 'complaint.resolveBy' | 'complaint.nextUpdateBy';
      step: 'acknowledge' | 'resolve' | 'update';
      at: string;
      done: boolean;
    }[] = [{ key: 'complaint.acknowledgeBy', step: 'acknowledge', at: c.deadlines.acknowledgeBy, done: c.status !== 'registered' }];
    if (c.deadlines.nextUpdateBy)
      rows.push({ key: 'complaint.nextUpdateBy', step: 'update', at: c.deadlines.nextUpdateBy, done: c.status === 'closed' });
    rows.push({ key: 'complaint.resolveBy', step: 'resolve', at: c.deadlines.resolveBy, done: c.status === 'closed' });
    return rows;
  });

  constructor() {
    void this.clients.load().catch(() => undefined);
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  protected async load(id = this.id()): Promise<ComplaintDetailDto | null> {
    this.loading.set(true);
    this.loadError.set(null);
    try {
      const c = await this.api.get(id);
      this.complaint.set(c);
      return c;
    } catch (e) {
      const f = toApiFailure(e);
      this.loadError.set(
        f.status === 404
          ? this.t('complaint.notFound')
          : f.status === 0
            ? this.t('app.networkError')
            : this.t('app.unexpectedError', { detail: f.message }),
      );
      return null;
    } finally {
      this.loading.set(false);
    }
  }

  protected async open(action: ComplaintActionName): Promise<void> {
    const c = this.complaint();
    if (!c) return;
    let assignable = undefined;
    if (action === 'assign') {
      try {
        assignable = await this.api.assignable(c.clientId);
      } catch (e) {
        this.notifier.warn(this.t('app.unexpectedError', { detail: toApiFailure(e).message }));
        return;
      }
    }
    const data: ActionDialogData = {
      action,
      complaint: c,
      client: this.client(),
      assignable,
      submit: (body) => this.perform(action, body),
    };
    // The page's injector carries the route's form-field defaults into the dialog.
    this.dialog.open(ActionDialogComponent, {
      data,
      injector: this.injector,
      autoFocus: 'first-tabbable',
      restoreFocus: true,
      width: '600px',
      maxWidth: '95vw',
    });
  }

  /** Runs an action; field errors go back to the dialog, a conflict reloads and explains. */
  private async perform(
    action: ComplaintActionName,
    body: Record<string, unknown>,
  ): Promise<{ fieldErrors: ProblemField[]; message?: string } | null> {
    const before = this.complaint();
    if (!before) return null;
    this.conflict.set(null);
    try {
      await this.api.action(before.id, action, body, before.version);
      await this.load(before.id);
      this.notifier.info(this.t('complaint.actionDone', { action: this.i18n.tk('action', action) }));
      return null;
    } catch (e) {
      const f = toApiFailure(e);
      if (f.status === 409 || f.status === 412) {
        const after = await this.load(before.id);
        const text = after ? this.describeChanges(diffComplaint(before, after)) : '';
        const message =
          f.code === 'ACTION_NOT_ALLOWED' && after && after.version === before.version
            ? this.t('complaint.notAllowed', { state: this.i18n.tk('status', after.status) })
            : text
              ? this.t('complaint.conflict', { changes: text })
              : this.t('complaint.conflictNoChanges');
        this.conflict.set(message);
        this.notifier.warn(message);
        return null;
      }
      if (f.status === 0) return { fieldErrors: [], message: this.t('app.networkError') };
      if (f.fieldErrors.length) return { fieldErrors: f.fieldErrors, message: f.fieldErrors.some((x) => !x.field) ? f.message : undefined };
      return { fieldErrors: [], message: f.message };
    }
  }

  private describeChanges(changes: ComplaintChange[]): string {
    return changes
      .map((ch) => {
        switch (ch.kind) {
          case 'status':
            return this.t('complaint.change.status', { value: this.i18n.tk('status', ch.value) });
          case 'assignee':
            return this.t('complaint.change.assignee', { value: ch.value ?? this.t('inbox.unassigned') });
          case 'escalation':
            return this.t('complaint.change.escalation', { value: ch.value });
          case 'resolveBy':
            return this.t('complaint.change.resolveBy');
          case 'category':
            return this.t('complaint.change.category', { value: ch.value ?? this.t('app.none') });
          case 'other':
            return this.t('complaint.change.other', { from: ch.from, to: ch.to });
        }
      })
      .join('; ');
  }

  protected showClientTime(at: string): boolean {
    return this.fmt.differsFromUserZone(this.client()?.timezone, at);
  }
}
