import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeadlineStep } from '@complaint-desk/domain';
import type { EscalationQuarantineList } from '@complaint-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { STATE_COLUMNS, STEP_COLUMNS, type AtRiskColumns, type ComplaintStateRow } from '../complaints/complaint-row';
import { DEADLINE_STEP_NAMES, stepSql } from '../complaints/complaint.repository';

/** A candidate of the sweep: the complaint's state, its stored at-risk instants, its version and whether it has failed before. */
export type Candidate = ComplaintStateRow &
  AtRiskColumns & { id: string; client_id: string; reference: string; version: number; has_failures: boolean; cursor_at: Date };

/** Where the previous batch of a pass ended (its sort key and id). */
export type CandidateCursor = { at: Date; id: string } | null;

export interface CandidateQuery {
  now: Date;
  cursor: CandidateCursor;
  /** Restrict to these clients (a team lead's manual run); null: every client. */
  clientIds: readonly string[] | null;
  limit: number;
}

interface QuarantineRow {
  complaint_id: string;
  reference: string;
  client_id: string;
  code: string;
  version: number;
  attempts: number;
  error_summary: string;
  first_failed_at: Date;
  quarantined_at: Date;
}

/** SQL over `complaints c`: true when this version of the complaint is quarantined (the candidate queries skip it). */
const QUARANTINED_SQL = `EXISTS (SELECT 1 FROM escalation_quarantine q
   WHERE q.complaint_id = c.id AND q.version = c.version AND q.quarantined_at IS NOT NULL)`;

/** SQL over `complaints c`: true when the complaint has any failure record (a success then clears it). */
const HAS_FAILURES_SQL = `EXISTS (SELECT 1 FROM escalation_quarantine q WHERE q.complaint_id = c.id)`;

const COLUMNS = `c.id, c.client_id, c.reference, ${STATE_COLUMNS.map((col) => `c.${col}`).join(', ')},
  ${DEADLINE_STEP_NAMES.map((step) => `c.${STEP_COLUMNS[step].atRisk}`).join(', ')}, c.version, ${HAS_FAILURES_SQL} AS has_failures`;

type ClaimTable = 'escalation_claims' | 'at_risk_claims';

/** SQL over `complaints c`: a claim row of `table` exists for the step's current deadline value. */
const claimed = (table: ClaimTable, step: DeadlineStep) =>
  `EXISTS (SELECT 1 FROM ${table} e WHERE e.complaint_id = c.id AND e.kind = '${step}' AND e.deadline = c.${STEP_COLUMNS[step].deadline})`;

const LIST_LIMIT = 500;

/**
 * The escalation sweep's SQL: its two candidate queries over `complaints`, the exactly-once claims
 * (`escalation_claims`, `at_risk_claims`) and the failure records and quarantine
 * (`escalation_quarantine`). The candidate queries decide every step from the stored columns
 * (`stepSql`): no fraction, no window.
 */
