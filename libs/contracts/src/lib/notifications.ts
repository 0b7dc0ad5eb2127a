export interface NotificationDto {
  id: string;
  kind: 'escalated' | 'at_risk' | string;
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
