import type { ComplaintCommand } from '@complaint-desk/domain';
import { AppError } from '../common/app-error';

/**
 * The privacy rules the write paths apply (R4.5-b, R4.5-f). Pure: the action service, the erasure
 * and verify-identity call them with the locked complaint row.
 */

/** 409: the complaint's personal data was erased; it accepts no further writes (reads still work). */
export function erasedConflict(erasedAt: Date | string): AppError {
  return new AppError(
    'PERSONAL_DATA_ERASED',
    `The personal data of this complaint was erased (${new Date(erasedAt).toISOString()}); it accepts no further changes`,
    { extra: { state: 'closed', allowedActions: [] } },
  );
}

/** Throws 409 when the complaint row (any shape with `erased_at`) is erased. */
export function assertNotErased(row: { erased_at?: Date | string | null }): void {
  if (row.erased_at) throw erasedConflict(row.erased_at);
}

/** Actions that tell the customer something over `via` and so need the right customer first. */
const TELLING_ACTIONS = new Set(['update', 'extend', 'close']);

interface IdentityRow {
  identity_verified_at?: Date | string | null;
  customer_email?: string | null;
  customer_preferred_channel?: string | null;
}

/**
 * The channel an action tells the customer over: its `via`; `extend` without `via` e-mails the
 * customer who has an address and prefers (or did not state) e-mail, otherwise it is the customer's
 * preferred channel (a call or letter the agent still has to make).
 */
export function tellingChannel(command: ComplaintCommand, row: IdentityRow): string | null {
  if (!TELLING_ACTIONS.has(command.action)) return null;
  const via = (command as { via?: string }).via;
  if (via) return via;
  if (command.action !== 'extend') return null;
  const preferred = row.customer_preferred_channel ?? null;
  return row.customer_email && (preferred === null || preferred === 'email') ? 'email' : (preferred ?? 'phone');
}

/**
 * Client policy `requireIdentityCheck` (R4.5-b): `update`, `extend` and `close` told over another
 * channel than e-mail (which goes to the address on file) on a complaint whose customer was not
 * identified with `verify-identity` → 409 IDENTITY_NOT_VERIFIED.
 */
export function assertIdentityChecked(row: IdentityRow, command: ComplaintCommand, requireIdentityCheck: unknown): void {
  if (requireIdentityCheck !== true || row.identity_verified_at) return;
  const channel = tellingChannel(command, row);
  if (channel === null || channel === 'email') return;
  throw new AppError(
    'IDENTITY_NOT_VERIFIED',
    `The client requires an identity check before the customer is told anything by ${channel}: verify the customer's identity first`,
    { errors: [{ field: 'via', message: 'needs verify-identity first (client policy requireIdentityCheck)' }] },
  );
}
