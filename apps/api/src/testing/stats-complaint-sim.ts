import {
  type BusinessCalendar,
  type ComplaintCommand,
  type ComplaintPolicy,
  type ComplaintState,
  type DomainEvent,
  nextPendingDeadline,
  register,
  transition,
} from '@complaint-desk/domain';
import type { CategoryDto } from '@complaint-desk/contracts';
import { ComplaintEventBus } from '../app/common/complaint-event-bus';
import type { TestApp } from './test-app';

/**
 * Test stand-in for the complaints actions service (statistics specs): registers complaints and
 * applies lifecycle commands through the domain's `register()` / `transition()`, writes the row and
 * its timeline event and publishes on the ComplaintEventBus in ONE transaction — the same contract
 * the complaints feature follows — so the statistics listener can be tested on its own.
 */
export interface SimRegister {
  channel?: string;
  subject?: 'ccc' | 'client';
  receivedAt: Date | string;
  categoryCode?: string | null;
  priority?: string;
  customerName?: string;
  customerEmail?: string;
  customerPhone?: string;
  summary?: string;
  description?: string;
}

type Row = Record<string, unknown>;

function flatten(tree: CategoryDto[], out = new Map<string, string>()): Map<string, string> {
  for (const c of tree ?? []) {
    out.set(c.code, c.name);
    if (c.children) flatten(c.children, out);
  }
  return out;
}

const d = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export function stateOf(row: Row): ComplaintState {
  return {
    status: row['status'] as ComplaintState['status'],
    categoryCode: (row['category_code'] as string | null) ?? null,
    escalationLevel: Number(row['escalation_level']),
    receivedAt: d(row['received_at']) as Date,
    acknowledgedAt: d(row['acknowledged_at']),
    closedAt: d(row['closed_at']),
    lastUpdateAt: d(row['last_update_at']),
    deadlines: {
      acknowledgeBy: d(row['acknowledge_by']) as Date,
      resolveBy: d(row['resolve_by']) as Date,
      nextUpdateBy: d(row['next_update_by']),
    },
    outcome: (row['outcome'] as ComplaintState['outcome']) ?? null,
    resolution: (row['resolution'] as string | null) ?? null,
    rootCauseCode: (row['root_cause_code'] as string | null) ?? null,
    satisfactionScore: row['satisfaction_score'] === null ? null : Number(row['satisfaction_score']),
    assigneeId: (row['assignee_id'] as string | null) ?? null,
    responsibleFunction: (row['responsible_function'] as string | null) ?? null,
    reopenCount: Number(row['reopen_count']),
  };
}

export class ComplaintSim {
  private seq = 0;
  private readonly bus: ComplaintEventBus;
  constructor(private readonly t: TestApp) {
    this.bus = t.app.get(ComplaintEventBus);
  }

  private async client(clientId: string) {
    const [c] = await this.t.db.query('SELECT code, timezone, business_hours, holidays, policy, categories FROM clients WHERE id = $1', [
      clientId,
    ]);
    const calendar: BusinessCalendar = { timezone: c.timezone, businessHours: c.business_hours, holidays: c.holidays };
    return { code: c.code as string, calendar, policy: c.policy as ComplaintPolicy, categories: flatten(c.categories) };
  }

  async register(clientId: string, o: SimRegister): Promise<string> {
    const c = await this.client(clientId);
    const now = this.t.clock.now();
    const res = register({ receivedAt: new Date(o.receivedAt), categoryCode: o.categoryCode ?? null }, { now, calendar: c.calendar, policy: c.policy });
    if (!res.ok) throw new Error(`register: ${res.error.code}`);
    const s = res.state;
    return this.t.db.transaction(async (m) => {
      const ref = `${c.code}-2026-${String(++this.seq + Math.floor(Math.random() * 1e6) * 1000).padStart(9, '0')}`;
      const [row] = await m.query(
        `INSERT INTO complaints (client_id, reference, status, channel, subject, priority, summary, description, category_code,
           category_name, customer_name, customer_email, customer_phone, received_at, registered_at, acknowledge_by, resolve_by,
           policy_snapshot, calendar_snapshot, due_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20) RETURNING *`,
        [
          clientId,
          ref,
          s.status,
          o.channel ?? 'phone',
          o.subject ?? 'client',
          o.priority ?? 'normal',
          o.summary ?? 'Charged twice for November',
          o.description ?? 'The customer explains the problem at length.',
          s.categoryCode,
          s.categoryCode ? (c.categories.get(s.categoryCode) ?? s.categoryCode) : null,
          o.customerName ?? 'Eva Svensson',
          o.customerEmail ?? 'eva.svensson@example.org',
          o.customerPhone ?? '+46701234567',
          s.receivedAt,
          now,
          s.deadlines.acknowledgeBy,
          s.deadlines.resolveBy,
          JSON.stringify(c.policy),
          JSON.stringify(c.calendar),
          nextPendingDeadline(s),
        ],
      );
      await this.publish(m, row, null, res.event);
      return row.id as string;
    });
  }

  /** Applies a command; returns the refusal code instead of throwing when the domain refuses it. */
  async act(id: string, command: ComplaintCommand): Promise<string | null> {
    return this.t.db.transaction(async (m) => {
      const [before] = await m.query('SELECT * FROM complaints WHERE id = $1 FOR UPDATE', [id]);
      const c = await this.client(before.client_id);
      const res = transition(stateOf(before), command, { now: this.t.clock.now(), calendar: c.calendar, policy: c.policy });
      if (!res.ok) return res.error.code;
      const s = res.state;
      const [after] = await m.query(
        `WITH u AS (UPDATE complaints SET status = $2, category_code = $3, category_name = $4, escalation_level = $5,
           acknowledged_at = $6, closed_at = $7, last_update_at = $8, acknowledge_by = $9, resolve_by = $10, next_update_by = $11,
           outcome = $12, resolution = $13, root_cause_code = $14, satisfaction_score = $15, assignee_id = $16,
           responsible_function = $17, reopen_count = $18, due_at = $19, version = version + 1, updated_at = $20
         WHERE id = $1 RETURNING *) SELECT * FROM u`,
        [
          id,
          s.status,
          s.categoryCode,
          s.categoryCode ? (c.categories.get(s.categoryCode) ?? s.categoryCode) : null,
          s.escalationLevel,
          s.acknowledgedAt,
          s.closedAt,
          s.lastUpdateAt,
          s.deadlines.acknowledgeBy,
          s.deadlines.resolveBy,
          s.deadlines.nextUpdateBy,
          s.outcome,
          s.resolution,
          s.rootCauseCode,
          s.satisfactionScore,
          s.assigneeId,
          s.responsibleFunction,
          s.reopenCount,
          nextPendingDeadline(s),
          this.t.clock.now(),
        ],
      );
      await this.publish(m, after, before, res.event);
      return null;
    });
  }

  private async publish(m: import('typeorm').EntityManager, after: Row, before: Row | null, event: DomainEvent): Promise<void> {
    const [e] = await m.query(
      `INSERT INTO complaint_events (complaint_id, client_id, type, at, data) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [after['id'], after['client_id'], event.type, event.at, JSON.stringify(event.data)],
    );
    await this.bus.publish({
      manager: m,
      event: {
        id: String(e.id),
        complaintId: String(after['id']),
        clientId: String(after['client_id']),
        type: event.type,
        at: event.at,
        actor: { system: true },
        data: event.data as unknown as Record<string, unknown>,
      },
      before,
      after,
    });
  }
}
