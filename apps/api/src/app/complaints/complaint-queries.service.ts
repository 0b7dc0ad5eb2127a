import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ComplaintDetailDto, ComplaintDto, Page } from '@complaint-desk/contracts';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { COMPLAINT_VIEW_COLUMNS, COMPLAINT_VIEW_JOIN, ComplaintView, toComplaintDetailDto, toComplaintDto } from './complaint.mapper';
import { selectEvents } from './complaint-store';
import { DEADLINE_STEP_NAMES, stepSql } from './complaint.repository';
import type { ListComplaintsQuery, ListSort } from './dto/list-complaints.query';
import { decodeCursor, encodeCursor, type ListCursor } from './list-cursor.util';

export const DEFAULT_LIMIT = 25;

interface Run {
  phase: ListCursor['phase'];
  /** Extra WHERE for this run (the partial-index predicate for open/closed). */
  where: string;
  /** Sort column and direction. */
  column: 'due_at' | 'closed_at' | 'received_at';
  desc: boolean;
}

/** The runs a sort reads, in order. `dueAt` = open complaints by due_at, then closed ones. */
function runsOf(sort: ListSort, statuses: string[] | null): Run[] {
  if (sort === 'receivedAt') return [{ phase: 'all', where: 'TRUE', column: 'received_at', desc: false }];
  if (sort === '-receivedAt') return [{ phase: 'all', where: 'TRUE', column: 'received_at', desc: true }];
  const runs: Run[] = [];
  if (!statuses || statuses.some((s) => s !== 'closed')) runs.push({ phase: 'open', where: `c.status <> 'closed'`, column: 'due_at', desc: false });
  if (!statuses || statuses.includes('closed')) runs.push({ phase: 'closed', where: `c.status = 'closed'`, column: 'closed_at', desc: true });
  return runs;
}

function parseDate(v: string, field: string, endOfDay = false): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const d = new Date(dateOnly ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) throw AppError.validation(field, `${field} is not a valid date`);
  if (dateOnly && endOfDay) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/**
 * The `atRisk` filter: an open complaint with at least one step whose SLA status is `at_risk` — its
 * stored at-risk instant (NULL unless the step is pending) has come and its deadline has not passed —
 * exactly what `complaintSla` decides from the same stored instants for the item's `sla`, also when
 * another step is already breached (a missed update while the resolution is still only at risk).
 */
function atRiskSql(now: string): string {
  return `c.status <> 'closed' AND (${DEADLINE_STEP_NAMES.map((step) => stepSql.atRisk(step, now)).join(' OR ')})`;
}

/**
 * Reads. The list is keyset-paginated and only ever covers the caller's clients. Each client is read
 * by its own index range (a LATERAL subquery per client over `complaints_inbox (client_id, due_at, id)`,
 * `complaints_client_received (client_id, received_at, id)` or `complaints_closed (client_id, closed_at, id)`)
 * and the per-client runs are merged, so a page costs O(clients × limit) at any table size.
 */
