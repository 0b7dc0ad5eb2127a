import type { EntityManager } from 'typeorm';
import { TimelineRepository } from '../timeline/timeline.repository';

/**
 * Moved: the timeline's one owner is `timeline/` — `TimelineWriter.append` (actor `'system'`).
 * This function is kept until escalations/ imports it from there.
 */
export function appendSystemEvent(
  m: EntityManager,
  e: { complaintId: string; clientId: string; type: string; at: Date; data: Record<string, unknown> },
): Promise<string> {
  return new TimelineRepository().append(m, { ...e, actor: 'system' });
}
