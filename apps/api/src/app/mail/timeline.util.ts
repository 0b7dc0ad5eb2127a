import type { EntityManager } from 'typeorm';

/**
 * Appends a system event to a complaint's timeline (delivery outcomes, at-risk notices) in the
 * caller's transaction. The timeline is append-only; these events are not lifecycle actions. Delivery
 * outcomes go through `recordCustomerDelivery` (customer-delivery.ts), which may change the complaint's
 * `customerNotReached` and publishes them on the ComplaintEventBus.
 * Never put an address or other personal data in `data`.
 */
export async function appendSystemEvent(
  m: EntityManager,
  e: { complaintId: string; clientId: string; type: string; at: Date; data: Record<string, unknown> },
): Promise<string> {
  const rows: Array<{ id: string }> = await m.query(
    `INSERT INTO complaint_events (complaint_id, client_id, type, at, actor_id, actor_email, actor_role, data)
     VALUES ($1, $2, $3, $4, NULL, NULL, NULL, $5::jsonb) RETURNING id`,
    [e.complaintId, e.clientId, e.type, e.at, JSON.stringify(e.data)],
  );
  return String(rows[0].id);
}
