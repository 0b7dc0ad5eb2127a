import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { atRiskDeadlines, overdueDeadlines, type AutoEscalationReason, type DeadlineStep } from '@complaint-desk/domain';
import { Clock } from '../common/clock';
import { AppConfig, APP_CONFIG } from '../config/config';
import { appendSystemEvent } from '../mail/timeline.util';
import { NotificationsService } from '../notifications/notifications.service';
import { atRiskOfRow, STATE_COLUMNS, STEP_COLUMNS, stateOfRow, type AtRiskColumns, type ComplaintStateRow } from '../complaints/complaint-row';
import { DEADLINE_STEP_NAMES, stepSql } from '../complaints/complaint.repository';
import {
  clearFailures,
  dropStaleRecords,
  errorCode,
  HAS_FAILURES_SQL,
  noticeQuarantined,
  QUARANTINED_SQL,
  recordFailure,
} from './escalation-quarantine';

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

type Cursor = { at: Date; id: string } | null;

/** A candidate row: the complaint's state and stored at-risk instants, its version and whether it has failed before. */
type Candidate = ComplaintStateRow &
  AtRiskColumns & { id: string; client_id: string; reference: string; cursor_at: Date; version: number; has_failures: boolean };

const COLUMNS = `c.id, c.client_id, c.reference, ${STATE_COLUMNS.map((col) => `c.${col}`).join(', ')},
  ${DEADLINE_STEP_NAMES.map((step) => `c.${STEP_COLUMNS[step].atRisk}`).join(', ')}, c.version, ${HAS_FAILURES_SQL} AS has_failures`;

