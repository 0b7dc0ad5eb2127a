import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { atRiskDeadlines, overdueDeadlines, type AutoEscalationReason } from '@complaint-desk/domain';
import { Clock } from '../common/clock';
import { AppConfig, APP_CONFIG } from '../config/config';
import { NotificationRepository } from '../notifications/notification.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { TimelineWriter } from '../timeline/timeline-writer';
import { atRiskOfRow, stateOfRow } from '../complaints/complaint-row';
import { EscalationRepository, type Candidate, type CandidateCursor, type CandidateQuery } from './escalation.repository';
import { errorCode, errorSummary, quarantineMessage } from './escalation-quarantine';

/** Runs one `escalate` action as the system, in the given transaction (the lifecycle's own code path). */
export interface SystemEscalator {
  escalate(m: EntityManager, complaintId: string, reason: AutoEscalationReason): Promise<void>;
}
export const SYSTEM_ESCALATOR = Symbol('SYSTEM_ESCALATOR');

export interface SweepResult {
  /** `escalated` events written by this sweep. */
  escalated: number;
  /** At-risk notices written by this sweep. */
  atRiskNotices: number;
  /** Candidates that failed in this sweep (rolled back alone; retried by the next sweep until quarantined). */
  errors: number;
  /** Candidates this sweep quarantined: ESCALATION_MAX_ATTEMPTS failures of the same complaint version. */
  quarantined: number;
}

export interface SweepOptions {
  /** Restrict to these clients (a team lead's manual run); null/undefined: every client. */
  clientIds?: readonly string[] | null;
}

const SAVEPOINT = 'sweep_candidate';

/**
 * The automatic escalation (R4.4-e c) and at-risk notices.
 *
 * Exactly once per (complaint, step, deadline value), by the database: the sweep inserts an
 * `escalation_claims` row `ON CONFLICT DO NOTHING` and escalates only when its insert won, in the
 * same transaction as the escalation (so a rolled-back escalation releases its claim). A moved
 * deadline is a new key and escalates again; a step done (even late) is no longer pending, so it
 * stops escalating; closed complaints are never candidates.
 *
 * Cost follows the number of complaints that are due: candidates come from the partial index
 * `complaints_open_due (due_at) WHERE status <> 'closed'`, keyset-ordered by (due_at, id) so a
 * sweep always terminates, in batches of BATCH_SIZE, each its own transaction that locks its
 * rows `FOR UPDATE SKIP LOCKED` (several instances share the work instead of queueing on it).
 * `due_at` is only the earliest pending deadline: every overdue deadline of a candidate is
 * handled, and candidates whose overdue deadlines are all claimed are filtered out in SQL.
 *
 * One bad complaint never costs the others: each candidate runs in its own savepoint, and a failure
 * rolls back only that candidate. Its failures are counted per complaint version
 * (`escalation_quarantine`); after ESCALATION_MAX_ATTEMPTS the version is quarantined — one notice to
 * the client's team leads, one error log line (ids only), listed at `GET /api/escalations/quarantine` —
 * and both candidate queries skip it until the complaint changes (its version moves). A candidate
 * processed without error clears its record.
 */
