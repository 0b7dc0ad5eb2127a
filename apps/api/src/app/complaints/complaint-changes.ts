import type { ComplaintRow } from './complaint-row';

/** The complaint fields whose before/after every timeline event records when an action changes them. */
const TRACKED: ReadonlyArray<[keyof ComplaintRow, string]> = [
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
];

const norm = (v: unknown): string | number | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === 'number' ? v : String(v);

/** `{ field: { before, after } }` for every tracked field the action changed (dates as ISO strings). */
export function changesOf(before: ComplaintRow, after: ComplaintRow): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const [col, name] of TRACKED) {
    const b = norm(before[col]);
    const a = norm(after[col]);
    const same = typeof b === 'string' && typeof a === 'string' && !Number.isNaN(Date.parse(b)) && /T/.test(b) ? Date.parse(a) === Date.parse(b) : String(a) === String(b);
    if (!same) out[name] = { before: b, after: a };
  }
  return out;
}
