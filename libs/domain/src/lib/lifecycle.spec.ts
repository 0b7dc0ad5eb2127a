import type { BusinessCalendar, ComplaintPolicy } from './calendar';
import {
  ACTION_EVENT_TYPE,
  actionRefusal,
  allowedActions,
  allowedByStatus,
  assertValidLifecycleTable,
  COMPLAINT_ACTIONS,
  COMPLAINT_STATUSES,
  LIFECYCLE,
  nextPendingDeadline,
  overdueDeadlines,
  overdueSteps,
  register,
  reopenDeadline,
  transition,
  validateLifecycleTable,
  type ComplaintAction,
  type ComplaintCommand,
  type ComplaintState,
  type ComplaintStatus,
  type LifecycleTable,
  type TransitionContext,
  type TransitionResult,
} from './lifecycle';

const CAL: BusinessCalendar = {
  timezone: 'Europe/Stockholm',
  businessHours: {
    mon: [['08:00', '17:00']],
    tue: [['08:00', '17:00']],
    wed: [['08:00', '17:00']],
    thu: [['08:00', '17:00']],
    fri: [['08:00', '17:00']],
    sat: [],
    sun: [],
  },
  holidays: ['2026-12-24', '2026-12-25'],
};
const POLICY: ComplaintPolicy = {
  acknowledgeWithin: { amount: 1, unit: 'business_days' },
  resolveWithin: { amount: 10, unit: 'business_days' },
  updateEvery: { amount: 5, unit: 'business_days' },
  atRiskAt: 0.8,
  reopenWithinDays: 30,
  rootCauses: [{ code: 'PROCESS', name: 'Process gap' }],
};
const RECEIVED = new Date('2026-11-20T08:30:00Z'); // Fri 09:30 Stockholm (contract example)
const NOW = new Date('2026-11-23T10:00:00Z'); // Mon 11:00 Stockholm
const ctx = (now: Date = NOW): TransitionContext => ({ now, calendar: CAL, policy: POLICY });

function ok(r: TransitionResult): Extract<TransitionResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r;
}
function err(r: TransitionResult) {
  if (r.ok) throw new Error(`expected an error, got event ${r.event.type}`);
  return r.error;
}

const registered = (): ComplaintState =>
  ok(register({ receivedAt: RECEIVED, categoryCode: 'BILLING.OVERCHARGE' }, ctx(new Date('2026-11-20T08:31:00Z')))).state;

const acknowledged = (): ComplaintState =>
  ok(
    transition(
      registered(),
      { action: 'acknowledge', via: 'email', responsibleFunction: 'Billing team' },
      ctx(new Date('2026-11-20T09:00:00Z')),
    ),
  ).state;

const closed = (): ComplaintState =>
  ok(
    transition(
      acknowledged(),
      { action: 'close', outcome: 'upheld', resolution: 'Refunded the double charge', via: 'email' },
      ctx(new Date('2026-11-21T09:00:00Z')),
    ),
  ).state;

const STATE_OF: Record<ComplaintStatus, () => ComplaintState> = { registered, acknowledged, closed };

const COMMAND: Record<ComplaintAction, ComplaintCommand> = {
  categorise: { action: 'categorise', categoryCode: 'BILLING', note: 'broader' },
  acknowledge: { action: 'acknowledge', via: 'email', responsibleFunction: 'Billing team', message: 'Thanks' },
  update: { action: 'update', via: 'phone', message: 'Still investigating' },
  extend: {
    action: 'extend',
    newResolveBy: new Date('2027-01-15T16:00:00Z'),
    reason: 'Waiting for the meter reading',
    actionPlan: 'Read meter, recalculate',
  },
  escalate: { action: 'escalate', reason: 'customer very upset', note: 'to lead' },
  assign: { action: 'assign', assigneeId: 'user-2' },
  close: { action: 'close', outcome: 'partially_upheld', resolution: 'Credit note issued', via: 'letter', rootCauseCode: 'PROCESS' },
  reopen: { action: 'reopen', reason: 'Credit note never arrived' },
  satisfaction: { action: 'satisfaction', score: 4, comment: 'ok' },
};

