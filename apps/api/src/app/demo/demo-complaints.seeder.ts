import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Channel } from '@complaint-desk/contracts';
import type { ComplaintCommand } from '@complaint-desk/domain';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { ClientRepository } from '../clients/client.repository';
import { Clock } from '../common/clock';
import { ComplaintActionsService } from '../complaints/complaint-actions.service';
import { ComplaintRegisterService } from '../complaints/complaint-register.service';
import type { RegisterComplaintDto } from '../complaints/dto/register-complaint.dto';
import { UserRepository } from '../users/user.repository';
import { DEMO_TEXTS, ENGLISH_NAMES, RESOLUTIONS, SWEDISH_NAMES } from './demo-complaints.data';
import type { DemoSeeder } from './demo-seeder';

export const DEMO_COMPLAINTS_PER_CLIENT = 200;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const CHANNELS: Channel[] = ['phone', 'phone', 'phone', 'email', 'email', 'webchat', 'letter', 'social', 'in_person'];

/** Deterministic PRNG (mulberry32): the same demo every time. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Staff {
  agents: Principal[];
  leads: Principal[];
}

/**
 * Demo complaints: about 200 per demo client over the last 90 days, in every state — open and
 * overdue, acknowledged with updates, extended, escalated, assigned, closed with every outcome,
 * reopened, rated — each written through the real register + `execute()` path (domain rules, timeline,
 * bus listeners) with a moving clock (`at`), one transaction per complaint.
 */
@Injectable()
export class DemoComplaintsSeeder implements DemoSeeder {
  readonly name = 'complaints';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registration: ComplaintRegisterService,
    private readonly actions: ComplaintActionsService,
    private readonly clientRepo: ClientRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async seed(clients: Record<string, string>): Promise<void> {
    const { registration, actions } = this;
    const now = this.clock.now();
    // Clients in parallel (their rows, counters and rollups are disjoint); each client's complaints in order.
    await Promise.all(
      Object.entries(clients).map(async ([code, clientId], n) => {
        const staff = await this.staffOf(clientId);
        if (staff.agents.length === 0) return;
        const client = await this.clientRepo.findById(clientId);
        if (!client) return;
        const rootCauses = (client.policy.rootCauses ?? []).map((r) => r.code);
        const codes = new Set(client.categories.flatMap((c) => [c.code, ...(c.children ?? []).map((k) => k.code)]));
        const texts = DEMO_TEXTS.filter((t) => codes.has(t.category));
        const rand = rng(18295 + n);
        for (let i = 0; i < DEMO_COMPLAINTS_PER_CLIENT; i++) {
          await this.db.transaction((m) => seedOne(m, { registration, actions, now, clientId, code, staff, texts, rootCauses, rand, i }));
        }
      }),
    );
  }

  /** The client's active agents and team leads, by e-mail, acting for this client only. */
  private async staffOf(clientId: string): Promise<Staff> {
    const rows = await this.users.activeHandlersOf(clientId);
    const p = (r: (typeof rows)[number]) => new Principal(r.id, r.email, r.role, [clientId]);
    return { agents: rows.filter((r) => r.role === 'agent').map(p), leads: rows.filter((r) => r.role === 'team_lead').map(p) };
  }
}

interface SeedCtx {
  registration: ComplaintRegisterService;
  actions: ComplaintActionsService;
  now: Date;
  clientId: string;
  code: string;
  staff: Staff;
  texts: typeof DEMO_TEXTS;
  rootCauses: string[];
  rand: () => number;
  i: number;
}

