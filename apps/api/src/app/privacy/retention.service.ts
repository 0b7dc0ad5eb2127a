import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { RetentionRunDto } from '@complaint-desk/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig, APP_CONFIG } from '../config/config';
import { IntervalJob } from '../common/jobs/interval-job';
import { ErasureService } from './erasure.service';
import { OutboxRepository } from '../mail/outbox.repository';
import type { AfterCommit } from './personal-data-stores';
import { deleteMailCopies } from './privacy-stores';
import { RetentionRepository } from './retention.repository';

const DAY_MS = 86_400_000;
/** Delivered or failed e-mails keep body and address this long, then they are purged. */
export const OUTBOX_PURGE_AFTER_DAYS = 30;
/** Run records kept for the admin report. */
const RUNS_KEPT_DAYS = 90;

/**
 * Retention (R4.5-f, GDPR storage limitation). Every instance runs it every
 * RETENTION_INTERVAL_SECONDS (BACKGROUND_JOBS) and admins can run it now:
 *
 * 1. Complaints closed longer ago than their client's `policy.retention.eraseAfterDaysClosed`
 *    (default 1095 days) are erased, candidates read in batches of BATCH over the partial index
 *    `complaints_retention`; each is claimed in its own transaction with `FOR NO KEY UPDATE SKIP
 *    LOCKED` and re-checked under the lock, so with any number of instances each is erased exactly
 *    once (actor: system). A complaint that fails is counted, logged by id and tried on the next run.
 * 2. E-mails delivered or failed more than 30 days ago lose body and address (Message-ID stays).
 * 3. The run is recorded (`GET /api/privacy/retention-runs`) and logged with its counts — no personal data.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  static readonly BATCH = 50;
  /** At most this many complaints per run; the next run continues. */
  static readonly RUN_LIMIT = 2000;
  static readonly PURGE_BATCH = 500;
  readonly job: IntervalJob<RetentionRunDto>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: RetentionRepository,
    private readonly outbox: OutboxRepository,
    private readonly erasure: ErasureService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectPinoLogger('Retention') private readonly logger: PinoLogger,
  ) {
    this.job = new IntervalJob('retention', config.retentionIntervalSeconds * 1000, () => this.runOnce(), logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.backgroundJobs) this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }

  /** One run now (an admin's request, or the timer), never overlapping another run of this instance. */
  async runNow(): Promise<RetentionRunDto> {
    const run = await this.job.tick();
    if (run?.ok) return run.result;
    if (run && !run.ok) throw new Error(run.error);
    // A run of this instance was in progress: wait for the next one to finish.
    const next = await this.job.nextRun();
    if (next.ok) return next.result;
    throw new Error(next.error);
  }

  async lastRuns(limit: number): Promise<RetentionRunDto[]> {
    return this.repo.lastRuns(this.db.manager, limit);
  }

  async runOnce(): Promise<RetentionRunDto> {
    const startedAt = this.clock.now();
    let erased = 0;
    let failed = 0;
    let outboxPurged = 0;
    let error: string | null = null;
    try {
      const skip: string[] = [];
      while (erased + failed < RetentionService.RUN_LIMIT) {
        const ids = await this.repo.due(this.db.manager, this.clock.now(), RetentionService.BATCH, skip);
        if (ids.length === 0) break;
        for (const id of ids) {
          try {
            if (await this.eraseOne(id)) erased++;
            else skip.push(id);
          } catch (err) {
            failed++;
            skip.push(id);
            this.logger.warn(
              { complaintId: id, err: { name: (err as Error)?.name, code: (err as { code?: string })?.code } },
              'Retention could not erase a complaint',
            );
          }
        }
      }
      outboxPurged = await this.purgeOutbox();
    } catch (err) {
      error = (err as Error)?.message ?? String(err);
      this.logger.error({ err: { name: (err as Error)?.name } }, 'Retention run failed');
    }
    const finishedAt = this.clock.now();
    const run = await this.db.transaction(async (m) => {
      await this.repo.pruneRuns(m, new Date(finishedAt.getTime() - RUNS_KEPT_DAYS * DAY_MS));
      return this.repo.recordRun(m, { startedAt, finishedAt, erased, failed, outboxPurged, error });
    });
    this.logger.info({ job: 'retention', erased, failed, outboxPurged }, 'Retention run');
    return run;
  }

  /** Claims and erases one due complaint; false when it is no longer due or another instance has it. */
  private async eraseOne(id: string): Promise<boolean> {
    const afterCommit: AfterCommit[] = [];
    const done = await this.db.transaction(async (m) => {
      const now = this.clock.now();
      const row = await this.repo.claim(m, id, now);
      if (!row) return false;
      afterCommit.push(
        ...(await this.erasure.eraseLocked(m, {
          complaintId: row.id,
          clientId: row.client_id,
          at: now,
          reason: `retention: closed more than ${row.erase_after_days} days ago`,
          actor: 'system',
        })),
      );
      return true;
    });
    if (done) await this.erasure.runAfterCommit(afterCommit);
    return done;
  }

  private async purgeOutbox(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.clock.now();
      const before = new Date(now.getTime() - OUTBOX_PURGE_AFTER_DAYS * DAY_MS);
      const ids = await this.db.transaction((m) => this.outbox.purgeDelivered(m, before, now, RetentionService.PURGE_BATCH));
      total += ids.length;
      await deleteMailCopies(this.config, ids, this.logger);
      if (ids.length < RetentionService.PURGE_BATCH) return total;
    }
  }
}
