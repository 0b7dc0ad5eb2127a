import { HttpHeaders, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl } from '@angular/forms';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { Router, provideRouter } from '@angular/router';
import type { ClientDto, Role, StatsInterval } from '@complaint-desk/contracts';
import { SESSION_STORAGE_KEY } from '../../../core/auth/auth.service';
import { LANGUAGE_STORAGE_KEY } from '../../../core/i18n/i18n.service';
import { registerIcons } from '../../../core/layout/icons';
import { CHART_FACTORY, ChartFactory } from '../data/chart-factory';
import type { StatsChartOption } from '../data/chart-options';
import { summaryFixture, timeseriesFixture } from '../data/stats-fixtures.spec-helper';
import { StatisticsPage } from './statistics.page';

/** Records what each chart was asked to draw (jsdom has no layout for ECharts). */
class FakeCharts implements ChartFactory {
  readonly charts: Array<{ el: HTMLElement; options: StatsChartOption[]; disposed: boolean }> = [];
  async create(el: HTMLElement) {
    const rec = { el, options: [] as StatsChartOption[], disposed: false };
    this.charts.push(rec);
    return {
      setOption: (o: StatsChartOption) => void rec.options.push(o),
      resize: () => undefined,
      dispose: () => void (rec.disposed = true),
    };
  }
  last(chartId: string): StatsChartOption | undefined {
    const rec = this.charts.find((c) => c.el.closest('section')?.getAttribute('aria-labelledby') === `${chartId}-h`);
    return rec?.options[rec.options.length - 1];
  }
}

function client(id: string, code: string, name: string): ClientDto {
  return {
    id,
    code,
    name,
    timezone: 'Europe/Stockholm',
    businessHours: {} as ClientDto['businessHours'],
    holidays: [],
    policy: {} as ClientDto['policy'],
    categories: [],
    complaintInfo: '',
  };
}
const ACME = client('c-acme', 'ACME', 'Acme Energy');
const GLOBEX = client('c-globex', 'GLOBEX', 'Globex Telecom');

const timeseries = timeseriesFixture;

