import { Module, OnModuleInit } from '@nestjs/common';
import { CoreModule } from '../common/core.module';
import { ComplaintEventBus } from '../common/complaint-event-bus';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';
import { StatsExportService } from './stats-export.service';

/**
 * Client statistics (R4.4-f): KPIs, time series and the PII-free export, answered from rollups that
 * the `statistics` bus listener keeps up to date in the transaction of every lifecycle action.
 */
@Module({
  imports: [CoreModule],
  controllers: [StatisticsController],
  providers: [StatisticsService, StatsExportService, StatisticsRepository],
  exports: [StatisticsService],
})
export class StatisticsModule implements OnModuleInit {
  constructor(
    private readonly bus: ComplaintEventBus,
    private readonly stats: StatisticsService,
  ) {}

  onModuleInit(): void {
    this.bus.register('statistics', (ctx) => this.stats.onComplaintEvent(ctx));
  }
}
