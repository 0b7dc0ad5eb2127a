/**
 * The deadline steps of a complaint — THE one definition of each step's deadline, window and at-risk
 * moment (R4.4-e b, c; R4.2-c c). The SLA status (`sla.ts`), the inbox sort key, the list's `overdue` and
 * `atRisk` filters and the escalation sweep all read this table; the API stores what it computes on the
 * complaint row (`due_at`, one at-risk instant per pending step) so that SQL compares instants instead of
 * restating these rules.
 */
import type { AutoEscalationReason, ComplaintState } from './lifecycle';

export type DeadlineStep = 'acknowledge' | 'update' | 'resolve';

/** The fields of a complaint's state the deadline rules read (`ComplaintState` satisfies it). */
export type DeadlineState = Pick<ComplaintState, 'status' | 'receivedAt' | 'acknowledgedAt' | 'closedAt' | 'lastUpdateAt' | 'deadlines'>;

/** The same without `status`: what the SLA of each step needs. */
export type StepTimes = Omit<DeadlineState, 'status'>;

export interface DeadlineStepRule {
  step: DeadlineStep;
  /** The step's deadline; null when it has none (the update step before acknowledgement and after closing). */
  deadline(s: StepTimes): Date | null;
  /** Where the step's allowed time starts (its at-risk moment is `atRiskAt` of the time from here to the deadline). */
  windowStart(s: StepTimes): Date;
  /** When the step was done; null while it is not. The update step is never done: each update moves `nextUpdateBy`. */
  doneAt(s: StepTimes): Date | null;
  /** Whether the step is pending: its deadline runs and it is not done. Nothing is pending once closed. */
  pending(s: DeadlineState): boolean;
}

/**
 * The step table, in the order the steps are reported:
 * - acknowledge: from receipt to `acknowledgeBy`, done at the acknowledgement (R4.4-d);
 * - update: from the last update (else the acknowledgement) to `nextUpdateBy`, pending while acknowledged (R4.2-c c);
 * - resolve: from receipt to `resolveBy`, done at closing (R4.4-e b).
 */
export const DEADLINE_STEPS: readonly DeadlineStepRule[] = [
  {
    step: 'acknowledge',
    deadline: (s) => s.deadlines.acknowledgeBy,
    windowStart: (s) => s.receivedAt,
    doneAt: (s) => s.acknowledgedAt,
    pending: (s) => s.status !== 'closed' && !s.acknowledgedAt,
  },
  {
    step: 'update',
    deadline: (s) => s.deadlines.nextUpdateBy,
    windowStart: (s) => s.lastUpdateAt ?? s.acknowledgedAt ?? s.receivedAt,
    doneAt: () => null,
    pending: (s) => s.status === 'acknowledged' && !!s.deadlines.nextUpdateBy,
  },
  {
    step: 'resolve',
    deadline: (s) => s.deadlines.resolveBy,
    windowStart: (s) => s.receivedAt,
    doneAt: (s) => s.closedAt,
    pending: (s) => s.status !== 'closed' && !s.closedAt,
  },
];

/** The `escalate` reason the automatic sweep uses when a step's deadline is missed. */
export const OVERDUE_REASON: Readonly<Record<DeadlineStep, AutoEscalationReason>> = {
  acknowledge: 'acknowledge_overdue',
  update: 'update_overdue',
  resolve: 'resolve_overdue',
};

export interface PendingDeadline {
  step: DeadlineStep;
  deadline: Date;
}

export interface OverdueDeadline extends PendingDeadline {
  /** The `escalate` reason the automatic sweep uses for this step. */
  reason: AutoEscalationReason;
}

/** Deadlines not yet met (see the table): acknowledge until acknowledged, update while acknowledged, resolve until closed. */
export function pendingDeadlines(state: DeadlineState): PendingDeadline[] {
  const pending: PendingDeadline[] = [];
  for (const rule of DEADLINE_STEPS) {
    const deadline = rule.deadline(state);
    if (deadline && rule.pending(state)) pending.push({ step: rule.step, deadline });
  }
  return pending;
}

/** Pending deadlines already passed (now > deadline, as in `slaStatus` "breached"), with the escalation reason. */
export function overdueDeadlines(state: DeadlineState, now: Date): OverdueDeadline[] {
  return pendingDeadlines(state)
    .filter((p) => now.getTime() > p.deadline.getTime())
    .map((p) => ({ ...p, reason: OVERDUE_REASON[p.step] }));
}

