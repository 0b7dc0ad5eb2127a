/**
 * SLA status of one complaint step — the single definition used by the API, the inbox filters,
 * the escalation sweep and the statistics (R4.4-e b: addressed within the set response time).
 * Each step's deadline, window and at-risk moment come from the step table (`deadline-steps.ts`).
 */
import { atRiskAtTime, DEADLINE_STEPS, type DeadlineStep, type StepAtRisk, type StepTimes } from './deadline-steps';

export type SlaStatus = 'pending' | 'at_risk' | 'breached' | 'met';

export interface SlaInput {
  /** When the clock for this step started. */
  start: Date;
  deadline: Date;
  /** When the step was done, or null while it is not. */
  doneAt: Date | null;
  now: Date;
  /** Fraction of the allowed time after which the step is at risk, in (0, 1). */
  atRiskAt: number;
}

/**
 * - done: `met` when done at or before the deadline, else `breached`;
 * - not done: `breached` once now is after the deadline, `at_risk` once now reaches the at-risk moment
 *   (`atRiskFrom`; none: never at risk), else `pending`.
 */
function stepStatus(deadline: Date, doneAt: Date | null, now: Date, atRiskFrom: Date | null): SlaStatus {
  if (doneAt) return doneAt.getTime() <= deadline.getTime() ? 'met' : 'breached';
  if (now.getTime() > deadline.getTime()) return 'breached';
  if (atRiskFrom && now.getTime() >= atRiskFrom.getTime()) return 'at_risk';
  return 'pending';
}

/** One step: at risk once start + atRiskAt × (deadline − start) is reached (see `stepStatus`). */
export function slaStatus({ start, deadline, doneAt, now, atRiskAt }: SlaInput): SlaStatus {
  return stepStatus(deadline, doneAt, now, atRiskAtTime(start, deadline, atRiskAt));
}

/** The subset of the complaint state the SLA needs (ComplaintState satisfies it). */
export type SlaState = StepTimes;

export type ComplaintSla = Record<DeadlineStep, SlaStatus>;

/**
 * SLA of the three steps (the table's deadline, window and done-at of each). A step without a
 * deadline is `pending` (update before acknowledgement and after closing).
 *
 * `atRisk` is either the at-risk fraction (each step's moment computed from its window) or the
 * at-risk instants the complaint row stores (`atRiskInstants` of the state, written by every writer
 * of complaint rows) — the API passes the stored instants, so the `sla` of a response, the list's
 * `atRisk` filter and the sweep read the same values.
 */
export function complaintSla(state: SlaState, now: Date, atRisk: number | StepAtRisk): ComplaintSla {
  const out = {} as ComplaintSla;
  for (const rule of DEADLINE_STEPS) {
    const deadline = rule.deadline(state);
    if (!deadline) {
      out[rule.step] = 'pending';
      continue;
    }
    const from = typeof atRisk === 'number' ? atRiskAtTime(rule.windowStart(state), deadline, atRisk) : atRisk[rule.step];
    out[rule.step] = stepStatus(deadline, rule.doneAt(state), now, from);
  }
  return { acknowledge: out.acknowledge, resolve: out.resolve, update: out.update };
}
