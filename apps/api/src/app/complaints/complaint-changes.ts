import type { ComplaintRow, ComplaintStateRow } from './complaint-row';

/** What `changesOf` compares: the state columns, the told timeframe and (where the writer keeps it) the reach flag. */
type TrackedColumns = ComplaintStateRow &
  Pick<ComplaintRow, 'expected_resolution_by'> &
  Partial<Pick<ComplaintRow, 'customer_not_reached'>>;

/** The complaint fields whose before/after every timeline event records when an action changes them. */
const TRACKED: ReadonlyArray<[keyof TrackedColumns, string]> = [
  ['status', 'status'],
  ['category_code', 'categoryCode'],
  ['assignee_id', 'assigneeId'],
  ['responsible_function', 'responsibleFunction'],
  ['escalation_level', 'escalationLevel'],
  ['acknowledge_by', 'acknowledgeBy'],
  ['resolve_by', 'resolveBy'],
  ['next_update_by', 'nextUpdateBy'],
  ['expected_resolution_by', 'expectedResolutionBy'],
  ['outcome', 'outcome'],
  ['root_cause_code', 'rootCauseCode'],
  ['satisfaction_score', 'satisfactionScore'],
  ['reopen_count', 'reopenCount'],
  ['customer_not_reached', 'customerNotReached'],
];

const DATES = new Set<keyof TrackedColumns>(['acknowledge_by', 'resolve_by', 'next_update_by', 'expected_resolution_by']);
const NUMBERS = new Set<keyof TrackedColumns>(['escalation_level', 'satisfaction_score', 'reopen_count']);
const BOOLEANS = new Set<keyof TrackedColumns>(['customer_not_reached']);

function norm(col: keyof TrackedColumns, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (DATES.has(col)) return new Date(v as string | Date).toISOString();
  if (NUMBERS.has(col)) return Number(v);
  if (BOOLEANS.has(col)) return v === true;
  return String(v);
}

/** `{ field: { before, after } }` for every tracked field the action changed (dates as ISO strings). */
export function changesOf(before: TrackedColumns, after: TrackedColumns): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const [col, name] of TRACKED) {
    const b = norm(col, before[col]);
    const a = norm(col, after[col]);
    if (a !== b) out[name] = { before: b, after: a };
  }
  return out;
}
