/**
 * Complaint transitions: `register()` creates the initial state, `transition()` applies one
 * lifecycle action. Both are pure and never throw for business errors — they return
 * `{ ok: false, error }` with a `DomainErrorCode`. Every path that changes a complaint (an agent,
 * the escalation sweep, an import) goes through `transition()`.
 *
 * Database checks (category exists in the client's tree, assignee serves the client, caller's role)
 * are NOT here: the API does them before calling `transition()` (codes CATEGORY_NOT_FOUND,
 * ASSIGNEE_NOT_ELIGIBLE are reserved for that).
 *
 * Event `data` is JSON-ready: dates in it are ISO 8601 UTC strings.
 */
import { addDuration, type BusinessCalendar, type ComplaintPolicy } from './calendar';
import { domainError, type DomainError } from './errors';
import { allowedByStatus, INITIAL_STATUS, nextStatus, type ComplaintAction, type ComplaintStatus } from './lifecycle-table';

export * from './lifecycle-table';
// Deadlines: what is pending, what is overdue, the inbox sort key, at-risk instants (one step table).
export * from './deadline-steps';

export const CHANNELS = ['phone', 'email', 'webchat', 'letter', 'social', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];

export const COMPLAINT_OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/** Reasons the system uses when it escalates by itself (R4.4-e c). */
export const AUTO_ESCALATION_REASONS = ['acknowledge_overdue', 'update_overdue', 'resolve_overdue'] as const;
export type AutoEscalationReason = (typeof AUTO_ESCALATION_REASONS)[number];

export const SATISFACTION_MIN = 1;
export const SATISFACTION_MAX = 5;
/** How far in the past `receivedAt` may lie at registration. */
export const MAX_RECEIVED_AGE_DAYS = 365;
/** Tolerated clock skew for a `receivedAt` slightly ahead of the server clock. */
export const RECEIVED_AT_CLOCK_SKEW_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// State, commands, events
// ---------------------------------------------------------------------------------------------

export interface ComplaintDeadlines {
  acknowledgeBy: Date;
  resolveBy: Date;
  /** Next status update due (R4.2-c c); null before acknowledgement and after closing. */
  nextUpdateBy: Date | null;
}

/** What the lifecycle rules need to know about a complaint. */
export interface ComplaintState {
  status: ComplaintStatus;
  categoryCode: string | null;
  escalationLevel: number;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  lastUpdateAt: Date | null;
  deadlines: ComplaintDeadlines;
  outcome: ComplaintOutcome | null;
  resolution: string | null;
  rootCauseCode: string | null;
  satisfactionScore: number | null;
  assigneeId: string | null;
  responsibleFunction: string | null;
  reopenCount: number;
}

export type ComplaintCommand =
  | { action: 'categorise'; categoryCode: string; note?: string }
  | {
      action: 'acknowledge';
      via: Channel;
      message?: string;
      responsibleFunction: string;
      expectedResolutionBy?: Date;
    }
  | { action: 'update'; via: Channel; message: string }
  | { action: 'extend'; newResolveBy: Date; reason: string; actionPlan: string; via?: Channel }
  | { action: 'escalate'; reason: AutoEscalationReason | (string & {}); note?: string }
  | { action: 'assign'; assigneeId: string | null }
  | { action: 'close'; outcome: ComplaintOutcome; resolution: string; via: Channel; rootCauseCode?: string }
  | { action: 'reopen'; reason: string }
  | { action: 'satisfaction'; score: number; comment?: string };

export type CommandOf<A extends ComplaintAction> = Extract<ComplaintCommand, { action: A }>;

type Iso = string;

export interface DomainEventDataMap {
  registered: { acknowledgeBy: Iso; resolveBy: Iso; categoryCode: string | null };
  categorised: { before: string | null; after: string; note: string | null };
  acknowledged: {
    via: Channel;
    message: string | null;
    responsibleFunction: string;
    /** The timeframe told to the customer (R4.2-c a); defaults to `resolveBy`. */
    expectedResolutionBy: Iso;
    nextUpdateBy: Iso;
  };
  updated: { via: Channel; message: string; nextUpdateBy: Iso };
  /**
   * `via`: how the customer was told of the delay; absent when the caller did not say (events before it existed too).
   * The API fills it in with `email` when the customer can be e-mailed; otherwise it stays absent and the API adds
   * `preferredChannel` to the event data (the complaint shows `customerNotReached`).
   */
  deadline_extended: { before: Iso; after: Iso; reason: string; actionPlan: string; via?: Channel };
  escalated: { reason: string; note: string | null; levelBefore: number; levelAfter: number };
  assigned: { before: string | null; after: string | null };
  closed: { outcome: ComplaintOutcome; resolution: string; via: Channel; rootCauseCode: string | null };
  reopened: { reason: string; reopenCount: number };
  satisfaction_recorded: { score: number; comment: string | null };
}

