import { Injectable } from '@nestjs/common';
import { AUTO_ESCALATION_REASONS } from '@complaint-desk/domain';
import { ERASED } from '@complaint-desk/contracts';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';

/** The erasure of one complaint, as every store sees it (inside the erasure's transaction). */
export interface ErasureContext {
  complaintId: string;
  clientId: string;
  /** When (the `personal_data_erased` event's time, `erased_at`). */
  at: Date;
  /** Why (kept in the `personal_data_erased` event; no personal data). */
  reason: string;
  /** An admin, or the retention job. */
  actor: Principal | 'system';
}

/** Work a store does after the erasure committed (files outside the database). Failures are logged, never undo the erasure. */
export type AfterCommit = () => Promise<void>;

/**
 * A place where personal data of a complaint lives (docs/privacy.md lists them all). Erasure and the
 * subject access export iterate every registered store; a new store (notes, attachments, inbound
 * mail) registers itself in its module's `onModuleInit` with `PersonalDataStores.register(store)`,
 * and nothing else changes.
 */
export interface PersonalDataStore {
  /** The key of this store's part of a subject access export (`complaint`, `emails`, …). */
  readonly name: string;
  /**
   * Replace this store's personal data of the complaint with the tombstone {@link ERASED} (or delete
   * rows that are nothing but personal data), in the erasure's transaction `m`. Returns optional
   * work for after the commit.
   */
  erase(m: EntityManager, ctx: ErasureContext): Promise<AfterCommit | void>;
  /** What this store holds of the complaint, JSON-safe, for the subject access export; `undefined` = nothing to show. */
  export(m: EntityManager, complaintId: string): Promise<unknown>;
}

/**
 * Keys of timeline event `data` that carry free text or personal values, per event type. At erasure
 * every string under one of these keys (at any depth: `changes.customer.email` too) becomes the
 * tombstone, except system vocabulary ({@link KEEP_VALUES}). Event types own their keys: a new event
 * type with personal values registers them with `PersonalDataStores.registerEventKeys`.
 */
const EVENT_PERSONAL_KEYS: Record<string, readonly string[]> = {
  categorised: ['note'],
  acknowledged: ['message'],
  updated: ['message'],
  deadline_extended: ['reason', 'actionPlan'],
  escalated: ['reason', 'note'],
  closed: ['resolution'],
  reopened: ['reason'],
  satisfaction_recorded: ['comment'],
  // A delivery failure's reason is an SMTP answer (addresses removed), which may still quote the customer.
  notification_failed: ['reason'],
  // Case work and intake (contract Part 2) — their stores register the rest when they land.
  note_added: ['text'],
  details_changed: ['summary', 'description', 'customer', 'name', 'email', 'phone', 'accessibilityNeeds'],
  attachment_added: ['filename'],
  customer_message: ['text', 'subject', 'from', 'filename', 'attachments'],
};

/** Values under personal keys that are system vocabulary, never personal (the sweep's escalation reasons) and stay. */
export const KEEP_VALUES: readonly string[] = [...AUTO_ESCALATION_REASONS, ERASED];

/**
 * The registry of personal-data stores and timeline keys. The timeline is always erased LAST, by the
 * database function `erase_complaint_timeline` (the one privileged path past the append-only
 * trigger), which also appends the `personal_data_erased` event: `all` ends with it.
 */
@Injectable()
export class PersonalDataStores {
  private readonly stores: PersonalDataStore[] = [];
  private readonly eventKeys = new Map<string, readonly string[]>(Object.entries(EVENT_PERSONAL_KEYS));
  private timeline: PersonalDataStore | null = null;

  register(store: PersonalDataStore): void {
    if (this.stores.some((s) => s.name === store.name)) return;
    this.stores.push(store);
  }

  /** The timeline store: erased after every other store (it writes the `personal_data_erased` event). */
  registerTimeline(store: PersonalDataStore): void {
    this.timeline = store;
  }

  registerEventKeys(type: string, keys: readonly string[]): void {
    this.eventKeys.set(type, [...new Set([...(this.eventKeys.get(type) ?? []), ...keys])]);
  }

  /** `{ "<event type>": ["key", …] }` for `erase_complaint_timeline`. */
  eventKeySpec(): Record<string, string[]> {
    return Object.fromEntries([...this.eventKeys].map(([t, k]) => [t, [...k]]));
  }

  /** Every store, the timeline last. */
  get all(): readonly PersonalDataStore[] {
    return this.timeline ? [...this.stores, this.timeline] : [...this.stores];
  }
}
