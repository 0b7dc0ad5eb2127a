import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  afterRenderEffect,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { FormatService } from '../../../core/i18n/format.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { CHART_FACTORY, ChartHandle } from '../data/chart-factory';
import { ChartKind, buildChartOption, chartHeight } from '../data/chart-options';
import { ChartData, chartSummary } from '../data/stats-view';

/**
 * One chart of the dashboard: a heading, the ECharts drawing (role="img" with a summary as its
 * label), and the same figures as a real table behind a "Show as table" toggle. If the chart
 * cannot be drawn, the table is shown instead and the reason is said.
 */
@Component({
  selector: 'cd-stats-chart',
  imports: [MatButtonModule],
  template: `
    <section class="cd-card chart-card" [attr.aria-labelledby]="chartId() + '-h'">
      <div class="chart-head">
        <h2 [id]="chartId() + '-h'">{{ heading() }}</h2>
        <button
          mat-button
          type="button"
          [attr.aria-expanded]="tableShown()"
          [attr.aria-controls]="chartId() + '-table'"
          (click)="showTable.set(!showTable())"
        >
          {{ tableShown() ? t('statistics.hideTable') : t('statistics.showTable') }}
        </button>
      </div>
      @if (failed()) {
        <p class="cd-muted" role="status">{{ t('statistics.chartFailed') }}</p>
      }
      <div #canvas class="chart" role="img" [attr.aria-label]="summary()" [style.height.px]="height()" [hidden]="failed()"></div>
      <div class="table-wrap" [id]="chartId() + '-table'" [hidden]="!tableShown()">
        <table class="data-table">
          <caption>{{ heading() }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ labelHeader() }}</th>
              @for (s of data().series; track s.key) {
                <th scope="col" class="num">{{ s.name }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (label of data().labels; track $index; let i = $index) {
              <tr>
                <th scope="row">{{ label }}</th>
                @for (s of data().series; track s.key) {
                  <td class="num">{{ fmt.number(s.values[i]) }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .chart-card {
      height: 100%;
      box-sizing: border-box;
    }
    .chart-head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      flex-wrap: wrap;
      h2 {
        font: var(--mat-sys-title-medium);
        margin: 0;
      }
    }
    .chart {
      width: 100%;
      margin-top: 8px;
    }
    .table-wrap {
      overflow-x: auto;
      margin-top: 8px;
    }
    .data-table {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
      caption {
        text-align: left;
        font: var(--mat-sys-label-large);
        padding: 4px 0 8px;
      }
      th,
      td {
        padding: 6px 8px;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
        text-align: left;
      }
      thead th {
        color: var(--mat-sys-on-surface-variant);
      }
      tbody th {
        font-weight: normal;
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatsChartComponent {
  private readonly factory = inject(CHART_FACTORY);
  protected readonly fmt = inject(FormatService);
  protected readonly t = inject(I18nService).t;

  readonly chartId = input.required<string>();
  readonly heading = input.required<string>();
  readonly labelHeader = input.required<string>();
  readonly kind = input<ChartKind>('bar');
  readonly data = input.required<ChartData>();

  protected readonly showTable = signal(false);
  protected readonly failed = signal(false);
  protected readonly tableShown = computed(() => this.showTable() || this.failed());
  protected readonly height = computed(() => chartHeight(this.kind(), this.data()));
  protected readonly summary = computed(() => chartSummary(this.heading(), this.data(), (n) => this.fmt.number(n)));

  private readonly canvas = viewChild.required<ElementRef<HTMLElement>>('canvas');
  private readonly chart = signal<ChartHandle | null>(null);

  constructor() {
    const destroyRef = inject(DestroyRef);
    let destroyed = false;
    destroyRef.onDestroy(() => {
      destroyed = true;
      this.chart()?.dispose();
    });
    afterNextRender(() => {
      this.factory.create(this.canvas().nativeElement).then(
        (handle) => {
          if (destroyed) handle.dispose();
          else this.chart.set(handle);
        },
        () => this.failed.set(true),
      );
      const onResize = () => this.chart()?.resize();
      window.addEventListener('resize', onResize);
      destroyRef.onDestroy(() => window.removeEventListener('resize', onResize));
    });
    // After the DOM update, so a new height is in place when the chart measures itself.
    afterRenderEffect(() => {
      const chart = this.chart();
      if (!chart) return;
      this.height();
      chart.setOption(buildChartOption(this.kind(), this.data()), { notMerge: true });
      chart.resize();
    });
  }
}
