import { Injectable } from '@nestjs/common';
import { DEFAULT_ERASE_AFTER_DAYS_CLOSED, type RetentionRunDto } from '@complaint-desk/contracts';
import type { EntityManager } from 'typeorm';
import type { PrivacyComplaintRow } from './privacy.repository';

interface RunRow {
  id: string;
  started_at: Date;
  finished_at: Date;
  erased: number;
  failed: number;
  outbox_purged: number;
  error: string | null;
}

/** `policy.retention.eraseAfterDaysClosed` of the client `cl`, defaulting like the contract. */
const DAYS = `COALESCE((cl.policy -> 'retention' ->> 'eraseAfterDaysClosed')::int, ${DEFAULT_ERASE_AFTER_DAYS_CLOSED})`;

/**
 * SQL of the retention job: which closed complaints are past their client's retention, claiming one
 * for erasure (`FOR NO KEY UPDATE SKIP LOCKED`, re-checked under the lock, so with several instances
 * each complaint is erased exactly once), and the record of each run.
 */
@Injectable()
export class RetentionRepository {
  /**
   * Up to `limit` complaints due for erasure at `now`, oldest closing first, per client over the
   * partial index `complaints_retention (client_id, closed_at, id) WHERE status = 'closed' AND
   * erased_at IS NULL` (erased complaints never slow it down). Candidates only: not locked.
   */
  async due(m: EntityManager, now: Date, limit: number, exclude: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(
      `SELECT d.id FROM clients cl
        CROSS JOIN LATERAL (
          SELECT c.id, c.closed_at FROM complaints c
           WHERE c.client_id = cl.id AND c.status = 'closed' AND c.erased_at IS NULL
             AND c.closed_at <= $1::timestamptz - make_interval(days => ${DAYS})
             AND NOT (c.id = ANY($3::uuid[]))
           ORDER BY c.closed_at, c.id LIMIT $2) d
        ORDER BY d.closed_at, d.id LIMIT $2`,
      [now, limit, exclude],
    );
    return rows.map((r) => r.id);
  }

  /** Locks the complaint when it is still due and not locked by another instance; null otherwise. */
  async claim(m: EntityManager, id: string, now: Date): Promise<(PrivacyComplaintRow & { erase_after_days: number }) | null> {
    const rows: Array<PrivacyComplaintRow & { erase_after_days: number }> = await m.query(
      `SELECT c.*, ${DAYS} AS erase_after_days FROM complaints c JOIN clients cl ON cl.id = c.client_id
        WHERE c.id = $1 AND c.status = 'closed' AND c.erased_at IS NULL
          AND c.closed_at <= $2::timestamptz - make_interval(days => ${DAYS})
        FOR NO KEY UPDATE OF c SKIP LOCKED`,
      [id, now],
    );
    return rows[0] ?? null;
  }

  async recordRun(
    m: EntityManager,
    r: { startedAt: Date; finishedAt: Date; erased: number; failed: number; outboxPurged: number; error: string | null },
  ): Promise<RetentionRunDto> {
    const rows: RunRow[] = await m.query(
      `INSERT INTO privacy_job_runs (job, started_at, finished_at, erased, failed, outbox_purged, error)
       VALUES ('retention', $1, $2, $3, $4, $5, $6) RETURNING *`,
      [r.startedAt, r.finishedAt, r.erased, r.failed, r.outboxPurged, r.error === null ? null : r.error.slice(0, 500)],
    );
    return toRun(rows[0]);
  }

  /** Keeps the run history bounded: runs started before `before` are deleted. */
  async pruneRuns(m: EntityManager, before: Date): Promise<void> {
    await m.query(`DELETE FROM privacy_job_runs WHERE job = 'retention' AND started_at < $1`, [before]);
  }

  async lastRuns(m: EntityManager, limit: number): Promise<RetentionRunDto[]> {
    const rows: RunRow[] = await m.query(
      `SELECT * FROM privacy_job_runs WHERE job = 'retention' ORDER BY started_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toRun);
  }
}

function toRun(r: RunRow): RetentionRunDto {
  return {
    id: String(r.id),
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: new Date(r.finished_at).toISOString(),
    erased: Number(r.erased),
    failed: Number(r.failed),
    outboxPurged: Number(r.outbox_purged),
    error: r.error,
  };
}
