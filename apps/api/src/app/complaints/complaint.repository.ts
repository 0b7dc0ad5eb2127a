import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeadlineStep } from '@complaint-desk/domain';
import type { CategoryDto, RootCauseDto } from '@complaint-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { STEP_COLUMNS, type ComplaintRow, type ComplaintStateRow, type DeadlineColumns } from './complaint-row';
import type { ComplaintView } from './complaint.mapper';
import type { ListCursor } from './list-cursor.util';

/**
 * SQL over `complaints c` deciding a deadline step from the stored columns only (never a fraction or a
 * window: those are the domain's, stored by `deadlineColumns`). A step's at-risk instant is NULL unless
 * the step is pending, so "pending" needs no rule in SQL either.
 */
export const stepSql = {
  /** The step is pending and at risk at `now`: its at-risk instant has come, its deadline has not passed (`sla` `at_risk`). */
  atRisk: (step: DeadlineStep, now: string): string =>
    `(c.${STEP_COLUMNS[step].atRisk} <= ${now} AND c.${STEP_COLUMNS[step].deadline} >= ${now})`,
  /** The step is pending and its deadline passed before `now` (`sla` `breached`, not done). */
  overdue: (step: DeadlineStep, now: string): string =>
    `(c.${STEP_COLUMNS[step].atRisk} IS NOT NULL AND c.${STEP_COLUMNS[step].deadline} < ${now})`,
};

export const DEADLINE_STEP_NAMES = Object.keys(STEP_COLUMNS) as DeadlineStep[];

/** Who reads or writes: a signed-in user (scoped to the clients they serve) or the system (unscoped). */
export type ComplaintScope = Principal | 'system';

/** A complaint locked for a lifecycle action, with what the action needs of its client (as the client is now). */
export interface LockedComplaint {
  row: ComplaintRow;
  client: {
    categories: CategoryDto[];
    rootCauses: RootCauseDto[] | null;
    /** `policy.requireIdentityCheck` (privacy-rules.ts). */
    requireIdentityCheck: boolean | null;
    /** `policy.atRiskAt`: the fallback when the snapshot has no usable fraction. */
    atRiskAt: unknown;
  };
}

/** What a lifecycle action writes: the state columns, the derived deadline columns and the rest it may change. */
export type ComplaintChange = ComplaintStateRow &
  DeadlineColumns &
  Pick<
    ComplaintRow,
    'category_name' | 'expected_resolution_by' | 'satisfaction_comment' | 'satisfaction_at' | 'customer_not_reached' | 'updated_at'
  >;

/** A new complaint row (`registered`): every column the register service sets. */
export type NewComplaint = ComplaintChange &
  Pick<
    ComplaintRow,
    | 'id'
    | 'client_id'
    | 'reference'
    | 'channel'
    | 'subject'
    | 'priority'
    | 'summary'
    | 'description'
    | 'customer_name'
    | 'customer_email'
    | 'customer_phone'
    | 'customer_preferred_channel'
    | 'customer_language'
    | 'customer_accessibility_needs'
    | 'registered_at'
    | 'registered_by'
    | 'policy_snapshot'
    | 'calendar_snapshot'
  >;

/** The columns an action may change, in the order of `ComplaintChange` (UPDATE and INSERT write these by name). */
const CHANGE_COLUMNS = [
  'status',
  'category_code',
  'category_name',
  'escalation_level',
  'received_at',
  'acknowledged_at',
  'closed_at',
  'last_update_at',
  'acknowledge_by',
  'resolve_by',
  'next_update_by',
  'outcome',
  'resolution',
  'root_cause_code',
  'satisfaction_score',
  'assignee_id',
  'responsible_function',
  'reopen_count',
  'due_at',
  'at_risk_at',
  'acknowledge_at_risk_at',
  'update_at_risk_at',
  'resolve_at_risk_at',
  'expected_resolution_by',
  'satisfaction_comment',
  'satisfaction_at',
  'customer_not_reached',
  'updated_at',
] as const satisfies ReadonlyArray<keyof ComplaintChange>;

