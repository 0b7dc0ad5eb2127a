import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { AppConfig, APP_CONFIG } from '../config/config';
import { OutboxRepository } from '../mail/outbox.repository';
import { NotificationRepository } from '../notifications/notification.repository';
import { KEEP_VALUES, PersonalDataStores, type AfterCommit, type ErasureContext, type PersonalDataStore } from './personal-data-stores';
import { PrivacyRepository } from './privacy.repository';
import { TimelineRepository } from '../timeline/timeline.repository';

/** `complaints`: customer fields, summary, description, resolution, satisfaction comment (and the idempotency rows of its registration). */
@Injectable()
export class ComplaintRecordStore implements PersonalDataStore {
  readonly name = 'complaint';
  constructor(private readonly repo: PrivacyRepository) {}

  async erase(m: EntityManager, ctx: ErasureContext): Promise<void> {
    await this.repo.eraseColumns(m, ctx.complaintId, ctx.at);
    await this.repo.deleteIdempotencyKeys(m, ctx.complaintId);
  }

  export(m: EntityManager, complaintId: string): Promise<unknown> {
    return this.repo.exportRecord(m, complaintId);
  }
}

/**
 * Demo mode without SMTP_URL writes every sent e-mail as `MAIL_DIR/<outbox id>.eml` (see
 * mail-transport.ts, `createMailTransport`): those copies go with the outbox row's body and address.
 */
export function mailFileCopies(config: AppConfig): ((outboxId: string) => string) | null {
  return config.demo && !config.smtpUrl ? (id) => join(config.mailDir, `${id}.eml`) : null;
}

/** Deletes the `.eml` copies of these outbox messages (demo file transport); missing files are fine. */
export async function deleteMailCopies(config: AppConfig, ids: string[], logger: PinoLogger): Promise<void> {
  const path = mailFileCopies(config);
  if (!path) return;
  for (const id of ids) {
    try {
      await unlink(path(id));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'ENOENT') logger.warn({ outboxId: id, code }, 'Could not delete the e-mail file copy');
    }
  }
}

/** `mail_outbox`: bodies and addresses of every message of the complaint (pending ones are cancelled), and their `.eml` copies. */
@Injectable()
export class OutboxStore implements PersonalDataStore {
  readonly name = 'emails';
  constructor(
    private readonly repo: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectPinoLogger('Privacy') private readonly logger: PinoLogger,
  ) {}

  async erase(m: EntityManager, ctx: ErasureContext): Promise<AfterCommit> {
    const ids = await this.repo.eraseComplaint(m, ctx.complaintId, ctx.at);
    return () => deleteMailCopies(this.config, ids, this.logger);
  }

  export(m: EntityManager, complaintId: string): Promise<unknown> {
    return this.repo.exportCustomerMails(m, complaintId);
  }
}

/** `notifications` (team-lead feed): an agent's escalation reason and note. Nothing for the export (the timeline has the same). */
@Injectable()
export class NotificationsStore implements PersonalDataStore {
  readonly name = 'notifications';
  constructor(private readonly repo: NotificationRepository) {}

  async erase(m: EntityManager, ctx: ErasureContext): Promise<void> {
    await this.repo.eraseComplaint(m, ctx.complaintId, KEEP_VALUES);
  }

  async export(): Promise<unknown> {
    return undefined;
  }
}

/** One event of a complaint's timeline in the customer's export. */
export interface ExportedEvent {
  type: string;
  at: string;
  /** Who acted: a staff role, or `system`. Staff identities are not part of a customer's export. */
  by: string;
  data: Record<string, unknown>;
}

/**
 * `complaint_events`: the personal keys of each event's `data` (registry of PersonalDataStores),
 * tombstoned by `erase_complaint_timeline`, which appends the `personal_data_erased` event.
 * Always erased last.
 */
@Injectable()
export class TimelineStore implements PersonalDataStore {
  readonly name = 'timeline';
  constructor(
    private readonly repo: TimelineRepository,
    private readonly stores: PersonalDataStores,
  ) {}

  async erase(m: EntityManager, ctx: ErasureContext): Promise<void> {
    await this.repo.eraseAndRecord(m, {
      complaintId: ctx.complaintId,
      keys: this.stores.eventKeySpec(),
      keep: KEEP_VALUES,
      at: ctx.at,
      actor: ctx.actor,
      data: { reason: ctx.reason, automatic: ctx.actor === 'system', stores: this.stores.all.map((s) => s.name) },
    });
  }

  /** The complaint's timeline for the customer's export: type, time, the acting role, data. */
  async export(m: EntityManager, complaintId: string): Promise<ExportedEvent[]> {
    const rows = await this.repo.listByComplaint(m, complaintId);
    return rows.map((r) => ({ type: r.type, at: new Date(r.at).toISOString(), by: r.actor_role ?? 'system', data: r.data ?? {} }));
  }
}

/** Registers the stores of this module; stores of other modules register themselves the same way. */
@Injectable()
export class PrivacyStoresRegistration implements OnModuleInit {
  constructor(
    private readonly stores: PersonalDataStores,
    private readonly complaint: ComplaintRecordStore,
    private readonly outbox: OutboxStore,
    private readonly notifications: NotificationsStore,
    private readonly timeline: TimelineStore,
  ) {}

  onModuleInit(): void {
    this.stores.register(this.complaint);
    this.stores.register(this.outbox);
    this.stores.register(this.notifications);
    this.stores.registerTimeline(this.timeline);
  }
}
