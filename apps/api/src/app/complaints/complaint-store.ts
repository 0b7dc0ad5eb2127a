import type { DomainEvent } from '@complaint-desk/domain';
import type { EntityManager } from 'typeorm';
import type { ComplaintEventBus } from '../common/complaint-event-bus';
import { TimelineRepository } from '../timeline/timeline.repository';
import { TimelineWriter, type ComplaintActor } from '../timeline/timeline-writer';
import type { ComplaintRow } from './complaint-row';
import { COMPLAINT_VIEW_COLUMNS, COMPLAINT_VIEW_JOIN, type ComplaintView, type EventRow } from './complaint.mapper';

// Moved to timeline/timeline-writer.ts; re-exported here until complaints/ imports them from there.
export { actorOf, type ComplaintActor } from '../timeline/timeline-writer';

export async function selectView(m: EntityManager, id: string): Promise<ComplaintView | null> {
  const rows: ComplaintView[] = await m.query(
    `SELECT ${COMPLAINT_VIEW_COLUMNS} FROM complaints c ${COMPLAINT_VIEW_JOIN} WHERE c.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Moved: `TimelineRepository.listByComplaint` (timeline/); kept until complaints/ switches. */
export async function selectEvents(m: EntityManager, complaintId: string): Promise<EventRow[]> {
  return new TimelineRepository().listByComplaint(m, complaintId);
}

/**
 * Appends the action's timeline event (with the actor) and publishes it on the bus, both in the
 * action's transaction `m`. Returns the event id.
 * Moved: `TimelineWriter.appendAndPublish` (timeline/); kept until complaints/ switches.
 */
export async function appendAndPublish(
  m: EntityManager,
  bus: ComplaintEventBus,
  args: { event: DomainEvent; actor: ComplaintActor; before: ComplaintRow | null; after: ComplaintRow },
): Promise<string> {
  return new TimelineWriter(new TimelineRepository(), bus).appendAndPublish(m, args);
}
