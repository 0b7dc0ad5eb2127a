import {
  atRiskFraction,
  deadlineMarks,
  type BusinessCalendar,
  type ComplaintPolicy,
  type ComplaintState,
  type DeadlineStep,
  type StepAtRisk,
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
  /** Derived by `deadlineColumns` (every writer sets them): the earliest pending deadline, the earliest at-risk instant. */
  due_at: Date | null;
  at_risk_at: Date | null;
  /** Each pending step's at-risk instant; NULL when the step is not pending (migration 1764380000000). */
  acknowledge_at_risk_at: Date | null;
  update_at_risk_at: Date | null;
  resolve_at_risk_at: Date | null;
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

const d = (v: Date | string | null | undefined): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(v);

/** The columns the domain's `ComplaintState` is made of (what `stateOfRow` reads). */
export const STATE_COLUMNS = [
  'status',
  'category_code',
  'escalation_level',
  'received_at',
  'acknowledged_at',
  'closed_at',
  'last_update_at',
  'acknowledge_by',
  'resolve_by',
  'next_update_by',
  'outcome',
  'resolution',
  'root_cause_code',
  'satisfaction_score',
  'assignee_id',
  'responsible_function',
  'reopen_count',
] as const satisfies ReadonlyArray<keyof ComplaintRow>;

export type ComplaintStateRow = Pick<ComplaintRow, (typeof STATE_COLUMNS)[number]>;

/** THE one conversion of a complaint row into the domain's state (lifecycle actions, the sweep, the mapper, seeding). */
export function stateOfRow(row: ComplaintStateRow): ComplaintState {
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
 * Each deadline step's columns: its deadline and its stored at-risk instant (NULL when the step is not
 * pending). The SQL of the list's `overdue`/`atRisk` filters and of the sweep is written over these.
 */
export const STEP_COLUMNS = {
  acknowledge: { deadline: 'acknowledge_by', atRisk: 'acknowledge_at_risk_at' },
  update: { deadline: 'next_update_by', atRisk: 'update_at_risk_at' },
  resolve: { deadline: 'resolve_by', atRisk: 'resolve_at_risk_at' },
} as const satisfies Record<DeadlineStep, { deadline: keyof ComplaintRow; atRisk: keyof ComplaintRow }>;

export type AtRiskColumns = Pick<ComplaintRow, 'acknowledge_at_risk_at' | 'update_at_risk_at' | 'resolve_at_risk_at'>;

/** The stored at-risk instants, as the domain takes them (`complaintSla`, `atRiskDeadlines`). */
export function atRiskOfRow(row: AtRiskColumns): StepAtRisk {
  return {
    acknowledge: d(row.acknowledge_at_risk_at),
    update: d(row.update_at_risk_at),
    resolve: d(row.resolve_at_risk_at),
  };
}

/**
 * The at-risk fraction of a complaint: its policy snapshot's `atRiskAt`, else the client's current one,
 * else 0.8 (domain `atRiskFraction`) — the same fallback for every writer.
 */
export function atRiskFractionOf(snapshot: Partial<ComplaintPolicy> | null | undefined, clientAtRiskAt?: unknown): number {
  return atRiskFraction(snapshot?.atRiskAt, clientAtRiskAt);
}

/** The derived deadline columns of a complaint row. */
export type DeadlineColumns = Pick<ComplaintRow, 'due_at' | 'at_risk_at'> & AtRiskColumns;

/**
 * THE derived columns every writer of complaint rows stores (register, actions, seed:volume; the demo
 * seeder writes through those two), from the domain's `deadlineMarks`:
 * - `due_at`: the earliest pending deadline, null once closed;
 * - `<step>_at_risk_at`: each pending step's at-risk instant (`atRiskAt` of its window), null when not pending;
 * - `at_risk_at`: the earliest of those (the sweep's index).
 */
export function deadlineColumns(state: ComplaintState, fraction: number): DeadlineColumns {
  const m = deadlineMarks(state, fraction);
  return {
    due_at: m.dueAt,
    at_risk_at: m.atRiskAt,
    acknowledge_at_risk_at: m.atRisk.acknowledge,
    update_at_risk_at: m.atRisk.update,
    resolve_at_risk_at: m.atRisk.resolve,
  };
}

/** The columns that mirror the domain state (`STATE_COLUMNS`), from a state: the inverse of `stateOfRow`. */
export function stateColumnsOf(s: ComplaintState): ComplaintStateRow {
  return {
    status: s.status,
    category_code: s.categoryCode,
    escalation_level: s.escalationLevel,
    received_at: s.receivedAt,
    acknowledged_at: s.acknowledgedAt,
    closed_at: s.closedAt,
    last_update_at: s.lastUpdateAt,
    acknowledge_by: s.deadlines.acknowledgeBy,
    resolve_by: s.deadlines.resolveBy,
    next_update_by: s.deadlines.nextUpdateBy,
    outcome: s.outcome,
    resolution: s.resolution,
    root_cause_code: s.rootCauseCode,
    satisfaction_score: s.satisfactionScore,
    assignee_id: s.assigneeId,
    responsible_function: s.responsibleFunction,
    reopen_count: s.reopenCount,
  };
}
