import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A timeline event just appended, with the complaint row before and after it (snake_case columns of `complaints`). */
export interface ComplaintEventContext {
  /** The transaction of the action: handlers write with it, so their rows commit or roll back with the action. */
  manager: EntityManager;
  event: {
    id: string;
    complaintId: string;
    clientId: string;
    type: string;
    at: Date;
    actor: { id: string; email: string; role: string } | { system: true };
    data: Record<string, unknown>;
  };
  /** null for `registered`. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

export type ComplaintEventHandler = (ctx: ComplaintEventContext) => Promise<void>;

/**
 * In-transaction listeners of complaint events (statistics rollups, the e-mail outbox, team-lead
 * notifications). Every path that changes a complaint publishes here after appending its event,
 * inside the same transaction; a handler that throws rolls the whole action back.
 */
@Injectable()
export class ComplaintEventBus {
  private readonly handlers: Array<{ name: string; handle: ComplaintEventHandler }> = [];

  register(name: string, handle: ComplaintEventHandler): void {
    if (this.handlers.some((h) => h.name === name)) return;
    this.handlers.push({ name, handle });
  }

  async publish(ctx: ComplaintEventContext): Promise<void> {
    for (const h of this.handlers) await h.handle(ctx);
  }
}