@Injectable()
export class EscalationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Open complaints with a pending deadline passed before `now` and not yet claimed, from the partial
   * index `complaints_open_due (due_at)`, keyset-ordered by (due_at, id), locked `FOR UPDATE SKIP LOCKED`
   * (several instances share the work instead of queueing on it); quarantined versions are skipped.
   */
  overdueCandidates(m: EntityManager, q: CandidateQuery): Promise<Candidate[]> {
    return m.query(this.overdueCandidatesSql(q), this.params(q));
  }

  /**
   * Open complaints past their earliest at-risk instant (partial index `complaints_open_at_risk`) with a
   * pending, not yet breached step whose own at-risk instant has come without a notice for that deadline
   * (the list's `atRisk` test), so complaints that only have breached steps left are not read every sweep.
   */
  atRiskCandidates(m: EntityManager, q: CandidateQuery): Promise<Candidate[]> {
    return m.query(this.atRiskCandidatesSql(q), this.params(q));
  }

  /** The statement of `overdueCandidates` and its parameters (the EXPLAIN specs plan it). */
  overdueStatement(q: CandidateQuery): { sql: string; params: unknown[] } {
    return { sql: this.overdueCandidatesSql(q), params: this.params(q) };
  }

  /** The statement of `atRiskCandidates` and its parameters (the EXPLAIN specs plan it). */
  atRiskStatement(q: CandidateQuery): { sql: string; params: unknown[] } {
    return { sql: this.atRiskCandidatesSql(q), params: this.params(q) };
  }

  /** Inserts the claim of (complaint, step, deadline) unless it exists; true when this call made it (the caller then acts). */
  async claim(
    m: EntityManager,
    table: ClaimTable,
    c: { complaintId: string; step: DeadlineStep; deadline: Date; clientId: string; at: Date },
  ): Promise<boolean> {
    const won: unknown[] = await m.query(
      `INSERT INTO ${table} (complaint_id, kind, deadline, client_id, claimed_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
      [c.complaintId, c.step, c.deadline, c.clientId, c.at],
    );
    return won.length > 0;
  }

  async savepoint(m: EntityManager, name: string): Promise<void> {
    await m.query(`SAVEPOINT ${name}`);
  }

  async releaseSavepoint(m: EntityManager, name: string): Promise<void> {
    await m.query(`RELEASE SAVEPOINT ${name}`);
  }

  async rollbackToSavepoint(m: EntityManager, name: string): Promise<void> {
    await m.query(`ROLLBACK TO SAVEPOINT ${name}`);
  }

  /**
   * Counts one failed attempt of this complaint version (a record of an older version is dropped: the
   * complaint changed, so the count starts again); sets `quarantined_at` when `quarantine` says so for
   * the new count. Returns the count and whether this call quarantined it.
   */
  async recordFailure(
    m: EntityManager,
    c: { id: string; client_id: string; version: number },
    f: { errorSummary: string; at: Date; quarantineAt: (attempts: number) => boolean },
  ): Promise<{ attempts: number; quarantinedNow: boolean }> {
    await m.query(`DELETE FROM escalation_quarantine WHERE complaint_id = $1 AND version <> $2`, [c.id, c.version]);
    const [prev]: Array<{ attempts: number; quarantined_at: Date | null }> = await m.query(
      `SELECT attempts, quarantined_at FROM escalation_quarantine WHERE complaint_id = $1 AND version = $2`,
      [c.id, c.version],
    );
    const attempts = (prev?.attempts ?? 0) + 1;
    const quarantinedNow = !prev?.quarantined_at && f.quarantineAt(attempts);
    await m.query(
      `INSERT INTO escalation_quarantine (complaint_id, version, client_id, attempts, error_summary, first_failed_at, last_failed_at, quarantined_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
       ON CONFLICT (complaint_id, version) DO UPDATE SET attempts = EXCLUDED.attempts, error_summary = EXCLUDED.error_summary,
         last_failed_at = EXCLUDED.last_failed_at, quarantined_at = COALESCE(escalation_quarantine.quarantined_at, EXCLUDED.quarantined_at)`,
      [c.id, c.version, c.client_id, attempts, f.errorSummary, f.at, quarantinedNow ? f.at : null],
    );
    return { attempts, quarantinedNow };
  }

  /** A processed candidate's failure records go (called only for candidates that have some). */
  async clearFailures(m: EntityManager, complaintId: string): Promise<void> {
    await m.query(`DELETE FROM escalation_quarantine WHERE complaint_id = $1`, [complaintId]);
  }

  /** Records of versions the complaint has left behind (it changed since): nothing to skip or list any more. */
  async dropStaleRecords(): Promise<void> {
    await this.db.query(`DELETE FROM escalation_quarantine q USING complaints c WHERE c.id = q.complaint_id AND c.version <> q.version`);
  }

  /** The quarantined complaints in the caller's scope (admins: all), newest first, at most 500, and how many there are. */
  async listQuarantine(p: Principal): Promise<EscalationQuarantineList> {
    const params: unknown[] = [];
    const scope = p.clientFilter('q.client_id', params);
    const from = `FROM escalation_quarantine q
       JOIN complaints c ON c.id = q.complaint_id AND c.version = q.version
       JOIN clients cl ON cl.id = q.client_id
      WHERE q.quarantined_at IS NOT NULL AND ${scope}`;
    const rows: QuarantineRow[] = await this.db.query(
      `SELECT q.complaint_id, c.reference, q.client_id, cl.code, q.version, q.attempts, q.error_summary, q.first_failed_at, q.quarantined_at
       ${from} ORDER BY q.quarantined_at DESC, q.complaint_id LIMIT ${LIST_LIMIT}`,
      params,
    );
    const [{ total }]: Array<{ total: number }> = await this.db.query(`SELECT count(*)::int AS total ${from}`, params);
    return {
      total,
      items: rows.map((r) => ({
        complaintId: r.complaint_id,
        reference: r.reference,
        clientId: r.client_id,
        clientCode: r.code,
        version: Number(r.version),
        attempts: Number(r.attempts),
        errorSummary: r.error_summary,
        firstFailedAt: new Date(r.first_failed_at).toISOString(),
        quarantinedAt: new Date(r.quarantined_at).toISOString(),
      })),
    };
  }

  private overdueCandidatesSql(q: CandidateQuery): string {
    return this.candidatesSql(q, 'due_at', (step) => `(${stepSql.overdue(step, '$1')} AND NOT ${claimed('escalation_claims', step)})`);
  }

  private atRiskCandidatesSql(q: CandidateQuery): string {
    return this.candidatesSql(q, 'at_risk_at', (step) => `(${stepSql.atRisk(step, '$1')} AND NOT ${claimed('at_risk_claims', step)})`);
  }

  /**
   * Open complaints whose `column` instant has passed, one of whose steps is due (`stepDue`), not quarantined,
   * locked with SKIP LOCKED in `column` order. $1 now, then ($2, $3) the keyset cursor when given, then the
   * client ids when scoped.
   */
  private candidatesSql(q: CandidateQuery, column: 'due_at' | 'at_risk_at', stepDue: (step: DeadlineStep) => string): string {
    const keyset = q.cursor ? `AND (c.${column}, c.id) > ($2, $3::uuid)` : '';
    const scope = q.clientIds ? `AND c.client_id = ANY($${q.cursor ? 4 : 2}::uuid[])` : '';
    return `
      SELECT ${COLUMNS}, c.${column} AS cursor_at
        FROM complaints c
       WHERE c.status <> 'closed' AND c.${column} <= $1
         ${keyset} ${scope}
         AND NOT ${QUARANTINED_SQL}
         AND (${DEADLINE_STEP_NAMES.map(stepDue).join(' OR ')})
       ORDER BY c.${column}, c.id
       LIMIT ${Number(q.limit)}
       FOR UPDATE OF c SKIP LOCKED`;
  }

  private params(q: CandidateQuery): unknown[] {
    const p: unknown[] = [q.now];
    if (q.cursor) p.push(q.cursor.at, q.cursor.id);
    if (q.clientIds) p.push([...q.clientIds]);
    return p;
  }
}
