import { Channel } from './common';
import type { IdentityVerificationDto } from './privacy';

export const COMPLAINT_STATUSES = ['registered', 'acknowledged', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const SUBJECTS = ['ccc', 'client'] as const;
export type ComplaintSubject = (typeof SUBJECTS)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const SLA_STATUSES = ['pending', 'at_risk', 'breached', 'met'] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];
export const COMPLAINT_ACTIONS = [
  'categorise',
  'acknowledge',
  'update',
  'extend',
  'escalate',
  'assign',
  'close',
  'reopen',
  'satisfaction',
] as const;
export type ComplaintActionName = (typeof COMPLAINT_ACTIONS)[number];
export const ESCALATION_REASONS_SYSTEM = ['acknowledge_overdue', 'update_overdue', 'resolve_overdue'] as const;
export const TIMELINE_EVENT_TYPES = [
  'registered',
  'categorised',
  'acknowledged',
  'updated',
  'deadline_extended',
  'escalated',
  'assigned',
  'closed',
  'reopened',
  'satisfaction_recorded',
  'notification_sent',
  'notification_failed',
  'at_risk',
  'identity_verified',
  'personal_data_erased',
  'personal_data_exported',
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

export interface CustomerDto {
  name: string;
  email?: string | null;
  phone?: string | null;
  preferredChannel?: Channel | null;
  language?: string | null;
  accessibilityNeeds?: string | null;
  /** Response only: how the agent checked who they talk to (R4.5-b); null until checked. */
  identityVerified?: IdentityVerificationDto | null;
}
export interface RegisterComplaintRequest {
  clientId: string;
  channel: Channel;
  receivedAt?: string;
  subject: ComplaintSubject;
  summary: string;
  description: string;
  categoryCode?: string;
  priority?: Priority;
  customer: CustomerDto;
}
export interface AssigneeDto {
  id: string;
  email: string;
}
export interface ComplaintDto {
  id: string;
  reference: string;
  clientId: string;
  status: ComplaintStatus;
  channel: Channel;
  subject: ComplaintSubject;
  priority: Priority;
  summary: string;
  description: string;
  category: { code: string; name: string } | null;
  customer: CustomerDto;
  receivedAt: string;
  registeredAt: string;
  assignee: AssigneeDto | null;
  responsibleFunction: string | null;
  deadlines: { acknowledgeBy: string; resolveBy: string; nextUpdateBy: string | null };
  sla: { acknowledge: SlaStatus; resolve: SlaStatus; update: SlaStatus };
  escalation: { level: number; reasons: string[] };
  outcome: Outcome | null;
  resolution: string | null;
  rootCause?: { code: string; name: string } | null;
  closedAt: string | null;
  satisfaction: { score: number; comment: string | null; recordedAt: string } | null;
  /** The actions the caller may take now (the console shows only these). */
  allowedActions: ComplaintActionName[];
  /** The earliest pending deadline (inbox sort key); null when closed. */
  dueAt: string | null;
  /**
   * The last thing the customer was to be told has not reached them (R4.2-c, R4.4-e d): a customer e-mail
   * finally failed, or the customer cannot be e-mailed and the contact by their channel is still to be
   * recorded. Cleared by a delivered e-mail or an action recording a contact by another channel.
   */
  customerNotReached: boolean;
  version: number;
  /** When the complaint's personal data was erased (R4.5-f); null otherwise. An erased complaint accepts no writes. */
  erasedAt?: string | null;
}
export type TimelineActor = { id: string; email: string; role: string } | { system: true };
export interface TimelineEventDto {
  id?: string;
  type: TimelineEventType | string;
  at: string;
  actor: TimelineActor;
  data: Record<string, unknown>;
}
export interface ComplaintDetailDto extends ComplaintDto {
  timeline: TimelineEventDto[];
}

export interface CategoriseRequest {
  categoryCode: string;
  note?: string;
}
export interface AcknowledgeRequest {
  via: Channel;
  message?: string;
  responsibleFunction: string;
  expectedResolutionBy?: string;
}
export interface UpdateRequest {
  via: Channel;
  message: string;
}
/** `via` as for update; without it the customer is e-mailed when they have an address and prefer (or did not state) e-mail. */
export interface ExtendRequest {
  newResolveBy: string;
  reason: string;
  actionPlan: string;
  via?: Channel;
}
export interface EscalateRequest {
  reason: string;
  note?: string;
}
export interface AssignRequest {
  assigneeId: string;
}
export interface CloseRequest {
  outcome: Outcome;
  resolution: string;
  via: Channel;
  rootCauseCode?: string;
}
export interface ReopenRequest {
  reason: string;
}
export interface SatisfactionRequest {
  score: number;
  comment?: string;
}

export interface ComplaintListQuery {
  cursor?: string;
  limit?: number;
  clientId?: string;
  status?: string;
  overdue?: boolean;
  atRisk?: boolean;
  escalated?: boolean;
  assignee?: string;
  categoryCode?: string;
  channel?: Channel;
  q?: string;
  receivedFrom?: string;
  receivedTo?: string;
  /** Only complaints whose customer was (true) / was not (false) left unreached. */
  customerNotReached?: boolean;
  sort?: 'dueAt' | '-receivedAt' | 'receivedAt';
}
