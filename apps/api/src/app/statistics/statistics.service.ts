import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { CategoryDto, StatsSummaryResponse, StatsTimeseriesResponse } from '@complaint-desk/contracts';
import { emptyHistogram, percentileFromHistogram, rate } from '@complaint-desk/domain';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { Principal } from '../auth/principal';
import { ComplaintEventContext } from '../common/complaint-event-bus';
import {
  contributionOf,
  DAILY_COUNTERS,
  DailyCounters,
  deltaOf,
  DIM_CATEGORY,
  DIM_CHANNEL,
  DIM_ROOT_CAUSE,
  DIM_SUBJECT,
  emptyCounters,
  METRIC_ACK,
  METRIC_CLOSE,
  STATS_COLUMNS,
  StatsComplaintRow,
} from './stats-rollup';
import { applyDelta, rollupZone } from './stats-rollup.repository';
import { StatisticsRepository, type StatsClient, type StatsWindow } from './statistics.repository';

export type { StatsClient, StatsWindow } from './statistics.repository';

export const STATS_CHANNELS = ['phone', 'email', 'webchat', 'letter', 'social', 'in_person'] as const;
export const STATS_INTERVALS = ['day', 'week', 'month'] as const;
export type StatsInterval = (typeof STATS_INTERVALS)[number];
/** Longest window a request may ask for. */
export const MAX_WINDOW_DAYS = 3 * 366;
export const DEFAULT_WINDOW_DAYS = 30;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Fields of the complaint row the rollups depend on: an action changing none of them changes no rollup. */
const TRACKED: ReadonlyArray<keyof StatsComplaintRow> = STATS_COLUMNS.split(', ') as Array<keyof StatsComplaintRow>;

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    const ta = a === null || a === undefined ? null : new Date(a as string).getTime();
    const tb = b === null || b === undefined ? null : new Date(b as string).getTime();
    return ta === tb;
  }
  return (a ?? null) === (b ?? null) || String(a) === String(b);
}

function flattenCategories(tree: CategoryDto[], out = new Map<string, string>()): Map<string, string> {
  for (const c of tree ?? []) {
    out.set(c.code, c.name);
    if (c.children) flattenCategories(c.children, out);
  }
  return out;
}

interface Totals {
  counters: DailyCounters;
  byCategory: Map<string, { received: number; upheld: number }>;
  byChannel: Map<string, number>;
  bySubject: Map<string, number>;
  ack: number[];
  close: number[];
  rootCauses: Map<string, number>;
}

@Injectable()
export class StatisticsService {
  constructor(
    private readonly repo: StatisticsRepository,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------------------------------
  // The bus listener: keeps the rollups equal to a recount, in the action's transaction.
  // ------------------------------------------------------------------------------------------

  async onComplaintEvent(ctx: ComplaintEventContext): Promise<void> {
    const before = ctx.before as unknown as StatsComplaintRow | null;
    const after = ctx.after as unknown as StatsComplaintRow;
    if (before && TRACKED.every((k) => same(before[k], after[k]))) return;
    const clientId = String(after.client_id ?? ctx.event.clientId);
    const { zone, rebuilt } = await rollupZone(ctx.manager, clientId);
    if (!rebuilt) await applyDelta(ctx.manager, clientId, deltaOf(before, after, new Date(ctx.event.at), zone));
  }

  // ------------------------------------------------------------------------------------------
  // Scope and parameters
  // ------------------------------------------------------------------------------------------

  /**
   * The client a statistics request is about. client_viewer: its own client (default), another →
   * 403. Agents and team leads: required, a client they do not serve → 404 (as for every other
   * client-owned resource). Admin: any existing client.
   */
  async resolveClient(p: Principal, clientId: string | undefined): Promise<StatsClient> {
    let id = clientId;
    if (p.role === 'client_viewer') {
      const own = p.clientIds[0];
      if (!own) throw new AppError('FORBIDDEN', 'This account is not linked to a client');
      if (id === undefined) id = own;
      else if (id.toLowerCase() !== own.toLowerCase()) {
        throw new AppError('FORBIDDEN', 'A client viewer may only see the statistics of its own client');
      }
    }
    if (id === undefined) throw AppError.validation('clientId', 'clientId is required');
    id = id.toLowerCase();
    p.assertClient(id);
    const client = await this.repo.client(id);
    if (!client) throw AppError.notFound('Client');
    return client;
  }

  /** Parses `from`/`to`: ISO 8601 with an offset, or a date (the client's local midnight). Default: the last 30 days. */
  window(from: string | undefined, to: string | undefined, zone: string): StatsWindow {
    const now = this.clock.now();
    const end = to === undefined ? now : this.parseInstant('to', to, zone);
    const start = from === undefined ? new Date(end.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000) : this.parseInstant('from', from, zone);
    if (start.getTime() >= end.getTime()) throw AppError.unprocessable('from', 'from must be earlier than to');
    if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
      throw AppError.unprocessable('to', `The window may span at most ${MAX_WINDOW_DAYS} days`);
    }
    return { from: start, to: end };
  }

