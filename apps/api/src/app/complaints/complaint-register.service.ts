import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { register, type BusinessCalendar, type ComplaintPolicy } from '@complaint-desk/domain';
import type { CategoryDto, ComplaintDto, Role } from '@complaint-desk/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { ComplaintEventBus } from '../common/complaint-event-bus';
import { findCategory } from '../clients/category-tree.util';
import { atRiskFractionOf, ComplaintRow, deadlineColumns } from './complaint-row';
import { complaintReference, complaintSnapshot, referenceYear } from './complaint-snapshot';
import { toComplaintDto } from './complaint.mapper';
import { appendAndPublish, selectView, type ComplaintActor } from './complaint-store';
import { domainToAppError, isUniqueViolation } from './complaint-errors';
import type { RegisterComplaintDto } from './dto/register-complaint.dto';

export interface RegisterResult {
  complaint: ComplaintDto;
  statusCode: number;
  /** False when an earlier request with the same Idempotency-Key answered. */
  created: boolean;
}

interface ClientRow {
  id: string;
  code: string;
  timezone: string;
  business_hours: BusinessCalendar['businessHours'];
  holidays: string[];
  policy: ComplaintPolicy;
  categories: CategoryDto[];
}

/** JSON with object keys sorted at every level: the same body always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export const bodyHash = (body: unknown): string => createHash('sha256').update(canonicalJson(body)).digest('hex');

/**
 * Registration (R4.4-e a). One transaction: reference from the per-client counter row
 * (`INSERT … ON CONFLICT (client_id, year) DO UPDATE … RETURNING`: a row lock per client and year,
 * no global lock), the complaint with its policy + calendar snapshot, the idempotency row, the
 * `registered` event and the bus publish.
 *
 * Idempotency-Key: keyed by (user, key) with the sha256 of the canonical JSON body. A replay with the
 * same body returns the same complaint and status code; another body → 422. Concurrent duplicates:
 * the loser's idempotency insert hits the primary key, its transaction rolls back (nothing created)
 * and it answers with the winner's complaint.
 */
