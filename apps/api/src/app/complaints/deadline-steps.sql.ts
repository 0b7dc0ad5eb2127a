/**
 * A complaint's deadline steps in SQL over `complaints c`, for the queries that must decide "at risk"
 * in the database (the list's `atRisk` filter, the sweep's at-risk candidates). Each step's window is
 * the one `complaintSla` (libs/domain sla.ts) uses: acknowledge and resolve from receipt, update from the
 * last update, else the acknowledgement, else receipt.
 */
export const STEP_WINDOWS = {
  acknowledge: { start: 'c.received_at', deadline: 'c.acknowledge_by' },
  update: { start: 'COALESCE(c.last_update_at, c.acknowledged_at, c.received_at)', deadline: 'c.next_update_by' },
  resolve: { start: 'c.received_at', deadline: 'c.resolve_by' },
} as const;

export type StepWindow = (typeof STEP_WINDOWS)[keyof typeof STEP_WINDOWS];

const ms = (x: string) => `(extract(epoch FROM ${x}) * 1000)::float8`;

/**
 * True when the step's at-risk moment — start + max(0, deadline − start) × fraction, truncated to whole
 * milliseconds as `atRiskAtTime` does with `Date` — is at or before `now` (+ `slackMs`). Epoch
 * arithmetic in float8: no DST or session time zone involved.
 */
export function atRiskMomentPassedSql(step: StepWindow, fraction: string, now: string, slackMs = 0): string {
  const { start, deadline } = step;
  const moment = `floor(${ms(start)} + GREATEST(${ms(deadline)} - ${ms(start)}, 0) * ${fraction})`;
  return `${moment} <= ${ms(`${now}::timestamptz`)}${slackMs ? ` + ${slackMs}` : ''}`;
}
