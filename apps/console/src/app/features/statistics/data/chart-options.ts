import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { ChartData } from './stats-view';

/** The only ECharts options the dashboard uses (what `echarts-setup.ts` registers). */
export type StatsChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | AriaComponentOption
>;

export type ChartKind = 'line' | 'bar';

/**
 * Readable without colour: decal patterns on bars (ECharts aria), a distinct symbol and dash per
 * line, values written next to the bars, and a legend. The aria label itself comes from the page
 * (role="img" + aria-label on the container), so ECharts' generated one is switched off.
 */
const ARIA: AriaComponentOption = { enabled: true, label: { enabled: false }, decal: { show: true } };
const LINE_SYMBOLS = ['circle', 'rect', 'triangle', 'diamond'] as const;
const LINE_DASHES = ['solid', 'dashed', 'dotted', 'solid'] as const;
/** Colour-blind-safe palette (Okabe–Ito), with enough contrast on white. */
export const CHART_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

const common = (data: ChartData) => ({
  color: CHART_COLORS,
  aria: ARIA,
  animation: false,
  tooltip: { trigger: 'axis' as const },
  legend: { show: data.series.length > 0, top: 0 },
});

/** Received / closed / escalated over time. */
export function buildTimeseriesOption(data: ChartData): StatsChartOption {
  return {
    ...common(data),
    // Room on the right for the end labels.
    grid: { left: 8, right: 88, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: data.labels, boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: data.series.map<LineSeriesOption>((s, i) => ({
      type: 'line',
      name: s.name,
      data: s.values,
      symbol: LINE_SYMBOLS[i % LINE_SYMBOLS.length],
      symbolSize: 8,
      showAllSymbol: true,
      lineStyle: { type: LINE_DASHES[i % LINE_DASHES.length], width: 2 },
      // A direct label at the end of each line names it without the legend's colour.
      endLabel: { show: true, formatter: s.name },
    })),
  };
}

/** Horizontal bars (one row per label) with the value written at the end of each bar. */
export function buildBarOption(data: ChartData): StatsChartOption {
  return {
    ...common(data),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: data.series.length > 1 ? 40 : 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    // First row at the top, as in the table.
    yAxis: { type: 'category', data: data.labels, inverse: true },
    series: data.series.map<BarSeriesOption>((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      label: { show: true, position: 'right' },
    })),
    legend: { show: data.series.length > 1, top: 0 },
  };
}

export function buildChartOption(kind: ChartKind, data: ChartData): StatsChartOption {
  return kind === 'line' ? buildTimeseriesOption(data) : buildBarOption(data);
}

/** Height that gives every bar row room for its label. */
export function chartHeight(kind: ChartKind, data: ChartData): number {
  if (kind === 'line') return 320;
  return Math.max(160, 56 + data.labels.length * (data.series.length > 1 ? 44 : 32));
}
