import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import {
  actionRefusal,
  transition,
  type ComplaintAction,
  type ComplaintCommand,
  type ComplaintPolicy,
  type DomainEvent,
  type TransitionContext,
} from '@complaint-desk/domain';
import type { CategoryDto, ComplaintDto } from '@complaint-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { findCategory } from '../clients/category-tree.util';
import { assertIdentityChecked, assertNotErased } from '../privacy/privacy-rules';
import { TimelineWriter, type ComplaintActor } from '../timeline/timeline-writer';
import { UserRepository } from '../users/user.repository';
import { commandFromBody } from './action-requests';
import { changesOf } from './complaint-changes';
import { atRiskFractionOf, ComplaintRow, deadlineColumns, stateColumnsOf, stateOfRow } from './complaint-row';
import { ComplaintView, toComplaintDto } from './complaint.mapper';
import { ComplaintRepository, type ComplaintChange } from './complaint.repository';
import { concurrentChange, domainToAppError, isConcurrencyError } from './complaint-errors';
import { customerNotReachedAfter, resolveExtendVia } from './customer-reach';

export interface ExecuteInput {
  complaintId: string;
  command: ComplaintCommand;
  /** A signed-in user (scoped to its clients: another client's complaint → 404) or `'system'` (unscoped). */
  actor: ComplaintActor;
  /** Expected `version` (from `If-Match`); stale → 412. */
  ifMatch?: number | null;
  /** Run inside the caller's transaction (e.g. the escalation sweep with its claim insert); else a new one. */
  manager?: EntityManager;
  /** When the action happened; default `clock.now()`. Only for back-dated imports and the demo seeder. */
  at?: Date;
}

/** A lifecycle action as an HTTP request sent it: the body is validated only after the state is decided. */
export interface RequestInput {
  complaintId: string;
  action: ComplaintAction;
  /** The parsed JSON body, not yet validated (`@RawBody()`). */
  body: unknown;
  actor: Principal;
  /** Expected `version` (from `If-Match`); stale → 412. */
  ifMatch?: number | null;
}

export interface ExecuteResult {
  /** The complaint after the action, as the actor sees it. */
  complaint: ComplaintDto;
  /** Id of the one timeline event appended. */
  eventId: string;
}

/** How long an action waits for another action on the same complaint before answering 409. */
const LOCK_TIMEOUT_MS = 5000;

/**
 * THE path that changes an existing complaint — agents' actions and the escalation sweep alike.
 *
 * `execute({ complaintId, command, actor, ifMatch?, manager?, at? }): Promise<ExecuteResult>` (a command built by
 * code) and `executeRequest({ complaintId, action, body, actor, ifMatch? })` (an HTTP request's raw body), in ONE
 * transaction, answering in the contract's order ("Which answer wins": 404 → 409 → 412 → 400 → 422):
 *  0. without a caller's `manager` (a request of its own): read the version the complaint has NOW, without a
 *     lock (scoped; not served or unknown → 404) — the implicit If-Match of a request without one;
 *  1. `SELECT … FOR UPDATE` the row (scoped to the actor's clients; not served or unknown → 404),
 *     so concurrent actions on one complaint are serialised and each re-reads the status after the lock;
 *  2. the action not allowed in the current state (domain `actionRefusal`, no body needed) → 409 with `state`
 *     and `allowedActions`, whatever the body;
 *  3. `ifMatch` given and ≠ version → 412; not given and the version moved since step 0 (another action
 *     committed while this one waited for the lock) → 409 CONCURRENT_CHANGE: of two conflicting concurrent
 *     actions exactly one wins, also without If-Match;
 *  4. `executeRequest` only: the body validated with the global pipe's rules (400 naming the fields) and
 *     turned into the command;
 *  5. the domain `transition()` with the complaint's own policy/calendar snapshot (policy edits never
 *     move existing deadlines); a refusal → its HTTP status (422 naming the field);
 *  6. checks that need the database: category in the client's tree (422 CATEGORY_NOT_FOUND), assignee an
 *     active agent/team lead serving the client (422 ASSIGNEE_NOT_ELIGIBLE);
 *  7. UPDATE the row (`ComplaintRepository.update`: version + 1, the state's columns and the derived deadline
 *     columns of `deadlineColumns`: `due_at`, the at-risk instants);
 *  8. append exactly one `complaint_events` row (actor; `data.changes` = before/after of each changed field) and
 *     publish it on the bus (`TimelineWriter.appendAndPublish`) so listeners write in the same transaction.
 * Lock timeouts, deadlocks and serialization failures → 409 CONCURRENT_CHANGE. A refusal writes nothing.
 *
 * The escalation sweep calls
 *   `execute({ complaintId, actor: 'system', command: { action: 'escalate', reason: 'acknowledge_overdue' }, manager })`
 * with its own transaction's manager, so its claim row and the escalation commit or roll back together.
 * Keep this signature stable.
 */
