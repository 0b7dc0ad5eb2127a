import type { RetentionPolicyDto } from './privacy';

export const DURATION_UNITS = ['business_days', 'business_hours', 'calendar_days', 'hours'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface PolicyDurationDto {
  amount: number;
  unit: DurationUnit;
}
/** An interval of business hours, ["08:00","17:00"], local time of the client's time zone. */
export type BusinessInterval = [string, string];
export type BusinessHoursDto = Record<Weekday, BusinessInterval[]>;

export interface RootCauseDto {
  code: string;
  name: string;
}
export interface PolicyDto {
  acknowledgeWithin: PolicyDurationDto;
  resolveWithin: PolicyDurationDto;
  updateEvery: PolicyDurationDto;
  atRiskAt: number;
  reopenWithinDays: number;
  /** Root causes a closing agent may record (statistics byRootCause). */
  rootCauses?: RootCauseDto[];
  /** Retention of personal data (R4.5-f); absent = erase 1095 days after closing. */
  retention?: RetentionPolicyDto;
  /** When true, `update`, `extend` and `close` told over another channel than e-mail need `verify-identity` first (R4.5-b). */
  requireIdentityCheck?: boolean;
}
export interface CategoryDto {
  code: string;
  name: string;
  children?: CategoryDto[];
}
export interface ClientDto {
  id: string;
  code: string;
  name: string;
  timezone: string;
  businessHours: BusinessHoursDto;
  holidays: string[];
  policy: PolicyDto;
  categories: CategoryDto[];
  complaintInfo: string;
  createdAt?: string;
  updatedAt?: string;
}
export type CreateClientRequest = Omit<ClientDto, 'id' | 'createdAt' | 'updatedAt'>;
export type UpdateClientRequest = Partial<Omit<CreateClientRequest, 'code'>>;

export interface PublicComplaintInfo {
  code: string;
  name: string;
  complaintInfo: string;
}