async function seedOne(m: EntityManager, c: SeedCtx): Promise<void> {
  const { rand, now, staff } = c;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number) => rand() < p;
  // Oldest first; a few each day, more in the last weeks; receipt in the day time.
  const age = 90 * DAY * Math.pow((DEMO_COMPLAINTS_PER_CLIENT - c.i - rand()) / DEMO_COMPLAINTS_PER_CLIENT, 1.25);
  const receivedAt = new Date(Math.min(now.getTime() - 20 * 60_000, now.getTime() - age));
  const channel = pick(CHANNELS);
  const text = pick(c.texts);
  const swedish = c.code === 'ACME' ? chance(0.8) : chance(0.1);
  const name = pick(swedish ? SWEDISH_NAMES : ENGLISH_NAMES);
  const email = chance(0.85)
    ? `${name
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z ]/g, '')
        .replace(/ /g, '.')}@example.${swedish ? 'se' : 'com'}`
    : null;
  const agent = pick(staff.agents);
  const lead = staff.leads[0] ?? agent;
  const categorised = chance(0.6);
  const dto = {
    clientId: c.clientId,
    channel,
    receivedAt: receivedAt.toISOString(),
    subject: text.category.startsWith('SERVICE.') ? 'ccc' : 'client',
    summary: (swedish ? text.sv : text.en)[0],
    description: (swedish ? text.sv : text.en)[1],
    ...(categorised ? { categoryCode: text.category } : {}),
    priority: pick(['low', 'normal', 'normal', 'normal', 'high', 'urgent']),
    customer: {
      name,
      ...(email ? { email } : {}),
      ...(!email || chance(0.5)
        ? {
            phone: swedish
              ? `+4670${String(1000000 + Math.floor(rand() * 8999999))}`
              : `+1212555${String(1000 + Math.floor(rand() * 8999))}`,
          }
        : {}),
      preferredChannel: email ? 'email' : 'phone',
      language: swedish ? 'sv' : 'en',
      ...(chance(0.05) ? { accessibilityNeeds: swedish ? 'Stor text' : 'Large print' } : {}),
    },
  } as RegisterComplaintDto;
  let t = new Date(receivedAt.getTime() + (channel === 'letter' ? 1 + rand() * 2 * DAY : (2 + rand() * 30) * 60_000));
  if (t > now) t = now;
  const reg = await c.registration.insert(m, dto, agent, null, t);
  let cur = reg.complaint;
  /** Runs an action at `at` if that is not in the future; false when the demo story stops here. */
  const act = async (actor: Principal, at: Date, command: ComplaintCommand): Promise<boolean> => {
    const when = new Date(Math.max(at.getTime(), t.getTime() + 60_000));
    if (when > now) return false;
    t = when;
    cur = (await c.actions.execute({ complaintId: cur.id, command, actor, manager: m, at: when })).complaint;
    return true;
  };
  const ackBy = new Date(cur.deadlines.acknowledgeBy).getTime();
  const sinceReceipt = (h: number) => new Date(receivedAt.getTime() + h * HOUR);

  if (chance(0.5) && !(await act(lead, sinceReceipt(0.5 + rand() * 3), { action: 'assign', assigneeId: agent.id }))) return;
  // 10 % never acknowledged (the recent ones are simply new; older ones are overdue and escalate).
  if (chance(0.1)) return;
  const late = chance(0.12);
  const ackAt = late
    ? new Date(ackBy + (2 + rand() * 30) * HOUR)
    : new Date(t.getTime() + rand() * Math.max(HOUR, ackBy - t.getTime()) * 0.9);
  if (
    !(await act(agent, ackAt, {
      action: 'acknowledge',
      via: email ? 'email' : 'phone',
      responsibleFunction: pick(['Billing team', 'Customer relations', 'Complaints desk', 'Technical support']),
      message: swedish ? 'Vi har tagit emot ditt klagomål.' : 'We have received your complaint.',
    }))
  )
    return;
  if (
    cur.category === null &&
    !(await act(agent, new Date(t.getTime() + rand() * 6 * HOUR), { action: 'categorise', categoryCode: text.category }))
  )
    return;
  if (
    chance(0.05) &&
    !(await act(agent, new Date(t.getTime() + HOUR), {
      action: 'categorise',
      categoryCode: pick(c.texts).category,
      note: 'Re-categorised after investigation',
    }))
  )
    return;
  if (
    chance(0.12) &&
    !(await act(lead, new Date(t.getTime() + rand() * 2 * DAY), {
      action: 'escalate',
      reason: pick(['customer_request', 'complex_case', 'vulnerable_customer']),
      note: 'Needs a senior handler',
    }))
  )
    return;

  const closeAfter = (1 + rand() * 16) * DAY;
  const closeAt = new Date(receivedAt.getTime() + closeAfter);
  // Status updates before the next update is due (some late), until closing.
  for (let u = 0; u < 4 && cur.deadlines.nextUpdateBy; u++) {
    const due = new Date(cur.deadlines.nextUpdateBy).getTime();
    const at = chance(0.15) ? new Date(due + rand() * DAY) : new Date(due - rand() * 2 * DAY);
    if (at >= closeAt) break;
    if (
      !(await act(agent, at, {
        action: 'update',
        via: email ? 'email' : 'phone',
        message: swedish ? 'Vi utreder fortfarande ärendet.' : 'We are still investigating.',
      }))
    )
      return;
  }
  if (closeAt.getTime() > new Date(cur.deadlines.resolveBy).getTime() && chance(0.5)) {
    const newResolveBy = new Date(Math.max(closeAt.getTime(), new Date(cur.deadlines.resolveBy).getTime()) + 2 * DAY);
    if (
      !(await act(agent, new Date(new Date(cur.deadlines.resolveBy).getTime() - DAY), {
        action: 'extend',
        newResolveBy,
        reason: 'Waiting for information from a third party',
        actionPlan: 'We will chase the third party and update you every week.',
      }))
    )
      return;
  }
  const outcome = pick(['upheld', 'upheld', 'partially_upheld', 'not_upheld', 'not_upheld', 'withdrawn'] as const);
  const rootCause = () => (c.rootCauses.length ? pick(c.rootCauses) : undefined);
  if (
    !(await act(agent, closeAt, {
      action: 'close',
      outcome,
      resolution: pick(RESOLUTIONS[outcome]),
      via: email ? 'email' : 'letter',
      rootCauseCode: rootCause(),
    }))
  )
    return;
  if (chance(0.06)) {
    if (
      !(await act(agent, new Date(t.getTime() + (1 + rand() * 5) * DAY), {
        action: 'reopen',
        reason: 'The customer says the problem is not solved',
      }))
    )
      return;
    if (
      !(await act(agent, new Date(t.getTime() + (1 + rand() * 5) * DAY), {
        action: 'close',
        outcome: 'upheld',
        resolution: pick(RESOLUTIONS['upheld']),
        via: 'email',
        rootCauseCode: rootCause(),
      }))
    )
      return;
  }
  if (chance(0.55)) {
    await act(agent, new Date(t.getTime() + rand() * 3 * DAY), {
      action: 'satisfaction',
      score: 1 + Math.floor(Math.pow(rand(), 0.6) * 5),
      comment: chance(0.4) ? pick(['Quick and polite', 'Took too long', 'Tack för hjälpen', 'Fine in the end']) : undefined,
    });
  }
}
