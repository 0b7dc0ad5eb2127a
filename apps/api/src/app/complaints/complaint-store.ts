import type { DomainEvent } from '@complaint-desk/domain';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { ComplaintEventBus, ComplaintEventContext } from '../common/complaint-event-bus';
import type { ComplaintRow } from './complaint-row';
import { COMPLAINT_VIEW_COLUMNS, COMPLAINT_VIEW_JOIN, type ComplaintView, type EventRow } from './complaint.mapper';

/** Who does an action: a signed-in user, or the system (escalation sweep, demo seeder). */
export type ComplaintActor = Principal | 'system';

export function actorOf(actor: ComplaintActor): ComplaintEventContext['event']['actor'] {
  return actor === 'system' ? { system: true } : actor.toActor();
}

export async function selectView(m: EntityManager, id: string): Promise<ComplaintView | null> {
  const rows: ComplaintView[] = await m.query(
    `SELECT ${COMPLAINT_VIEW_COLUMNS} FROM complaints c ${COMPLAINT_VIEW_JOIN} WHERE c.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function selectEvents(m: EntityManager, complaintId: string): Promise<EventRow[]> {
  return m.query(
    `SELECT id, type, at, actor_id, actor_email, actor_role, data FROM complaint_events
      WHERE complaint_id = $1 ORDER BY id`,
    [complaintId],
  );
}

/**
 * Appends the action's timeline event (with the actor) and publishes it on the bus, both in the
 * action's transaction `m`. Returns the event id.
 */
export async function appendAndPublish(
  m: EntityManager,
  bus: ComplaintEventBus,
  args: { event: DomainEvent; actor: ComplaintActor; before: ComplaintRow | null; after: ComplaintRow },
): Promise<string> {
  const { event, actor, before, after } = args;
  const a = actor === 'system' ? null : actor;
  const rows: Array<{ id: string }> = await m.query(
    `INSERT INTO complaint_events (complaint_id, client_id, type, at, actor_id, actor_email, actor_role, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id`,
    [after.id, after.client_id, event.type, event.at, a?.id ?? null, a?.email ?? null, a?.role ?? null, JSON.stringify(event.data)],
  );
  const id = String(rows[0].id);
  await bus.publish({
    manager: m,
    event: {
      id,
      complaintId: after.id,
      clientId: after.client_id,
      type: event.type,
      at: event.at,
      actor: actorOf(actor),
      data: event.data as unknown as Record<string, unknown>,
    },
    before: before as unknown as Record<string, unknown> | null,
    after: after as unknown as Record<string, unknown>,
  });
  return id;
}
