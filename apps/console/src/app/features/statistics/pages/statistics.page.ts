import { ChangeDetectionStrategy, Component, DestroyRef, PendingTasks, computed, effect, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { DateAdapter, MAT_DATE_LOCALE, provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { debounceTime } from 'rxjs';
import type { ClientDto, StatsInterval, StatsSummaryResponse, StatsTimeseriesResponse } from '@complaint-desk/contracts';
import { AuthService } from '../../../core/auth/auth.service';
import { toApiFailure } from '../../../core/http/problem';
import { FormatService } from '../../../core/i18n/format.service';
import { I18nService, isKey } from '../../../core/i18n/i18n.service';
import { ClientsStore } from '../../../shared/data/clients.store';
import { Notifier } from '../../../shared/ui/notifier.service';
import { StatsChartComponent } from '../components/stats-chart.component';
import { LocaleDateAdapter } from '../data/locale-date-adapter';
import { StatsApi } from '../data/stats.api';
import {
  MAX_WINDOW_DAYS,
  STATS_INTERVALS,
  StatsView,
  Translate,
  categoryData,
  channelData,
  dateToIso,
  effectiveRange,
  isoToDate,
  outcomeData,
  rangeProblem,
  rootCauseData,
  timeseriesData,
  toApiQuery,
  viewFromParams,
  viewToParams,
} from '../data/stats-view';

interface Kpi {
  key: string;
  label: string;
  /** Formatted value; null = no data ("—" shown, "no data" read). */
  value: string | null;
  note?: string;
}

/**
 * The statistics dashboard (R4.4-f: complaint information is used to improve service quality):
 * KPI tiles and charts of the complaints RECEIVED in the chosen days, for one client. Client
 * viewers see their own client; staff pick one of the clients they serve. The view (client, days,
 * interval) lives in the URL so it can be shared and reloaded.
 */
@Component({
  selector: 'cd-statistics-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    StatsChartComponent,
  ],
  providers: [
    provideNativeDateAdapter(),
    { provide: DateAdapter, useClass: LocaleDateAdapter },
    { provide: MAT_DATE_LOCALE, useFactory: () => inject(I18nService).locale() },
  ],
  templateUrl: './statistics.page.html',
  styleUrl: './statistics.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatisticsPage {
  private readonly api = inject(StatsApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  /** Loads count as pending work, so the app (and a test) is stable only once the page shows them. */
  private readonly tasks = inject(PendingTasks);
  protected readonly clients = inject(ClientsStore);
  protected readonly i18n = inject(I18nService);
  protected readonly fmt = inject(FormatService);
  protected readonly t = this.i18n.t;
  protected readonly intervals = STATS_INTERVALS;
  /** Client viewers have exactly one client: no picker. */
  protected readonly showClientPicker = !inject(AuthService).hasRole('client_viewer');

  protected readonly form = new FormGroup({
    clientId: new FormControl('', { nonNullable: true }),
    from: new FormControl<Date | null>(null),
    to: new FormControl<Date | null>(null),
    interval: new FormControl<StatsInterval>('day', { nonNullable: true }),
  });

  private readonly view = signal<StatsView>(viewFromParams({}));
  private readonly clientsReady = signal(false);
  /** The days shown (inclusive) once resolved against the client's zone. */
  protected readonly range = signal<{ from: string; to: string } | null>(null);
  protected readonly rangeError = signal<string | null>(null);
  private readonly summaryLoad = new LatestLoad<StatsSummaryResponse>();
  private readonly timeseriesLoad = new LatestLoad<StatsTimeseriesResponse>();
  protected readonly summary = this.summaryLoad.value.asReadonly();
  protected readonly timeseries = this.timeseriesLoad.value.asReadonly();
  protected readonly loading = computed(() => this.summaryLoad.loading() || this.timeseriesLoad.loading());
  protected readonly error = signal<string | null>(null);
  protected readonly exporting = signal(false);
  protected readonly exportError = signal<string | null>(null);

  protected readonly client = computed<ClientDto | null>(() => {
    const list = this.clients.clients();
    return list.find((c) => c.id === this.view().clientId) ?? list[0] ?? null;
  });
  protected readonly noClients = computed(() => this.clientsReady() && this.client() === null);

  private readonly tr: Translate = (key) => (isKey(key) ? this.t(key) : key);

  protected readonly kpis = computed<Kpi[]>(() => {
    const s = this.summary();
    if (!s) return [];
    const f = this.fmt;
    const hours = (h: number | null) => (h === null ? null : this.t('statistics.hours', { n: f.number(h, 1) }));
    const rate = (r: number | null) => (r === null ? null : f.percent(r));
    return [
      { key: 'received', label: this.t('statistics.kpi.received'), value: f.number(s.received) },
      { key: 'open', label: this.t('statistics.kpi.open'), value: f.number(s.open) },
      { key: 'closed', label: this.t('statistics.kpi.closed'), value: f.number(s.closed) },
      { key: 'overdue', label: this.t('statistics.kpi.overdue'), value: f.number(s.overdueOpen) },
      { key: 'ackOnTime', label: this.t('statistics.kpi.ackOnTime'), value: rate(s.acknowledgedOnTimeRate) },
      { key: 'resolvedOnTime', label: this.t('statistics.kpi.resolvedOnTime'), value: rate(s.resolvedOnTimeRate) },
      { key: 'medianClose', label: this.t('statistics.kpi.medianClose'), value: hours(s.medianHoursToClose) },
      { key: 'p90Close', label: this.t('statistics.kpi.p90Close'), value: hours(s.p90HoursToClose) },
      {
        key: 'escalationRate',
        label: this.t('statistics.kpi.escalationRate'),
        value: rate(s.escalationRate),
        note: this.t('statistics.kpi.escalatedOf', { n: f.number(s.escalated) }),
      },
      {
        key: 'satisfaction',
        label: this.t('statistics.kpi.satisfaction'),
        value: s.satisfaction.average === null ? null : f.number(s.satisfaction.average, 1),
        note: this.t('statistics.kpi.responses', { n: f.number(s.satisfaction.responses) }),
      },
    ];
  });

  protected readonly timeseriesChart = computed(() => {
    const ts = this.timeseries();
    if (!ts) return null;
    const locale = this.i18n.locale();
    const opts: Intl.DateTimeFormatOptions =
      ts.interval === 'month' ? { month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short', year: '2-digit' };
    const fmt = new Intl.DateTimeFormat(locale, { ...opts, timeZone: ts.timezone });
    const label = (iso: string) =>
      ts.interval === 'week' ? this.t('statistics.weekOf', { date: fmt.format(new Date(iso)) }) : fmt.format(new Date(iso));
    return timeseriesData(ts, this.tr, label);
  });
  protected readonly categoryChart = computed(() => this.withSummary((s) => categoryData(s, this.tr)));
  protected readonly channelChart = computed(() => this.withSummary((s) => channelData(s, this.tr)));
  protected readonly outcomeChart = computed(() => this.withSummary((s) => outcomeData(s, this.tr)));
  protected readonly rootCauseChart = computed(() => this.withSummary((s) => rootCauseData(s, this.tr)));

  /** What was last asked for, so a change of interval reloads only the time series. */
  private summaryKey = '';
  private timeseriesKey = '';

  constructor() {
    // The date pickers follow the language switch.
    const adapter = inject(DateAdapter);
    effect(() => adapter.setLocale(this.i18n.locale()));

    this.tasks.run(() =>
      this.clients.load().then(
        () => {
          this.clientsReady.set(true);
          this.refresh(false);
        },
        (e: unknown) => this.fail(e),
      ),
    );
    this.route.queryParams.pipe(takeUntilDestroyed()).subscribe((p) => {
      this.view.set(viewFromParams(p));
      if (this.clientsReady()) this.refresh(false);
    });
    this.form.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef))).subscribe(() => this.navigate());
  }

  /** Loads what the view needs (only what changed, unless `force`). */
  protected refresh(force: boolean): void {
    const client = this.client();
    if (!client) return;
    const v = this.view();
    const { from, to } = effectiveRange(v, client.timezone, new Date());
    this.form.setValue({ clientId: client.id, from: isoToDate(from), to: isoToDate(to), interval: v.interval }, { emitEvent: false });
    const problem = rangeProblem(from, to);
    this.rangeError.set(
      problem === 'order'
        ? this.t('statistics.rangeOrder')
        : problem === 'tooLong'
          ? this.t('statistics.rangeTooLong', { n: MAX_WINDOW_DAYS })
          : null,
    );
    if (problem) return;
    this.range.set({ from, to });
    const query = toApiQuery(client.id, from, to);
    const sKey = JSON.stringify(query);
    const tKey = `${sKey}|${v.interval}`;
    if (force || sKey !== this.summaryKey || tKey !== this.timeseriesKey) this.error.set(null);
    if (force || sKey !== this.summaryKey) {
      this.summaryKey = sKey;
      this.tasks.run(() =>
        this.summaryLoad.run(
          () => this.api.summary(query),
          (e) => ((this.summaryKey = ''), this.fail(e)),
        ),
      );
    }
    if (force || tKey !== this.timeseriesKey) {
      this.timeseriesKey = tKey;
      this.tasks.run(() =>
        this.timeseriesLoad.run(
          () => this.api.timeseries(query, v.interval),
          (e) => ((this.timeseriesKey = ''), this.fail(e)),
        ),
      );
    }
  }

  private fail(e: unknown): void {
    const f = toApiFailure(e);
    this.error.set(f.status === 0 ? this.t('app.networkError') : this.t('statistics.loadError', { detail: f.message }));
  }

  /** Form → URL (the URL subscription then loads). */
  private navigate(): void {
    const raw = this.form.getRawValue();
    if (!raw.from || !raw.to || Number.isNaN(raw.from.getTime()) || Number.isNaN(raw.to.getTime())) return;
    const next: StatsView = {
      clientId: this.showClientPicker ? raw.clientId : '',
      from: dateToIso(raw.from),
      to: dateToIso(raw.to),
      interval: raw.interval,
    };
    const current = this.view();
    const range = this.range();
    // Untouched default days stay out of the URL.
    if (!current.from && !current.to && range && next.from === range.from && next.to === range.to) {
      next.from = '';
      next.to = '';
    }
    if (JSON.stringify(viewToParams(next)) === JSON.stringify(viewToParams(current))) return;
    void this.router.navigate([], { relativeTo: this.route, queryParams: viewToParams(next), replaceUrl: true });
  }

  protected exportCsv(): void {
    this.tasks.run(() => this.doExport());
  }

  private async doExport(): Promise<void> {
    const client = this.client();
    const range = this.range();
    if (!client || !range || this.exporting()) return;
    this.exporting.set(true);
    this.exportError.set(null);
    try {
      const query = toApiQuery(client.id, range.from, range.to);
      const file = await this.api.exportCsv(query, `complaints-${client.code}-${range.from}-${range.to}.csv`);
      saveFile(file.blob, file.filename);
      this.notifier.info(this.t('statistics.exported', { file: file.filename }));
    } catch (e) {
      const f = toApiFailure(e);
      this.exportError.set(f.status === 0 ? this.t('app.networkError') : this.t('statistics.exportError', { detail: f.message }));
    } finally {
      this.exporting.set(false);
    }
  }

  /** A calendar day in the user's locale (no zone shift: the day is the client's). */
  protected dateText(iso: string): string {
    return new Intl.DateTimeFormat(this.i18n.locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  }

  private withSummary<T>(build: (s: StatsSummaryResponse) => T): T | null {
    const s = this.summary();
    return s ? build(s) : null;
  }
}

/** The latest answer of a repeated request: an older answer arriving late is dropped. */
class LatestLoad<T> {
  readonly value = signal<T | null>(null);
  readonly loading = signal(false);
  private seq = 0;

  async run(fetch: () => Promise<T>, onError: (e: unknown) => void): Promise<void> {
    const seq = ++this.seq;
    this.loading.set(true);
    try {
      const v = await fetch();
      if (seq === this.seq) this.value.set(v);
    } catch (e) {
      if (seq !== this.seq) return;
      this.value.set(null);
      onError(e);
    } finally {
      if (seq === this.seq) this.loading.set(false);
    }
  }
}

/** Hands a downloaded blob to the browser as a file (temporary object URL + `<a download>`). */
function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
