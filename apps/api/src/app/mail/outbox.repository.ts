import { Injectable } from '@nestjs/common';
import { ERASED } from '@complaint-desk/contracts';
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

/** A message claimed for delivery, with the name of its client (the sender of a customer e-mail names it). */
export interface DueMessage {
  id: string;
  client_id: string;
  complaint_id: string | null;
  kind: string;
  recipient_type: 'customer' | 'team_lead';
  to_address: string;
  language: string;
  subject: string;
  body: string;
  attempts: number;
  client_name: string;
}

/** A customer e-mail in the subject access export. */
export interface ExportedEmail {
  kind: string;
  to: string;
  subject: string;
  body: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  messageId: string | null;
}

interface OutboxExportRow {
  kind: string;
  to_address: string;
  subject: string;
  body: string;
  status: string;
  created_at: Date;
  sent_at: Date | null;
  message_id: string | null;
}

const T = ERASED;
/**
 * Body, address and the last delivery error (an SMTP answer may quote the recipient) become the
 * tombstone; subject (client name and reference only), Message-ID and status stay.
 */
const PURGE_SET = `body = '${T}', to_address = '${T}', last_error = CASE WHEN last_error IS NULL THEN NULL ELSE '${T}' END`;

/**
 * The transactional outbox (`mail_outbox`). Every method runs in the caller's transaction `m`:
 * a message is queued with the manager of the action that causes it (so it exists exactly when
 * the action committed), claimed and marked by the OutboxWorker in one transaction per message.
 *
 * Privacy (R4.5-f): bodies and addresses are personal data. A complaint's erasure purges all its
 * messages (a pending one is cancelled: marked failed, never sent); retention purges delivered or
 * failed messages 30 days on. `message_id` always stays (replies thread on it); what the customer
 * was told stays readable in the timeline until erasure.
 */
@Injectable()
export class OutboxRepository {
  /** Queues a message, due now; returns its id. */
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

  /**
   * Locks the next pending message due at `now` (`FOR UPDATE SKIP LOCKED`: instances delivering
   * together never take the same message); null when none is due.
   */
  async claimNextDue(m: EntityManager, now: Date): Promise<DueMessage | null> {
    const rows: DueMessage[] = await m.query(
      `SELECT id, client_id, complaint_id, kind, recipient_type, to_address, language, subject, body, attempts,
              (SELECT name FROM clients cl WHERE cl.id = o.client_id) AS client_name
         FROM mail_outbox o
        WHERE status = 'pending' AND next_attempt_at <= $1
        ORDER BY next_attempt_at, created_at, source_event_id NULLS LAST, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows[0] ?? null;
  }

  async markSent(m: EntityManager, id: string, a: { attempt: number; at: Date; messageId: string | null }): Promise<void> {
    await m.query(`UPDATE mail_outbox SET status = 'sent', attempts = $2, sent_at = $3, message_id = $4, last_error = NULL WHERE id = $1`, [
      id,
      a.attempt,
      a.at,
      a.messageId,
    ]);
  }

  /** Records a failed attempt: `final` marks the message failed, otherwise it is due again at `nextAttemptAt`. */
  async markAttemptFailed(
    m: EntityManager,
    id: string,
    a: { attempt: number; final: boolean; nextAttemptAt: Date | null; reason: string },
  ): Promise<void> {
    await m.query(
      `UPDATE mail_outbox SET status = $2, attempts = $3, next_attempt_at = COALESCE($4, next_attempt_at), last_error = $5 WHERE id = $1`,
      [id, a.final ? 'failed' : 'pending', a.attempt, a.nextAttemptAt, a.reason],
    );
  }

  /** Purges every message of the complaint; returns their ids (for the demo `.eml` copies). */
  async eraseComplaint(m: EntityManager, complaintId: string, at: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(
      `WITH u AS (
         UPDATE mail_outbox SET body = '${T}', to_address = '${T}', purged_at = $2,
                last_error = CASE WHEN status = 'pending' THEN 'Cancelled: the personal data of the complaint was erased'
                                  WHEN last_error IS NULL THEN NULL ELSE '${T}' END,
                status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END
          WHERE complaint_id = $1 AND (purged_at IS NULL OR status = 'pending')
          RETURNING id)
       SELECT id FROM u`,
      [complaintId, at],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Purges up to `limit` messages delivered or finally failed before `before` (their last attempt:
   * `sent_at`, else `next_attempt_at`, which a final failure leaves at the time of that attempt).
   * Claims with `FOR UPDATE SKIP LOCKED`, so instances running together never wait on each other.
   */
  async purgeDelivered(m: EntityManager, before: Date, at: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(
      `WITH u AS (
         UPDATE mail_outbox SET ${PURGE_SET}, purged_at = $2
          WHERE id IN (SELECT id FROM mail_outbox
                        WHERE status <> 'pending' AND purged_at IS NULL AND COALESCE(sent_at, next_attempt_at) < $1
                        ORDER BY COALESCE(sent_at, next_attempt_at)
                        LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING id)
       SELECT id FROM u`,
      [before, at, limit],
    );
    return rows.map((r) => r.id);
  }

  /** The customer's e-mails of the complaint (team-lead notices are internal and not listed). */
  async exportCustomerMails(m: EntityManager, complaintId: string): Promise<ExportedEmail[]> {
    const rows: OutboxExportRow[] = await m.query(
      `SELECT kind, to_address, subject, body, status, created_at, sent_at, message_id FROM mail_outbox
        WHERE complaint_id = $1 AND recipient_type = 'customer' ORDER BY created_at, id`,
      [complaintId],
    );
    return rows.map((r) => ({
      kind: r.kind,
      to: r.to_address,
      subject: r.subject,
      body: r.body,
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
      sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      messageId: r.message_id,
    }));
  }
}
