import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import type { AutoEscalationReason } from '@complaint-desk/domain';
import { Clock } from '../common/clock';
import { appendSystemEvent } from '../mail/timeline.util';
import { NotificationsService } from '../notifications/notifications.service';
import { atRiskMomentPassedSql, STEP_WINDOWS, type StepWindow } from '../complaints/deadline-steps.sql';
import { atRiskOf, DeadlineRow, overdueOf } from './complaint-deadlines.util';

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
  /** Candidates that failed (logged; retried by the next sweep). */
  errors: number;
}

export interface SweepOptions {
  /** Restrict to these clients (a team lead's manual run); null/undefined: every client. */
  clientIds?: readonly string[] | null;
}

type Cursor = { at: Date; id: string } | null;

const COLUMNS = `c.id, c.client_id, c.reference, c.status, c.received_at, c.acknowledged_at, c.closed_at, c.last_update_at,
  c.acknowledge_by, c.resolve_by, c.next_update_by, c.escalation_level`;

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
    @InjectPinoLogger('EscalationSweep') private readonly logger: PinoLogger,
  ) {}

  async sweep(opts: SweepOptions = {}): Promise<SweepResult> {
    const now = this.clock.now();
    const result: SweepResult = { escalated: 0, atRiskNotices: 0, errors: 0 };
    await this.escalateOverdue(now, opts, result);
    await this.noticeAtRisk(now, opts, result);
    if (result.escalated || result.atRiskNotices || result.errors) this.logger.info({ ...result }, 'Escalation sweep');
    return result;
  }

  /** The candidate query of the escalation sweep (exported for the EXPLAIN test). */
  overdueCandidatesSql(cursor: Cursor, scoped: boolean): string {
    // $1 now, then ($2, $3) the keyset cursor when given, then the client ids when scoped.
    const keyset = cursor ? `AND (c.due_at, c.id) > ($2, $3::uuid)` : '';
    const scope = scoped ? `AND c.client_id = ANY($${cursor ? 4 : 2}::uuid[])` : '';
    const claimed = (kind: string, column: string) =>
      `EXISTS (SELECT 1 FROM escalation_claims e WHERE e.complaint_id = c.id AND e.kind = '${kind}' AND e.deadline = c.${column})`;
    return `
      SELECT ${COLUMNS}, c.due_at AS cursor_at
        FROM complaints c
       WHERE c.status <> 'closed' AND c.due_at <= $1
         ${keyset} ${scope}
         AND (   (c.acknowledged_at IS NULL AND c.acknowledge_by < $1 AND NOT ${claimed('acknowledge', 'acknowledge_by')})
              OR (c.status = 'acknowledged' AND c.next_update_by < $1 AND NOT ${claimed('update', 'next_update_by')})
              OR (c.closed_at IS NULL AND c.resolve_by < $1 AND NOT ${claimed('resolve', 'resolve_by')}))
       ORDER BY c.due_at, c.id
       LIMIT ${EscalationSweepService.BATCH_SIZE}
       FOR UPDATE OF c SKIP LOCKED`;
  }

  /**
   * The candidate query of the at-risk notices: open complaints past their earliest at-risk moment
   * (partial index `complaints_open_at_risk`) that have a pending, not yet breached step whose own
   * at-risk moment has passed without a notice for that deadline (`atRiskMomentPassedSql`, the same
   * per-step test as the list's `atRisk` filter, with a second of slack), so complaints that only have
   * breached steps left are not read every sweep.
   */
  atRiskCandidatesSql(cursor: Cursor, scoped: boolean): string {
    const keyset = cursor ? `AND (c.at_risk_at, c.id) > ($2, $3::uuid)` : '';
    const scope = scoped ? `AND c.client_id = ANY($${cursor ? 4 : 2}::uuid[])` : '';
    const noticed = (kind: string, column: string) =>
      `EXISTS (SELECT 1 FROM at_risk_claims a WHERE a.complaint_id = c.id AND a.kind = '${kind}' AND a.deadline = c.${column})`;
    // one second of slack: rounding may never hide a candidate; the exact decision is atRiskOf() in TypeScript
    const atRiskPassed = (w: StepWindow) => atRiskMomentPassedSql(w, 'r.f', '$1', 1000);
    return `
      SELECT ${COLUMNS}, c.at_risk_at AS cursor_at, r.f AS at_risk_fraction
        FROM complaints c
        JOIN clients cl ON cl.id = c.client_id
        CROSS JOIN LATERAL (SELECT COALESCE((c.policy_snapshot->>'atRiskAt')::float8, (cl.policy->>'atRiskAt')::float8, 0.8) AS f) r
       WHERE c.status <> 'closed' AND c.at_risk_at <= $1
         ${keyset} ${scope}
         AND (   (c.acknowledged_at IS NULL AND c.acknowledge_by >= $1
                  AND ${atRiskPassed(STEP_WINDOWS.acknowledge)} AND NOT ${noticed('acknowledge', 'acknowledge_by')})
              OR (c.status = 'acknowledged' AND c.next_update_by >= $1
                  AND ${atRiskPassed(STEP_WINDOWS.update)} AND NOT ${noticed('update', 'next_update_by')})
              OR (c.closed_at IS NULL AND c.resolve_by >= $1
                  AND ${atRiskPassed(STEP_WINDOWS.resolve)} AND NOT ${noticed('resolve', 'resolve_by')}))
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

  private async escalateOverdue(now: Date, opts: SweepOptions, result: SweepResult): Promise<void> {
    let cursor: Cursor = null;
    for (;;) {
      const sql = this.overdueCandidatesSql(cursor, !!opts.clientIds);
      const batch = await this.db.transaction(async (m) => {
        const rows: Array<DeadlineRow & { cursor_at: Date }> = await m.query(sql, this.params(now, cursor, opts));
        for (const row of rows) {
          await this.inSavepoint(m, row, result, async () => {
            for (const overdue of overdueOf({ ...row, at_risk_fraction: 0 }, now)) {
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

  private async noticeAtRisk(now: Date, opts: SweepOptions, result: SweepResult): Promise<void> {
    let cursor: Cursor = null;
    for (;;) {
      const sql = this.atRiskCandidatesSql(cursor, !!opts.clientIds);
      const batch = await this.db.transaction(async (m) => {
        const rows: Array<DeadlineRow & { cursor_at: Date }> = await m.query(sql, this.params(now, cursor, opts));
        for (const row of rows) {
          await this.inSavepoint(m, row, result, async () => {
            for (const risk of atRiskOf({ ...row, at_risk_fraction: Number(row.at_risk_fraction) }, now)) {
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

  /** One candidate's work; a failure rolls back only that candidate (its claims too) and is retried next sweep. */
  private async inSavepoint(m: EntityManager, row: DeadlineRow, result: SweepResult, work: () => Promise<void>): Promise<void> {
    const before = { escalated: result.escalated, atRiskNotices: result.atRiskNotices };
    await m.query('SAVEPOINT sweep_candidate');
    try {
      await work();
      await m.query('RELEASE SAVEPOINT sweep_candidate');
    } catch (err) {
      await m.query('ROLLBACK TO SAVEPOINT sweep_candidate');
      result.escalated = before.escalated;
      result.atRiskNotices = before.atRiskNotices;
      result.errors++;
      const e = err instanceof Error ? err : new Error(String(err));
      this.logger.error({ complaintId: row.id, err: { name: e.name, message: e.message } }, 'Escalation sweep: candidate failed');
    }
  }
}