@Injectable()
export class ComplaintRegisterService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly bus: ComplaintEventBus,
    @InjectPinoLogger('ComplaintRegister') private readonly logger: PinoLogger,
  ) {}

  async register(dto: RegisterComplaintDto, actor: ComplaintActor, idempotencyKey?: string): Promise<RegisterResult> {
    if (actor !== 'system') actor.assertClient(dto.clientId);
    const key = idempotencyKey === undefined ? null : validateKey(idempotencyKey);
    const userId = actor === 'system' ? null : actor.id;
    const hash = key ? bodyHash(dto) : null;
    const role: Role | 'system' = actor === 'system' ? 'system' : actor.role;

    if (key && userId) {
      const replay = await this.replay(userId, key, hash as string, role);
      if (replay) return replay;
    }
    try {
      return await this.db.transaction((m) => this.insert(m, dto, actor, key && userId ? { userId, key, hash: hash as string } : null));
    } catch (err) {
      if (key && userId && isUniqueViolation(err)) {
        const replay = await this.replay(userId, key, hash as string, role);
        if (replay) return replay;
      }
      throw err;
    }
  }

  private async replay(userId: string, key: string, hash: string, role: Role | 'system'): Promise<RegisterResult | null> {
    const rows: Array<{ body_hash: string; complaint_id: string; status_code: number }> = await this.db.query(
      `SELECT body_hash, complaint_id, status_code FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    if (rows.length === 0) return null;
    if (rows[0].body_hash !== hash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body', {
        errors: [{ field: 'Idempotency-Key', message: 'already used with a different body' }],
      });
    }
    const view = await selectView(this.db.manager, rows[0].complaint_id);
    if (!view) return null;
    return { complaint: toComplaintDto(view, this.clock.now(), role), statusCode: Number(rows[0].status_code), created: false };
  }

  /** Runs inside the caller's transaction (the HTTP path and the demo seeder). */
  async insert(
    m: EntityManager,
    dto: RegisterComplaintDto,
    actor: ComplaintActor,
    idem: { userId: string; key: string; hash: string } | null,
    at?: Date,
  ): Promise<RegisterResult> {
    const now = at ?? this.clock.now();
    const [client]: ClientRow[] = await m.query(
      `SELECT id, code, timezone, business_hours, holidays, policy, categories FROM clients WHERE id = $1`,
      [dto.clientId],
    );
    if (!client) throw AppError.notFound('Client');
    let categoryName: string | null = null;
    if (dto.categoryCode !== undefined) {
      const found = findCategory(client.categories ?? [], dto.categoryCode);
      if (!found) {
        const msg = `Category ${dto.categoryCode} does not exist for this client`;
        throw new AppError('CATEGORY_NOT_FOUND', msg, { errors: [{ field: 'categoryCode', message: msg }] });
      }
      categoryName = found.name;
    }
    const { calendar, policy } = complaintSnapshot(client);
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : now;
    const res = register({ receivedAt, categoryCode: dto.categoryCode ?? null }, { now, calendar, policy });
    if (!res.ok) throw domainToAppError(res.error);
    const s = res.state;
    // the snapshot is the client's policy as stored: its atRiskAt, else 0.8
    const derived = deadlineColumns(s, atRiskFractionOf(policy));

    const year = referenceYear(now, client.timezone);
    const [{ last_seq }]: Array<{ last_seq: string }> = await m.query(
      `INSERT INTO complaint_reference_counters (client_id, year, last_seq) VALUES ($1, $2, 1)
       ON CONFLICT (client_id, year) DO UPDATE SET last_seq = complaint_reference_counters.last_seq + 1
       RETURNING last_seq`,
      [client.id, year],
    );
    const reference = complaintReference(client.code, year, last_seq);
    const c = dto.customer;
    const id = randomUUID();
    const [row]: ComplaintRow[] = await m.query(
      `INSERT INTO complaints (id, client_id, reference, status, channel, subject, priority, summary, description,
         category_code, category_name, customer_name, customer_email, customer_phone, customer_preferred_channel,
         customer_language, customer_accessibility_needs, received_at, registered_at, registered_by,
         acknowledge_by, resolve_by, next_update_by, policy_snapshot, calendar_snapshot, due_at, at_risk_at,
         acknowledge_at_risk_at, update_at_risk_at, resolve_at_risk_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$19)
       RETURNING *`,
      [
        id, client.id, reference, s.status, dto.channel, dto.subject, dto.priority ?? 'normal', dto.summary, dto.description,
        s.categoryCode, categoryName, c.name, c.email ?? null, c.phone ?? null, c.preferredChannel ?? null,
        c.language ?? null, c.accessibilityNeeds ?? null, s.receivedAt, now, actor === 'system' ? null : actor.id,
        s.deadlines.acknowledgeBy, s.deadlines.resolveBy, s.deadlines.nextUpdateBy, JSON.stringify(policy),
        JSON.stringify(calendar), derived.due_at, derived.at_risk_at,
        derived.acknowledge_at_risk_at, derived.update_at_risk_at, derived.resolve_at_risk_at,
      ],
    );
    if (idem) {
      await m.query(
        `INSERT INTO idempotency_keys (user_id, key, client_id, body_hash, complaint_id, status_code, created_at)
         VALUES ($1, $2, $3, $4, $5, 201, $6)`,
        [idem.userId, idem.key, client.id, idem.hash, id, now],
      );
    }
    await appendAndPublish(m, this.bus, { event: res.event, actor, before: null, after: row });
    const view = { ...row, assignee_email: null, escalation_reasons: [], root_cause_name: null };
    // Ids only: no customer data in logs.
    this.logger.debug({ complaintId: id, clientId: client.id, reference }, 'Complaint registered');
    return { complaint: toComplaintDto(view, now, actor === 'system' ? 'system' : actor.role), statusCode: 201, created: true };
  }
}

function validateKey(key: string): string {
  if (key.length < 1 || key.length > 255 || !/^[\x20-\x7e]+$/.test(key) || key.trim() === '') {
    throw AppError.validation('Idempotency-Key', 'Idempotency-Key must be 1–255 printable ASCII characters');
  }
  return key;
}
