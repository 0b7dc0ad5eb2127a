import type { BusinessCalendar, ComplaintPolicy } from '@complaint-desk/domain';
import { DateTime } from 'luxon';

/** The columns of `clients` a complaint's snapshot is taken from. */
export interface ClientSnapshotSource {
  timezone: string;
  business_hours: BusinessCalendar['businessHours'];
  holidays: string[];
  policy: ComplaintPolicy;
}

/**
 * The calendar and policy a complaint is registered under: the client's, exactly as stored. They are
 * kept with the complaint (`calendar_snapshot`, `policy_snapshot`) and every later deadline of it is
 * computed from them, so editing the client never moves an existing deadline. The register service
 * and `seed:volume` both take their snapshots from here.
 */
export function complaintSnapshot(client: ClientSnapshotSource): { calendar: BusinessCalendar; policy: ComplaintPolicy } {
  return {
    calendar: { timezone: client.timezone, businessHours: client.business_hours, holidays: client.holidays },
    policy: client.policy,
  };
}

/** The year of a reference: the year of the registration in the client's time zone. */
export function referenceYear(registeredAt: Date, timezone: string): number {
  return DateTime.fromJSDate(registeredAt).setZone(timezone).year;
}

/** `<CODE>-<YYYY>-<seq>`, the sequence from the per-client, per-year counter row. */
export function complaintReference(code: string, year: number, seq: number | string): string {
  return `${code}-${year}-${String(seq).padStart(6, '0')}`;
}
