import {
  atRiskAtTime,
  nextPendingDeadline,
  pendingDeadlines,
  type BusinessCalendar,
  type ComplaintPolicy,
  type ComplaintState,
} from '@complaint-desk/domain';

/** A `complaints` row as node-postgres returns it (timestamptz → Date, jsonb → object). */
export interface ComplaintRow {
  id: string;
  client_id: string;
  reference: string;
  status: ComplaintState['status'];
  channel: string;
  subject: string;
  priority: string;
  summary: string;
  description: string;
  category_code: string | null;
  category_name: string | null;
  customer_name: string;
  customer_email: string | null;
  customer_phone: string | null;
  customer_preferred_channel: string | null;
  customer_language: string | null;
  customer_accessibility_needs: string | null;
  received_at: Date;
  registered_at: Date;
  registered_by: string | null;
  assignee_id: string | null;
  responsible_function: string | null;
  acknowledge_by: Date;
  resolve_by: Date;
  next_update_by: Date | null;
  expected_resolution_by: Date | null;
  acknowledged_at: Date | null;
  last_update_at: Date | null;
  closed_at: Date | null;
  outcome: ComplaintState['outcome'];
  resolution: string | null;
  root_cause_code: string | null;
  escalation_level: number;
  satisfaction_score: number | null;
  satisfaction_comment: string | null;
  satisfaction_at: Date | null;
  reopen_count: number;
  policy_snapshot: ComplaintPolicy;
  calendar_snapshot: BusinessCalendar;
  due_at: Date | null;
  at_risk_at: Date | null;
  version: number;
  updated_at: Date;
  /** The last message to the customer has not reached them (see the migration AddCustomerNotReached). */
  customer_not_reached: boolean;
  /** Privacy (apps/api/src/app/privacy): when the personal data was erased; the identity check (R4.5-b). */
  erased_at?: Date | null;
  identity_verified_method?: string | null;
  identity_verified_at?: Date | null;
  identity_verified_by?: string | null;
  identity_verified_by_email?: string | null;
}

const d = (v: Date | string | null | undefined): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v));

/** The domain's view of a complaint row. */
export function stateOfRow(row: ComplaintRow): ComplaintState {
  return {
    status: row.status,
    categoryCode: row.category_code,
    escalationLevel: Number(row.escalation_level),
    receivedAt: d(row.received_at) as Date,
    acknowledgedAt: d(row.acknowledged_at),
    closedAt: d(row.closed_at),
    lastUpdateAt: d(row.last_update_at),
    deadlines: {
      acknowledgeBy: d(row.acknowledge_by) as Date,
      resolveBy: d(row.resolve_by) as Date,
      nextUpdateBy: d(row.next_update_by),
    },
    outcome: row.outcome,
    resolution: row.resolution,
    rootCauseCode: row.root_cause_code,
    satisfactionScore: row.satisfaction_score === null ? null : Number(row.satisfaction_score),
    assigneeId: row.assignee_id,
    responsibleFunction: row.responsible_function,
    reopenCount: Number(row.reopen_count),
  };
}

/**
 * The two derived columns the queries use:
 * - `due_at`: the earliest pending deadline (`nextPendingDeadline`), null once closed;
 * - `at_risk_at`: the earliest moment any pending step becomes at risk — `atRiskAt` of its allowed
 *   time, the window starting as in `complaintSla` (receipt for acknowledge/resolve; the last update,
 *   else the acknowledgement, for the next update).
 */
export function derivedColumns(state: ComplaintState, atRiskAt: number): { dueAt: Date | null; atRiskAt: Date | null } {
  const pending = pendingDeadlines(state);
  let risk: number | null = null;
  for (const p of pending) {
    const start = p.step === 'update' ? (state.lastUpdateAt ?? state.acknowledgedAt ?? state.receivedAt) : state.receivedAt;
    const t = atRiskAtTime(start, p.deadline, atRiskAt).getTime();
    if (risk === null || t < risk) risk = t;
  }
  return { dueAt: nextPendingDeadline(state), atRiskAt: risk === null ? null : new Date(risk) };
}
