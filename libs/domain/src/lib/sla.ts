/**
 * SLA status of one complaint step — the single definition used by the API, the inbox filters,
 * the escalation sweep and the statistics (R4.4-e b: addressed within the set response time).
 */

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

/** The moment `atRiskAt` of the allowed time has passed (the DB may store it for queries). */
export function atRiskAtTime(start: Date, deadline: Date, atRiskAt: number): Date {
  const allowed = deadline.getTime() - start.getTime();
  return new Date(start.getTime() + Math.max(0, allowed) * atRiskAt);
}

/**
 * - done: `met` when done at or before the deadline, else `breached`;
 * - not done: `breached` once now is after the deadline, `at_risk` once now reaches
 *   start + atRiskAt × (deadline − start), else `pending`.
 */
export function slaStatus({ start, deadline, doneAt, now, atRiskAt }: SlaInput): SlaStatus {
  if (doneAt) return doneAt.getTime() <= deadline.getTime() ? 'met' : 'breached';
  if (now.getTime() > deadline.getTime()) return 'breached';
  if (now.getTime() >= atRiskAtTime(start, deadline, atRiskAt).getTime()) return 'at_risk';
  return 'pending';
}

/** The subset of the complaint state the SLA needs (ComplaintState satisfies it). */
export interface SlaState {
  receivedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  lastUpdateAt: Date | null;
  deadlines: { acknowledgeBy: Date; resolveBy: Date; nextUpdateBy: Date | null };
}

export interface ComplaintSla {
  acknowledge: SlaStatus;
  resolve: SlaStatus;
  update: SlaStatus;
}

/**
 * SLA of the three steps. `update` is `pending` when no update is due (before acknowledgement and
 * after closing); its window starts at the last update, else at the acknowledgement. The update
 * step is never "done": each update moves `nextUpdateBy`.
 */
export function complaintSla(state: SlaState, now: Date, atRiskAt: number): ComplaintSla {
  const { receivedAt, acknowledgedAt, closedAt, lastUpdateAt, deadlines } = state;
  const acknowledge = slaStatus({ start: receivedAt, deadline: deadlines.acknowledgeBy, doneAt: acknowledgedAt, now, atRiskAt });
  const resolve = slaStatus({ start: receivedAt, deadline: deadlines.resolveBy, doneAt: closedAt, now, atRiskAt });
  const update = deadlines.nextUpdateBy
    ? slaStatus({
        start: lastUpdateAt ?? acknowledgedAt ?? receivedAt,
        deadline: deadlines.nextUpdateBy,
        doneAt: null,
        now,
        atRiskAt,
      })
    : 'pending';
  return { acknowledge, resolve, update };
}
