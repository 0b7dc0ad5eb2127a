import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ComplaintEventBus, ComplaintEventContext } from '../common/complaint-event-bus';
import { CustomerMail, mailLanguage, renderCustomerMail } from './mail-templates';
import { ClientRepository } from '../clients/client.repository';
import { CustomerDeliveryRecorder } from './customer-delivery';
import { OutboxRepository, type OutboxKind } from './outbox.repository';

const KIND_BY_EVENT: Record<string, { outbox: OutboxKind; mail: CustomerMail['kind'] }> = {
  acknowledged: { outbox: 'customer_acknowledged', mail: 'acknowledged' },
  updated: { outbox: 'customer_updated', mail: 'updated' },
  deadline_extended: { outbox: 'customer_extended', mail: 'extended' },
  closed: { outbox: 'customer_closed', mail: 'closed' },
};

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const isoOf = (v: unknown): string | null => {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/**
 * Customer communications (R4.2-c, R4.4-d, R4.4-e d): `acknowledge`, `update`, `extend` and
 * `close` told to the customer `via: "email"` queue an e-mail in the action's own transaction.
 * `extend`'s `via` is optional: the action service resolves it (`complaints/customer-reach.ts`) — e-mail
 * when the customer has an address and prefers e-mail (or stated no preference), otherwise the event
 * names their `preferredChannel` and the complaint shows `customerNotReached`. With any other
 * channel the action's own event already records that the agent told the customer that way.
 * `via: "email"` without an address on file: nothing can be sent — a final `notification_failed`
 * (the complaint is `customerNotReached`, the team leads are told).
 * The customer's address is read here and written only to the outbox row — never logged.
 */
@Injectable()
export class CustomerMailListener implements OnModuleInit {
  constructor(
    private readonly bus: ComplaintEventBus,
    private readonly outbox: OutboxRepository,
    private readonly clients: ClientRepository,
    private readonly delivery: CustomerDeliveryRecorder,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.bus.register('mail.customer-outbox', (ctx) => this.handle(ctx));
  }

  async handle(ctx: ComplaintEventContext): Promise<void> {
    const kinds = KIND_BY_EVENT[ctx.event.type];
    if (!kinds) return;
    const data = ctx.event.data;
    const row = ctx.after;
    const email = str(row['customer_email']);
    if (str(data['via']) !== 'email') return;
    const at = ctx.event.at ?? this.clock.now();
    if (!email) {
      await this.delivery.record(ctx.manager, {
        complaintId: ctx.event.complaintId,
        clientId: ctx.event.clientId,
        type: 'notification_failed',
        at,
        data: { kind: kinds.mail, channel: 'email', attempt: 0, final: true, reason: 'The customer has no e-mail address' },
      });
      return;
    }
    const client = await this.clients.mailContext(ctx.manager, ctx.event.clientId);
    if (!client) throw new Error(`unknown client ${ctx.event.clientId}`);
    const mail = this.mailFor(kinds.mail, data, row, client.complaint_info);
    const language = str(row['customer_language']);
    const rendered = renderCustomerMail(mail, {
      clientName: client.name,
      timezone: client.timezone,
      reference: String(row['reference']),
      customerName: String(row['customer_name'] ?? ''),
      customerLanguage: language,
    });
    await this.outbox.enqueue(
      ctx.manager,
      {
        clientId: ctx.event.clientId,
        complaintId: ctx.event.complaintId,
        kind: kinds.outbox,
        recipientType: 'customer',
        recipientUserId: null,
        to: email,
        language: mailLanguage(language),
        subject: rendered.subject,
        body: rendered.text,
        sourceEventId: ctx.event.id ? String(ctx.event.id) : null,
      },
      at,
    );
  }

  private mailFor(
    kind: CustomerMail['kind'],
    d: Record<string, unknown>,
    row: Record<string, unknown>,
    complaintInfo: string,
  ): CustomerMail {
    switch (kind) {
      case 'acknowledged':
        return {
          kind,
          responsibleFunction: str(d['responsibleFunction']) ?? str(row['responsible_function']) ?? '',
          expectedResolutionBy: isoOf(d['expectedResolutionBy']) ?? isoOf(row['expected_resolution_by']) ?? isoOf(row['resolve_by']) ?? '',
          nextUpdateBy: isoOf(d['nextUpdateBy']) ?? isoOf(row['next_update_by']),
          message: str(d['message']),
        };
      case 'updated':
        return { kind, message: str(d['message']) ?? '', nextUpdateBy: isoOf(d['nextUpdateBy']) ?? isoOf(row['next_update_by']) };
      case 'extended':
        return {
          kind,
          newResolveBy: isoOf(d['after']) ?? isoOf(row['resolve_by']) ?? '',
          reason: str(d['reason']) ?? '',
          actionPlan: str(d['actionPlan']) ?? '',
        };
      case 'closed':
        return {
          kind,
          outcome: str(d['outcome']) ?? str(row['outcome']) ?? '',
          resolution: str(d['resolution']) ?? str(row['resolution']) ?? '',
          complaintInfo,
        };
    }
  }
}
