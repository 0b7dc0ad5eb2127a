import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export const OUTBOX_KINDS = [
  'customer_acknowledged',
  'customer_updated',
  'customer_extended',
  'customer_closed',
  'lead_escalated',
  'lead_at_risk',
  'lead_not_reached',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxMessage {
  clientId: string;
  complaintId: string | null;
  kind: OutboxKind;
  recipientType: 'customer' | 'team_lead';
  recipientUserId: string | null;
  to: string;
  language: string;
  subject: string;
  body: string;
  /** The timeline event that caused the message. */
  sourceEventId: string | null;
}

/**
 * The transactional outbox: a message is queued with the manager of the action that causes it, so
 * it exists exactly when the action committed. The OutboxWorker delivers it.
 */
@Injectable()
export class OutboxService {
  async enqueue(m: EntityManager, msg: OutboxMessage, now: Date): Promise<string> {
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO mail_outbox (client_id, complaint_id, kind, recipient_type, recipient_user_id, to_address, language,
                                subject, body, source_event_id, status, attempts, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', 0, $11, $11) RETURNING id`,
      [
        msg.clientId,
        msg.complaintId,
        msg.kind,
        msg.recipientType,
        msg.recipientUserId,
        msg.to,
        msg.language,
        msg.subject,
        msg.body,
        msg.sourceEventId,
        now,
      ],
    );
    return rows[0].id;
  }
}