@Injectable()
export class ComplaintQueriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(p: Principal, id: string): Promise<ComplaintDetailDto> {
    const params: unknown[] = [id];
    const scope = p.clientFilter('c.client_id', params);
    const rows: ComplaintView[] = await this.db.query(
      `SELECT ${COMPLAINT_VIEW_COLUMNS} FROM complaints c ${COMPLAINT_VIEW_JOIN} WHERE c.id = $1 AND ${scope}`,
      params,
    );
    if (!rows[0]) throw AppError.notFound('Complaint');
    const events = await selectEvents(this.db.manager, id);
    return toComplaintDetailDto(rows[0], events, this.clock.now(), p.role);
  }

  async list(p: Principal, q: ListComplaintsQuery): Promise<Page<ComplaintDto>> {
    const now = this.clock.now();
    const sort: ListSort = q.sort ?? 'dueAt';
    const limit = q.limit ?? DEFAULT_LIMIT;
    const cursor = q.cursor ? decodeCursor(q.cursor, sort) : null;
    const clientIds = await this.clientIds(p, q.clientId);
    if (clientIds.length === 0) return { items: [], nextCursor: null };
    const statuses = q.status ? [...new Set(q.status.split(','))] : null;

    let runs = runsOf(sort, statuses);
    if (cursor) runs = runs.slice(Math.max(0, runs.findIndex((r) => r.phase === cursor.phase)));
    const found: Array<{ row: ComplaintView & { cursor_key: string }; run: Run }> = [];
    for (const run of runs) {
      const want = limit + 1 - found.length;
      if (want <= 0) break;
      const at = cursor && cursor.phase === run.phase ? cursor : null;
      const icu = q.q ? await this.hasIcu() : false;
      const { sql, params } = this.listSql(p, q, { clientIds, statuses, run, cursor: at, limit: want, now, icu });
      const rows: Array<ComplaintView & { cursor_key: string }> = await this.db.query(sql, params);
      for (const row of rows) found.push({ row, run });
    }
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      found.length > limit && last
        ? encodeCursor({ sort, phase: last.run.phase, key: last.row.cursor_key, id: last.row.id })
        : null;
    return { items: page.map((f) => toComplaintDto(f.row, now, p.role)), nextCursor };
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

  private async clientIds(p: Principal, clientId?: string): Promise<string[]> {
    if (clientId) {
      p.assertClient(clientId.toLowerCase());
      return [clientId.toLowerCase()];
    }
    const scope = p.scopeClientIds;
    if (scope) return [...scope];
    const rows: Array<{ id: string }> = await this.db.query('SELECT id FROM clients ORDER BY id');
    return rows.map((r) => r.id);
  }

  /** The SQL of one run of the list (exported shape for the EXPLAIN test via `explainSql`). */
  listSql(
    p: Principal,
    q: ListComplaintsQuery,
    o: { clientIds: string[]; statuses: string[] | null; run: Run; cursor: ListCursor | null; limit: number; now: Date; icu?: boolean },
  ): { sql: string; params: unknown[] } {
    const params: unknown[] = [o.clientIds];
    const arg = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [o.run.where];
    if (o.statuses) where.push(`c.status = ANY(${arg(o.statuses)}::text[])`);
    if (q.overdue !== undefined) {
      const now = arg(o.now);
      where.push(q.overdue ? `(c.status <> 'closed' AND c.due_at < ${now})` : `(c.status = 'closed' OR c.due_at >= ${now})`);
    }
    if (q.atRisk !== undefined) {
      const atRisk = atRiskSql(arg(o.now));
      where.push(q.atRisk ? `(${atRisk}) IS TRUE` : `(${atRisk}) IS NOT TRUE`);
    }
    if (q.escalated !== undefined) where.push(q.escalated ? 'c.escalation_level > 0' : 'c.escalation_level = 0');
    if (q.customerNotReached !== undefined) where.push(q.customerNotReached ? 'c.customer_not_reached' : 'NOT c.customer_not_reached');
    if (q.assignee === 'none') where.push('c.assignee_id IS NULL');
    else if (q.assignee === 'me') where.push(`c.assignee_id = ${arg(p.id)}::uuid`);
    else if (q.assignee) where.push(`c.assignee_id = ${arg(q.assignee.toLowerCase())}::uuid`);
    if (q.categoryCode) where.push(`c.category_code = ${arg(q.categoryCode)}`);
    if (q.channel) where.push(`c.channel = ${arg(q.channel)}`);
    if (q.q) {
      const like = arg(`%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      // ICU folds case beyond ASCII (Öberg/öberg) whatever the database's locale.
      const col = (name: string) => (o.icu ? `c.${name} COLLATE "und-x-icu"` : `c.${name}`);
      where.push(`(${['reference', 'summary', 'customer_name', 'customer_email'].map((n) => `${col(n)} ILIKE ${like}`).join(' OR ')})`);
    }
    if (q.receivedFrom) where.push(`c.received_at >= ${arg(parseDate(q.receivedFrom, 'receivedFrom'))}`);
    if (q.receivedTo) where.push(`c.received_at < ${arg(parseDate(q.receivedTo, 'receivedTo', true))}`);
    const col = `c.${o.run.column}`;
    const dir = o.run.desc ? 'DESC' : 'ASC';
    if (o.cursor) {
      // The key keeps the column's microseconds, so the keyset comparison is exact.
      where.push(`(${col}, c.id) ${o.run.desc ? '<' : '>'} (${arg(o.cursor.key)}::timestamptz, ${arg(o.cursor.id)}::uuid)`);
    }
    const lim = arg(o.limit);
    const order = (a: string) => `${a}.${o.run.column} ${dir}, ${a}.id ${dir}`;
    const sql = `
      SELECT ${COMPLAINT_VIEW_COLUMNS},
             to_char(c.${o.run.column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_key
        FROM (SELECT x.* FROM unnest($1::uuid[]) AS s(cid)
              CROSS JOIN LATERAL (
                SELECT c.* FROM complaints c
                 WHERE c.client_id = s.cid AND ${where.join(' AND ')}
                 ORDER BY ${order('c')} LIMIT ${lim}) x
              ORDER BY ${order('x')} LIMIT ${lim}) c
        ${COMPLAINT_VIEW_JOIN}
       ORDER BY ${order('c')}`;
    return { sql, params };
  }
}
