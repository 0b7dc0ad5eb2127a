import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ComplaintDetailDto, ComplaintDto, Page } from '@complaint-desk/contracts';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { ClientRepository } from '../clients/client.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import { toComplaintDetailDto, toComplaintDto } from './complaint.mapper';
import { ComplaintRepository, type ListFilter } from './complaint.repository';
import type { ListComplaintsQuery, ListSort } from './dto/list-complaints.query';
import { decodeCursor, encodeCursor } from './list-cursor.util';

export const DEFAULT_LIMIT = 25;

function parseDate(v: string, field: string, endOfDay = false): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const d = new Date(dateOnly ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) throw AppError.validation(field, `${field} is not a valid date`);
  if (dateOnly && endOfDay) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/**
 * Reads. The list is keyset-paginated and only ever covers the caller's clients; its SQL (one index
 * range per client, merged) is `ComplaintRepository.listPage`.
 */
@Injectable()
export class ComplaintQueriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly complaints: ComplaintRepository,
    private readonly timeline: TimelineRepository,
    private readonly clients: ClientRepository,
    private readonly clock: Clock,
  ) {}

  async get(p: Principal, id: string): Promise<ComplaintDetailDto> {
    const view = await this.complaints.findView(id, p);
    if (!view) throw AppError.notFound('Complaint');
    const events = await this.timeline.listByComplaint(this.db.manager, id);
    return toComplaintDetailDto(view, events, this.clock.now(), p.role);
  }

  async list(p: Principal, q: ListComplaintsQuery): Promise<Page<ComplaintDto>> {
    const now = this.clock.now();
    const sort: ListSort = q.sort ?? 'dueAt';
    const limit = q.limit ?? DEFAULT_LIMIT;
    const cursor = q.cursor ? decodeCursor(q.cursor, sort) : null;
    const clientIds = await this.clientIds(p, q.clientId);
    if (clientIds.length === 0) return { items: [], nextCursor: null };
    const page = await this.complaints.listPage(p, { clientIds, filter: filterOf(p, q), sort, cursor, limit, now });
    return {
      items: page.rows.map((row) => toComplaintDto(row, now, p.role)),
      nextCursor: page.next ? encodeCursor({ sort, ...page.next }) : null,
    };
  }

  private async clientIds(p: Principal, clientId?: string): Promise<string[]> {
    if (clientId) {
      p.assertClient(clientId.toLowerCase());
      return [clientId.toLowerCase()];
    }
    const scope = p.scopeClientIds;
    if (scope) return [...scope];
    return (await this.clients.list(p)).map((c) => c.id);
  }
}

/** The list's filters from the (validated) query: statuses deduplicated, `assignee=me` resolved, dates parsed. */
export function filterOf(p: Principal, q: ListComplaintsQuery): ListFilter {
  return {
    statuses: q.status ? [...new Set(q.status.split(','))] : null,
    overdue: q.overdue,
    atRisk: q.atRisk,
    escalated: q.escalated,
    customerNotReached: q.customerNotReached,
    assignee:
      q.assignee === 'none' ? 'none' : q.assignee === 'me' ? { id: p.id } : q.assignee ? { id: q.assignee.toLowerCase() } : undefined,
    categoryCode: q.categoryCode,
    channel: q.channel,
    q: q.q,
    receivedFrom: q.receivedFrom ? parseDate(q.receivedFrom, 'receivedFrom') : undefined,
    receivedTo: q.receivedTo ? parseDate(q.receivedTo, 'receivedTo', true) : undefined,
  };
}
