import { Injectable } from '@nestjs/common';
import type { AccessKind, AccessLogEntryDto } from '@complaint-desk/contracts';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';

interface AccessLogRow {
  user_id: string;
  user_email: string;
  user_role: string;
  hour: Date;
  first_at: Date;
  last_at: Date;
  accesses: number;
  kinds: AccessKind[];
}

const HOUR_MS = 3_600_000;

/** The start of the UTC hour of `at` (the coalescing bucket). */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/**
 * `complaint_access_log`: who read, exported or erased a complaint's personal data (R4.5-f). At most
 * one row per complaint × user × hour: a later access in the same hour updates that row
 * (`INSERT … ON CONFLICT (complaint_id, user_id, hour) DO UPDATE`).
 */
@Injectable()
export class AccessLogRepository {
  async record(m: EntityManager, a: { complaintId: string; clientId: string; user: Principal; at: Date; kind: AccessKind }): Promise<void> {
    await m.query(
      `INSERT INTO complaint_access_log AS l (complaint_id, client_id, user_id, user_email, user_role, hour, first_at, last_at, accesses, kinds)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1, ARRAY[$8]::varchar(10)[])
       ON CONFLICT (complaint_id, user_id, hour) DO UPDATE SET
         first_at = LEAST(l.first_at, EXCLUDED.first_at),
         last_at = GREATEST(l.last_at, EXCLUDED.last_at),
         accesses = l.accesses + 1,
         user_email = EXCLUDED.user_email,
         user_role = EXCLUDED.user_role,
         kinds = CASE WHEN $8 = ANY(l.kinds) THEN l.kinds ELSE l.kinds || EXCLUDED.kinds END`,
      [a.complaintId, a.clientId, a.user.id, a.user.email, a.user.role, hourOf(a.at), a.at, a.kind],
    );
  }

  /** The complaint's access log, newest hour first (at most `limit` rows). */
  async list(m: EntityManager, complaintId: string, limit: number): Promise<AccessLogEntryDto[]> {
    const rows: AccessLogRow[] = await m.query(
      `SELECT user_id, user_email, user_role, hour, first_at, last_at, accesses, kinds FROM complaint_access_log
        WHERE complaint_id = $1 ORDER BY hour DESC, first_at DESC, user_id LIMIT $2`,
      [complaintId, limit],
    );
    return rows.map((r) => ({
      user: { id: r.user_id, email: r.user_email, role: r.user_role },
      hour: new Date(r.hour).toISOString(),
      firstAt: new Date(r.first_at).toISOString(),
      lastAt: new Date(r.last_at).toISOString(),
      count: Number(r.accesses),
      kinds: r.kinds,
    }));
  }

  /** The complaint's client, when the caller may see it (null: unknown or not served → 404). */
  async complaintClient(m: EntityManager, complaintId: string, p: Principal): Promise<string | null> {
    const params: unknown[] = [complaintId];
    const scope = p.clientFilter('c.client_id', params);
    const rows: Array<{ client_id: string }> = await m.query(`SELECT c.client_id FROM complaints c WHERE c.id = $1 AND ${scope}`, params);
    return rows[0]?.client_id ?? null;
  }
}
