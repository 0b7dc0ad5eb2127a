import type { EntityManager } from 'typeorm';
import type { ComplaintEventBus } from '../common/complaint-event-bus';
import { appendSystemEvent } from './timeline.util';

export interface CustomerDelivery {
  complaintId: string;
  clientId: string;
  type: 'notification_sent' | 'notification_failed';
  at: Date;
  /** No address or other personal data: kind, channel, attempt, final, reason (addresses removed). */
  data: Record<string, unknown>;
}

/**
 * Records what became of a message to the customer, in the caller's transaction (R4.2-c, R4.4-e d):
 * appends `notification_sent` / `notification_failed` (actor: system) to the timeline and keeps the
 * complaint's `customerNotReached` true from a FINAL failure (`data.final`) until a later message is
 * delivered (`notification_sent`) or an action records a contact by another channel. When the flag
 * changes, the complaint's version moves (its answers change). The event is published on the
 * ComplaintEventBus with the row before and after, so listeners react in the same transaction — the
 * notifications service tells the client's team leads of a final failure.
 */
export async function recordCustomerDelivery(m: EntityManager, bus: ComplaintEventBus, d: CustomerDelivery): Promise<string> {
  const [before]: Array<Record<string, unknown>> = await m.query('SELECT * FROM complaints WHERE id = $1 FOR UPDATE', [d.complaintId]);
  const notReached = d.type === 'notification_sent' ? false : d.data['final'] === true ? true : before['customer_not_reached'] === true;
  let after = before;
  if (notReached !== (before['customer_not_reached'] === true)) {
    [after] = await m.query(
      `WITH u AS (
         UPDATE complaints SET customer_not_reached = $2, version = version + 1, updated_at = GREATEST(updated_at, $3)
          WHERE id = $1 RETURNING *)
       SELECT * FROM u`,
      [d.complaintId, notReached, d.at],
    );
  }
  const data = after === before ? d.data : { ...d.data, changes: { customerNotReached: { before: !notReached, after: notReached } } };
  const id = await appendSystemEvent(m, { ...d, data });
  await bus.publish({
    manager: m,
    event: { id, complaintId: d.complaintId, clientId: d.clientId, type: d.type, at: d.at, actor: { system: true }, data },
    before,
    after,
  });
  return id;
}