describe('lifecycle table (Vendure-style, validated at start-up)', () => {
  it('is valid: every status has a row, every target is known, every status reachable', () => {
    expect(validateLifecycleTable()).toEqual([]);
    expect(() => assertValidLifecycleTable()).not.toThrow();
  });
  it('reports a missing status row and unknown targets', () => {
    const broken = { registered: { acknowledge: 'acknowleged' }, acknowledged: {} } as unknown as LifecycleTable;
    const problems = validateLifecycleTable(broken);
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining('"closed" has no row'), expect.stringContaining('unknown target status')]),
    );
    expect(() => assertValidLifecycleTable(broken)).toThrow(/Invalid complaint lifecycle table/);
  });
  it('reports unreachable statuses', () => {
    const island: LifecycleTable = { registered: { escalate: 'registered' }, acknowledged: { close: 'closed' }, closed: {} };
    expect(validateLifecycleTable(island)).toEqual(expect.arrayContaining([expect.stringContaining('unreachable')]));
  });
  it('allowedByStatus follows the contract table', () => {
    expect(allowedByStatus('registered')).toEqual(['categorise', 'acknowledge', 'escalate', 'assign']);
    expect(allowedByStatus('acknowledged')).toEqual(['categorise', 'update', 'extend', 'escalate', 'assign', 'close']);
    expect(allowedByStatus('closed')).toEqual(['reopen', 'satisfaction']);
  });
});

describe('transition over EVERY (status, action) pair', () => {
  const pairs = COMPLAINT_STATUSES.flatMap((s) => COMPLAINT_ACTIONS.map((a) => [s, a] as const));

  it.each(pairs)('%s × %s', (status, action) => {
    const state = STATE_OF[status]();
    expect(state.status).toBe(status);
    const result = transition(state, COMMAND[action], ctx());
    const target = (LIFECYCLE as LifecycleTable)[status][action];
    if (target) {
      const r = ok(result);
      expect(r.state.status).toBe(target);
      expect(r.event.type).toBe(ACTION_EVENT_TYPE[action]);
      expect(r.event.at).toEqual(NOW);
    } else {
      const e = err(result);
      expect(e.code).toBe('ACTION_NOT_ALLOWED');
      expect(e.status).toBe(status);
      expect(e.allowedActions).toEqual(allowedActions(state, ctx()));
      expect(e.allowedActions).not.toContain(action);
    }
  });

  it('"whatever the body": a not-allowed action with an invalid body is still ACTION_NOT_ALLOWED', () => {
    const e = err(transition(registered(), { action: 'satisfaction', score: 99 }, ctx()));
    expect(e.code).toBe('ACTION_NOT_ALLOWED');
  });

  it.each(pairs)('actionRefusal(%s, %s) without a body agrees with transition (409 decided before the body is read)', (status, action) => {
    const state = STATE_OF[status]();
    const refusal = actionRefusal(state, action, ctx());
    const result = transition(state, COMMAND[action], ctx());
    if (result.ok) expect(refusal).toBeNull();
    else expect(refusal).toEqual(result.error);
  });

  it('actionRefusal covers the state guards: satisfaction twice and reopen after the window → 409 with state and allowed actions', () => {
    const closed = ok(transition(STATE_OF.closed(), COMMAND.satisfaction, ctx())).state;
    expect(actionRefusal(closed, 'satisfaction', ctx())).toMatchObject({
      code: 'SATISFACTION_ALREADY_RECORDED',
      status: 'closed',
      allowedActions: ['reopen'],
    });
    const late = { ...ctx(), now: new Date(NOW.getTime() + 60 * 86_400_000) };
    expect(actionRefusal(STATE_OF.closed(), 'reopen', late)).toMatchObject({ code: 'REOPEN_WINDOW_PASSED', status: 'closed' });
  });

  it('never mutates the input state', () => {
    const state = acknowledged();
    const copy = structuredClone(state);
    transition(state, COMMAND.close, ctx());
    transition(state, COMMAND.escalate, ctx());
    expect(state).toEqual(copy);
  });
});