const NEW_COLUMNS = [
  ...CHANGE_COLUMNS,
  'id',
  'client_id',
  'reference',
  'channel',
  'subject',
  'priority',
  'summary',
  'description',
  'customer_name',
  'customer_email',
  'customer_phone',
  'customer_preferred_channel',
  'customer_language',
  'customer_accessibility_needs',
  'registered_at',
  'registered_by',
  'policy_snapshot',
  'calendar_snapshot',
] as const satisfies ReadonlyArray<keyof NewComplaint>;

const JSON_COLUMNS = new Set<string>(['policy_snapshot', 'calendar_snapshot']);
const value = (row: Record<string, unknown>, col: string): unknown => (JSON_COLUMNS.has(col) ? JSON.stringify(row[col]) : row[col]);

/**
 * The view of a complaint every read answers with (`ComplaintView`): the row plus the assignee's
 * e-mail, the reasons of its escalations and the name of its root cause in the client's current list.
 * Over a relation named `c` (a table alias or a CTE).
 */
const VIEW_COLUMNS = (c: string) => `${c}.*, au.email AS assignee_email,
  COALESCE((SELECT array_agg(e.data->>'reason' ORDER BY e.id) FROM complaint_events e
             WHERE e.complaint_id = ${c}.id AND e.type = 'escalated'), '{}') AS escalation_reasons,
  (SELECT r->>'name' FROM clients rc, jsonb_array_elements(COALESCE(rc.policy->'rootCauses', '[]'::jsonb)) r
    WHERE rc.id = ${c}.client_id AND r->>'code' = ${c}.root_cause_code LIMIT 1) AS root_cause_name`;
const VIEW_JOIN = (c: string) => `LEFT JOIN users au ON au.id = ${c}.assignee_id`;

/** The filters of the complaint list, parsed and validated by the caller (`ComplaintQueriesService`). */
export interface ListFilter {
  statuses: string[] | null;
  overdue?: boolean;
  atRisk?: boolean;
  escalated?: boolean;
  customerNotReached?: boolean;
  /** `none`: unassigned; else the assignee's id. */
  assignee?: { id: string } | 'none';
  categoryCode?: string;
  channel?: string;
  /** Text in reference, summary, customer name or e-mail. */
  q?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
}

export type ListSortKey = 'dueAt' | 'receivedAt' | '-receivedAt';

interface Run {
  phase: ListCursor['phase'];
  /** Extra WHERE for this run (the partial-index predicate for open/closed). */
  where: string;
  /** Sort column and direction. */
  column: 'due_at' | 'closed_at' | 'received_at';
  desc: boolean;
}

/** The runs a sort reads, in order. `dueAt` = open complaints by due_at, then closed ones. */
function runsOf(sort: ListSortKey, statuses: string[] | null): Run[] {
  if (sort === 'receivedAt') return [{ phase: 'all', where: 'TRUE', column: 'received_at', desc: false }];
  if (sort === '-receivedAt') return [{ phase: 'all', where: 'TRUE', column: 'received_at', desc: true }];
  const runs: Run[] = [];
  if (!statuses || statuses.some((s) => s !== 'closed'))
    runs.push({ phase: 'open', where: `c.status <> 'closed'`, column: 'due_at', desc: false });
  if (!statuses || statuses.includes('closed'))
    runs.push({ phase: 'closed', where: `c.status = 'closed'`, column: 'closed_at', desc: true });
  return runs;
}

export interface ListRequest {
  /** The clients to read (already checked against the caller's scope). */
  clientIds: string[];
  filter: ListFilter;
  sort: ListSortKey;
  /** Where the previous page ended. */
  cursor: ListCursor | null;
  /** Items per page; one more is read to know whether another page exists. */
  limit: number;
  now: Date;
}

export interface ListPage {
  rows: ComplaintView[];
  /** The keyset position after the last row, when more rows exist. */
  next: Omit<ListCursor, 'sort'> | null;
}

