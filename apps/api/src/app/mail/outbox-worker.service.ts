import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig, APP_CONFIG } from '../config/config';
import { IntervalJob } from '../common/jobs/interval-job';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { CustomerDeliveryRecorder } from './customer-delivery';
import { OutboxRepository } from './outbox.repository';

export interface DeliveryResult {
  sent: number;
  failed: number;
}

/**
 * The sender of a customer e-mail names the client (R4.5-a: the client's identity is clear in every
 * contact): MAIL_FROM's address with the display name "<client> (<MAIL_FROM name>)".
 */
export function customerSender(mailFrom: string, clientName: string): string {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom);
  const address = m ? m[2].trim() : mailFrom.trim();
  const via = m ? m[1].trim() : '';
  const name = (via ? `${clientName} (${via})` : clientName).replace(/["\\\r\n]/g, '');
  return `"${name}" <${address}>`;
}

/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_SECONDS = 3600;

/** Exponential backoff: base × 2^(attempt−1) seconds, at most an hour. */
export function retryDelaySeconds(attempt: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_SECONDS);
}

const EMAIL_LIKE = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g;

/** A failure reason safe for the timeline and the log: error code, SMTP status, message with any address removed. */
export function safeFailureReason(err: unknown, address?: string): string {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  let message = typeof e.message === 'string' ? e.message : String(err);
  if (address) message = message.split(address).join('<address>');
  message = message.replace(EMAIL_LIKE, '<address>').replace(/\s+/g, ' ').trim();
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  const status = typeof e.responseCode === 'number' ? ` ${e.responseCode}` : '';
  const reason = `${code}${status}: ${message}`;
  return reason.length > 300 ? reason.slice(0, 299) + '…' : reason;
}

/**
 * Delivers the outbox. Every instance runs it every OUTBOX_INTERVAL_SECONDS; each message is
 * claimed in its own transaction with `FOR UPDATE SKIP LOCKED`, sent, and marked sent (or given a
 * next attempt with exponential backoff) before the lock is released — so with several instances
 * a message is sent once. (A crash between the SMTP server's acceptance and the commit would send
 * it again on the next run: at-least-once, the only guarantee SMTP allows.)
 *
 * Customer messages leave `notification_sent` / `notification_failed` (with the reason; on the first
 * failed attempt and when it gives up after OUTBOX_MAX_ATTEMPTS) on the complaint's timeline; no
 * address is written there or to the log. Giving up sets the complaint's `customerNotReached` and tells
 * the client's team leads; a delivered message clears it (`recordCustomerDelivery`).
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  /** How many messages one run delivers at most (the next run continues). */
  static readonly RUN_LIMIT = 200;
  readonly job: IntervalJob<DeliveryResult>;
  private warnedNoTransport = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly delivery: CustomerDeliveryRecorder,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectPinoLogger('OutboxWorker') private readonly logger: PinoLogger,
  ) {
    this.job = new IntervalJob('outbox', config.outboxIntervalSeconds * 1000, () => this.deliverDue(), logger);
  }

  onApplicationBootstrap(): void {
    this.logger.info({ transport: this.transport.description }, 'Mail transport');
    if (this.config.backgroundJobs) this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
    this.transport.close();
  }

  /** Delivers the messages that are due now, one transaction each; returns what happened. */
  async deliverDue(limit = OutboxWorker.RUN_LIMIT): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: 0, failed: 0 };
    if (this.transport.kind === 'none') {
      if (!this.warnedNoTransport) this.logger.warn('SMTP_URL is not set: e-mails stay queued in the outbox');
      this.warnedNoTransport = true;
      return result;
    }
    for (let i = 0; i < limit; i++) {
      const outcome = await this.deliverOne();
      if (outcome === 'none') break;
      result[outcome]++;
    }
    return result;
  }

  private deliverOne(): Promise<'sent' | 'failed' | 'none'> {
    return this.db.transaction(async (m) => {
      const now = this.clock.now();
      const row = await this.outbox.claimNextDue(m, now);
      if (!row) return 'none';
      const attempt = row.attempts + 1;
      const onTimeline = row.recipient_type === 'customer' && row.complaint_id !== null;
      const kind = row.kind.replace(/^customer_|^lead_/, '');
      try {
        const { messageId } = await this.transport.send({
          id: row.id,
          from: row.recipient_type === 'customer' ? customerSender(this.config.mailFrom, row.client_name) : this.config.mailFrom,
          to: row.to_address,
          subject: row.subject,
          text: row.body,
          language: row.language,
        });
        await this.outbox.markSent(m, row.id, { attempt, at: now, messageId: messageId.slice(0, 300) || null });
        if (onTimeline) {
          await this.delivery.record(m, {
            complaintId: row.complaint_id as string,
            clientId: row.client_id,
            type: 'notification_sent',
            at: now,
            data: { outboxId: row.id, kind, channel: 'email', language: row.language, attempt },
          });
        }
        this.logger.info({ outboxId: row.id, kind: row.kind, attempt }, 'E-mail delivered');
        return 'sent';
      } catch (err) {
        const reason = safeFailureReason(err, row.to_address);
        const final = attempt >= this.config.outboxMaxAttempts;
        const nextAttemptAt = final
          ? null
          : new Date(now.getTime() + retryDelaySeconds(attempt, this.config.outboxRetryBaseSeconds) * 1000);
        await this.outbox.markAttemptFailed(m, row.id, { attempt, final, nextAttemptAt, reason });
        // The timeline gets the first failure (delivery is late, retries follow) and the last (given up);
        // the attempts in between are on the outbox row (attempts, last_error) and in the log.
        if (onTimeline && (attempt === 1 || final)) {
          await this.delivery.record(m, {
            complaintId: row.complaint_id as string,
            clientId: row.client_id,
            type: 'notification_failed',
            at: now,
            data: {
              outboxId: row.id,
              kind,
              channel: 'email',
              attempt,
              reason,
              final,
              nextAttemptAt: nextAttemptAt ? nextAttemptAt.toISOString() : null,
            },
          });
        }
        this.logger.warn({ outboxId: row.id, kind: row.kind, attempt, final, reason }, 'E-mail delivery failed');
        return 'failed';
      }
    });
  }
}