/** The steps whose deadline has passed without the step being done. */
export function overdueSteps(state: DeadlineState, now: Date): DeadlineStep[] {
  return overdueDeadlines(state, now).map((o) => o.step);
}

/** Earliest pending deadline — the inbox `dueAt` sort key; null when closed. */
export function nextPendingDeadline(state: DeadlineState): Date | null {
  const pending = pendingDeadlines(state);
  if (pending.length === 0) return null;
  return new Date(Math.min(...pending.map((p) => p.deadline.getTime())));
}

// ---------------------------------------------------------------------------------------------
// At risk
// ---------------------------------------------------------------------------------------------

/** The at-risk fraction when neither the complaint's snapshot nor the client's policy has a usable one. */
export const DEFAULT_AT_RISK_FRACTION = 0.8;

/** A usable `atRiskAt`: a number strictly between 0 and 1 (what `validatePolicy` accepts). */
export function isAtRiskFraction(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 1;
}

/**
 * The at-risk fraction of a complaint: the first usable of `candidates` — the complaint's policy
 * snapshot, then the client's current policy — else {@link DEFAULT_AT_RISK_FRACTION}. The same
 * fallback everywhere (the list, the sweep, the complaint's `sla`), because all of them read the
 * instants computed with it.
 */
export function atRiskFraction(...candidates: unknown[]): number {
  return candidates.find(isAtRiskFraction) ?? DEFAULT_AT_RISK_FRACTION;
}

/** The moment `fraction` of the allowed time from `start` to `deadline` has passed (whole milliseconds, truncated as `Date` does). */
export function atRiskAtTime(start: Date, deadline: Date, fraction: number): Date {
  const allowed = deadline.getTime() - start.getTime();
  return new Date(start.getTime() + Math.max(0, allowed) * fraction);
}

/** Per step, the instant it becomes at risk; null when the step is not pending. */
export type StepAtRisk = Readonly<Record<DeadlineStep, Date | null>>;

/** Each pending step's at-risk instant: `fraction` of its window (see the table); null for the other steps. */
export function atRiskInstants(state: DeadlineState, fraction: number): StepAtRisk {
  const out: Record<DeadlineStep, Date | null> = { acknowledge: null, update: null, resolve: null };
  for (const rule of DEADLINE_STEPS) {
    const deadline = rule.deadline(state);
    if (deadline && rule.pending(state)) out[rule.step] = atRiskAtTime(rule.windowStart(state), deadline, fraction);
  }
  return out;
}

/** What a complaint row stores of its deadlines besides the deadlines themselves (the API's derived columns). */
export interface DeadlineMarks {
  /** The earliest pending deadline (the inbox sort key); null once closed. */
  dueAt: Date | null;
  /** The earliest of `atRisk` (the sweep's index); null when nothing is pending. */
  atRiskAt: Date | null;
  /** Each pending step's at-risk instant; null when the step is not pending. */
  atRisk: StepAtRisk;
}

/** The one computation of a complaint's derived deadline values, for every writer of complaint rows. */
export function deadlineMarks(state: DeadlineState, fraction: number): DeadlineMarks {
  const atRisk = atRiskInstants(state, fraction);
  const times = Object.values(atRisk)
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  return {
    dueAt: nextPendingDeadline(state),
    atRiskAt: times.length ? new Date(Math.min(...times)) : null,
    atRisk,
  };
}

export interface AtRiskDeadline extends PendingDeadline {
  /** When the step became at risk. */
  atRiskFrom: Date;
}

/**
 * Pending deadlines at risk at `now`: their at-risk instant (as stored, `atRisk`) has come and the
 * deadline has not passed (then it is a breach, which escalates instead) — `at_risk` of `complaintSla`.
 */
export function atRiskDeadlines(state: DeadlineState, atRisk: StepAtRisk, now: Date): AtRiskDeadline[] {
  const out: AtRiskDeadline[] = [];
  for (const p of pendingDeadlines(state)) {
    const from = atRisk[p.step];
    if (from && now.getTime() >= from.getTime() && now.getTime() <= p.deadline.getTime()) {
      out.push({ ...p, atRiskFrom: from });
    }
  }
  return out;
}
