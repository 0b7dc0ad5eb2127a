import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { STATS_EXPORT_COLUMNS, StatsExportColumn } from '@complaint-desk/contracts';
import { Clock } from '../common/clock';
import { csvLine } from './csv.util';
import { hoursBetween } from './stats-rollup';
import { StatisticsRepository, type ExportRow, type StatsClient, type StatsWindow } from './statistics.repository';

/** Rows read per query; the response holds at most one batch in memory. */
export const EXPORT_BATCH = 1000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

export function exportCells(r: ExportRow, now: Date): Record<StatsExportColumn, string | number | boolean | null> {
  return {
    reference: r.reference,
    status: r.status,
    channel: r.channel,
    subject: r.subject,
    priority: r.priority,
    category_code: r.category_code,
    category_name: r.category_name,
    received_at: iso(r.received_at),
    registered_at: iso(r.registered_at),
    acknowledge_by: iso(r.acknowledge_by),
    acknowledged_at: iso(r.acknowledged_at),
    acknowledged_on_time: r.acknowledged_at ? r.acknowledged_at.getTime() <= r.acknowledge_by.getTime() : null,
    hours_to_acknowledge: r.acknowledged_at ? round4(hoursBetween(r.received_at, r.acknowledged_at)) : null,
    resolve_by: iso(r.resolve_by),
    closed_at: iso(r.closed_at),
    resolved_on_time: r.closed_at ? r.closed_at.getTime() <= r.resolve_by.getTime() : null,
    hours_to_close: r.closed_at ? round4(hoursBetween(r.received_at, r.closed_at)) : null,
    outcome: r.outcome,
    root_cause_code: r.root_cause_code,
    escalation_level: Number(r.escalation_level),
    reopen_count: Number(r.reopen_count),
    satisfaction_score: r.satisfaction_score === null ? null : Number(r.satisfaction_score),
    overdue: r.status !== 'closed' && r.due_at !== null && r.due_at.getTime() < now.getTime(),
  };
}

@Injectable()
export class StatsExportService {
  constructor(
    private readonly repo: StatisticsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Streams the complaints of `client` received in the window, oldest first, in keyset batches over
   * the (client_id, received_at, id) index, waiting for the socket to drain between writes, so
   * memory stays flat whatever the size. Stops when the client goes away.
   */
  async write(out: Writable, client: StatsClient, w: StatsWindow): Promise<void> {
    const now = this.clock.now();
    let closed = false;
    out.once('close', () => (closed = true));
    const push = async (chunk: string) => {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
    };
    await push(csvLine(STATS_EXPORT_COLUMNS));
    let after: { at: string; id: string } | null = null;
    while (!closed) {
      const rows = await this.repo.exportBatch(client.id, w, after, EXPORT_BATCH);
      if (!rows.length) break;
      let chunk = '';
      for (const r of rows) {
        const cells = exportCells(r, now);
        chunk += csvLine(STATS_EXPORT_COLUMNS.map((c) => cells[c]));
      }
      await push(chunk);
      const last = rows[rows.length - 1];
      after = { at: last.k, id: last.id };
      if (rows.length < EXPORT_BATCH) break;
    }
  }
}