@Injectable()
export class EscalationSweepService {
  /**
   * Candidates per transaction. Their rows stay locked until the batch commits (an escalation costs
   * ~10–25 ms with its listeners), so an agent acting on one of them waits at most about a second —
   * well inside the lifecycle's 5 s lock timeout — and 100 000 breaches are 2 000 short transactions.
   */
  static readonly BATCH_SIZE = 50;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: EscalationRepository,
    @Inject(SYSTEM_ESCALATOR) private readonly escalator: SystemEscalator,
    private readonly notifications: NotificationsService,
    private readonly feed: NotificationRepository,
    private readonly timeline: TimelineWriter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectPinoLogger('EscalationSweep') private readonly logger: PinoLogger,
  ) {}

  async sweep(opts: SweepOptions = {}): Promise<SweepResult> {
    const now = this.clock.now();
    const result: SweepResult = { escalated: 0, atRiskNotices: 0, errors: 0, quarantined: 0 };
    // Complaints that failed in this sweep: a second failure (the other pass) is not another attempt,
    // and a success in the other pass does not clear the first failure.
    const failed = new Set<string>();
    await this.repo.dropStaleRecords();
    await this.escalateOverdue(now, opts, result, failed);
    await this.noticeAtRisk(now, opts, result, failed);
    if (result.escalated || result.atRiskNotices || result.errors) this.logger.info({ ...result }, 'Escalation sweep');
    return result;
  }

  private candidateQuery(now: Date, cursor: CandidateCursor, opts: SweepOptions): CandidateQuery {
    return { now, cursor, clientIds: opts.clientIds ?? null, limit: EscalationSweepService.BATCH_SIZE };
  }

  private async escalateOverdue(now: Date, opts: SweepOptions, result: SweepResult, failed: Set<string>): Promise<void> {
    let cursor: CandidateCursor = null;
    for (;;) {
      const q = this.candidateQuery(now, cursor, opts);
      const batch = await this.db.transaction(async (m) => {
        const rows = await this.repo.overdueCandidates(m, q);
        for (const row of rows) {
          await this.inSavepoint(m, row, now, result, failed, async () => {
            for (const overdue of overdueDeadlines(stateOfRow(row), now)) {
              const claim = { complaintId: row.id, step: overdue.step, deadline: overdue.deadline, clientId: row.client_id, at: now };
              if (!(await this.repo.claim(m, 'escalation_claims', claim))) continue;
              await this.escalator.escalate(m, row.id, overdue.reason);
              result.escalated++;
            }
          });
        }
        return rows;
      });
      if (batch.length === 0) return;
      const last = batch[batch.length - 1];
      cursor = { at: last.cursor_at, id: last.id };
      if (batch.length < EscalationSweepService.BATCH_SIZE) return;
    }
  }

  private async noticeAtRisk(now: Date, opts: SweepOptions, result: SweepResult, failed: Set<string>): Promise<void> {
    let cursor: CandidateCursor = null;
    for (;;) {
      const q = this.candidateQuery(now, cursor, opts);
      const batch = await this.db.transaction(async (m) => {
        const rows = await this.repo.atRiskCandidates(m, q);
        for (const row of rows) {
          await this.inSavepoint(m, row, now, result, failed, async () => {
            for (const risk of atRiskDeadlines(stateOfRow(row), atRiskOfRow(row), now)) {
              const claim = { complaintId: row.id, step: risk.step, deadline: risk.deadline, clientId: row.client_id, at: now };
              if (!(await this.repo.claim(m, 'at_risk_claims', claim))) continue;
              const data = { step: risk.step, deadline: risk.deadline.toISOString(), atRiskFrom: risk.atRiskFrom.toISOString() };
              const eventId = await this.timeline.append(m, {
                complaintId: row.id,
                clientId: row.client_id,
                type: 'at_risk',
                at: now,
                actor: 'system',
                data,
              });
              await this.notifications.notify(m, {
                clientId: row.client_id,
                complaintId: row.id,
                reference: row.reference,
                at: now,
                sourceEventId: eventId,
                notice: { kind: 'at_risk', step: risk.step, deadline: risk.deadline.toISOString() },
              });
              result.atRiskNotices++;
            }
          });
        }
        return rows;
      });
      if (batch.length === 0) return;
      const last = batch[batch.length - 1];
      cursor = { at: last.cursor_at, id: last.id };
      if (batch.length < EscalationSweepService.BATCH_SIZE) return;
    }
  }

  /**
   * One candidate's work in a savepoint of the batch's transaction. A failure rolls back only that
   * candidate (its claims too) and counts an attempt against its version; the attempt that reaches
   * ESCALATION_MAX_ATTEMPTS quarantines it (notice + one error line). Success clears its record.
   * Logs carry ids and the error's class and SQLSTATE only — a message may quote data.
   */
  private async inSavepoint(
    m: EntityManager,
    row: Candidate,
    now: Date,
    result: SweepResult,
    failed: Set<string>,
    work: () => Promise<void>,
  ): Promise<void> {
    const before = { escalated: result.escalated, atRiskNotices: result.atRiskNotices };
    await this.repo.savepoint(m, SAVEPOINT);
    try {
      await work();
      if (row.has_failures && !failed.has(row.id)) await this.repo.clearFailures(m, row.id);
      await this.repo.releaseSavepoint(m, SAVEPOINT);
      return;
    } catch (err) {
      await this.repo.rollbackToSavepoint(m, SAVEPOINT);
      result.escalated = before.escalated;
      result.atRiskNotices = before.atRiskNotices;
      result.errors++;
      const ids = { complaintId: row.id, clientId: row.client_id, version: Number(row.version) };
      const error = { name: err instanceof Error ? err.name : typeof err, code: errorCode(err) };
      if (failed.has(row.id)) {
        this.logger.debug({ ...ids, error }, 'Escalation sweep: candidate failed again in this sweep');
        return;
      }
      failed.add(row.id);
      const max = this.config.escalationMaxAttempts;
      const version = Number(row.version);
      const rec = await this.repo.recordFailure(
        m,
        { id: row.id, client_id: row.client_id, version },
        { errorSummary: errorSummary(err), at: now, quarantineAt: (attempts) => attempts >= max },
      );
      if (rec.quarantinedNow) {
        await this.noticeQuarantined(m, row, rec.attempts, now);
        result.quarantined++;
        this.logger.error(
          { ...ids, attempts: rec.attempts, error },
          'Escalation sweep: candidate quarantined — skipped until the complaint changes (GET /api/escalations/quarantine)',
        );
      } else {
        this.logger.warn(
          { ...ids, attempt: rec.attempts, maxAttempts: max, error },
          'Escalation sweep: candidate failed; the next sweep retries it',
        );
      }
    }
  }

  /** The one notice to the client's team leads (their feed) that a complaint is quarantined: reference and ids only. */
  private async noticeQuarantined(m: EntityManager, row: Candidate, attempts: number, now: Date): Promise<void> {
    const client = await this.feed.recipients(m, row.client_id);
    await this.feed.insert(m, {
      clientId: row.client_id,
      complaintId: row.id,
      kind: 'sweep_failed',
      reference: row.reference,
      message: quarantineMessage(row.reference, client?.name ?? null, attempts),
      data: { attempts, version: Number(row.version) },
      at: now,
    });
  }
}
