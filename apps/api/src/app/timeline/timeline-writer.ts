import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ComplaintEventBus, type ComplaintEventContext } from '../common/complaint-event-bus';
import { TimelineRepository } from './timeline.repository';

/** Who does an action: a signed-in user, or the system (escalation sweep, outbox worker, demo seeder). */
export type ComplaintActor = Principal | 'system';

export function actorOf(actor: ComplaintActor): ComplaintEventContext['event']['actor'] {
  return actor === 'system' ? { system: true } : actor.toActor();
}

/** The columns of a complaint row the writer needs; the whole row (snake_case columns) goes to the listeners. */
export interface ComplaintRowRef {
  id: string;
  client_id: string;
}

/** A row as the bus hands it to listeners: its columns by name. */
const columns = (row: object): Record<string, unknown> => row as Record<string, unknown>;

/**
 * The one writer of the complaint timeline (R4.4-e, R4.2-c): appends an event and — for events that
 * change or concern a complaint — publishes it on the `ComplaintEventBus`, both in the caller's
 * transaction, so the in-transaction listeners (statistics rollups, e-mail outbox, team-lead
 * notifications) commit or roll back with it.
 */
@Injectable()
export class TimelineWriter {
  constructor(
    private readonly repo: TimelineRepository,
    private readonly bus: ComplaintEventBus,
  ) {}

  /**
   * Appends an event nobody listens for (at-risk notices, audit events such as `personal_data_exported`).
   * Never put an address or other personal data in a system event's `data`.
   */
  append(
    m: EntityManager,
    e: { complaintId: string; clientId: string; type: string; at: Date; actor: ComplaintActor; data: object },
  ): Promise<string> {
    return this.repo.append(m, e);
  }

  /**
   * Appends the event with its actor and publishes it with the complaint row before (null for
   * `registered`) and after it. Returns the event id.
   */
  async appendAndPublish(
    m: EntityManager,
    args: {
      event: { type: string; at: Date; data: object };
      actor: ComplaintActor;
      before: ComplaintRowRef | null;
      after: ComplaintRowRef;
    },
  ): Promise<string> {
    const { event, actor, before, after } = args;
    const id = await this.repo.append(m, {
      complaintId: after.id,
      clientId: after.client_id,
      type: event.type,
      at: event.at,
      actor,
      data: event.data,
    });
    await this.bus.publish({
      manager: m,
      event: {
        id,
        complaintId: after.id,
        clientId: after.client_id,
        type: event.type,
        at: event.at,
        actor: actorOf(actor),
        data: columns(event.data),
      },
      before: before ? columns(before) : null,
      after: columns(after),
    });
    return id;
  }
}
