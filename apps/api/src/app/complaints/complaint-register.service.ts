import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { register } from '@complaint-desk/domain';
import type { ComplaintDto, Role } from '@complaint-desk/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { findCategory } from '../clients/category-tree.util';
import { ClientRepository } from '../clients/client.repository';
import { TimelineWriter, type ComplaintActor } from '../timeline/timeline-writer';
import { atRiskFractionOf, deadlineColumns, stateColumnsOf } from './complaint-row';
import { complaintReference, complaintSnapshot, referenceYear } from './complaint-snapshot';
import { toComplaintDto } from './complaint.mapper';
import { ComplaintRepository } from './complaint.repository';
import { domainToAppError, isUniqueViolation } from './complaint-errors';
import type { RegisterComplaintDto } from './dto/register-complaint.dto';

export interface RegisterResult {
  complaint: ComplaintDto;
  statusCode: number;
  /** False when an earlier request with the same Idempotency-Key answered. */
  created: boolean;
}

/** JSON with object keys sorted at every level: the same body always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
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
    private readonly complaints: ComplaintRepository,
    private readonly clients: ClientRepository,
    private readonly timeline: TimelineWriter,
    private readonly clock: Clock,
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
    const first = await this.complaints.findIdempotencyKey(userId, key);
    if (!first) return null;
    if (first.bodyHash !== hash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body', {
        errors: [{ field: 'Idempotency-Key', message: 'already used with a different body' }],
      });
    }
    const view = await this.complaints.findView(first.complaintId, 'system');
    if (!view) return null;
    return { complaint: toComplaintDto(view, this.clock.now(), role), statusCode: first.statusCode, created: false };
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
    const client = await this.clients.findById(dto.clientId, m);
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
    const { calendar, policy } = complaintSnapshot({
      timezone: client.timezone,
      business_hours: client.businessHours,
      holidays: client.holidays,
      policy: client.policy,
    });
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : now;
    const res = register({ receivedAt, categoryCode: dto.categoryCode ?? null }, { now, calendar, policy });
    if (!res.ok) throw domainToAppError(res.error);
    const s = res.state;

    const year = referenceYear(now, client.timezone);
    const reference = complaintReference(client.code, year, await this.complaints.nextReferenceNumber(m, client.id, year));
    const c = dto.customer;
    const id = randomUUID();
    const row = await this.complaints.insert(m, {
      ...stateColumnsOf(s),
      // the snapshot is the client's policy as stored: its atRiskAt, else 0.8
      ...deadlineColumns(s, atRiskFractionOf(policy)),
      id,
      client_id: client.id,
      reference,
      channel: dto.channel,
      subject: dto.subject,
      priority: dto.priority ?? 'normal',
      summary: dto.summary,
      description: dto.description,
      category_name: categoryName,
      customer_name: c.name,
      customer_email: c.email ?? null,
      customer_phone: c.phone ?? null,
      customer_preferred_channel: c.preferredChannel ?? null,
      customer_language: c.language ?? null,
      customer_accessibility_needs: c.accessibilityNeeds ?? null,
      registered_at: now,
      registered_by: actor === 'system' ? null : actor.id,
      policy_snapshot: policy,
      calendar_snapshot: calendar,
      expected_resolution_by: null,
      satisfaction_comment: null,
      satisfaction_at: null,
      customer_not_reached: false,
      updated_at: now,
    });
    if (idem) {
      await this.complaints.insertIdempotencyKey(m, {
        userId: idem.userId,
        key: idem.key,
        clientId: client.id,
        bodyHash: idem.hash,
        complaintId: id,
        statusCode: 201,
        at: now,
      });
    }
    await this.timeline.appendAndPublish(m, { event: res.event, actor, before: null, after: row });
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
