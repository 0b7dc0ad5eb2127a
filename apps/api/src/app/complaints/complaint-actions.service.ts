import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { transition, type ComplaintCommand, type ComplaintPolicy, type ComplaintState, type DomainEvent } from '@complaint-desk/domain';
import type { CategoryDto, ComplaintDto, RootCauseDto } from '@complaint-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { ComplaintEventBus } from '../common/complaint-event-bus';
import { findCategory } from '../clients/category-tree.util';
import { changesOf } from './complaint-changes';
import { ComplaintRow, derivedColumns, stateOfRow } from './complaint-row';
import { ComplaintView, toComplaintDto } from './complaint.mapper';
import { appendAndPublish, type ComplaintActor } from './complaint-store';
import { concurrentChange, domainToAppError, isConcurrencyError } from './complaint-errors';

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

export interface ExecuteResult {
  /** The complaint after the action, as the actor sees it. */
  complaint: ComplaintDto;
  /** Id of the one timeline event appended. */
  eventId: string;
}

interface ClientExtras {
  client_categories: CategoryDto[] | null;
  client_root_causes: RootCauseDto[] | null;
}

/** How long an action waits for another action on the same complaint before answering 409. */
const LOCK_TIMEOUT = '5s';

/**
 * THE path that changes an existing complaint — agents' actions and the escalation sweep alike.
 *
 * `execute({ complaintId, command, actor, ifMatch?, manager?, at? }): Promise<ExecuteResult>`, in ONE transaction:
 *  1. `SELECT … FOR UPDATE` the row (scoped to the actor's clients; not served or unknown → 404),
 *     so concurrent actions on one complaint are serialised and each re-reads the status after the lock;
 *  2. `ifMatch` given and ≠ version → 412;
 *  3. the domain `transition()` with the complaint's own policy/calendar snapshot (policy edits never
 *     move existing deadlines); a refusal → its HTTP status (409 bodies carry `state` and `allowedActions`);
 *  4. checks that need the database: category in the client's tree (422 CATEGORY_NOT_FOUND), assignee an
 *     active agent/team lead serving the client (422 ASSIGNEE_NOT_ELIGIBLE);
 *  5. UPDATE the row (version + 1, `due_at` = earliest pending deadline, `at_risk_at`);
 *  6. append exactly one `complaint_events` row (actor; `data.changes` = before/after of each changed field) and
 *     `await bus.publish({manager, event, before, after})` so listeners write in the same transaction.
 * Lock timeouts, deadlocks and serialization failures → 409 CONCURRENT_CHANGE.
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
    private readonly clock: Clock,
    private readonly bus: ComplaintEventBus,
    @InjectPinoLogger('ComplaintActions') private readonly logger: PinoLogger,
  ) {}

  async execute(input: ExecuteInput): Promise<ExecuteResult> {
    try {
      if (input.manager) return await this.run(input.manager, input);
      return await this.db.transaction(async (m) => {
        await m.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        return this.run(m, input);
      });
    } catch (err) {
      if (isConcurrencyError(err)) throw concurrentChange();
      throw err;
    }
  }

  private async run(m: EntityManager, input: ExecuteInput): Promise<ExecuteResult> {
    const { actor, command } = input;
    const params: unknown[] = [input.complaintId];
    const scope = actor === 'system' ? 'TRUE' : actor.clientFilter('c.client_id', params);
    // The row lock serialises actions on one complaint; the client's tree and root causes come along.
    const rows: Array<ComplaintRow & ClientExtras> = await m.query(
      `SELECT c.*, cl.categories AS client_categories, cl.policy->'rootCauses' AS client_root_causes
         FROM complaints c JOIN clients cl ON cl.id = c.client_id
        WHERE c.id = $1 AND ${scope} FOR UPDATE OF c`,
      params,
    );
    if (!rows[0]) throw AppError.notFound('Complaint');
    const { client_categories, client_root_causes, ...before } = rows[0];
    if (input.ifMatch !== undefined && input.ifMatch !== null && input.ifMatch !== Number(before.version)) {
      throw new AppError('PRECONDITION_FAILED', `The complaint has changed (version ${before.version}); reload and try again`, {
        extra: { version: Number(before.version) },
      });
    }

    const now = input.at ?? this.clock.now();
    // Deadlines come from the snapshot; root causes are the client's current list (not a deadline).
    const rootCauses = client_root_causes ?? before.policy_snapshot.rootCauses;
    const policy: ComplaintPolicy = { ...before.policy_snapshot, rootCauses };
    const res = transition(stateOfRow(before), command, { now, calendar: before.calendar_snapshot, policy });
    if (!res.ok) throw domainToAppError(res.error, actor === 'system' || actor.role !== 'agent');

    const categoryName = await this.checkDatabaseRules(m, before, command, client_categories ?? []);
    const view = await this.update(m, before, res.state, res.event, command, categoryName, now);
    const { assignee_email, escalation_reasons, root_cause_name, ...after } = view;
    // Every event records before/after of what the action changed, beside the domain's own data.
    const event = { ...res.event, data: { ...res.event.data, changes: changesOf(before, after) } } as unknown as DomainEvent;
    const eventId = await appendAndPublish(m, this.bus, { event, actor, before, after });
    const full: ComplaintView = {
      ...view,
      // The event just appended is not in the UPDATE's snapshot of the timeline.
      escalation_reasons: [...(escalation_reasons ?? []), ...(res.event.type === 'escalated' ? [res.event.data.reason] : [])],
      root_cause_name: (rootCauses ?? []).find((r) => r.code === after.root_cause_code)?.name ?? root_cause_name,
      assignee_email,
    };
    // Ids only: no customer data in logs.
    this.logger.debug({ complaintId: after.id, clientId: after.client_id, event: res.event.type, version: Number(after.version), system: actor === 'system' }, 'Complaint action');
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
      if (!found) throw notEligible('CATEGORY_NOT_FOUND', 'categoryCode', `Category ${command.categoryCode} does not exist for this client`);
      return found.name;
    }
    if (command.action === 'assign' && command.assigneeId !== null) {
      const ok: unknown[] = await m.query(
        `SELECT 1 FROM users u JOIN user_clients uc ON uc.user_id = u.id
          WHERE u.id = $1 AND u.active AND u.role IN ('agent', 'team_lead') AND uc.client_id = $2`,
        [command.assigneeId, row.client_id],
      );
      if (ok.length === 0) {
        throw notEligible('ASSIGNEE_NOT_ELIGIBLE', 'assigneeId', 'The assignee must be an active agent or team lead serving this client');
      }
    }
    return row.category_name;
  }

  private async update(
    m: EntityManager,
    before: ComplaintRow,
    s: ComplaintState,
    event: DomainEvent,
    command: ComplaintCommand,
    categoryName: string | null,
    now: Date,
  ): Promise<ComplaintView> {
    const { dueAt, atRiskAt } = derivedColumns(s, before.policy_snapshot.atRiskAt);
    let expectedResolutionBy: Date | string | null = before.expected_resolution_by;
    if (event.type === 'acknowledged') expectedResolutionBy = event.data.expectedResolutionBy;
    if (event.type === 'deadline_extended') expectedResolutionBy = event.data.after;
    const satisfaction =
      command.action === 'satisfaction'
        ? { comment: command.comment ?? null, at: now }
        : { comment: before.satisfaction_comment, at: before.satisfaction_at };
    const rows: ComplaintView[] = await m.query(
      `WITH u AS (
         UPDATE complaints SET status = $2, category_code = $3, category_name = $4, escalation_level = $5,
           acknowledged_at = $6, closed_at = $7, last_update_at = $8, acknowledge_by = $9, resolve_by = $10,
           next_update_by = $11, outcome = $12, resolution = $13, root_cause_code = $14, satisfaction_score = $15,
           assignee_id = $16, responsible_function = $17, reopen_count = $18, due_at = $19, at_risk_at = $20,
           expected_resolution_by = $21, satisfaction_comment = $22, satisfaction_at = $23,
           version = version + 1, updated_at = $24
         WHERE id = $1 RETURNING *)
       SELECT u.*, au.email AS assignee_email, NULL AS root_cause_name,
              COALESCE((SELECT array_agg(e.data->>'reason' ORDER BY e.id) FROM complaint_events e
                         WHERE e.complaint_id = u.id AND e.type = 'escalated'), '{}') AS escalation_reasons
         FROM u LEFT JOIN users au ON au.id = u.assignee_id`,
      [
        before.id, s.status, s.categoryCode, s.categoryCode ? categoryName : null, s.escalationLevel,
        s.acknowledgedAt, s.closedAt, s.lastUpdateAt, s.deadlines.acknowledgeBy, s.deadlines.resolveBy,
        s.deadlines.nextUpdateBy, s.outcome, s.resolution, s.rootCauseCode, s.satisfactionScore,
        s.assigneeId, s.responsibleFunction, s.reopenCount, dueAt, atRiskAt,
        expectedResolutionBy, satisfaction.comment, satisfaction.at, now,
      ],
    );
    return rows[0];
  }
}

function notEligible(code: string, field: string, message: string): AppError {
  return new AppError(code, message, { status: 422, errors: [{ field, message }] });
}
