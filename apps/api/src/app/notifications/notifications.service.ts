import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationDto, NotificationFeed } from '@complaint-desk/contracts';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { ComplaintEventBus, ComplaintEventContext } from '../common/complaint-event-bus';
import { Principal } from '../auth/principal';
import { RateLimitRepository } from '../auth/rate-limit.repository';
import { AppConfig, APP_CONFIG } from '../config/config';
import { LeadNotice, leadNoticeMessage, renderLeadMail } from '../mail/mail-templates';
import { OutboxRepository, type OutboxKind } from '../mail/outbox.repository';
import { NotificationRepository } from './notification.repository';

export interface FeedQuery {
  limit?: number;
  cursor?: string;
  unread?: boolean;
}

const DEADLINE_COLUMN_BY_REASON: Record<string, string> = {
  acknowledge_overdue: 'acknowledge_by',
  update_overdue: 'next_update_by',
  resolve_overdue: 'resolve_by',
};

/** The outbox kind of a team lead's e-mail for each notice kind. */
const LEAD_MAIL_KIND: Record<LeadNotice['kind'], OutboxKind> = {
  escalated: 'lead_escalated',
  at_risk: 'lead_at_risk',
  customer_not_reached: 'lead_not_reached',
};

function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Opaque keyset cursor: the last item's (created_at, id). */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
      throw new Error('bad cursor');
    }
    return { createdAt, id };
  } catch {
    throw AppError.validation('cursor', 'cursor is not a valid cursor of this list');
  }
}