type ListRow = ComplaintView & { cursor_key: string };

/**
 * The `complaints` aggregate's SQL and row mapping: the lock and update of a lifecycle action, the
 * registration's insert, reference counter and idempotency rows, the complaint view every read answers
 * with, and the list. Methods that take `m` run in the caller's transaction.
 */
@Injectable()
export class ComplaintRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** How long this transaction waits for a row lock before failing (→ 409 CONCURRENT_CHANGE). */
  async setLockTimeout(m: EntityManager, ms: number): Promise<void> {
    await m.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, Math.floor(ms))}ms`]);
  }

  /** The complaint's version as it is now, without a lock; null when unknown or outside the scope. */
  async currentVersion(m: EntityManager, id: string, scope: ComplaintScope): Promise<number | null> {
    const params: unknown[] = [id];
    const rows: Array<{ version: number }> = await m.query(
      `SELECT c.version FROM complaints c WHERE c.id = $1 AND ${scopeSql(scope, params)}`,
      params,
    );
    return rows[0] ? Number(rows[0].version) : null;
  }

  /** Locks the complaint (`FOR UPDATE`: actions on one complaint are serialised) with its client's lists; null when unknown or outside the scope. */
  async lockForAction(m: EntityManager, id: string, scope: ComplaintScope): Promise<LockedComplaint | null> {
    const params: unknown[] = [id];
    const rows: Array<
      ComplaintRow & {
        client_categories: CategoryDto[] | null;
        client_root_causes: RootCauseDto[] | null;
        client_require_identity_check: boolean | null;
        client_at_risk_at: unknown;
      }
    > = await m.query(
      `SELECT c.*, cl.categories AS client_categories, cl.policy->'rootCauses' AS client_root_causes,
              cl.policy->'requireIdentityCheck' AS client_require_identity_check, cl.policy->'atRiskAt' AS client_at_risk_at
         FROM complaints c JOIN clients cl ON cl.id = c.client_id
        WHERE c.id = $1 AND ${scopeSql(scope, params)} FOR UPDATE OF c`,
      params,
    );
    if (!rows[0]) return null;
    const { client_categories, client_root_causes, client_require_identity_check, client_at_risk_at, ...row } = rows[0];
    return {
      row,
      client: {
        categories: client_categories ?? [],
        rootCauses: client_root_causes,
        requireIdentityCheck: client_require_identity_check,
        atRiskAt: client_at_risk_at,
      },
    };
  }

  /** Writes an action's change (version + 1) and returns the complaint's view after it. */
  async update(m: EntityManager, id: string, change: ComplaintChange): Promise<ComplaintView> {
    const params: unknown[] = [id, ...CHANGE_COLUMNS.map((col) => value(change, col))];
    const rows: ComplaintView[] = await m.query(
      `WITH u AS (
         UPDATE complaints SET ${CHANGE_COLUMNS.map((col, i) => `${col} = $${i + 2}`).join(', ')}, version = version + 1
          WHERE id = $1 RETURNING *)
       SELECT ${VIEW_COLUMNS('u')} FROM u ${VIEW_JOIN('u')}`,
      params,
    );
    return rows[0];
  }

  /** Inserts a registered complaint; returns the row as stored. */
  async insert(m: EntityManager, row: NewComplaint): Promise<ComplaintRow> {
    const rows: ComplaintRow[] = await m.query(
      `INSERT INTO complaints (${NEW_COLUMNS.join(', ')}) VALUES (${NEW_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
      NEW_COLUMNS.map((col) => value(row, col)),
    );
    return rows[0];
  }

  /**
   * The next number of the client's reference counter for `year`: `INSERT … ON CONFLICT DO UPDATE …
   * RETURNING` locks the one counter row of (client, year) until the transaction ends (no global lock).
   */
  async nextReferenceNumber(m: EntityManager, clientId: string, year: number): Promise<number> {
    const [{ last_seq }]: Array<{ last_seq: string }> = await m.query(
      `INSERT INTO complaint_reference_counters (client_id, year, last_seq) VALUES ($1, $2, 1)
       ON CONFLICT (client_id, year) DO UPDATE SET last_seq = complaint_reference_counters.last_seq + 1
       RETURNING last_seq`,
      [clientId, year],
    );
    return Number(last_seq);
  }

  /** The registration an Idempotency-Key of this user answered with, if any. */
  async findIdempotencyKey(userId: string, key: string): Promise<{ bodyHash: string; complaintId: string; statusCode: number } | null> {
    const rows: Array<{ body_hash: string; complaint_id: string; status_code: number }> = await this.db.query(
      `SELECT body_hash, complaint_id, status_code FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    return rows[0] ? { bodyHash: rows[0].body_hash, complaintId: rows[0].complaint_id, statusCode: Number(rows[0].status_code) } : null;
  }

  /** Records the key with the body's hash (a concurrent duplicate hits the primary key: 23505). */
  async insertIdempotencyKey(
    m: EntityManager,
    k: { userId: string; key: string; clientId: string; bodyHash: string; complaintId: string; statusCode: number; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO idempotency_keys (user_id, key, client_id, body_hash, complaint_id, status_code, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [k.userId, k.key, k.clientId, k.bodyHash, k.complaintId, k.statusCode, k.at],
    );
  }

  /** The complaint's view; null when unknown or outside the scope. */
  async findView(id: string, scope: ComplaintScope, m: EntityManager = this.db.manager): Promise<ComplaintView | null> {
    const params: unknown[] = [id];
    const rows: ComplaintView[] = await m.query(
      `SELECT ${VIEW_COLUMNS('c')} FROM complaints c ${VIEW_JOIN('c')} WHERE c.id = $1 AND ${scopeSql(scope, params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /**
   * One page of the list. Each client is read by its own index range (a LATERAL subquery per client over
   * `complaints_inbox (client_id, due_at, id)`, `complaints_client_received (client_id, received_at, id)` or
   * `complaints_closed (client_id, closed_at, id)`) and the per-client runs are merged, so a page costs
   * O(clients × limit) at any table size. The `dueAt` sort reads the open run, then the closed one.
   */
  async listPage(p: Principal, r: ListRequest): Promise<ListPage> {
    const icu = r.filter.q ? await this.hasIcu() : false;
    let runs = runsOf(r.sort, r.filter.statuses);
    const cursor = r.cursor;
    if (cursor)
      runs = runs.slice(
        Math.max(
          0,
          runs.findIndex((run) => run.phase === cursor.phase),
        ),
      );
    const found: Array<{ row: ListRow; run: Run }> = [];
    for (const run of runs) {
      const want = r.limit + 1 - found.length;
      if (want <= 0) break;
      const at = cursor && cursor.phase === run.phase ? cursor : null;
      const { sql, params } = this.runSql(p, r, run, at, want, icu);
      const rows: ListRow[] = await this.db.query(sql, params);
      for (const row of rows) found.push({ row, run });
    }
    const page = found.slice(0, r.limit);
    const last = page[page.length - 1];
    return {
      rows: page.map((f) => f.row),
      next: found.length > r.limit && last ? { phase: last.run.phase, key: last.row.cursor_key, id: last.row.id } : null,
    };
  }

  /** The statements a first page of the list runs (one per run, in order), for the EXPLAIN specs. */
  listStatements(p: Principal, r: Omit<ListRequest, 'cursor'>): Array<{ sql: string; params: unknown[] }> {
    return runsOf(r.sort, r.filter.statuses).map((run) => this.runSql(p, { ...r, cursor: null }, run, null, r.limit + 1, false));
  }

  private icu: boolean | null = null;

  /** Whether the server has the ICU root collation (PostgreSQL built with ICU), checked once. */
  private async hasIcu(): Promise<boolean> {
    if (this.icu === null) {
      const rows: unknown[] = await this.db.query(`SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'`);
      this.icu = rows.length > 0;
    }
    return this.icu;
  }

  /** The SQL of one run of the list. */
  private runSql(
    p: Principal,
    r: ListRequest,
    run: Run,
    cursor: ListCursor | null,
    limit: number,
    icu: boolean,
  ): { sql: string; params: unknown[] } {
    const f = r.filter;
    const params: unknown[] = [r.clientIds];
    const arg = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [run.where];
    if (f.statuses) where.push(`c.status = ANY(${arg(f.statuses)}::text[])`);
    if (f.overdue !== undefined) {
      const now = arg(r.now);
      where.push(f.overdue ? `(c.status <> 'closed' AND c.due_at < ${now})` : `(c.status = 'closed' OR c.due_at >= ${now})`);
    }
    if (f.atRisk !== undefined) {
      // an open complaint with a step whose sla is at_risk (stepSql.atRisk: the stored instants)
      const now = arg(r.now);
      const atRisk = `c.status <> 'closed' AND (${DEADLINE_STEP_NAMES.map((step) => stepSql.atRisk(step, now)).join(' OR ')})`;
      where.push(f.atRisk ? `(${atRisk}) IS TRUE` : `(${atRisk}) IS NOT TRUE`);
    }
    if (f.escalated !== undefined) where.push(f.escalated ? 'c.escalation_level > 0' : 'c.escalation_level = 0');
    if (f.customerNotReached !== undefined) where.push(f.customerNotReached ? 'c.customer_not_reached' : 'NOT c.customer_not_reached');
    if (f.assignee === 'none') where.push('c.assignee_id IS NULL');
    else if (f.assignee) where.push(`c.assignee_id = ${arg(f.assignee.id)}::uuid`);
    if (f.categoryCode) where.push(`c.category_code = ${arg(f.categoryCode)}`);
    if (f.channel) where.push(`c.channel = ${arg(f.channel)}`);
    if (f.q) {
      const like = arg(`%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      // ICU folds case beyond ASCII (Öberg/öberg) whatever the database's locale.
      const col = (name: string) => (icu ? `c.${name} COLLATE "und-x-icu"` : `c.${name}`);
      where.push(`(${['reference', 'summary', 'customer_name', 'customer_email'].map((n) => `${col(n)} ILIKE ${like}`).join(' OR ')})`);
    }
    if (f.receivedFrom) where.push(`c.received_at >= ${arg(f.receivedFrom)}`);
    if (f.receivedTo) where.push(`c.received_at < ${arg(f.receivedTo)}`);
    const col = `c.${run.column}`;
    const dir = run.desc ? 'DESC' : 'ASC';
    if (cursor) {
      // The key keeps the column's microseconds, so the keyset comparison is exact.
      where.push(`(${col}, c.id) ${run.desc ? '<' : '>'} (${arg(cursor.key)}::timestamptz, ${arg(cursor.id)}::uuid)`);
    }
    const lim = arg(limit);
    const order = (a: string) => `${a}.${run.column} ${dir}, ${a}.id ${dir}`;
    const sql = `
      SELECT ${VIEW_COLUMNS('c')},
             to_char(c.${run.column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_key
        FROM (SELECT x.* FROM unnest($1::uuid[]) AS s(cid)
              CROSS JOIN LATERAL (
                SELECT c.* FROM complaints c
                 WHERE c.client_id = s.cid AND ${where.join(' AND ')}
                 ORDER BY ${order('c')} LIMIT ${lim}) x
              ORDER BY ${order('x')} LIMIT ${lim}) c
        ${VIEW_JOIN('c')}
       ORDER BY ${order('c')}`;
    return { sql, params };
  }
}

/** `TRUE` for the system, else the caller's client filter on `c.client_id` (its ids appended to `params`). */
function scopeSql(scope: ComplaintScope, params: unknown[]): string {
  return scope === 'system' ? 'TRUE' : scope.clientFilter('c.client_id', params);
}
