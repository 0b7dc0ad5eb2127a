import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Params, Router, RouterLink } from '@angular/router';
import { debounceTime } from 'rxjs';
import { CHANNELS, Channel, ComplaintDto, ComplaintListQuery } from '@complaint-desk/contracts';
import { FormatService } from '../../../core/i18n/format.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { NowService } from '../../../core/http/now.service';
import { toApiFailure } from '../../../core/http/problem';
import { ClientsStore, FlatCategory, flattenCategories } from '../../../shared/data/clients.store';
import { SlaBadgesComponent } from '../components/sla-badges.component';
import { ComplaintsApi } from '../data/complaints.api';

/** Status filter values: '' = open (the default inbox), 'all' = no status filter. */
export const STATUS_FILTERS = ['', 'registered', 'acknowledged', 'closed', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface InboxFilters {
  q: string;
  clientId: string;
  status: StatusFilter;
  overdue: boolean;
  atRisk: boolean;
  escalated: boolean;
  mine: boolean;
  categoryCode: string;
  channel: Channel | '';
}

const PAGE_SIZE = 25;

/** URL query params → filters (unknown values ignored), so a shared link shows the same view. */
export function filtersFromParams(p: Params): InboxFilters {
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  const status = str('status') as StatusFilter;
  const channel = str('channel') as Channel;
  return {
    q: str('q'),
    clientId: str('clientId'),
    status: STATUS_FILTERS.includes(status) ? status : '',
    overdue: str('overdue') === 'true',
    atRisk: str('atRisk') === 'true',
    escalated: str('escalated') === 'true',
    mine: str('assignee') === 'me',
    categoryCode: str('categoryCode'),
    channel: CHANNELS.includes(channel) ? channel : '',
  };
}

/** Filters → URL query params (empty ones left out). */
export function filtersToParams(f: InboxFilters): Params {
  return {
    q: f.q.trim() || null,
    clientId: f.clientId || null,
    status: f.status || null,
    overdue: f.overdue ? 'true' : null,
    atRisk: f.atRisk ? 'true' : null,
    escalated: f.escalated ? 'true' : null,
    assignee: f.mine ? 'me' : null,
    categoryCode: f.categoryCode || null,
    channel: f.channel || null,
  };
}

/** Filters → the API query (default sort: earliest pending deadline first). */
export function filtersToQuery(f: InboxFilters): ComplaintListQuery {
  return {
    limit: PAGE_SIZE,
    q: f.q.trim() || undefined,
    clientId: f.clientId || undefined,
    status: f.status === 'all' ? undefined : f.status === '' ? 'registered,acknowledged' : f.status,
    overdue: f.overdue || undefined,
    atRisk: f.atRisk || undefined,
    escalated: f.escalated || undefined,
    assignee: f.mine ? 'me' : undefined,
    categoryCode: f.categoryCode || undefined,
    channel: f.channel || undefined,
    sort: 'dueAt',
  };
}

@Component({
  selector: 'cd-inbox-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    SlaBadgesComponent,
  ],
  templateUrl: './inbox.page.html',
  styleUrl: './inbox.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxPage {
  private readonly api = inject(ComplaintsApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  protected readonly clients = inject(ClientsStore);
  protected readonly i18n = inject(I18nService);
  protected readonly fmt = inject(FormatService);
  protected readonly now = inject(NowService).now;
  protected readonly t = this.i18n.t;
  protected readonly channels = CHANNELS;
  protected readonly statusFilters = STATUS_FILTERS;

  protected readonly form = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    clientId: new FormControl('', { nonNullable: true }),
    status: new FormControl<StatusFilter>('', { nonNullable: true }),
    overdue: new FormControl(false, { nonNullable: true }),
    atRisk: new FormControl(false, { nonNullable: true }),
    escalated: new FormControl(false, { nonNullable: true }),
    mine: new FormControl(false, { nonNullable: true }),
    categoryCode: new FormControl('', { nonNullable: true }),
    channel: new FormControl<Channel | ''>('', { nonNullable: true }),
  });

  protected readonly items = signal<ComplaintDto[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly selectedClient = signal('');
  private requestSeq = 0;
  private currentFilters: InboxFilters = filtersFromParams({});

  protected readonly categories = computed<FlatCategory[]>(() => {
    const id = this.selectedClient();
    const list = id ? this.clients.clients().filter((c) => c.id === id) : this.clients.clients();
    const seen = new Set<string>();
    return list.flatMap((c) => flattenCategories(c.categories)).filter((c) => (seen.has(c.code) ? false : (seen.add(c.code), true)));
  });
  protected readonly hasFilters = computed(() => this.filterCount() > 0);
  private readonly filterCount = signal(0);

  constructor() {
    void this.clients.load().catch(() => undefined);
    this.route.queryParams.pipe(takeUntilDestroyed()).subscribe((p) => {
      const f = filtersFromParams(p);
      this.currentFilters = f;
      this.form.setValue(f, { emitEvent: false });
      this.selectedClient.set(f.clientId);
      this.filterCount.set(Object.values(filtersToParams(f)).filter((v) => v !== null).length);
      void this.load(false);
    });
    this.form.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef))).subscribe(() => {
      const f = this.form.getRawValue();
      if (JSON.stringify(filtersToParams(f)) === JSON.stringify(filtersToParams(this.currentFilters))) return;
      void this.router.navigate([], { relativeTo: this.route, queryParams: filtersToParams(f), replaceUrl: true });
    });
  }

  protected async load(more: boolean): Promise<void> {
    const seq = ++this.requestSeq;
    this.loading.set(true);
    this.error.set(null);
    try {
      const cursor = more ? this.nextCursor() : null;
      const page = await this.api.list({ ...filtersToQuery(this.currentFilters), cursor: cursor ?? undefined });
      if (seq !== this.requestSeq) return;
      this.items.set(more ? [...this.items(), ...page.items] : page.items);
      this.nextCursor.set(page.nextCursor);
    } catch (e) {
      if (seq !== this.requestSeq) return;
      const f = toApiFailure(e);
      this.error.set(f.status === 0 ? this.t('app.networkError') : this.t('app.unexpectedError', { detail: f.message }));
    } finally {
      if (seq === this.requestSeq) this.loading.set(false);
    }
  }

  protected clear(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected clientCode(id: string): string {
    return this.clients.byId().get(id)?.code ?? '';
  }

  protected statusLabel(s: StatusFilter): string {
    if (s === '') return this.t('inbox.openOnly');
    if (s === 'all') return this.t('inbox.allStatuses');
    return this.i18n.tk('status', s);
  }
}
