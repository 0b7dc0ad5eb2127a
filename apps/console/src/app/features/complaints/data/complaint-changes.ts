import type { ComplaintDto } from '@complaint-desk/contracts';

export type ComplaintChange =
  | { kind: 'status'; value: ComplaintDto['status'] }
  | { kind: 'assignee'; value: string | null }
  | { kind: 'escalation'; value: number }
  | { kind: 'resolveBy'; value: string }
  | { kind: 'category'; value: string | null }
  | { kind: 'other'; from: number; to: number };

/** What differs between the complaint the user was looking at and the one just reloaded. */
export function diffComplaint(before: ComplaintDto, after: ComplaintDto): ComplaintChange[] {
  const changes: ComplaintChange[] = [];
  if (before.status !== after.status) changes.push({ kind: 'status', value: after.status });
  if ((before.assignee?.id ?? null) !== (after.assignee?.id ?? null))
    changes.push({ kind: 'assignee', value: after.assignee?.email ?? null });
  if (before.escalation.level !== after.escalation.level) changes.push({ kind: 'escalation', value: after.escalation.level });
  if (before.deadlines.resolveBy !== after.deadlines.resolveBy) changes.push({ kind: 'resolveBy', value: after.deadlines.resolveBy });
  if ((before.category?.code ?? null) !== (after.category?.code ?? null))
    changes.push({ kind: 'category', value: after.category?.name ?? null });
  if (!changes.length && before.version !== after.version) changes.push({ kind: 'other', from: before.version, to: after.version });
  return changes;
}
