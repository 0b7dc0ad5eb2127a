import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';

export interface ExportedEvent {
  type: string;
  at: string;
  /** Who acted: a staff role, or `system`. Staff identities are not part of a customer's export. */
  by: string;
  data: Record<string, unknown>;
}

interface EventRow {
  type: string;
  at: Date;
  actor_role: string | null;
  data: Record<string, unknown>;
}

/**
 * The privacy side of `complaint_events`. The timeline stays append-only (triggers raise on UPDATE,
 * DELETE, TRUNCATE); the only change ever made to an event is through the database function
 * `erase_complaint_timeline` (migration 1764370000000), called here.
 */
@Injectable()
export class TimelinePrivacyRepository {
  /**
   * Tombstones the personal keys of every event of the (closed) complaint and appends the
   * `personal_data_erased` event, in `m`'s transaction. Returns the new event's id.
   */
  async eraseAndRecord(
    m: EntityManager,
    a: { complaintId: string; keys: Record<string, string[]>; keep: readonly string[]; at: Date; actor: Principal | 'system'; data: Record<string, unknown> },
  ): Promise<string> {
    const u = a.actor === 'system' ? null : a.actor;
    const rows: Array<{ id: string }> = await m.query(
      `SELECT erase_complaint_timeline($1, $2::jsonb, $3::text[], $4, $5, $6, $7, $8::jsonb) AS id`,
      [a.complaintId, JSON.stringify(a.keys), [...a.keep], a.at, u?.id ?? null, u?.email ?? null, u?.role ?? null, JSON.stringify(a.data)],
    );
    return String(rows[0].id);
  }

  /** Appends an audit event (e.g. `personal_data_exported`) by the user to the complaint's timeline. */
  async append(m: EntityManager, e: { complaintId: string; clientId: string; type: string; at: Date; actor: Principal; data: Record<string, unknown> }): Promise<string> {
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO complaint_events (complaint_id, client_id, type, at, actor_id, actor_email, actor_role, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id`,
      [e.complaintId, e.clientId, e.type, e.at, e.actor.id, e.actor.email, e.actor.role, JSON.stringify(e.data)],
    );
    return String(rows[0].id);
  }

  /** The complaint's timeline for the customer's export: type, time, the acting role, data. */
  async export(m: EntityManager, complaintId: string): Promise<ExportedEvent[]> {
    const rows: EventRow[] = await m.query(
      `SELECT type, at, actor_role, data FROM complaint_events WHERE complaint_id = $1 ORDER BY id`,
      [complaintId],
    );
    return rows.map((r) => ({ type: r.type, at: new Date(r.at).toISOString(), by: r.actor_role ?? 'system', data: r.data ?? {} }));
  }
}
