/**
 * The complaint lifecycle as ONE typed transition table (Vendure style). The mapped type makes the
 * compiler demand an entry for every status, terminal or not; `validateLifecycleTable()` checks the
 * data at start-up (every status present, every target a known status, every status reachable).
 *
 * registered → acknowledged → closed, and closed → acknowledged by `reopen`. Escalation is a level
 * beside the status, not a status.
 */

export const COMPLAINT_STATUSES = ['registered', 'acknowledged', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_ACTIONS = [
  'categorise',
  'acknowledge',
  'update',
  'extend',
  'escalate',
  'assign',
  'close',
  'reopen',
  'satisfaction',
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

/** For each status: the actions allowed from it and the status each leads to. */
export type LifecycleTable = {
  readonly [S in ComplaintStatus]: { readonly [A in ComplaintAction]?: ComplaintStatus };
};

export const LIFECYCLE = {
  registered: {
    categorise: 'registered',
    acknowledge: 'acknowledged',
    escalate: 'registered',
    assign: 'registered',
  },
  acknowledged: {
    categorise: 'acknowledged',
    update: 'acknowledged',
    extend: 'acknowledged',
    escalate: 'acknowledged',
    assign: 'acknowledged',
    close: 'closed',
  },
  closed: {
    reopen: 'acknowledged',
    satisfaction: 'closed',
  },
} as const satisfies LifecycleTable;

export const INITIAL_STATUS: ComplaintStatus = 'registered';

/** Actions the table allows from a status (not yet state-aware; see `allowedActions`). */
export function allowedByStatus(status: ComplaintStatus, table: LifecycleTable = LIFECYCLE): ComplaintAction[] {
  const row = table[status];
  return COMPLAINT_ACTIONS.filter((a) => row[a] !== undefined);
}

/** The status an action leads to from `status`, or null when the table does not allow it. */
export function nextStatus(status: ComplaintStatus, action: ComplaintAction, table: LifecycleTable = LIFECYCLE): ComplaintStatus | null {
  return table[status][action] ?? null;
}

export function isComplaintStatus(value: unknown): value is ComplaintStatus {
  return (COMPLAINT_STATUSES as readonly unknown[]).includes(value);
}

export function isComplaintAction(value: unknown): value is ComplaintAction {
  return (COMPLAINT_ACTIONS as readonly unknown[]).includes(value);
}

/**
 * Start-up check of a lifecycle table: every status has a row, no unknown statuses or actions,
 * every target is a known status, every status is reachable from the initial one and every action
 * is allowed somewhere. Returns the problems found (empty = valid).
 */
export function validateLifecycleTable(table: LifecycleTable = LIFECYCLE): string[] {
  const problems: string[] = [];
  const rows = table as Record<string, Record<string, unknown> | undefined>;
  for (const status of COMPLAINT_STATUSES) {
    if (!rows[status] || typeof rows[status] !== 'object') problems.push(`status "${status}" has no row`);
  }
  for (const [status, row] of Object.entries(rows)) {
    if (!isComplaintStatus(status)) problems.push(`unknown status "${status}"`);
    for (const [action, target] of Object.entries(row ?? {})) {
      if (!isComplaintAction(action)) problems.push(`${status}: unknown action "${action}"`);
      if (!isComplaintStatus(target)) problems.push(`${status}.${action}: unknown target status "${String(target)}"`);
    }
  }
  if (problems.length > 0) return problems;

  const reachable = new Set<ComplaintStatus>([INITIAL_STATUS]);
  const queue: ComplaintStatus[] = [INITIAL_STATUS];
  while (queue.length > 0) {
    const s = queue.shift() as ComplaintStatus;
    for (const target of Object.values(table[s])) {
      if (target && !reachable.has(target)) {
        reachable.add(target);
        queue.push(target);
      }
    }
  }
  for (const status of COMPLAINT_STATUSES) {
    if (!reachable.has(status)) problems.push(`status "${status}" is unreachable from "${INITIAL_STATUS}"`);
  }
  for (const action of COMPLAINT_ACTIONS) {
    if (!COMPLAINT_STATUSES.some((s) => table[s][action] !== undefined)) {
      problems.push(`action "${action}" is allowed from no status`);
    }
  }
  return problems;
}

/** Throws with all problems when the table is invalid — call once at application start-up. */
export function assertValidLifecycleTable(table: LifecycleTable = LIFECYCLE): void {
  const problems = validateLifecycleTable(table);
  if (problems.length > 0) throw new Error(`Invalid complaint lifecycle table:\n- ${problems.join('\n- ')}`);
}
