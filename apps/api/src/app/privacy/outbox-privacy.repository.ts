import { Injectable } from '@nestjs/common';
import { ERASED } from '@complaint-desk/contracts';
import type { EntityManager } from 'typeorm';

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
 * The privacy side of `mail_outbox`: e-mail bodies and addresses are personal data. A complaint's
 * erasure purges all its messages (a pending one is cancelled: marked failed, never sent);
 * retention purges delivered or failed messages 30 days on. `message_id` always stays (replies
 * thread on it); what the customer was told stays readable in the timeline until erasure.
 */
@Injectable()
export class OutboxPrivacyRepository {
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
  async export(m: EntityManager, complaintId: string): Promise<ExportedEmail[]> {
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
