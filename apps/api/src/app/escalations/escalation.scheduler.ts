import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { AppConfig, APP_CONFIG } from '../config/config';
import { IntervalJob } from '../common/jobs/interval-job';
import { EscalationSweepService, SweepResult } from './escalation-sweep.service';

/**
 * Runs the escalation sweep every ESCALATION_INTERVAL_SECONDS in this instance (started when the
 * application has bootstrapped, stopped on shutdown; runs never overlap, errors are logged).
 * `job.nextRun()` lets tests await a background run instead of sleeping.
 */
@Injectable()
export class EscalationScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  readonly job: IntervalJob<SweepResult>;

  constructor(
    sweep: EscalationSweepService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectPinoLogger('EscalationScheduler') logger: PinoLogger,
  ) {
    this.job = new IntervalJob('escalation-sweep', config.escalationIntervalSeconds * 1000, () => sweep.sweep(), logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.backgroundJobs) this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