/** SQL over `complaints c`: a claim row of `table` exists for the step's current deadline value. */
const claimed = (table: 'escalation_claims' | 'at_risk_claims', step: DeadlineStep) =>
  `EXISTS (SELECT 1 FROM ${table} e WHERE e.complaint_id = c.id AND e.kind = '${step}' AND e.deadline = c.${STEP_COLUMNS[step].deadline})`;

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
    @Inject(SYSTEM_ESCALATOR) private readonly escalator: SystemEscalator,
    private readonly notifications: NotificationsService,
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
    await dropStaleRecords(this.db);
    await this.escalateOverdue(now, opts, result, failed);
    await this.noticeAtRisk(now, opts, result, failed);
    if (result.escalated || result.atRiskNotices || result.errors) this.logger.info({ ...result }, 'Escalation sweep');
    return result;
  }

  /** The candidate query of the escalation sweep (exported for the EXPLAIN test). */
  overdueCandidatesSql(cursor: Cursor, scoped: boolean): string {
    // $1 now, then ($2, $3) the keyset cursor when given, then the client ids when scoped.
    const keyset = cursor ? `AND (c.due_at, c.id) > ($2, $3::uuid)` : '';
    const scope = scoped ? `AND c.client_id = ANY($${cursor ? 4 : 2}::uuid[])` : '';
    const overdue = DEADLINE_STEP_NAMES.map((step) => `(${stepSql.overdue(step, '$1')} AND NOT ${claimed('escalation_claims', step)})`);
    return `
      SELECT ${COLUMNS}, c.due_at AS cursor_at
        FROM complaints c
       WHERE c.status <> 'closed' AND c.due_at <= $1
         ${keyset} ${scope}
         AND NOT ${QUARANTINED_SQL}
         AND (${overdue.join(' OR ')})
       ORDER BY c.due_at, c.id
       LIMIT ${EscalationSweepService.BATCH_SIZE}
       FOR UPDATE OF c SKIP LOCKED`;
  }

  /**
   * The candidate query of the at-risk notices: open complaints past their earliest at-risk instant
   * (partial index `complaints_open_at_risk`) that have a pending, not yet breached step whose own
   * stored at-risk instant has come without a notice for that deadline (`stepSql.atRisk`, the same
   * per-step test as the list's `atRisk` filter), so complaints that only have breached steps left are
   * not read every sweep.
   */
  atRiskCandidatesSql(cursor: Cursor, scoped: boolean): string {
    const keyset = cursor ? `AND (c.at_risk_at, c.id) > ($2, $3::uuid)` : '';
    const scope = scoped ? `AND c.client_id = ANY($${cursor ? 4 : 2}::uuid[])` : '';
    const atRisk = DEADLINE_STEP_NAMES.map((step) => `(${stepSql.atRisk(step, '$1')} AND NOT ${claimed('at_risk_claims', step)})`);
    return `
      SELECT ${COLUMNS}, c.at_risk_at AS cursor_at
        FROM complaints c
       WHERE c.status <> 'closed' AND c.at_risk_at <= $1
         ${keyset} ${scope}
         AND NOT ${QUARANTINED_SQL}
         AND (${atRisk.join(' OR ')})
       ORDER BY c.at_risk_at, c.id
       LIMIT ${EscalationSweepService.BATCH_SIZE}
       FOR UPDATE OF c SKIP LOCKED`;
  }

  private params(now: Date, cursor: Cursor, opts: SweepOptions): unknown[] {
    const p: unknown[] = [now];
    if (cursor) p.push(cursor.at, cursor.id);
    if (opts.clientIds) p.push([...opts.clientIds]);
    return p;
  }

  private async escalateOverdue(now: Date, opts: SweepOptions, result: SweepResult, failed: Set<string>): Promise<void> {
    let cursor: Cursor = null;
    for (;;) {
      const sql = this.overdueCandidatesSql(cursor, !!opts.clientIds);
      const batch = await this.db.transaction(async (m) => {
        const rows: Candidate[] = await m.query(sql, this.params(now, cursor, opts));
        for (const row of rows) {
          await this.inSavepoint(m, row, now, result, failed, async () => {
            for (const overdue of overdueDeadlines(stateOfRow(row), now)) {
              const won: unknown[] = await m.query(
                `INSERT INTO escalation_claims (complaint_id, kind, deadline, client_id, claimed_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
                [row.id, overdue.step, overdue.deadline, row.client_id, now],
              );
              if (won.length === 0) continue;
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
    let cursor: Cursor = null;
    for (;;) {
      const sql = this.atRiskCandidatesSql(cursor, !!opts.clientIds);
      const batch = await this.db.transaction(async (m) => {
        const rows: Candidate[] = await m.query(sql, this.params(now, cursor, opts));
        for (const row of rows) {
          await this.inSavepoint(m, row, now, result, failed, async () => {
            for (const risk of atRiskDeadlines(stateOfRow(row), atRiskOfRow(row), now)) {
              const won: unknown[] = await m.query(
                `INSERT INTO at_risk_claims (complaint_id, kind, deadline, client_id, claimed_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
                [row.id, risk.step, risk.deadline, row.client_id, now],
              );
              if (won.length === 0) continue;
              const data = { step: risk.step, deadline: risk.deadline.toISOString(), atRiskFrom: risk.atRiskFrom.toISOString() };
              const eventId = await appendSystemEvent(m, { complaintId: row.id, clientId: row.client_id, type: 'at_risk', at: now, data });
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
    await m.query('SAVEPOINT sweep_candidate');
    try {
      await work();
      if (row.has_failures && !failed.has(row.id)) await clearFailures(m, row.id);
      await m.query('RELEASE SAVEPOINT sweep_candidate');
      return;
    } catch (err) {
      await m.query('ROLLBACK TO SAVEPOINT sweep_candidate');
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
      const rec = await recordFailure(m, { ...row, version: Number(row.version) }, err, now, max);
      if (rec.quarantinedNow) {
        await noticeQuarantined(m, { ...row, version: Number(row.version) }, rec.attempts, now);
        result.quarantined++;
        this.logger.error(
          { ...ids, attempts: rec.attempts, error },
          'Escalation sweep: candidate quarantined — skipped until the complaint changes (GET /api/escalations/quarantine)',
        );
      } else {
        this.logger.warn({ ...ids, attempt: rec.attempts, maxAttempts: max, error }, 'Escalation sweep: candidate failed; the next sweep retries it');
      }
    }
  }
}