  private parseInstant(field: string, value: string, zone: string): Date {
    let dt: DateTime | null = null;
    if (ISO_DATE.test(value)) dt = DateTime.fromISO(value, { zone });
    else if (ISO_WITH_OFFSET.test(value)) dt = DateTime.fromISO(value, { setZone: true });
    if (!dt || !dt.isValid) {
      throw AppError.validation(field, `${field} must be an ISO 8601 date-time with offset (e.g. 2026-11-01T00:00:00Z) or a date`);
    }
    return dt.toJSDate();
  }

  /**
   * The rollups of a client are bucketed in the zone they were built with; a changed client zone (or
   * rollups never built, e.g. cleared by a migration) rebuilds them from the complaints.
   */
  private async ensureZone(client: StatsClient): Promise<void> {
    if (client.rollup_timezone === client.timezone) return;
    await this.repo.rebuild([client.id]);
    client.rollup_timezone = client.timezone;
  }

  // ------------------------------------------------------------------------------------------
  // Summary
  // ------------------------------------------------------------------------------------------

  async summary(p: Principal, q: { clientId?: string; from?: string; to?: string }): Promise<StatsSummaryResponse> {
    const client = await this.resolveClient(p, q.clientId);
    const w = this.window(q.from, q.to, client.timezone);
    await this.ensureZone(client);
    const zone = client.timezone;
    const now = this.clock.now();
    const { days, edges } = splitWindow(w, zone);

    const totals: Totals = {
      counters: emptyCounters(),
      byCategory: new Map(),
      byChannel: new Map(),
      bySubject: new Map(),
      ack: emptyHistogram(),
      close: emptyHistogram(),
      rootCauses: new Map(),
    };
    const res = await this.repo.summaryFigures(client.id, w, now, days, edges);
    const overdueOpen = res.overdue;
    if (res.r) for (const k of DAILY_COUNTERS) totals.counters[k] += Number(res.r[k]);
    for (const x of res.d ?? [])
      addDim(totals, x.dim, x.value, { received: Number(x.received), upheld: Number(x.upheld), closed: Number(x.closed) });
    for (const x of res.h ?? []) {
      const hist = x.metric === METRIC_ACK ? totals.ack : totals.close;
      for (const [bucket, n] of Object.entries(x.counts)) hist[Number(bucket)] += Number(n);
    }
    // Partial days: the same contribution function as the listener, on the rows themselves.
    for (const row of res.e ?? []) {
      const k = contributionOf(row, zone);
      for (const name of DAILY_COUNTERS) totals.counters[name] += k.counters[name];
      for (const [dim, value, counts] of k.dims) addDim(totals, dim, value, counts);
      for (const [metric, bucket] of k.hours) (metric === METRIC_CLOSE ? totals.close : totals.ack)[bucket] += 1;
    }

    const c = totals.counters;
    const categoryNames = flattenCategories(client.categories);
    const rootCauseNames = new Map((client.policy?.rootCauses ?? []).map((r) => [r.code, r.name]));
    const byCategory = [...totals.byCategory.entries()]
      .filter(([code, v]) => code !== '' && v.received > 0)
      .map(([code, v]) => ({ code, name: categoryNames.get(code) ?? code, received: v.received, upheld: v.upheld }))
      .sort((a, b) => b.received - a.received || (a.code < b.code ? -1 : 1));
    const byRootCause = [...totals.rootCauses.entries()]
      .filter(([, n]) => n > 0)
      .map(([code, n]) => ({ code, name: rootCauseNames.get(code) ?? code, closed: n }))
      .sort((a, b) => b.closed - a.closed || (a.code < b.code ? -1 : 1));
    const byChannel: Record<string, number> = {};
    for (const ch of STATS_CHANNELS) byChannel[ch] = totals.byChannel.get(ch) ?? 0;
    return {
      clientId: client.id,
      from: w.from.toISOString(),
      to: w.to.toISOString(),
      received: c.received,
      open: c.received - c.closed,
      closed: c.closed,
      overdueOpen,
      acknowledgedOnTimeRate: rate(c.acknowledged_on_time, c.acknowledged),
      resolvedOnTimeRate: rate(c.resolved_on_time, c.closed),
      medianHoursToAcknowledge: percentileFromHistogram(totals.ack, 0.5),
      medianHoursToClose: percentileFromHistogram(totals.close, 0.5),
      p90HoursToClose: percentileFromHistogram(totals.close, 0.9),
      escalated: c.escalated,
      escalationRate: rate(c.escalated, c.received),
      reopened: c.reopened,
      outcomes: { upheld: c.upheld, partially_upheld: c.partially_upheld, not_upheld: c.not_upheld, withdrawn: c.withdrawn },
      byCategory,
      byRootCause,
      byChannel,
      bySubject: { ccc: totals.bySubject.get('ccc') ?? 0, client: totals.bySubject.get('client') ?? 0 },
      satisfaction: {
        responses: c.satisfaction_responses,
        average: c.satisfaction_responses ? c.satisfaction_sum / c.satisfaction_responses : null,
      },
      uncategorised: c.received - byCategory.reduce((s, x) => s + x.received, 0),
    };
  }

