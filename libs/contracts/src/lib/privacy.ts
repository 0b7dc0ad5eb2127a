/**
 * Protection of the customer (ISO 18295-1 4.5, GDPR): erasure, subject access export, retention,
 * the access log and the identity check. Contract "Part 2 — Privacy (4.5)".
 */

/** What replaces an erased personal value (customer name, summary, texts inside timeline events, e-mail bodies). */
export const ERASED = '[erased]';

/** Days after closing after which a complaint's personal data is erased when the client sets no retention. */
export const DEFAULT_ERASE_AFTER_DAYS_CLOSED = 1095;
export const MIN_ERASE_AFTER_DAYS_CLOSED = 1;
export const MAX_ERASE_AFTER_DAYS_CLOSED = 36500;

/** `policy.retention` of a client. */
export interface RetentionPolicyDto {
  /** Personal data of a complaint closed longer ago than this is erased automatically (default 1095). */
  eraseAfterDaysClosed: number;
}

/** How the agent checked that they talk to the right customer (R4.5-b). */
export const IDENTITY_METHODS = ['email_reply', 'known_details', 'call_back', 'in_person'] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number];

export interface VerifyIdentityRequest {
  method: IdentityMethod;
}

/** `customer.identityVerified` of a complaint: cleared when the customer's e-mail or phone changes. */
export interface IdentityVerificationDto {
  method: IdentityMethod;
  at: string;
  by: { id: string; email: string };
}

/** `POST /api/complaints/:id/erase` (admin; closed complaints only). */
export interface EraseComplaintRequest {
  /** Why (kept in the `personal_data_erased` event): no personal data here. */
  reason: string;
}

/** `POST /api/customers/erase` (admin): every closed complaint of the customer at that client. */
export interface EraseCustomerRequest {
  clientId: string;
  email?: string;
  phone?: string;
  reason: string;
}

/** A complaint of the customer that was left alone because it is still open. */
export interface OpenComplaintRef {
  id: string;
  reference: string;
  status: string;
}

export interface EraseCustomerResponse {
  /** Complaints erased now. */
  erased: number;
  /** Open complaints of the customer: not erased (close them first, e.g. as withdrawn). */
  openSkipped: number;
  /** The open complaints, so the admin can act on them. */
  open: OpenComplaintRef[];
}

/** One complaint in a subject access export: its identifiers and what every personal-data store holds of it. */
export interface ExportedComplaintDto {
  id: string;
  reference: string;
  status: string;
  receivedAt: string;
  closedAt: string | null;
  erasedAt: string | null;
  /** Per store (`complaint`, `timeline`, `emails`, …): what it holds about the customer for this complaint. */
  personalData: Record<string, unknown>;
}

/** `GET /api/customers/export` (admin): everything held about one customer across a client's complaints. */
export interface CustomerExportDto {
  clientId: string;
  clientName: string;
  generatedAt: string;
  /** The search as asked: e-mail (compared case-insensitively) and/or phone (compared in E.164). */
  query: { email: string | null; phone: string | null };
  complaints: ExportedComplaintDto[];
}

export const ACCESS_KINDS = ['read', 'export', 'erase'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/** One row of `GET /api/complaints/:id/access-log`: a user's accesses to the complaint's personal data within one hour. */
export interface AccessLogEntryDto {
  user: { id: string; email: string; role: string };
  /** The hour (UTC, start) the row covers. */
  hour: string;
  firstAt: string;
  lastAt: string;
  /** Accesses within that hour. */
  count: number;
  kinds: AccessKind[];
}

export interface AccessLogDto {
  complaintId: string;
  items: AccessLogEntryDto[];
}

/** One run of the retention job (any instance). */
export interface RetentionRunDto {
  id: string;
  startedAt: string;
  finishedAt: string;
  /** Complaints whose personal data the run erased. */
  erased: number;
  /** Complaints the run could not erase (they are tried again on the next run). */
  failed: number;
  /** Outbox messages whose body and address were purged (delivered or failed more than 30 days ago). */
  outboxPurged: number;
  error: string | null;
}

export interface RetentionRunsDto {
  items: RetentionRunDto[];
}
