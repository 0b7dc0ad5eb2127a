import {
  atRiskAtTime,
  overdueDeadlines,
  pendingDeadlines,
  type ComplaintState,
  type DeadlineStep,
  type OverdueDeadline,
} from '@complaint-desk/domain';

/** The columns of `complaints` the sweep reads (raw rows from pg: timestamptz → Date). */
export interface DeadlineRow {
  id: string;
  client_id: string;
  reference: string;
  status: 'registered' | 'acknowledged' | 'closed';
  received_at: Date;
  acknowledged_at: Date | null;
  closed_at: Date | null;
  last_update_at: Date | null;
  acknowledge_by: Date;
  resolve_by: Date;
  next_update_by: Date | null;
  escalation_level: number;
  /** The client's `atRiskAt` fraction as it was when the complaint was registered. */
  at_risk_fraction: number;
}

const d = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/** What the domain's deadline rules need, from a complaint row (the rest of the state does not matter to them). */
export function deadlineState(row: DeadlineRow): ComplaintState {
  return {
    status: row.status,
    categoryCode: null,
    escalationLevel: row.escalation_level,
    receivedAt: d(row.received_at) as Date,
    acknowledgedAt: d(row.acknowledged_at),
    closedAt: d(row.closed_at),
    lastUpdateAt: d(row.last_update_at),
    deadlines: {
      acknowledgeBy: d(row.acknowledge_by) as Date,
      resolveBy: d(row.resolve_by) as Date,
      nextUpdateBy: d(row.next_update_by),
    },
    outcome: null,
    resolution: null,
    rootCauseCode: null,
    satisfactionScore: null,
    assigneeId: null,
    responsibleFunction: null,
    reopenCount: 0,
  };
}

/** Deadlines passed without their step being done (the domain's definition), each to escalate once. */
export function overdueOf(row: DeadlineRow, now: Date): OverdueDeadline[] {
  return overdueDeadlines(deadlineState(row), now);
}

export interface AtRiskDeadline {
  step: DeadlineStep;
  deadline: Date;
  atRiskFrom: Date;
}

/**
 * Pending deadlines that are at risk now: `atRiskAt` of the allowed time has passed and the
 * deadline has not (then it is a breach, which escalates instead). The window of each step starts
 * as in `complaintSla`: receipt for acknowledge and resolve; the last update, else the
 * acknowledgement, for the next update.
 */
export function atRiskOf(row: DeadlineRow, now: Date): AtRiskDeadline[] {
  const state = deadlineState(row);
  const out: AtRiskDeadline[] = [];
  for (const p of pendingDeadlines(state)) {
    const start = p.step === 'update' ? (state.lastUpdateAt ?? state.acknowledgedAt ?? state.receivedAt) : state.receivedAt;
    const atRiskFrom = atRiskAtTime(start, p.deadline, row.at_risk_fraction);
    if (now.getTime() >= atRiskFrom.getTime() && now.getTime() <= p.deadline.getTime()) {
      out.push({ step: p.step, deadline: p.deadline, atRiskFrom });
    }
  }
  return out;
}
