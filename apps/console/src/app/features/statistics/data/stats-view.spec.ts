import { buildBarOption, buildTimeseriesOption } from './chart-options';
import {
  addDays,
  categoryData,
  channelData,
  chartSummary,
  effectiveRange,
  outcomeData,
  rangeProblem,
  rootCauseData,
  timeseriesData,
  toApiQuery,
  todayIn,
  viewFromParams,
  viewToParams,
} from './stats-view';
import { filenameFromDisposition } from './stats.api';
import { summaryFixture, timeseriesFixture } from './stats-fixtures.spec-helper';

const t = (k: string) => `<${k}>`;

describe('statistics view (R4.4-f)', () => {
  it('round-trips client, days and interval through the URL and drops bad values', () => {
    const params = { clientId: 'c1', from: '2026-11-01', to: '2026-11-30', interval: 'week' };
    expect(viewToParams(viewFromParams(params))).toEqual(params);
    expect(viewFromParams({ from: '2026-02-30', to: 'yesterday', interval: 'year' })).toEqual({
      clientId: '',
      from: '',
      to: '',
      interval: 'day',
    });
    expect(Object.values(viewToParams(viewFromParams({}))).every((v) => v === null)).toBe(true);
  });

  it("defaults to the last 30 days up to today in the client's zone, sent as the half-open window [from, to)", () => {
    // 23:30 UTC on 28 Nov is already 29 Nov in Stockholm.
    const now = new Date('2026-11-28T23:30:00Z');
    expect(todayIn('Europe/Stockholm', now)).toBe('2026-11-29');
    expect(todayIn('America/New_York', now)).toBe('2026-11-28');
    const r = effectiveRange(viewFromParams({}), 'Europe/Stockholm', now);
    expect(r).toEqual({ from: '2026-10-31', to: '2026-11-29' });
    expect(toApiQuery('c1', r.from, r.to)).toEqual({ clientId: 'c1', from: '2026-10-31', to: '2026-11-30' });
    expect(toApiQuery('', '2026-12-31', '2026-12-31')).toEqual({ from: '2026-12-31', to: '2027-01-01' });
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('refuses a reversed or too long range', () => {
    expect(rangeProblem('2026-11-02', '2026-11-01')).toBe('order');
    expect(rangeProblem('2026-11-01', '2026-11-01')).toBeNull();
    expect(rangeProblem('2023-01-01', '2026-01-02')).toBeNull(); // 1098 days
    expect(rangeProblem('2023-01-01', '2026-01-03')).toBe('tooLong');
  });

  it('builds the chart data from the summary: categories (uncategorised last), channels, outcomes, root causes', () => {
    const s = summaryFixture();
    expect(categoryData(s, t)).toEqual({
      labels: ['Billing', 'Delivery', '<statistics.uncategorised>'],
      series: [
        { key: 'received', name: '<statistics.series.received>', values: [800, 400, 34] },
        { key: 'upheld', name: '<statistics.series.upheld>', values: [300, 200, 0] },
      ],
    });
    expect(channelData(s, t).labels).toEqual([
      '<channel.phone>',
      '<channel.email>',
      '<channel.webchat>',
      '<channel.letter>',
      '<channel.social>',
      '<channel.in_person>',
    ]);
    expect(channelData(s, t).series[0].values).toEqual([600, 500, 100, 20, 10, 4]);
    expect(outcomeData(s, t).series[0].values).toEqual([500, 300, 294, 100]);
    expect(rootCauseData(s, t)?.labels).toEqual(['Billing system error']);
    expect(rootCauseData(summaryFixture({ byRootCause: [] }), t)).toBeNull();
  });

  it('builds the time series with one row per bucket', () => {
    const ts = { ...timeseriesFixture(), timezone: 'UTC' };
    const d = timeseriesData(ts, t, (iso) => iso.slice(0, 10));
    expect(d.labels).toEqual(['2026-10-31', '2026-11-01']);
    expect(d.series.map((s) => [s.key, s.values])).toEqual([
      ['received', [3, 5]],
      ['closed', [1, 2]],
      ['escalated', [0, 1]],
    ]);
  });

  it('summarises a chart for its aria-label: every row when few, totals when many', () => {
    const d = { labels: ['A', 'B'], series: [{ key: 'x', name: 'Received', values: [1, 2] }] };
    expect(chartSummary('By channel', d, String)).toBe('By channel: A 1; B 2.');
    const many = {
      labels: Array.from({ length: 20 }, (_, i) => `d${i}`),
      series: [{ key: 'x', name: 'Received', values: Array(20).fill(2) }],
    };
    expect(chartSummary('Over time', many, String)).toBe('Over time: d0 – d19; Received 40.');
  });

  it('reads the file name the API sends', () => {
    expect(filenameFromDisposition('attachment; filename="complaints-ACME-2026-10-29-2026-11-28.csv"')).toBe(
      'complaints-ACME-2026-10-29-2026-11-28.csv',
    );
    expect(filenameFromDisposition(null)).toBeNull();
  });
});

describe('chart options: readable without colour alone', () => {
  const data = {
    labels: ['1 Nov', '2 Nov'],
    series: [
      { key: 'received', name: 'Received', values: [3, 5] },
      { key: 'closed', name: 'Closed', values: [1, 2] },
      { key: 'escalated', name: 'Escalated', values: [0, 1] },
    ],
  };

  it('time series: aria decals, a legend, a distinct symbol and dash per line, direct end labels', () => {
    const o = buildTimeseriesOption(data);
    expect(o.aria).toMatchObject({ enabled: true, decal: { show: true } });
    expect(o.legend).toMatchObject({ show: true });
    expect(o.xAxis).toMatchObject({ type: 'category', data: ['1 Nov', '2 Nov'] });
    const series = o.series as Array<{
      type: string;
      data: number[];
      symbol: string;
      lineStyle: { type: string };
      endLabel: { show: boolean };
    }>;
    expect(series.map((s) => s.data)).toEqual([
      [3, 5],
      [1, 2],
      [0, 1],
    ]);
    expect(new Set(series.map((s) => s.symbol)).size).toBe(3);
    expect(new Set(series.map((s) => s.lineStyle.type)).size).toBe(3);
    expect(series.every((s) => s.type === 'line' && s.endLabel.show)).toBe(true);
  });

  it('bars: one row per label in table order, values written on the bars', () => {
    const o = buildBarOption({ labels: ['Phone', 'E-mail'], series: [{ key: 'received', name: 'Received', values: [6, 4] }] });
    expect(o.aria).toMatchObject({ enabled: true, decal: { show: true } });
    expect(o.yAxis).toMatchObject({ type: 'category', data: ['Phone', 'E-mail'], inverse: true });
    expect(o.series).toEqual([expect.objectContaining({ type: 'bar', data: [6, 4], label: { show: true, position: 'right' } })]);
  });
});
