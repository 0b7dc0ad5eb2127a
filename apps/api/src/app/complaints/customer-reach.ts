import type { Channel, ComplaintCommand } from '@complaint-desk/domain';
import type { ComplaintRow } from './complaint-row';

/**
 * Whether the customer has been told what they must be told (R4.2-c, R4.4-e d) — the complaint's
 * `customerNotReached` — as far as a lifecycle action decides it. (A delivered or finally failed e-mail
 * decides it too: `mail/customer-delivery.ts`.)
 */

type CustomerColumns = Pick<ComplaintRow, 'customer_email' | 'customer_preferred_channel' | 'customer_not_reached'>;

/** The customer can be e-mailed unasked: they have an address and prefer e-mail or stated no preference. */
export function emailable(row: CustomerColumns): boolean {
  const preferred = row.customer_preferred_channel;
  return !!row.customer_email && (preferred === null || preferred === 'email');
}

/**
 * `extend` without `via` must still tell the customer (R4.2-c d): by e-mail when they can be e-mailed
 * (the command then carries `via: "email"` and the e-mail is queued as for any action), otherwise the
 * agent has to tell them on their channel — returned as `preferredChannel` (their stated channel, else
 * the phone: a customer has an e-mail address or a phone number) for the event to record.
 */
export function resolveExtendVia(
  row: CustomerColumns & Pick<ComplaintRow, 'customer_phone'>,
  command: ComplaintCommand,
): {
  command: ComplaintCommand;
  preferredChannel: Channel | null;
} {
  if (command.action !== 'extend' || command.via !== undefined) return { command, preferredChannel: null };
  if (emailable(row)) return { command: { ...command, via: 'email' }, preferredChannel: null };
  const preferred = (row.customer_preferred_channel as Channel | null) ?? (row.customer_phone ? 'phone' : 'email');
  return { command, preferredChannel: preferred };
}

/**
 * `customerNotReached` after an action (with `via` resolved as above):
 * - a contact by another channel recorded (`via` other than email: the agent told the customer) → false;
 * - `via: "email"` to a customer without an address → true (nothing can be sent);
 * - `via: "email"` with an address → unchanged until the e-mail is delivered or finally fails;
 * - `extend` without `via` (the customer cannot be e-mailed) → true until that contact is recorded;
 * - actions that tell the customer nothing → unchanged.
 */
export function customerNotReachedAfter(row: CustomerColumns, command: ComplaintCommand): boolean {
  const via = 'via' in command ? command.via : undefined;
  if (via === undefined) return command.action === 'extend' ? true : row.customer_not_reached;
  if (via !== 'email') return false;
  return row.customer_email ? row.customer_not_reached : true;
}
