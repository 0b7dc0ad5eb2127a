import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ERASED, type NotificationDto } from '@complaint-desk/contracts';
import type { Principal } from '../auth/principal';

interface NotificationRow {
  id: string;
  kind: string;
  complaint_id: string;
  reference: string;
  client_id: string;
  message: string;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

/** Who a notice about a client goes to: the client's name and zone, and its active team leads. */
export interface NoticeRecipients {
  name: string;
  timezone: string;
  leads: Array<{ id: string; email: string }>;
}

function toDto(r: NotificationRow): NotificationDto {
  return {
    id: r.id,
    kind: r.kind,
    complaintId: r.complaint_id,
    reference: r.reference,
    clientId: r.client_id,
    message: r.message,
    data: r.data,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}

/**
 * The team-lead feed: `notifications` and the per-user read marks `notification_reads`. The feed is
 * scoped to the reader's clients through `Principal.clientFilter`.
 */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The client and its active team leads, in one round trip (the sweep asks per escalation); null when unknown. */
  async recipients(m: EntityManager, clientId: string): Promise<NoticeRecipients | null> {
    const rows: NoticeRecipients[] = await m.query(
      `SELECT cl.name, cl.timezone,
              COALESCE((SELECT json_agg(json_build_object('id', u.id, 'email', u.email) ORDER BY u.id)
                          FROM users u JOIN user_clients uc ON uc.user_id = u.id
                         WHERE uc.client_id = cl.id AND u.role = 'team_lead' AND u.active), '[]'::json) AS leads
         FROM clients cl WHERE cl.id = $1`,
      [clientId],
    );
    return rows[0] ?? null;
  }

  /** Writes one notice in `m`'s transaction; returns its id. */
  async insert(
    m: EntityManager,
    n: { clientId: string; complaintId: string; kind: string; reference: string; message: string; data: object; at: Date },
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await m.query(
      `INSERT INTO notifications (client_id, complaint_id, kind, reference, message, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING id`,
      [n.clientId, n.complaintId, n.kind, n.reference, n.message, JSON.stringify(n.data), n.at],
    );
    return row.id;
  }

  /**
   * Up to `limit` notices of the reader's scope, newest first, after the keyset `before` (the last
   * item of the previous page); `unread` keeps only those the reader has not read.
   */
  async page(
    p: Principal,
    q: { limit: number; unread: boolean; before: { createdAt: Date; id: string } | null },
  ): Promise<NotificationDto[]> {
    const params: unknown[] = [p.id];
    const scope = p.clientFilter('n.client_id', params);
    const where = [scope];
    if (q.unread) where.push('r.read_at IS NULL');
    if (q.before) {
      params.push(q.before.createdAt, q.before.id);
      where.push(`(n.created_at, n.id) < ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(q.limit);
    const rows: NotificationRow[] = await this.db.query(
      `SELECT n.id, n.kind, n.complaint_id, n.reference, n.client_id, n.message, n.data, n.created_at, r.read_at
         FROM notifications n
         LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $1
        WHERE ${where.join(' AND ')}
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT $${params.length}`,
      params,
    );
    return rows.map(toDto);
  }

  /** How many notices of the reader's scope the reader has not read. */
  async unreadCount(p: Principal): Promise<number> {
    const params: unknown[] = [p.id];
    const scope = p.clientFilter('n.client_id', params);
    const [{ unread }]: Array<{ unread: number }> = await this.db.query(
      `SELECT count(*)::int AS unread FROM notifications n
        WHERE ${scope}
          AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = $1)`,
      params,
    );
    return unread;
  }

  /** Whether the notice exists in the reader's scope. */
  async existsInScope(p: Principal, id: string): Promise<boolean> {
    const params: unknown[] = [id];
    const scope = p.clientFilter('client_id', params);
    const found: Array<{ id: string }> = await this.db.query(`SELECT id FROM notifications WHERE id = $1 AND ${scope}`, params);
    return found.length > 0;
  }

  /** Marks the notice read for the user (a second mark keeps the first time) and returns it as the user sees it. */
  async markRead(userId: string, id: string, at: Date): Promise<NotificationDto> {
    await this.db.query(
      `INSERT INTO notification_reads (user_id, notification_id, read_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, notification_id) DO NOTHING`,
      [userId, id, at],
    );
    const rows: NotificationRow[] = await this.db.query(
      `SELECT n.id, n.kind, n.complaint_id, n.reference, n.client_id, n.message, n.data, n.created_at, r.read_at
         FROM notifications n JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $2
        WHERE n.id = $1`,
      [id, userId],
    );
    return toDto(rows[0]);
  }

  /** Marks every notice of the reader's scope read; returns how many were unread. */
  async markAllRead(p: Principal, at: Date): Promise<number> {
    const params: unknown[] = [p.id, at];
    const scope = p.clientFilter('n.client_id', params);
    const rows: Array<{ marked: number }> = await this.db.query(
      `WITH ins AS (
         INSERT INTO notification_reads (user_id, notification_id, read_at)
         SELECT $1, n.id, $2 FROM notifications n WHERE ${scope}
         ON CONFLICT (user_id, notification_id) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS marked FROM ins`,
      params,
    );
    return rows[0].marked;
  }

  /**
   * Erasure (R4.5-f): an agent's escalation `reason` and `note` are free text and may name the
   * customer. Tombstones them in `data` and, where the feed text quotes a free-text reason, rewrites
   * it without the reason. At-risk notices and the sweep's escalations hold no free text.
   */
  async eraseComplaint(m: EntityManager, complaintId: string, keep: readonly string[]): Promise<void> {
    await m.query(
      `UPDATE notifications n SET
         data = privacy_tombstone(n.data, ARRAY['reason', 'note'], $2::text[]),
         message = CASE WHEN n.kind = 'escalated' AND NOT COALESCE(n.data ->> 'reason' = ANY($2::text[]), true)
                        THEN left(n.reference || ' escalated by an agent to level ' || COALESCE(n.data ->> 'levelAfter', '?') || ' (details ${ERASED})', 500)
                        ELSE n.message END
       WHERE n.complaint_id = $1`,
      [complaintId, [...keep]],
    );
  }
}
