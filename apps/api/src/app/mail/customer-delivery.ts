import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TimelineWriter } from '../timeline/timeline-writer';
import { CustomerReachRepository } from './customer-reach.repository';

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
@Injectable()
export class CustomerDeliveryRecorder {
  constructor(
    private readonly complaints: CustomerReachRepository,
    private readonly timeline: TimelineWriter,
  ) {}

  async record(m: EntityManager, d: CustomerDelivery): Promise<string> {
    const before = await this.complaints.lockComplaint(m, d.complaintId);
    if (!before) throw new Error(`unknown complaint ${d.complaintId}`);
    const notReached = d.type === 'notification_sent' ? false : d.data['final'] === true ? true : before['customer_not_reached'] === true;
    let after = before;
    if (notReached !== (before['customer_not_reached'] === true)) {
      after = await this.complaints.setCustomerNotReached(m, d.complaintId, notReached, d.at);
    }
    const data = after === before ? d.data : { ...d.data, changes: { customerNotReached: { before: !notReached, after: notReached } } };
    return this.timeline.appendAndPublish(m, {
      event: { type: d.type, at: d.at, data },
      actor: 'system',
      before,
      after,
    });
  }
}
