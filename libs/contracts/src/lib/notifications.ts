export interface NotificationDto {
  id: string;
  kind: 'escalated' | 'at_risk' | 'sweep_failed' | 'customer_not_reached' | string;
  complaintId: string;
  reference: string;
  clientId: string;
  message: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}
export interface NotificationFeed {
  items: NotificationDto[];
  unread: number;
  nextCursor: string | null;
}
export interface EscalationRunResponse {
  escalated: number;
}
/** A complaint the escalation sweep has quarantined: it failed ESCALATION_MAX_ATTEMPTS sweeps at this version. */
export interface EscalationQuarantineItem {
  complaintId: string;
  reference: string;
  clientId: string;
  clientCode: string;
  /** The complaint version that failed; the sweep retries once the complaint changes. */
  version: number;
  attempts: number;
  /** The last error: its class, SQLSTATE and message (for admins; never logged). */
  errorSummary: string;
  firstFailedAt: string;
  quarantinedAt: string;
}
export interface EscalationQuarantineList {
  items: EscalationQuarantineItem[];
  /** All quarantined complaints (items holds at most the newest 500). */
  total: number;
}
