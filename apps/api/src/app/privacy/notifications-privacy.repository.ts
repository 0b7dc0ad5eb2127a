import { Injectable } from '@nestjs/common';
import { ERASED } from '@complaint-desk/contracts';
import type { EntityManager } from 'typeorm';

/**
 * The privacy side of the team-lead feed (`notifications`): an agent's escalation `reason` and
 * `note` are free text and may name the customer. Erasure tombstones them in `data` and, where the
 * feed text quotes a free-text reason, rewrites it without the reason. At-risk notices and the
 * sweep's escalations hold no free text.
 */
@Injectable()
export class NotificationsPrivacyRepository {
  async eraseComplaint(m: EntityManager, complaintId: string, keep: readonly string[]): Promise<void> {
    await m.query(
      `UPDATE notifications n SET
         data = privacy_tombstone(n.data, ARRAY['reason', 'note'], $2::text[]),
         message = CASE WHEN n.kind = 'escalated' AND NOT COALESCE(n.data ->> 'reason' = ANY($2::text[]), true)
                        THEN left(n.reference || ' escalated by an agent to level ' || COALESCE(n.data ->> 'levelAfter', '?') || ' (details ${ERASED})', 500)
                        ELSE n.message END
       WHERE n.complaint_id = $1`,
      [complaintId, [...keep]],
    );
  }
}