export type ComplaintEventType = keyof DomainEventDataMap;
export const COMPLAINT_EVENT_TYPES: readonly ComplaintEventType[] = [
  'registered',
  'categorised',
  'acknowledged',
  'updated',
  'deadline_extended',
  'escalated',
  'assigned',
  'closed',
  'reopened',
  'satisfaction_recorded',
];

export type DomainEvent = {
  [T in ComplaintEventType]: { type: T; at: Date; data: DomainEventDataMap[T] };
}[ComplaintEventType];

/** The timeline event each action appends. */
export const ACTION_EVENT_TYPE = {
  categorise: 'categorised',
  acknowledge: 'acknowledged',
  update: 'updated',
  extend: 'deadline_extended',
  escalate: 'escalated',
  assign: 'assigned',
  close: 'closed',
  reopen: 'reopened',
  satisfaction: 'satisfaction_recorded',
} as const satisfies Record<ComplaintAction, ComplaintEventType>;

export interface TransitionContext {
  now: Date;
  calendar: BusinessCalendar;
  policy: ComplaintPolicy;
}

export type TransitionResult = { ok: true; state: ComplaintState; event: DomainEvent } | { ok: false; error: DomainError };

type Failure = { ok: false; error: DomainError };
const fail = (error: DomainError): Failure => ({ ok: false, error });

// ---------------------------------------------------------------------------------------------
// Register
// ---------------------------------------------------------------------------------------------

export interface RegisterInput {
  receivedAt: Date;
  categoryCode?: string | null;
}

/**
 * Initial state and `registered` event (R4.4-e a). Deadlines run from receipt:
 * acknowledgeBy = receivedAt + acknowledgeWithin, resolveBy = receivedAt + resolveWithin.
 * `receivedAt` may lie in the past (at most 365 days), not in the future.
 */