describe('register (R4.4-e a: registered with deadlines)', () => {
  it('R4.4-e a: computes deadlines from receipt with the client calendar (contract example)', () => {
    const r = ok(register({ receivedAt: new Date('2026-11-20T09:30:00+01:00') }, ctx()));
    expect(r.state.status).toBe('registered');
    expect(r.state.deadlines.acknowledgeBy.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(r.state.deadlines.resolveBy.toISOString()).toBe('2026-12-04T16:00:00.000Z');
    expect(r.state.deadlines.nextUpdateBy).toBeNull();
    expect(r.state.escalationLevel).toBe(0);
    expect(r.event).toEqual({
      type: 'registered',
      at: NOW,
      data: { acknowledgeBy: '2026-11-23T16:00:00.000Z', resolveBy: '2026-12-04T16:00:00.000Z', categoryCode: null },
    });
  });
  it('rejects receivedAt in the future with 422', () => {
    const e = err(register({ receivedAt: new Date(NOW.getTime() + 3_600_000) }, ctx()));
    expect(e.code).toBe('RECEIVED_AT_IN_FUTURE');
    expect(e.field).toBe('receivedAt');
  });
  it('accepts a letter logged days later but not more than 365 days', () => {
    expect(register({ receivedAt: new Date('2026-11-01T10:00:00Z') }, ctx()).ok).toBe(true);
    expect(err(register({ receivedAt: new Date('2025-11-01T10:00:00Z') }, ctx())).code).toBe('RECEIVED_AT_TOO_OLD');
  });
});

describe('acknowledge (R4.4-d, R4.2-c a, b)', () => {
  it('R4.4-d / R4.2-c a,b: sets acknowledgedAt, responsible function, nextUpdateBy; event tells timeframe (default resolveBy)', () => {
    const state = registered();
    const r = ok(transition(state, { action: 'acknowledge', via: 'email', responsibleFunction: 'Billing team' }, ctx()));
    expect(r.state.acknowledgedAt).toEqual(NOW);
    expect(r.state.responsibleFunction).toBe('Billing team');
    // Mon 23 Nov + 5 business days = Mon 30 Nov close
    expect(r.state.deadlines.nextUpdateBy?.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(r.event).toEqual({
      type: 'acknowledged',
      at: NOW,
      data: {
        via: 'email',
        message: null,
        responsibleFunction: 'Billing team',
        expectedResolutionBy: state.deadlines.resolveBy.toISOString(),
        nextUpdateBy: '2026-11-30T16:00:00.000Z',
      },
    });
  });
  it('R4.2-c a: a given expectedResolutionBy is the timeframe told to the customer', () => {
    const when = new Date('2026-11-27T12:00:00Z');
    const r = ok(
      transition(registered(), { action: 'acknowledge', via: 'phone', responsibleFunction: 'x', expectedResolutionBy: when }, ctx()),
    );
    expect(r.event.type === 'acknowledged' && r.event.data.expectedResolutionBy).toBe(when.toISOString());
  });
  it('R4.2-c a: expectedResolutionBy in the past → 422 EXPECTED_RESOLUTION_IN_PAST', () => {
    const e = err(
      transition(
        registered(),
        { action: 'acknowledge', via: 'phone', responsibleFunction: 'x', expectedResolutionBy: new Date('2026-11-01T00:00:00Z') },
        ctx(),
      ),
    );
    expect(e).toMatchObject({ code: 'EXPECTED_RESOLUTION_IN_PAST', field: 'expectedResolutionBy' });
  });
});

describe('every customer-facing action records its channel (R4.2-c, R4.4-d, R4.4-e d)', () => {
  it.each(['email', 'phone', 'letter'] as const)('acknowledge and close record via %s in their event data', (via) => {
    const ack = ok(transition(registered(), { action: 'acknowledge', via, responsibleFunction: 'Billing team' }, ctx()));
    expect(ack.event).toMatchObject({ type: 'acknowledged', data: { via } });
    const closedEv = ok(transition(ack.state, { ...COMMAND.close, via } as ComplaintCommand, ctx()));
    expect(closedEv.event).toMatchObject({ type: 'closed', data: { via } });
  });
});

describe('update (R4.2-c c, R4.4-e b: regular status updates)', () => {
  it('R4.2-c c: sets lastUpdateAt and moves nextUpdateBy from now', () => {
    const later = new Date('2026-11-26T10:00:00Z'); // Thu
    const r = ok(transition(acknowledged(), COMMAND.update, ctx(later)));
    expect(r.state.lastUpdateAt).toEqual(later);
    expect(r.state.deadlines.nextUpdateBy?.toISOString()).toBe('2026-12-03T16:00:00.000Z');
    expect(r.event).toMatchObject({ type: 'updated', data: { via: 'phone', message: 'Still investigating' } });
  });
});

describe('extend (R4.2-c d: changed timeframe and action plan on delay)', () => {
  it('R4.2-c d: moves resolveBy; event has before/after, reason, action plan', () => {
    const state = acknowledged();
    const r = ok(transition(state, COMMAND.extend, ctx()));
    expect(r.state.deadlines.resolveBy.toISOString()).toBe('2027-01-15T16:00:00.000Z');
    expect(r.event).toEqual({
      type: 'deadline_extended',
      at: NOW,
      data: {
        before: state.deadlines.resolveBy.toISOString(),
        after: '2027-01-15T16:00:00.000Z',
        reason: 'Waiting for the meter reading',
        actionPlan: 'Read meter, recalculate',
      },
    });
  });
  it.each([
    ['equal', 0],
    ['earlier', -1000],
  ])('R4.2-c d: newResolveBy %s to the current one → 422 DEADLINE_NOT_LATER', (_t, delta) => {
    const state = acknowledged();
    const e = err(
      transition(
        state,
        { ...COMMAND.extend, newResolveBy: new Date(state.deadlines.resolveBy.getTime() + delta) } as ComplaintCommand,
        ctx(),
      ),
    );
    expect(e).toMatchObject({ code: 'DEADLINE_NOT_LATER', field: 'newResolveBy' });
  });
  it.each(['email', 'phone', 'letter'] as const)('R4.2-c d: extend records how the customer was told (via %s) in its event', (via) => {
    const r = ok(transition(acknowledged(), { ...COMMAND.extend, via } as ComplaintCommand, ctx()));
    expect(r.event.type).toBe('deadline_extended');
    expect(r.event.data).toMatchObject({ via, reason: 'Waiting for the meter reading', actionPlan: 'Read meter, recalculate' });
  });
  it('R4.2-c d: extend without via records no channel (the mail listener then decides by the customer’s preference)', () => {
    const r = ok(transition(acknowledged(), COMMAND.extend, ctx()));
    expect(r.event.data).not.toHaveProperty('via');
  });
  it('R4.2-c d: a later deadline that is still in the past → 422 DEADLINE_IN_PAST', () => {
    const state = acknowledged();
    const muchLater = new Date('2027-06-01T00:00:00Z');
    const newResolveBy = new Date(state.deadlines.resolveBy.getTime() + 1000);
    expect(err(transition(state, { ...COMMAND.extend, newResolveBy } as ComplaintCommand, ctx(muchLater))).code).toBe('DEADLINE_IN_PAST');
  });
});

describe('escalate (R4.4-e c)', () => {
  it('R4.4-e c: raises the level by one beside the status', () => {
    const r1 = ok(transition(registered(), COMMAND.escalate, ctx()));
    const r2 = ok(transition(r1.state, { action: 'escalate', reason: 'acknowledge_overdue' }, ctx()));
    expect(r2.state.status).toBe('registered');
    expect(r2.state.escalationLevel).toBe(2);
    expect(r2.event).toEqual({
      type: 'escalated',
      at: NOW,
      data: { reason: 'acknowledge_overdue', note: null, levelBefore: 1, levelAfter: 2 },
    });
  });
  it('R4.4-e c: the automatic sweep uses the same transition with the overdue reason', () => {
    const state = registered();
    const late = new Date('2026-11-24T08:00:00Z'); // after Mon 23 Nov close
    const overdue = overdueDeadlines(state, late);
    expect(overdue).toEqual([{ step: 'acknowledge', deadline: state.deadlines.acknowledgeBy, reason: 'acknowledge_overdue' }]);
    const r = ok(transition(state, { action: 'escalate', reason: overdue[0].reason }, ctx(late)));
    expect(r.state.escalationLevel).toBe(1);
  });
});

describe('categorise and assign (R4.4-e a)', () => {
  it('R4.4-e a: re-categorisation keeps the old value in the event', () => {
    const r = ok(transition(acknowledged(), COMMAND.categorise, ctx()));
    expect(r.state.categoryCode).toBe('BILLING');
    expect(r.event).toEqual({ type: 'categorised', at: NOW, data: { before: 'BILLING.OVERCHARGE', after: 'BILLING', note: 'broader' } });
  });
  it('assign records before and after', () => {
    const r1 = ok(transition(registered(), COMMAND.assign, ctx()));
    const r2 = ok(transition(r1.state, { action: 'assign', assigneeId: 'user-3' }, ctx()));
    expect(r2.event).toEqual({ type: 'assigned', at: NOW, data: { before: 'user-2', after: 'user-3' } });
    expect(r2.state.assigneeId).toBe('user-3');
  });
});

describe('close (R4.4-e d: closed with information on how it was addressed and the outcome)', () => {
  it('R4.4-e d: stores outcome, resolution, closedAt; clears nextUpdateBy', () => {
    const r = ok(transition(acknowledged(), COMMAND.close, ctx()));
    expect(r.state).toMatchObject({
      status: 'closed',
      closedAt: NOW,
      outcome: 'partially_upheld',
      resolution: 'Credit note issued',
      rootCauseCode: 'PROCESS',
    });
    expect(r.state.deadlines.nextUpdateBy).toBeNull();
    expect(r.event).toEqual({
      type: 'closed',
      at: NOW,
      data: { outcome: 'partially_upheld', resolution: 'Credit note issued', via: 'letter', rootCauseCode: 'PROCESS' },
    });
  });
  it('R4.4-e a: closing an uncategorised complaint → 422 CATEGORY_REQUIRED', () => {
    const state = { ...acknowledged(), categoryCode: null };
    const e = err(transition(state, COMMAND.close, ctx()));
    expect(e.code).toBe('CATEGORY_REQUIRED');
  });
  it('R4.4-f: unknown root cause → 422 UNKNOWN_ROOT_CAUSE', () => {
    const e = err(transition(acknowledged(), { ...COMMAND.close, rootCauseCode: 'NOPE' } as ComplaintCommand, ctx()));
    expect(e).toMatchObject({ code: 'UNKNOWN_ROOT_CAUSE', field: 'rootCauseCode' });
  });
  it.each([
    ['an empty root-cause list', { ...POLICY, rootCauses: [] }],
    ['no root-cause list at all', { ...POLICY, rootCauses: undefined }],
  ])('R4.4-f: a root cause for a client with %s → 422 UNKNOWN_ROOT_CAUSE (the code must come from the client’s list)', (_n, policy) => {
    const state = acknowledged();
    const e = err(transition(state, COMMAND.close, { ...ctx(), policy }));
    expect(e).toMatchObject({ code: 'UNKNOWN_ROOT_CAUSE', field: 'rootCauseCode' });
    // Without a root cause the same client closes fine.
    const closedOk = ok(
      transition(state, { action: 'close', outcome: 'upheld', resolution: 'Refunded', via: 'phone' }, { ...ctx(), policy }),
    );
    expect(closedOk.state).toMatchObject({ status: 'closed', rootCauseCode: null });
  });
});

describe('reopen', () => {
  it('back to acknowledged: clears closure, counts, restarts the update clock', () => {
    const r = ok(transition(closed(), COMMAND.reopen, ctx()));
    expect(r.state).toMatchObject({ status: 'acknowledged', closedAt: null, outcome: null, resolution: null, reopenCount: 1 });
    expect(r.state.deadlines.nextUpdateBy?.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(r.event).toEqual({ type: 'reopened', at: NOW, data: { reason: 'Credit note never arrived', reopenCount: 1 } });
  });
  it('within reopenWithinDays calendar days of closing is allowed, after it → 409 REOPEN_WINDOW_PASSED', () => {
    const state = closed(); // closed 2026-11-21T09:00Z
    expect(reopenDeadline(state, ctx())?.toISOString()).toBe('2026-12-21T09:00:00.000Z');
    expect(transition(state, COMMAND.reopen, ctx(new Date('2026-12-21T09:00:00Z'))).ok).toBe(true);
    const late = ctx(new Date('2026-12-21T09:00:01Z'));
    const e = err(transition(state, COMMAND.reopen, late));
    expect(e).toMatchObject({ code: 'REOPEN_WINDOW_PASSED', status: 'closed', allowedActions: ['satisfaction'] });
    expect(allowedActions(state, late)).not.toContain('reopen');
  });
  it('reopenWithinDays 0 means never', () => {
    const c: TransitionContext = { ...ctx(), policy: { ...POLICY, reopenWithinDays: 0 } };
    expect(err(transition(closed(), COMMAND.reopen, c)).code).toBe('REOPEN_WINDOW_PASSED');
  });
});

describe('satisfaction (R4.3-a: satisfaction with the complaint handling)', () => {
  it('R4.3-a: records the score once', () => {
    const r = ok(transition(closed(), COMMAND.satisfaction, ctx()));
    expect(r.state.satisfactionScore).toBe(4);
    expect(r.event).toEqual({ type: 'satisfaction_recorded', at: NOW, data: { score: 4, comment: 'ok' } });
    expect(allowedActions(r.state, ctx())).toEqual(['reopen']);
    const e = err(transition(r.state, COMMAND.satisfaction, ctx()));
    expect(e).toMatchObject({ code: 'SATISFACTION_ALREADY_RECORDED', status: 'closed', allowedActions: ['reopen'] });
  });
  it.each([0, 6, 3.5, Number.NaN])('R4.3-a: score %p → 422 INVALID_SATISFACTION_SCORE', (score) => {
    const e = err(transition(closed(), { action: 'satisfaction', score }, ctx()));
    expect(e).toMatchObject({ code: 'INVALID_SATISFACTION_SCORE', field: 'score' });
  });
});

describe('deadlines: overdue steps and inbox sort key (R4.4-e b, c)', () => {
  it('R4.4-e c: registered → acknowledge and resolve pending; acknowledge overdue after its deadline', () => {
    const s = registered();
    expect(overdueSteps(s, new Date('2026-11-23T15:59:59Z'))).toEqual([]);
    expect(overdueSteps(s, s.deadlines.acknowledgeBy)).toEqual([]); // at the deadline is on time
    expect(overdueSteps(s, new Date('2026-11-23T16:00:01Z'))).toEqual(['acknowledge']);
    expect(overdueSteps(s, new Date('2026-12-05T00:00:00Z'))).toEqual(['acknowledge', 'resolve']);
    expect(nextPendingDeadline(s)).toEqual(s.deadlines.acknowledgeBy);
  });
  it('R4.4-e b: acknowledged → update and resolve pending; update overdue after nextUpdateBy', () => {
    const s = acknowledged();
    expect(overdueSteps(s, new Date('2026-11-28T00:00:00Z'))).toEqual(['update']);
    expect(nextPendingDeadline(s)).toEqual(s.deadlines.nextUpdateBy);
    const moved = ok(transition(s, COMMAND.update, ctx(new Date('2026-11-26T10:00:00Z')))).state;
    expect(overdueSteps(moved, new Date('2026-11-28T00:00:00Z'))).toEqual([]);
  });
  it('closed → nothing pending, no sort key', () => {
    const s = closed();
    expect(overdueSteps(s, new Date('2027-06-01T00:00:00Z'))).toEqual([]);
    expect(nextPendingDeadline(s)).toBeNull();
  });
});
