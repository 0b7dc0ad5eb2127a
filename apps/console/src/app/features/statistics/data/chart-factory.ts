import { InjectionToken } from '@angular/core';
import type { StatsChartOption } from './chart-options';

/** What the dashboard needs of a chart instance. */
export interface ChartHandle {
  setOption(option: StatsChartOption, opts?: { notMerge?: boolean }): void;
  resize(): void;
  dispose(): void;
}

/** Creates a chart in an element. Tests replace it with a fake that records the options. */
export interface ChartFactory {
  create(el: HTMLElement): Promise<ChartHandle>;
}

/** ECharts, imported on first use so it stays in a lazy chunk of its own. */
export const CHART_FACTORY = new InjectionToken<ChartFactory>('CHART_FACTORY', {
  providedIn: 'root',
  factory: () => ({
    create: async (el) => (await import('./echarts-setup')).createEChart(el),
  }),
});
