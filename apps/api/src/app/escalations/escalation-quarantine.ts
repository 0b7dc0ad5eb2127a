import type { EscalationQuarantineList } from '@complaint-desk/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';

/**
 * Failed sweep attempts and the quarantine (table `escalation_quarantine`, one row per complaint and
 * the version that failed). The sweep holds the candidate's row lock (`FOR UPDATE … SKIP LOCKED`)
 * while it records a failure, so one complaint's record is never written by two sweeps at once.
 */

/** SQL over `complaints c`: true when this version of the complaint is quarantined (the candidate queries skip it). */
export const QUARANTINED_SQL = `EXISTS (SELECT 1 FROM escalation_quarantine q
   WHERE q.complaint_id = c.id AND q.version = c.version AND q.quarantined_at IS NOT NULL)`;

/** SQL over `complaints c`: true when the complaint has any failure record (a success then clears it). */
export const HAS_FAILURES_SQL = `EXISTS (SELECT 1 FROM escalation_quarantine q WHERE q.complaint_id = c.id)`;

export interface FailedCandidate {
  id: string;
  client_id: string;
  reference: string;
  version: number;
}

export interface FailureRecord {
  attempts: number;
  /** True when this failure reached the limit: the caller notifies and logs it, once. */
  quarantinedNow: boolean;
}

/** Error class, SQLSTATE and message, for the admin listing (never logged: a message may quote data). */
export function errorSummary(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = errorCode(err);
  return `${e.name}${code ? ` ${code}` : ''}: ${e.message}`.slice(0, 500);
}

/** The SQLSTATE of a database error (TypeORM's QueryFailedError or a pg error), else null. */
export function errorCode(err: unknown): string | null {
  const o = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = o?.code ?? o?.driverError?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * Counts one failed attempt of this complaint version (a record of an older version is dropped: the
 * complaint changed, so the count starts again) and quarantines it when `maxAttempts` is reached.
 */
export async function recordFailure(
  m: EntityManager,
  c: FailedCandidate,
  err: unknown,
  now: Date,
  maxAttempts: number,
): Promise<FailureRecord> {
  await m.query(`DELETE FROM escalation_quarantine WHERE complaint_id = $1 AND version <> $2`, [c.id, c.version]);
  const [prev]: Array<{ attempts: number; quarantined_at: Date | null }> = await m.query(
    `SELECT attempts, quarantined_at FROM escalation_quarantine WHERE complaint_id = $1 AND version = $2`,
    [c.id, c.version],
  );
  const attempts = (prev?.attempts ?? 0) + 1;
  const quarantinedNow = !prev?.quarantined_at && attempts >= maxAttempts;
  await m.query(
    `INSERT INTO escalation_quarantine (complaint_id, version, client_id, attempts, error_summary, first_failed_at, last_failed_at, quarantined_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
     ON CONFLICT (complaint_id, version) DO UPDATE SET attempts = EXCLUDED.attempts, error_summary = EXCLUDED.error_summary,
       last_failed_at = EXCLUDED.last_failed_at, quarantined_at = COALESCE(escalation_quarantine.quarantined_at, EXCLUDED.quarantined_at)`,
    [c.id, c.version, c.client_id, attempts, errorSummary(err), now, quarantinedNow ? now : null],
  );
  return { attempts, quarantinedNow };
}

/** A processed candidate's failure records go (called only for candidates that have some). */
export async function clearFailures(m: EntityManager, complaintId: string): Promise<void> {
  await m.query(`DELETE FROM escalation_quarantine WHERE complaint_id = $1`, [complaintId]);
}

/** Records of versions the complaint has left behind (it changed since): nothing to skip or list any more. */
export async function dropStaleRecords(db: DataSource): Promise<void> {
  await db.query(
    `DELETE FROM escalation_quarantine q USING complaints c WHERE c.id = q.complaint_id AND c.version <> q.version`,
  );
}

/**
 * The one notice to the client's team leads (their feed, `GET /api/notifications`) that a complaint is
 * quarantined. Ids and the reference only: no customer data.
 */
export async function noticeQuarantined(m: EntityManager, c: FailedCandidate, attempts: number, now: Date): Promise<void> {
  const [client]: Array<{ name: string }> = await m.query(`SELECT name FROM clients WHERE id = $1`, [c.client_id]);
  const message =
    `${c.reference} (${client?.name ?? 'unknown client'}): the escalation sweep failed ${attempts} times on this complaint ` +
    `and skips it until the complaint changes — watch its deadlines by hand; an admin sees the error under the sweep's quarantine.`;
  await m.query(
    `INSERT INTO notifications (client_id, complaint_id, kind, reference, message, data, created_at)
     VALUES ($1, $2, 'sweep_failed', $3, $4, $5::jsonb, $6)`,
    [c.client_id, c.id, c.reference, message.slice(0, 500), JSON.stringify({ attempts, version: c.version }), now],
  );
}

const LIST_LIMIT = 500;

/** The quarantined complaints in the caller's scope (admins: all), newest first. */
export async function listQuarantine(db: DataSource, p: Principal): Promise<EscalationQuarantineList> {
  const params: unknown[] = [];
  const scope = p.clientFilter('q.client_id', params);
  const from = `FROM escalation_quarantine q
     JOIN complaints c ON c.id = q.complaint_id AND c.version = q.version
     JOIN clients cl ON cl.id = q.client_id
    WHERE q.quarantined_at IS NOT NULL AND ${scope}`;
  const rows: Array<{
    complaint_id: string;
    reference: string;
    client_id: string;
    code: string;
    version: number;
    attempts: number;
    error_summary: string;
    first_failed_at: Date;
    quarantined_at: Date;
  }> = await db.query(
    `SELECT q.complaint_id, c.reference, q.client_id, cl.code, q.version, q.attempts, q.error_summary, q.first_failed_at, q.quarantined_at
     ${from} ORDER BY q.quarantined_at DESC, q.complaint_id LIMIT ${LIST_LIMIT}`,
    params,
  );
  const [{ total }]: Array<{ total: number }> = await db.query(`SELECT count(*)::int AS total ${from}`, params);
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