@Injectable()
export class ComplaintActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly complaints: ComplaintRepository,
    private readonly users: UserRepository,
    private readonly timeline: TimelineWriter,
    private readonly clock: Clock,
    @InjectPinoLogger('ComplaintActions') private readonly logger: PinoLogger,
  ) {}

  async execute(input: ExecuteInput): Promise<ExecuteResult> {
    const command = input.command;
    return this.transaction(input.manager, (m) => this.run(m, { ...input, action: command.action }, async () => command));
  }

  /** An HTTP request's action: the raw body is validated after 404, 409 and 412 are decided (see above). */
  async executeRequest(input: RequestInput): Promise<ExecuteResult> {
    return this.transaction(undefined, (m) => this.run(m, input, () => commandFromBody(input.action, input.body)));
  }

  private async transaction(
    manager: EntityManager | undefined,
    work: (m: EntityManager) => Promise<ExecuteResult>,
  ): Promise<ExecuteResult> {
    try {
      if (manager) return await work(manager);
      return await this.db.transaction(async (m) => {
        await this.complaints.setLockTimeout(m, LOCK_TIMEOUT_MS);
        return work(m);
      });
    } catch (err) {
      if (isConcurrencyError(err)) throw concurrentChange();
      throw err;
    }
  }

  private async run(
    m: EntityManager,
    input: Omit<ExecuteInput, 'command'> & { action: ComplaintAction },
    commandOf: () => Promise<ComplaintCommand>,
  ): Promise<ExecuteResult> {
    const { actor, action } = input;
    // A request of its own (no caller's transaction): the version as the request found it, before it
    // queues for the row lock. The caller of `manager` (the sweep, the seeder) already holds its rows.
    let arrivedAt: number | null = null;
    if (!input.manager) {
      arrivedAt = await this.complaints.currentVersion(m, input.complaintId, actor);
      if (arrivedAt === null) throw AppError.notFound('Complaint');
    }
    // The row lock serialises actions on one complaint; the client's tree and root causes come along.
    const locked = await this.complaints.lockForAction(m, input.complaintId, actor);
    if (!locked) throw AppError.notFound('Complaint');
    const { row: before, client } = locked;
    // Privacy (R4.5-f, apps/api/src/app/privacy): an erased complaint accepts no writes → 409, before anything else.
    assertNotErased(before);

    const now = input.at ?? this.clock.now();
    // Deadlines come from the snapshot; root causes are the client's current list (not a deadline).
    const rootCauses = client.rootCauses ?? before.policy_snapshot.rootCauses;
    const policy: ComplaintPolicy = { ...before.policy_snapshot, rootCauses };
    const ctx: TransitionContext = { now, calendar: before.calendar_snapshot, policy };
    const mayAssign = actor === 'system' || actor.role !== 'agent';
    const state = stateOfRow(before);
    // 409 before 412 and before the body: not allowed in the current state, whatever the body.
    const refusal = actionRefusal(state, action, ctx);
    if (refusal) throw domainToAppError(refusal, mayAssign);
    const version = Number(before.version);
    if (input.ifMatch !== undefined && input.ifMatch !== null) {
      if (input.ifMatch !== version) {
        throw new AppError('PRECONDITION_FAILED', `The complaint has changed (version ${version}); reload and try again`, {
          extra: { version },
        });
      }
    } else if (arrivedAt !== null && arrivedAt !== version) {
      // Another action committed while this one waited for the lock: it decided on a complaint this
      // request never saw (two updates → two e-mails, two assigns → two winners). The loser is told.
      throw concurrentChange();
    }
    // extend without via: e-mail when the customer can be e-mailed, else their channel is recorded (R4.2-c d).
    const { command, preferredChannel } = resolveExtendVia(before, await commandOf());
    // Privacy (R4.5-b, apps/api/src/app/privacy): policy requireIdentityCheck → 409 until verify-identity.
    assertIdentityChecked(before, command, client.requireIdentityCheck);
    const res = transition(state, command, ctx);
    if (!res.ok) throw domainToAppError(res.error, mayAssign);

    const categoryName = await this.checkDatabaseRules(m, before, command, client.categories);
    const view = await this.complaints.update(m, before.id, {
      ...stateColumnsOf(res.state),
      ...deadlineColumns(res.state, atRiskFractionOf(before.policy_snapshot, client.atRiskAt)),
      category_name: res.state.categoryCode ? categoryName : null,
      expected_resolution_by: expectedResolutionAfter(before, res.event),
      ...(command.action === 'satisfaction'
        ? { satisfaction_comment: command.comment ?? null, satisfaction_at: now }
        : { satisfaction_comment: before.satisfaction_comment, satisfaction_at: before.satisfaction_at }),
      customer_not_reached: customerNotReachedAfter(before, command),
      updated_at: now,
    } satisfies ComplaintChange);
    const { assignee_email, escalation_reasons, root_cause_name, ...after } = view;
    // Every event records before/after of what the action changed, beside the domain's own data; an extend
    // the customer still has to be told of names the channel to tell them on.
    const data = { ...res.event.data, ...(preferredChannel ? { preferredChannel } : {}), changes: changesOf(before, after) };
    const eventId = await this.timeline.appendAndPublish(m, { event: { ...res.event, data }, actor, before, after });
    const full: ComplaintView = {
      ...view,
      // The event just appended is not in the UPDATE's snapshot of the timeline.
      escalation_reasons: [...(escalation_reasons ?? []), ...(res.event.type === 'escalated' ? [res.event.data.reason] : [])],
      root_cause_name: (rootCauses ?? []).find((r) => r.code === after.root_cause_code)?.name ?? root_cause_name,
      assignee_email,
    };
    // Ids only: no customer data in logs.
    this.logger.debug(
      {
        complaintId: after.id,
        clientId: after.client_id,
        event: res.event.type,
        version: Number(after.version),
        system: actor === 'system',
      },
      'Complaint action',
    );
    return { complaint: toComplaintDto(full, now, actor === 'system' ? 'system' : actor.role), eventId };
  }

  /** Returns the category name for `categorise`; throws 422 when a referenced record is not eligible. */
  private async checkDatabaseRules(
    m: EntityManager,
    row: ComplaintRow,
    command: ComplaintCommand,
    categories: CategoryDto[],
  ): Promise<string | null> {
    if (command.action === 'categorise') {
      const found = findCategory(categories, command.categoryCode);
      if (!found)
        throw notEligible('CATEGORY_NOT_FOUND', 'categoryCode', `Category ${command.categoryCode} does not exist for this client`);
      return found.name;
    }
    if (command.action === 'assign' && command.assigneeId !== null) {
      const user = await this.users.findById(command.assigneeId, m);
      const eligible =
        !!user && user.active && (user.role === 'agent' || user.role === 'team_lead') && user.clientIds.includes(row.client_id);
      if (!eligible) {
        throw notEligible('ASSIGNEE_NOT_ELIGIBLE', 'assigneeId', 'The assignee must be an active agent or team lead serving this client');
      }
    }
    return row.category_name;
  }
}

/** The timeframe told to the customer (R4.2-c a): set by `acknowledge`, moved by `extend`. */
function expectedResolutionAfter(before: ComplaintRow, event: DomainEvent): Date | null {
  if (event.type === 'acknowledged') return new Date(event.data.expectedResolutionBy);
  if (event.type === 'deadline_extended') return new Date(event.data.after);
  return before.expected_resolution_by;
}

function notEligible(code: 'CATEGORY_NOT_FOUND' | 'ASSIGNEE_NOT_ELIGIBLE', field: string, message: string): AppError {
  return new AppError(code, message, { errors: [{ field, message }] });
}
