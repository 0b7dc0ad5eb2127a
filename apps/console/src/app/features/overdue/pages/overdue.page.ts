import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, Injector, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type {
  ComplaintActionName,
  ComplaintDto,
  ComplaintListQuery,
  NotificationDto,
  ProblemField,
  UserDto,
} from '@complaint-desk/contracts';
import { FormatService } from '../../../core/i18n/format.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { NowService } from '../../../core/http/now.service';
import { toApiFailure } from '../../../core/http/problem';
import { ClientsStore } from '../../../shared/data/clients.store';
import { Notifier } from '../../../shared/ui/notifier.service';
import { ActionDialogComponent, ActionDialogData } from '../../complaints/components/action-dialog.component';
import { SlaBadgesComponent } from '../../complaints/components/sla-badges.component';
import { ComplaintsApi } from '../../complaints/data/complaints.api';
import { NotificationsStore } from '../../../shared/data/notifications.store';

const OPEN = 'registered,acknowledged';
const PAGE = 50;
type Queue = 'breached' | 'atRisk';

/**
 * The two queues as list queries, each sorted by the earliest pending deadline (= most overdue first)
 * and paged by the server's keyset cursor. At risk excludes what is already breached.
 */
export const QUEUES: Record<Queue, ComplaintListQuery> = {
  breached: { overdue: true, status: OPEN, sort: 'dueAt', limit: PAGE },
  atRisk: { atRisk: true, overdue: false, status: OPEN, sort: 'dueAt', limit: PAGE },
};

/**
 * The team lead's queue: complaints with a missed deadline (most overdue first), then those at
 * risk, with assign and escalate on each row, beside the notification feed.
 */
@Component({
  selector: 'cd-overdue-page',
  imports: [NgTemplateOutlet, MatButtonModule, MatIconModule, MatProgressBarModule, RouterLink, SlaBadgesComponent],
  templateUrl: './overdue.page.html',
  styleUrl: './overdue.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OverduePage {
  private readonly api = inject(ComplaintsApi);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly notifier = inject(Notifier);
  protected readonly clients = inject(ClientsStore);
  protected readonly notifications = inject(NotificationsStore);
  protected readonly i18n = inject(I18nService);
  protected readonly fmt = inject(FormatService);
  protected readonly now = inject(NowService).now;
  protected readonly t = this.i18n.t;

  protected readonly breached = signal<ComplaintDto[]>([]);
  protected readonly atRisk = signal<ComplaintDto[]>([]);
  /** Keyset cursors of each queue's next page (null: all shown). */
  protected readonly breachedNext = signal<string | null>(null);
  protected readonly atRiskNext = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadingMore = signal<Queue | null>(null);
  protected readonly error = signal<string | null>(null);
  private readonly assignableCache = new Map<string, UserDto[]>();

  constructor() {
    void this.clients.load().catch(() => undefined);
    void this.notifications.refresh();
    void this.load();
  }

  /** Both queues from their first page (after an action too: what was fixed drops out). */
  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const [over, risk] = await Promise.all([this.api.list(QUEUES.breached), this.api.list(QUEUES.atRisk)]);
      this.breached.set(sortMostOverdue(over.items));
      this.breachedNext.set(over.nextCursor);
      this.atRisk.set(risk.items);
      this.atRiskNext.set(risk.nextCursor);
    } catch (e) {
      this.error.set(this.failure(e));
    } finally {
      this.loading.set(false);
    }
  }

  /** The next page of one queue, appended (the server's keyset order: earliest deadline first). */
  protected async loadMore(queue: Queue): Promise<void> {
    const next = queue === 'breached' ? this.breachedNext : this.atRiskNext;
    const list = queue === 'breached' ? this.breached : this.atRisk;
    const cursor = next();
    if (!cursor || this.loadingMore()) return;
    this.loadingMore.set(queue);
    try {
      const page = await this.api.list({ ...QUEUES[queue], cursor });
      const seen = new Set(list().map((c) => c.id));
      const more = [...list(), ...page.items.filter((c) => !seen.has(c.id))];
      list.set(queue === 'breached' ? sortMostOverdue(more) : more);
      next.set(page.nextCursor);
    } catch (e) {
      this.notifier.warn(this.failure(e));
    } finally {
      this.loadingMore.set(null);
    }
  }

  private failure(e: unknown): string {
    const f = toApiFailure(e);
    return f.status === 0 ? this.t('app.networkError') : this.t('app.unexpectedError', { detail: f.message });
  }

  protected clientCode(id: string): string {
    return this.clients.byId().get(id)?.code ?? '';
  }

  protected overdueBy(c: ComplaintDto): string {
    return c.dueAt ? this.fmt.countdown(c.dueAt, this.now()) : '';
  }

  protected async open(action: Extract<ComplaintActionName, 'assign' | 'escalate'>, c: ComplaintDto): Promise<void> {
    let assignable: UserDto[] | undefined;
    if (action === 'assign') {
      try {
        assignable = this.assignableCache.get(c.clientId) ?? (await this.api.assignable(c.clientId));
        this.assignableCache.set(c.clientId, assignable);
      } catch (e) {
        this.notifier.warn(this.t('app.unexpectedError', { detail: toApiFailure(e).message }));
        return;
      }
    }
    const data: ActionDialogData = {
      action,
      complaint: c,
      client: this.clients.byId().get(c.clientId) ?? null,
      assignable,
      submit: (body) => this.perform(action, c, body),
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

  private async perform(
    action: ComplaintActionName,
    c: ComplaintDto,
    body: Record<string, unknown>,
  ): Promise<{ fieldErrors: ProblemField[]; message?: string } | null> {
    try {
      await this.api.action(c.id, action, body, c.version);
      this.notifier.info(`${c.reference} — ${this.t('complaint.actionDone', { action: this.i18n.tk('action', action) })}`);
      await this.load();
      return null;
    } catch (e) {
      const f = toApiFailure(e);
      if (f.status === 409 || f.status === 412) {
        await this.load();
        this.notifier.warn(this.t('complaint.conflictNoChanges'));
        return null;
      }
      if (f.status === 0) return { fieldErrors: [], message: this.t('app.networkError') };
      return { fieldErrors: f.fieldErrors, message: f.fieldErrors.length ? undefined : f.message };
    }
  }

  protected markRead(n: NotificationDto): void {
    void this.notifications.markRead(n).catch(() => undefined);
  }
}

/** Earliest pending deadline first = most overdue first. */
export function sortMostOverdue(list: ComplaintDto[]): ComplaintDto[] {
  return [...list].sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
}
