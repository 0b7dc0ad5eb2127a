import { type BusinessCalendar, type ComplaintCommand, type ComplaintPolicy, register, transition } from '@complaint-desk/domain';
import type { CategoryDto } from '@complaint-desk/contracts';
import { randomUUID } from 'node:crypto';
import { atRiskFractionOf, deadlineColumns, stateColumnsOf, stateOfRow, type ComplaintRow } from '../app/complaints/complaint-row';
import { ComplaintRepository } from '../app/complaints/complaint.repository';
import { TimelineWriter } from '../app/timeline/timeline-writer';
import type { TestApp } from './test-app';

/**
 * Test stand-in for the complaints actions service (statistics specs): registers complaints and
 * applies lifecycle commands through the domain's `register()` / `transition()`, writes the row (through
 * `ComplaintRepository`, with the derived columns of `deadlineColumns`) and its timeline event and publishes
 * on the ComplaintEventBus (`TimelineWriter`) in ONE transaction — the same contract the complaints feature
 * follows — so the statistics listener can be tested without the actions service's checks.
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

function flatten(tree: CategoryDto[], out = new Map<string, string>()): Map<string, string> {
  for (const c of tree ?? []) {
    out.set(c.code, c.name);
    if (c.children) flatten(c.children, out);
  }
  return out;
}

export class ComplaintSim {
  private seq = 0;
  private readonly complaints: ComplaintRepository;
  private readonly timeline: TimelineWriter;
  constructor(private readonly t: TestApp) {
    this.complaints = t.app.get(ComplaintRepository);
    this.timeline = t.app.get(TimelineWriter);
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
    const res = register(
      { receivedAt: new Date(o.receivedAt), categoryCode: o.categoryCode ?? null },
      { now, calendar: c.calendar, policy: c.policy },
    );
    if (!res.ok) throw new Error(`register: ${res.error.code}`);
    const s = res.state;
    return this.t.db.transaction(async (m) => {
      const ref = `${c.code}-2026-${String(++this.seq + Math.floor(Math.random() * 1e6) * 1000).padStart(9, '0')}`;
      const row = await this.complaints.insert(m, {
        ...stateColumnsOf(s),
        ...deadlineColumns(s, atRiskFractionOf(c.policy)),
        id: randomUUID(),
        client_id: clientId,
        reference: ref,
        channel: o.channel ?? 'phone',
        subject: o.subject ?? 'client',
        priority: o.priority ?? 'normal',
        summary: o.summary ?? 'Charged twice for November',
        description: o.description ?? 'The customer explains the problem at length.',
        category_name: s.categoryCode ? (c.categories.get(s.categoryCode) ?? s.categoryCode) : null,
        customer_name: o.customerName ?? 'Eva Svensson',
        customer_email: o.customerEmail ?? 'eva.svensson@example.org',
        customer_phone: o.customerPhone ?? '+46701234567',
        customer_preferred_channel: null,
        customer_language: null,
        customer_accessibility_needs: null,
        registered_at: now,
        registered_by: null,
        policy_snapshot: c.policy,
        calendar_snapshot: c.calendar,
        expected_resolution_by: null,
        satisfaction_comment: null,
        satisfaction_at: null,
        customer_not_reached: false,
        updated_at: now,
      });
      await this.timeline.appendAndPublish(m, { event: res.event, actor: 'system', before: null, after: row });
      return row.id;
    });
  }

  /** Applies a command; returns the refusal code instead of throwing when the domain refuses it. */
  async act(id: string, command: ComplaintCommand): Promise<string | null> {
    return this.t.db.transaction(async (m) => {
      const locked = await this.complaints.lockForAction(m, id, 'system');
      if (!locked) throw new Error(`no complaint ${id}`);
      const before: ComplaintRow = locked.row;
      const c = await this.client(before.client_id);
      const now = this.t.clock.now();
      const res = transition(stateOfRow(before), command, { now, calendar: c.calendar, policy: c.policy });
      if (!res.ok) return res.error.code;
      const s = res.state;
      const view = await this.complaints.update(m, id, {
        ...stateColumnsOf(s),
        ...deadlineColumns(s, atRiskFractionOf(before.policy_snapshot, c.policy.atRiskAt)),
        category_name: s.categoryCode ? (c.categories.get(s.categoryCode) ?? s.categoryCode) : null,
        expected_resolution_by: before.expected_resolution_by,
        satisfaction_comment: before.satisfaction_comment,
        satisfaction_at: before.satisfaction_at,
        customer_not_reached: before.customer_not_reached,
        updated_at: now,
      });
      const { assignee_email: _email, escalation_reasons: _reasons, root_cause_name: _name, ...after } = view;
      await this.timeline.appendAndPublish(m, { event: res.event, actor: 'system', before, after });
      return null;
    });
  }
}