describe('StatisticsPage (R4.4-f: complaint information used to improve service)', () => {
  let http: HttpTestingController;
  let charts: FakeCharts;
  let fixture: ComponentFixture<StatisticsPage>;

  async function render(role: Role, url = '/?from=2026-11-01&to=2026-11-30', clients: ClientDto[] = [ACME, GLOBEX]) {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    sessionStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({ token: 't', expiresAt: null, user: { id: 'u', email: 'u@example.com', role, clientIds: [] } }),
    );
    charts = new FakeCharts();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideEnvironmentInitializer(registerIcons),
        { provide: CHART_FACTORY, useValue: charts },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await TestBed.inject(Router).navigateByUrl(url);
    fixture = TestBed.createComponent(StatisticsPage);
    fixture.detectChanges();
    http.expectOne('/api/clients').flush(clients);
    return fixture.nativeElement as HTMLElement;
  }

  /**
   * The request to `url` once the page has sent it. The page counts its loads as pending work, so
   * `whenStable` would wait for the very response the test has to give: let the page's promise
   * chain run (microtasks only, no timers) until the request is there.
   */
  async function request(url: string): Promise<TestRequest> {
    for (let i = 0; i < 200; i++) {
      const found = http.match((r) => r.url === url);
      if (found.length > 1) throw new Error(`${found.length} requests to ${url}`);
      if (found.length === 1) return found[0];
      await Promise.resolve();
    }
    throw new Error(`no request to ${url}`);
  }

  async function settle() {
    await fixture.whenStable();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  const summaryReq = () => request('/api/stats/summary');
  const seriesReq = () => request('/api/stats/timeseries');
  const params = (r: TestRequest) => Object.fromEntries(r.request.params.keys().map((k) => [k, r.request.params.get(k)]));

  async function load(summary = summaryFixture(), interval: StatsInterval = 'day') {
    (await summaryReq()).flush(summary);
    (await seriesReq()).flush(timeseries(interval));
    await settle();
  }

  const kpi = (el: HTMLElement, key: string) => el.querySelector(`[data-kpi="${key}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

  afterEach(() => {
    http.verify();
    sessionStorage.clear();
  });

  it('shows the KPI tiles with the numbers of the summary, for the days in the URL as a half-open window', async () => {
    const el = await render('client_viewer');
    const s = await summaryReq();
    expect(params(s)).toEqual({ clientId: 'c-acme', from: '2026-11-01', to: '2026-12-01' });
    s.flush(summaryFixture());
    (await seriesReq()).flush(timeseries('day'));
    await settle();
    expect(kpi(el, 'received')).toBe('1,234');
    expect(kpi(el, 'open')).toBe('40');
    expect(kpi(el, 'closed')).toBe('1,194');
    expect(kpi(el, 'overdue')).toBe('7');
    expect(kpi(el, 'ackOnTime')).toBe('87.5%');
    expect(kpi(el, 'resolvedOnTime')).toBe('50%');
    expect(kpi(el, 'medianClose')).toBe('26.5 h');
    expect(kpi(el, 'p90Close')).toBe('140.3 h');
    expect(kpi(el, 'escalationRate')).toBe('1%');
    expect(kpi(el, 'satisfaction')).toBe('3.8');
    expect(el.textContent).toContain('12 escalated');
    expect(el.textContent).toContain('50 responses');
  });

  it('shows "—" for a null rate or median, and says "no data" to screen readers', async () => {
    const el = await render('team_lead');
    await load(summaryFixture({ resolvedOnTimeRate: null, medianHoursToClose: null, satisfaction: { responses: 0, average: null } }));
    for (const key of ['resolvedOnTime', 'medianClose', 'satisfaction']) {
      const dd = el.querySelector(`[data-kpi="${key}"]`) as HTMLElement;
      expect(dd.querySelector('[aria-hidden="true"]')?.textContent).toBe('—');
      expect(dd.querySelector('.cd-visually-hidden')?.textContent).toBe('no data');
    }
    expect(kpi(el, 'ackOnTime')).toBe('87.5%');
  });

  it('hides the client picker from a client viewer', async () => {
    const el = await render('client_viewer', '/?from=2026-11-01&to=2026-11-30', [ACME]);
    await load();
    expect(el.querySelector('mat-select[formcontrolname="clientId"]')).toBeNull();
    expect(el.querySelector('mat-select[formcontrolname="interval"]')).not.toBeNull();
    expect(el.textContent).toContain('Acme Energy');
  });

  it('offers a team lead the client picker; the first client by code is shown until another is chosen', async () => {
    const el = await render('team_lead', '/?from=2026-11-01&to=2026-11-30&clientId=c-globex');
    expect(params(await summaryReq())).toMatchObject({ clientId: 'c-globex' });
    expect(params(await seriesReq())).toMatchObject({ clientId: 'c-globex' });
    fixture.detectChanges();
    expect(el.querySelector('mat-select[formcontrolname="clientId"]')).not.toBeNull();
  });

  it("defaults to the last 30 days up to today in the client's zone", async () => {
    await render('admin', '/');
    const p = params(await summaryReq());
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const dayMs = 86_400_000;
    expect(p['clientId']).toBe('c-acme');
    expect(Date.parse(p['to'] as string) - Date.parse(today)).toBe(dayMs);
    expect(Date.parse(p['to'] as string) - Date.parse(p['from'] as string)).toBe(30 * dayMs);
    await seriesReq();
  });

  it('asks for the time series again with the new interval when the interval changes (and not for the summary)', async () => {
    await render('team_lead');
    await load();
    jest.useFakeTimers();
    (fixture.componentInstance['form'].controls.interval as FormControl<StatsInterval>).setValue('week');
    jest.advanceTimersByTime(300);
    jest.useRealTimers();
    const r = await seriesReq();
    expect(params(r)).toEqual({ clientId: 'c-acme', from: '2026-11-01', to: '2026-12-01', interval: 'week' });
    r.flush(timeseries('week'));
    await settle();
    http.expectNone((x) => x.url === '/api/stats/summary');
    expect(TestBed.inject(Router).url).toContain('interval=week');
  });

  it('exports the CSV with the bearer-protected request and saves it under the name the API sends', async () => {
    const el = await render('team_lead');
    await load();
    const created: Blob[] = [];
    const saved: string[] = [];
    // Restored after each spec by src/test-setup.ts.
    URL.createObjectURL = jest.fn((b: Blob) => (created.push(b), 'blob:test'));
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const button = Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Export CSV') as HTMLButtonElement;
    button.click();
    const r = await request('/api/stats/export.csv');
    expect(params(r)).toEqual({ clientId: 'c-acme', from: '2026-11-01', to: '2026-12-01' });
    expect(r.request.responseType).toBe('blob');
    const csv = new Blob(['reference,status\r\n'], { type: 'text/csv' });
    r.flush(csv, {
      headers: new HttpHeaders({ 'Content-Disposition': 'attachment; filename="complaints-ACME-2026-10-31-2026-11-30.csv"' }),
    });
    await settle();
    expect(created).toEqual([csv]);
    expect(saved).toEqual(['complaints-ACME-2026-10-31-2026-11-30.csv']);
    click.mockRestore();
  });

  it('a failed export shows the problem detail sent as a blob, saves nothing, and the next export works', async () => {
    const el = await render('team_lead');
    await load();
    URL.createObjectURL = jest.fn(() => 'blob:test');
    URL.revokeObjectURL = jest.fn();
    const saved: string[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const button = () => Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Export CSV') as HTMLButtonElement;
    button().click();
    const failed = await request('/api/stats/export.csv');
    const problem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'to must be after from' };
    failed.flush(new Blob([JSON.stringify(problem)], { type: 'application/problem+json' }), { status: 400, statusText: 'Bad Request' });
    for (let i = 0; i < 50 && !el.querySelector('[role="alert"]'); i++) {
      await settle();
      await new Promise<void>((resolve) => queueMicrotask(resolve));
    }
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('The export failed: to must be after from');
    expect(saved).toEqual([]);
    expect(button().disabled).toBe(false);

    button().click();
    const ok = await request('/api/stats/export.csv');
    ok.flush(new Blob(['reference\r\n'], { type: 'text/csv' }), {
      headers: new HttpHeaders({ 'Content-Disposition': 'attachment; filename="complaints-ACME.csv"' }),
    });
    await settle();
    expect(saved).toEqual(['complaints-ACME.csv']);
    expect(el.querySelector('[role="alert"]')).toBeNull();
    click.mockRestore();
  });

  it('renders each chart with its data and a table view with the same rows; the chart has role img and a summary label', async () => {
    const el = await render('team_lead');
    await load();
    const section = el.querySelector('section[aria-labelledby="chart-category-h"]') as HTMLElement;
    const chartEl = section.querySelector('[role="img"]') as HTMLElement;
    expect(chartEl.getAttribute('aria-label')).toBe(
      'By category: Billing Received 800, Upheld 300; Delivery Received 400, Upheld 200; Uncategorised Received 34, Upheld 0.',
    );

    const toggle = Array.from(section.querySelectorAll('button')).find(
      (b) => b.textContent?.trim() === 'Show as table',
    ) as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await settle();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const table = section.querySelector('table') as HTMLTableElement;
    expect(table.closest('[hidden]')).toBeNull();
    expect(table.querySelector('caption')?.textContent?.trim()).toBe('By category');
    expect(Array.from(table.querySelectorAll('thead th')).map((th) => [th.textContent?.trim(), th.getAttribute('scope')])).toEqual([
      ['Category', 'col'],
      ['Received', 'col'],
      ['Upheld', 'col'],
    ]);
    const rows = Array.from(table.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent?.trim()));

    const option = charts.last('chart-category') as { yAxis: { data: string[] }; series: Array<{ data: number[] }> };
    const fromChart = option.yAxis.data.map((label, i) => [label, ...option.series.map((s) => String(s.data[i]))]);
    expect(rows).toEqual(fromChart);
    expect(rows.map((r) => r[0])).toEqual(['Billing', 'Delivery', 'Uncategorised']);

    const line = charts.last('chart-timeseries') as { xAxis: { data: string[] }; series: Array<{ data: number[] }> };
    expect(line.series.map((s) => s.data)).toEqual([
      [3, 5],
      [1, 2],
      [0, 1],
    ]);
    expect(line.xAxis.data).toHaveLength(2);
    for (const id of ['chart-channel', 'chart-outcome', 'chart-root-cause']) expect(charts.last(id)).toBeDefined();
  });

  it('shows the problem detail of a failed request plainly, and retries', async () => {
    const el = await render('team_lead');
    (await summaryReq()).flush(
      { type: 'about:blank', title: 'Unprocessable', status: 422, detail: 'The window may span at most 1098 days.' },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    (await seriesReq()).flush(timeseries('day'));
    await settle();
    const alert = el.querySelector('[role="alert"]') as HTMLElement;
    expect(alert.textContent).toContain('The statistics could not be loaded: The window may span at most 1098 days.');
    (alert.querySelector('button') as HTMLButtonElement).click();
    await load();
    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(kpi(el, 'received')).toBe('1,234');
  });

  it('says so when nothing was received, instead of empty charts', async () => {
    const el = await render('team_lead');
    await load(summaryFixture({ received: 0, open: 0, closed: 0, byCategory: [], uncategorised: 0, byRootCause: [] }));
    expect(el.textContent).toContain('No complaints were received in this period.');
    expect(el.querySelector('cd-stats-chart')).toBeNull();
  });

  it('refuses a reversed range without asking the API', async () => {
    const el = await render('team_lead', '/?from=2026-12-01&to=2026-11-01');
    await settle();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('"From" must be on or before "To".');
    http.expectNone((r) => r.url.startsWith('/api/stats'));
  });
});
