import type { DeadlineStep } from '@complaint-desk/domain';
import { STEP_COLUMNS } from './complaint-row';

/**
 * SQL over `complaints c` deciding a deadline step from the stored columns only (never a fraction or a
 * window: those are the domain's, stored by `deadlineColumns`). A step's at-risk instant is NULL unless
 * the step is pending, so "pending" needs no rule in SQL either.
 */
export const stepSql = {
  /** The step is pending and at risk at `now`: its at-risk instant has come, its deadline has not passed (`sla` `at_risk`). */
  atRisk: (step: DeadlineStep, now: string): string => `(c.${STEP_COLUMNS[step].atRisk} <= ${now} AND c.${STEP_COLUMNS[step].deadline} >= ${now})`,
  /** The step is pending and its deadline passed before `now` (`sla` `breached`, not done). */
  overdue: (step: DeadlineStep, now: string): string =>
    `(c.${STEP_COLUMNS[step].atRisk} IS NOT NULL AND c.${STEP_COLUMNS[step].deadline} < ${now})`,
};

export const DEADLINE_STEP_NAMES = Object.keys(STEP_COLUMNS) as DeadlineStep[];
