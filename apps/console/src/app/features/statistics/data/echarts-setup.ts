import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartHandle } from './chart-factory';

/**
 * ECharts with only what the dashboard draws (tree-shaken): line and bar charts, grid, legend,
 * tooltip, aria (decal patterns), SVG renderer. Loaded on demand by the statistics page only.
 */
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export function createEChart(el: HTMLElement): ChartHandle {
  return init(el, undefined, { renderer: 'svg' });
}
