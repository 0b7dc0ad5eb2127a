import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { STATS_EXPORT_COLUMNS, StatsExportColumn } from '@complaint-desk/contracts';
import { Clock } from '../common/clock';
import { csvLine } from './csv.util';
import { hoursBetween } from './stats-rollup';
import { StatsClient, StatsWindow } from './statistics.service';

/** Rows read per query; the response holds at most one batch in memory. */
export const EXPORT_BATCH = 1000;

interface ExportRow {
  id: string;
  /** received_at with its microseconds, for the keyset (a JS Date keeps only milliseconds). */
  k: string;
  reference: string;
  status: string;
  channel: string;
  subject: string;
  priority: string;
  category_code: string | null;
  category_name: string | null;
  received_at: Date;
  registered_at: Date;
  acknowledge_by: Date;
  acknowledged_at: Date | null;
  resolve_by: Date;
  closed_at: Date | null;
  outcome: string | null;
  root_cause_code: string | null;
  escalation_level: number;
  reopen_count: number;
  satisfaction_score: number | null;
  due_at: Date | null;
}

/**
 * Only these columns are ever read for the export: no customer name, e-mail, phone, summary,
 * description, resolution text, satisfaction comment or assignee.
 */
const SELECT = `id, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS k, reference, status, channel, subject, priority, category_code, category_name, received_at, registered_at,
  acknowledge_by, acknowledged_at, resolve_by, closed_at, outcome, root_cause_code, escalation_level, reopen_count,
  satisfaction_score, due_at`;

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
    @InjectDataSource() private readonly db: DataSource,
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
      const params: unknown[] = [client.id, w.from, w.to, EXPORT_BATCH];
      let keyset = '';
      if (after) {
        params.push(after.at, after.id);
        keyset = 'AND (received_at, id) > ($5::timestamptz, $6::uuid)';
      }
      const rows: ExportRow[] = await this.db.query(
        `SELECT ${SELECT} FROM complaints
         WHERE client_id = $1 AND received_at >= $2 AND received_at < $3 ${keyset}
         ORDER BY received_at, id LIMIT $4`,
        params,
      );
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