/**
 * Team-lead notifications (R4.4-e c): escalations and at-risk notices in an in-app feed for the
 * clients a user serves, and the same notice by e-mail to every active team lead of the client.
 * Both are written in the transaction that causes them.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly bus: ComplaintEventBus,
    private readonly outbox: OutboxRepository,
    private readonly counters: RateLimitRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.bus.register('notifications.escalated', (ctx) => this.onEvent(ctx));
    this.bus.register('notifications.customer-not-reached', (ctx) => this.onCustomerNotReached(ctx));
  }

  /**
   * A customer e-mail that finally failed (`notification_failed` with `final`, given up after
   * OUTBOX_MAX_ATTEMPTS) tells the client's team leads that the customer was not reached (R4.2-c,
   * R4.4-e d): one feed notice `customer_not_reached` and one e-mail per lead. No customer data: what the
   * message was about, the attempts and the reason (addresses removed). An e-mail asked for a customer
   * without an address (attempt 0) is not sent to the leads: the agent who asked sees `customerNotReached`
   * in the action's own answer.
   */
  async onCustomerNotReached(ctx: ComplaintEventContext): Promise<void> {
    if (ctx.event.type !== 'notification_failed' || ctx.event.data['final'] !== true || !(Number(ctx.event.data['attempt']) > 0)) return;
    const d = ctx.event.data;
    await this.notify(ctx.manager, {
      clientId: ctx.event.clientId,
      complaintId: ctx.event.complaintId,
      reference: String(ctx.after['reference']),
      at: ctx.event.at ?? this.clock.now(),
      sourceEventId: ctx.event.id ? String(ctx.event.id) : null,
      notice: {
        kind: 'customer_not_reached',
        message: String(d['kind'] ?? ''),
        attempts: Number(d['attempt'] ?? 0),
        reason: d['reason'] === null || d['reason'] === undefined ? null : String(d['reason']),
      },
    });
  }

  /** Every escalation — the sweep's and an agent's — notifies the client's team leads. */
  async onEvent(ctx: ComplaintEventContext): Promise<void> {
    if (ctx.event.type !== 'escalated') return;
    const d = ctx.event.data;
    const reason = String(d['reason'] ?? '');
    const column = DEADLINE_COLUMN_BY_REASON[reason];
    const deadline = column ? iso((ctx.before ?? ctx.after)[column]) : null;
    const automatic = 'system' in ctx.event.actor;
    // Each automatic escalation e-mails the team leads; manual ones of one complaint are coalesced.
    const mail = automatic || (await this.claimManualEscalationMail(ctx.manager, ctx.event.complaintId, ctx.event.at ?? this.clock.now()));
    await this.notify(ctx.manager, {
      mail,
      clientId: ctx.event.clientId,
      complaintId: ctx.event.complaintId,
      reference: String(ctx.after['reference']),
      at: ctx.event.at ?? this.clock.now(),
      sourceEventId: ctx.event.id ? String(ctx.event.id) : null,
      notice: {
        kind: 'escalated',
        reason,
        note: d['note'] === null || d['note'] === undefined ? null : String(d['note']),
        levelAfter: Number(d['levelAfter'] ?? ctx.after['escalation_level'] ?? 0),
        deadline,
        automatic,
      },
    });
  }

  /**
   * Whether this manual escalation of the complaint may e-mail the team leads: the first one opens a
   * window of LEAD_MAIL_COALESCE_MINUTES in which further manual escalations of the same complaint
   * e-mail nobody (their notices still reach the feed). A counter in `rate_limits`, written in the
   * action's transaction: atomic across instances, and undone with a refused action.
   */
  private async claimManualEscalationMail(m: EntityManager, complaintId: string, at: Date): Promise<boolean> {
    const minutes = this.config.leadMailCoalesceMinutes;
    if (minutes <= 0) return true;
    const { hits } = await this.counters.countHit(`lead-mail:manual-escalation:${complaintId}`, at, minutes * 60, m);
    return hits === 1;
  }

  /** Writes one feed notification and queues one e-mail per active team lead of the client (none when `mail` is false). */
  async notify(
    m: EntityManager,
    n: {
      clientId: string;
      complaintId: string;
      reference: string;
      at: Date;
      notice: LeadNotice;
      sourceEventId?: string | null;
      mail?: boolean;
    },
  ): Promise<string> {
    // the client and its active team leads in one round trip (the sweep calls this per escalation)
    const client = await this.repo.recipients(m, n.clientId);
    if (!client) throw new Error(`unknown client ${n.clientId}`);
    const ctx = { clientName: client.name, timezone: client.timezone, reference: n.reference };
    const message = leadNoticeMessage(n.notice, ctx);
    const { kind, ...data } = n.notice;
    const id = await this.repo.insert(m, {
      clientId: n.clientId,
      complaintId: n.complaintId,
      kind,
      reference: n.reference,
      message,
      data,
      at: n.at,
    });
    const mail = renderLeadMail(n.notice, ctx);
    for (const lead of n.mail === false ? [] : client.leads) {
      await this.outbox.enqueue(
        m,
        {
          clientId: n.clientId,
          complaintId: n.complaintId,
          kind: LEAD_MAIL_KIND[kind],
          recipientType: 'team_lead',
          recipientUserId: lead.id,
          to: lead.email,
          language: mail.language,
          subject: mail.subject,
          body: mail.text,
          sourceEventId: n.sourceEventId ?? null,
        },
        n.at,
      );
    }
    return id;
  }

  /** The caller's feed, newest first, with the number of unread notifications in its scope. */
  async feed(p: Principal, q: FeedQuery): Promise<NotificationFeed> {
    const limit = q.limit ?? 25;
    const rows = await this.repo.page(p, { limit: limit + 1, unread: Boolean(q.unread), before: q.cursor ? decodeCursor(q.cursor) : null });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const unread = await this.repo.unreadCount(p);
    return {
      items: page,
      unread,
      nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.createdAt), last.id) : null,
    };
  }

  /** Marks one notification read for the caller (idempotent); 404 outside the caller's clients. */
  async markRead(p: Principal, id: string): Promise<NotificationDto> {
    if (!(await this.repo.existsInScope(p, id))) throw AppError.notFound('Notification');
    return this.repo.markRead(p.id, id, this.clock.now());
  }

  /** Marks every notification in the caller's scope read; returns how many were unread. */
  async markAllRead(p: Principal): Promise<{ marked: number }> {
    return { marked: await this.repo.markAllRead(p, this.clock.now()) };
  }
}
