import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { AppError } from '../common/app-error';

/** The region a national phone number is read in when the client names none (contract: `phoneRegion`, default SE). */
export const DEFAULT_PHONE_REGION = 'SE';

/** `raw` in E.164 (`+46701234567`), a national number read in `region`; null when it is no possible phone number. */
export function toE164(raw: string, region: string | null | undefined): string | null {
  const r = (region && /^[A-Z]{2}$/.test(region) ? region : DEFAULT_PHONE_REGION) as CountryCode;
  try {
    const p = parsePhoneNumberFromString(raw, r);
    return p && p.isPossible() ? p.number : null;
  } catch {
    return null;
  }
}

/** Who a subject access export or a customer erasure is about. */
export interface CustomerQuery {
  /** As given (compared case-insensitively). */
  email: string | null;
  /** E.164. */
  phone: string | null;
}

/** Validates the search: at least one of e-mail and phone; a phone that is none → 400 naming `phone`. */
export function customerQuery(email: string | undefined, phone: string | undefined, region: string | null): CustomerQuery {
  if (!email && !phone) {
    throw new AppError('VALIDATION_FAILED', 'Name the customer by email or phone', {
      errors: [
        { field: 'email', message: 'email or phone is required' },
        { field: 'phone', message: 'email or phone is required' },
      ],
    });
  }
  const e164 = phone ? toE164(phone, region) : null;
  if (phone && !e164) throw AppError.validation('phone', 'phone is not a possible phone number');
  return { email: email ?? null, phone: e164 };
}

/** The last digits a stored phone in any format shares with the E.164 number (the SQL pre-filter). */
export function phoneDigitsTail(e164: string): string {
  return e164.replace(/\D/g, '').slice(-6);
}

/** Whether a complaint's stored contact matches the query (e-mail case-insensitive, phone in E.164). */
export function matchesCustomer(
  row: { customer_email: string | null; customer_phone: string | null },
  q: CustomerQuery,
  region: string | null,
): boolean {
  if (q.email && row.customer_email && row.customer_email.toLowerCase() === q.email.toLowerCase()) return true;
  if (q.phone && row.customer_phone && toE164(row.customer_phone, region) === q.phone) return true;
  return false;
}
