import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Who wrote an event: a signed-in user (a `Principal`), or the system (sweep, outbox worker, retention). */
export type TimelineActor = { id: string; email: string; role: string } | 'system';

/** One row of `complaint_events` as stored. */
export interface TimelineEventRow {
  id: string;
  type: string;
  at: Date;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  data: Record<string, unknown>;
}

export interface NewTimelineEvent {
  complaintId: string;
  clientId: string;
  type: string;
  at: Date;
  actor: TimelineActor;
  /** Serialised as jsonb. Never an address or other personal data in a system event. */
  data: object;
}

/**
 * The SQL of the complaint timeline (`complaint_events`). The timeline is append-only (triggers raise
 * on UPDATE, DELETE and TRUNCATE); the one change ever made to stored events is the erasure through
 * the database function `erase_complaint_timeline` (migration 1764370000000). Every write of the
 * timeline goes through this class — lifecycle events through `TimelineWriter.appendAndPublish`.
 */
@Injectable()
export class TimelineRepository {
  /** Appends one event in `m`'s transaction; returns its id. */
  async append(m: EntityManager, e: NewTimelineEvent): Promise<string> {
    const a = e.actor === 'system' ? null : e.actor;
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO complaint_events (complaint_id, client_id, type, at, actor_id, actor_email, actor_role, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id`,
      [e.complaintId, e.clientId, e.type, e.at, a?.id ?? null, a?.email ?? null, a?.role ?? null, JSON.stringify(e.data)],
    );
    return String(rows[0].id);
  }

  /** The complaint's events, oldest first. */
  listByComplaint(m: EntityManager, complaintId: string): Promise<TimelineEventRow[]> {
    return m.query(
      `SELECT id, type, at, actor_id, actor_email, actor_role, data FROM complaint_events
        WHERE complaint_id = $1 ORDER BY id`,
      [complaintId],
    );
  }

  /**
   * Tombstones the personal keys of every event of the (closed) complaint and appends the
   * `personal_data_erased` event, in `m`'s transaction (R4.5-f). Returns the new event's id.
   */
  async eraseAndRecord(
    m: EntityManager,
    a: { complaintId: string; keys: Record<string, string[]>; keep: readonly string[]; at: Date; actor: TimelineActor; data: object },
  ): Promise<string> {
    const u = a.actor === 'system' ? null : a.actor;
    const rows: Array<{ id: string }> = await m.query(
      `SELECT erase_complaint_timeline($1, $2::jsonb, $3::text[], $4, $5, $6, $7, $8::jsonb) AS id`,
      [a.complaintId, JSON.stringify(a.keys), [...a.keep], a.at, u?.id ?? null, u?.email ?? null, u?.role ?? null, JSON.stringify(a.data)],
    );
    return String(rows[0].id);
  }
}