export function register(input: RegisterInput, ctx: TransitionContext): TransitionResult {
  const { receivedAt } = input;
  const { now, calendar, policy } = ctx;
  if (!isValidDate(receivedAt)) {
    return fail(domainError('INVALID_COMMAND', 'receivedAt is not a valid date', { field: 'receivedAt' }));
  }
  if (receivedAt.getTime() > now.getTime() + RECEIVED_AT_CLOCK_SKEW_MS) {
    return fail(domainError('RECEIVED_AT_IN_FUTURE', 'receivedAt must not be in the future', { field: 'receivedAt' }));
  }
  if (receivedAt.getTime() < now.getTime() - MAX_RECEIVED_AGE_DAYS * 86_400_000) {
    return fail(
      domainError('RECEIVED_AT_TOO_OLD', `receivedAt must be within the last ${MAX_RECEIVED_AGE_DAYS} days`, {
        field: 'receivedAt',
      }),
    );
  }
  const state: ComplaintState = {
    status: INITIAL_STATUS,
    categoryCode: input.categoryCode ?? null,
    escalationLevel: 0,
    receivedAt,
    acknowledgedAt: null,
    closedAt: null,
    lastUpdateAt: null,
    deadlines: {
      acknowledgeBy: addDuration(receivedAt, policy.acknowledgeWithin, calendar),
      resolveBy: addDuration(receivedAt, policy.resolveWithin, calendar),
      nextUpdateBy: null,
    },
    outcome: null,
    resolution: null,
    rootCauseCode: null,
    satisfactionScore: null,
    assigneeId: null,
    responsibleFunction: null,
    reopenCount: 0,
  };
  return {
    ok: true,
    state,
    event: {
      type: 'registered',
      at: now,
      data: {
        acknowledgeBy: iso(state.deadlines.acknowledgeBy),
        resolveBy: iso(state.deadlines.resolveBy),
        categoryCode: state.categoryCode,
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// What is allowed now
// ---------------------------------------------------------------------------------------------

/** End of the reopen window: closedAt + reopenWithinDays calendar days (client timezone). */
export function reopenDeadline(state: ComplaintState, ctx: Omit<TransitionContext, 'now'>): Date | null {
  if (state.status !== 'closed' || !state.closedAt) return null;
  return addDuration(state.closedAt, { amount: ctx.policy.reopenWithinDays, unit: 'calendar_days' }, ctx.calendar);
}

/** State-aware refusals of an action the table allows (409 conflicts), or null. */
function stateGuard(state: ComplaintState, action: ComplaintAction, ctx: TransitionContext): DomainError | null {
  if (action === 'satisfaction' && state.satisfactionScore !== null) {
    return domainError('SATISFACTION_ALREADY_RECORDED', 'Satisfaction has already been recorded for this complaint');
  }
  if (action === 'reopen') {
    const until = reopenDeadline(state, ctx);
    if (ctx.policy.reopenWithinDays <= 0 || !until || ctx.now.getTime() > until.getTime()) {
      return domainError('REOPEN_WINDOW_PASSED', `A complaint can be reopened within ${ctx.policy.reopenWithinDays} days of closing`);
    }
  }
  return null;
}

/** The actions legal now: the table's actions for the status, minus state-aware refusals. */
export function allowedActions(state: ComplaintState, ctx: TransitionContext): ComplaintAction[] {
  return allowedByStatus(state.status).filter((a) => stateGuard(state, a, ctx) === null);
}

// ---------------------------------------------------------------------------------------------
// Transition
// ---------------------------------------------------------------------------------------------

/**
 * Whether `action` may be taken in the complaint's current state, decided WITHOUT its body: the 409
 * refusal (`ACTION_NOT_ALLOWED`, `SATISFACTION_ALREADY_RECORDED`, `REOPEN_WINDOW_PASSED`, carrying the
 * state and the allowed actions) or null. The API asks this before it validates the body, so a
 * forbidden action answers 409 whatever the body ("Which answer wins"); `transition()` asks it too.
 */
export function actionRefusal(state: ComplaintState, action: ComplaintAction, ctx: TransitionContext): DomainError | null {
  if (nextStatus(state.status, action) === null) {
    return domainError('ACTION_NOT_ALLOWED', `Action "${action}" is not allowed when the complaint is ${state.status}`, {
      status: state.status,
      allowedActions: allowedActions(state, ctx),
    });
  }
  const refusal = stateGuard(state, action, ctx);
  return refusal ? { ...refusal, status: state.status, allowedActions: allowedActions(state, ctx) } : null;
}

export function transition(state: ComplaintState, command: ComplaintCommand, ctx: TransitionContext): TransitionResult {
  const refusal = actionRefusal(state, command.action, ctx);
  if (refusal) return fail(refusal);
  const target = nextStatus(state.status, command.action) as ComplaintStatus;

  const result = apply(state, command, ctx);
  if (!result.ok) return result;
  return { ok: true, state: { ...result.state, status: target }, event: result.event };
}

function apply(state: ComplaintState, command: ComplaintCommand, ctx: TransitionContext): TransitionResult {
  switch (command.action) {
    case 'categorise':
      return categorise(state, command, ctx);
    case 'acknowledge':
      return acknowledge(state, command, ctx);
    case 'update':
      return update(state, command, ctx);
    case 'extend':
      return extend(state, command, ctx);
    case 'escalate':
      return escalate(state, command, ctx);
    case 'assign':
      return assign(state, command, ctx);
    case 'close':
      return close(state, command, ctx);
    case 'reopen':
      return reopen(state, command, ctx);
    case 'satisfaction':
      return satisfaction(state, command, ctx);
  }
}

function categorise(state: ComplaintState, c: CommandOf<'categorise'>, { now }: TransitionContext): TransitionResult {
  return {
    ok: true,
    state: { ...state, categoryCode: c.categoryCode },
    event: { type: 'categorised', at: now, data: { before: state.categoryCode, after: c.categoryCode, note: c.note ?? null } },
  };
}

function acknowledge(state: ComplaintState, c: CommandOf<'acknowledge'>, ctx: TransitionContext): TransitionResult {
  const { now, calendar, policy } = ctx;
  if (c.expectedResolutionBy !== undefined) {
    if (!isValidDate(c.expectedResolutionBy)) {
      return fail(domainError('INVALID_COMMAND', 'expectedResolutionBy is not a valid date', { field: 'expectedResolutionBy' }));
    }
    if (c.expectedResolutionBy.getTime() < now.getTime()) {
      return fail(
        domainError('EXPECTED_RESOLUTION_IN_PAST', 'expectedResolutionBy must not be in the past', {
          field: 'expectedResolutionBy',
        }),
      );
    }
  }
  const nextUpdateBy = addDuration(now, policy.updateEvery, calendar);
  return {
    ok: true,
    state: {
      ...state,
      acknowledgedAt: now,
      responsibleFunction: c.responsibleFunction,
      deadlines: { ...state.deadlines, nextUpdateBy },
    },
    event: {
      type: 'acknowledged',
      at: now,
      data: {
        via: c.via,
        message: c.message ?? null,
        responsibleFunction: c.responsibleFunction,
        expectedResolutionBy: iso(c.expectedResolutionBy ?? state.deadlines.resolveBy),
        nextUpdateBy: iso(nextUpdateBy),
      },
    },
  };
}

function update(state: ComplaintState, c: CommandOf<'update'>, { now, calendar, policy }: TransitionContext): TransitionResult {
  const nextUpdateBy = addDuration(now, policy.updateEvery, calendar);
  return {
    ok: true,
    state: { ...state, lastUpdateAt: now, deadlines: { ...state.deadlines, nextUpdateBy } },
    event: { type: 'updated', at: now, data: { via: c.via, message: c.message, nextUpdateBy: iso(nextUpdateBy) } },
  };
}

function extend(state: ComplaintState, c: CommandOf<'extend'>, { now }: TransitionContext): TransitionResult {
  if (!isValidDate(c.newResolveBy)) {
    return fail(domainError('INVALID_COMMAND', 'newResolveBy is not a valid date', { field: 'newResolveBy' }));
  }
  const before = state.deadlines.resolveBy;
  if (c.newResolveBy.getTime() <= before.getTime()) {
    return fail(
      domainError('DEADLINE_NOT_LATER', `newResolveBy must be later than the current deadline ${iso(before)}`, {
        field: 'newResolveBy',
      }),
    );
  }
  if (c.newResolveBy.getTime() <= now.getTime()) {
    return fail(domainError('DEADLINE_IN_PAST', 'newResolveBy must be in the future', { field: 'newResolveBy' }));
  }
  return {
    ok: true,
    state: { ...state, deadlines: { ...state.deadlines, resolveBy: c.newResolveBy } },
    event: {
      type: 'deadline_extended',
      at: now,
      data: {
        before: iso(before),
        after: iso(c.newResolveBy),
        reason: c.reason,
        actionPlan: c.actionPlan,
        ...(c.via === undefined ? {} : { via: c.via }),
      },
    },
  };
}

function escalate(state: ComplaintState, c: CommandOf<'escalate'>, { now }: TransitionContext): TransitionResult {
  const levelAfter = state.escalationLevel + 1;
  return {
    ok: true,
    state: { ...state, escalationLevel: levelAfter },
    event: {
      type: 'escalated',
      at: now,
      data: { reason: c.reason, note: c.note ?? null, levelBefore: state.escalationLevel, levelAfter },
    },
  };
}

function assign(state: ComplaintState, c: CommandOf<'assign'>, { now }: TransitionContext): TransitionResult {
  return {
    ok: true,
    state: { ...state, assigneeId: c.assigneeId },
    event: { type: 'assigned', at: now, data: { before: state.assigneeId, after: c.assigneeId } },
  };
}

function close(state: ComplaintState, c: CommandOf<'close'>, { now, policy }: TransitionContext): TransitionResult {
  if (!state.categoryCode) {
    return fail(domainError('CATEGORY_REQUIRED', 'A complaint must be categorised before it is closed', { field: 'categoryCode' }));
  }
  const rootCauseCode = c.rootCauseCode ?? null;
  // The code must come from the client's list — a client without a list accepts none (R4.4-f).
  const known = policy.rootCauses ?? [];
  if (rootCauseCode !== null && !known.some((rc) => rc.code === rootCauseCode)) {
    return fail(domainError('UNKNOWN_ROOT_CAUSE', `Unknown root cause ${rootCauseCode}`, { field: 'rootCauseCode' }));
  }
  return {
    ok: true,
    state: {
      ...state,
      closedAt: now,
      outcome: c.outcome,
      resolution: c.resolution,
      rootCauseCode,
      deadlines: { ...state.deadlines, nextUpdateBy: null },
    },
    event: { type: 'closed', at: now, data: { outcome: c.outcome, resolution: c.resolution, via: c.via, rootCauseCode } },
  };
}

function reopen(state: ComplaintState, c: CommandOf<'reopen'>, { now, calendar, policy }: TransitionContext): TransitionResult {
  const reopenCount = state.reopenCount + 1;
  return {
    ok: true,
    state: {
      ...state,
      closedAt: null,
      outcome: null,
      resolution: null,
      rootCauseCode: null,
      reopenCount,
      deadlines: { ...state.deadlines, nextUpdateBy: addDuration(now, policy.updateEvery, calendar) },
    },
    event: { type: 'reopened', at: now, data: { reason: c.reason, reopenCount } },
  };
}

function satisfaction(state: ComplaintState, c: CommandOf<'satisfaction'>, { now }: TransitionContext): TransitionResult {
  if (!Number.isInteger(c.score) || c.score < SATISFACTION_MIN || c.score > SATISFACTION_MAX) {
    return fail(
      domainError('INVALID_SATISFACTION_SCORE', `score must be an integer from ${SATISFACTION_MIN} to ${SATISFACTION_MAX}`, {
        field: 'score',
      }),
    );
  }
  return {
    ok: true,
    state: { ...state, satisfactionScore: c.score },
    event: { type: 'satisfaction_recorded', at: now, data: { score: c.score, comment: c.comment ?? null } },
  };
}

// ---------------------------------------------------------------------------------------------

function isValidDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

function iso(d: Date): Iso {
  return d.toISOString();
}