  // ------------------------------------------------------------------------------------------
  // Time series
  // ------------------------------------------------------------------------------------------

  async timeseries(
    p: Principal,
    q: { clientId?: string; from?: string; to?: string; interval?: StatsInterval },
  ): Promise<StatsTimeseriesResponse> {
    const client = await this.resolveClient(p, q.clientId);
    const w = this.window(q.from, q.to, client.timezone);
    const interval = q.interval ?? 'day';
    await this.ensureZone(client);
    const zone = client.timezone;
    const unit = interval;
    const first = DateTime.fromJSDate(w.from, { zone }).startOf(unit);
    const lastStart = DateTime.fromJSDate(new Date(w.to.getTime() - 1), { zone }).startOf(unit);
    const end = lastStart.plus({ [unit]: 1 }).startOf(unit);
    const fromDay = first.toISODate() as string;
    const toDay = end.toISODate() as string;
    const rows = await this.repo.timeseries(client.id, { fromDay, toDay, interval, zone });
    return {
      clientId: client.id,
      interval,
      from: first.toUTC().toJSDate().toISOString(),
      to: end.toUTC().toJSDate().toISOString(),
      timezone: zone,
      points: rows.map((r) => ({ start: r.start.toISOString(), received: r.received, closed: r.closed, escalated: r.escalated })),
    };
  }

  /** For tools and tests: recompute a client's rollups from the complaints. */
  async rebuild(clientIds: string[]): Promise<void> {
    await this.repo.rebuild(clientIds);
  }
}

function addDim(t: Totals, dim: number, value: string, c: { received: number; upheld: number; closed: number }): void {
  if (dim === DIM_CATEGORY) {
    const cat = t.byCategory.get(value) ?? { received: 0, upheld: 0 };
    cat.received += c.received;
    cat.upheld += c.upheld;
    t.byCategory.set(value, cat);
  } else if (dim === DIM_CHANNEL) t.byChannel.set(value, (t.byChannel.get(value) ?? 0) + c.received);
  else if (dim === DIM_SUBJECT) t.bySubject.set(value, (t.bySubject.get(value) ?? 0) + c.received);
  else if (dim === DIM_ROOT_CAUSE) t.rootCauses.set(value, (t.rootCauses.get(value) ?? 0) + c.closed);
}

/**
 * Splits [from, to) into whole local days of `zone` (answered by the rollups) and the partial
 * days at either end (answered from the complaints).
 */
export function splitWindow(w: StatsWindow, zone: string): { days: { from: string; to: string } | null; edges: StatsWindow[] } {
  const fromLocal = DateTime.fromJSDate(w.from, { zone });
  let firstFull = fromLocal.startOf('day');
  if (firstFull.toMillis() < w.from.getTime()) firstFull = firstFull.plus({ days: 1 }).startOf('day');
  const lastFullEnd = DateTime.fromJSDate(w.to, { zone }).startOf('day');
  if (firstFull.toMillis() >= lastFullEnd.toMillis()) return { days: null, edges: [w] };
  const edges: StatsWindow[] = [];
  if (firstFull.toMillis() > w.from.getTime()) edges.push({ from: w.from, to: firstFull.toJSDate() });
  if (lastFullEnd.toMillis() < w.to.getTime()) edges.push({ from: lastFullEnd.toJSDate(), to: w.to });
  return { days: { from: firstFull.toISODate() as string, to: lastFullEnd.toISODate() as string }, edges };
}
