import { Injectable } from '@nestjs/common';
import { ERASED, type IdentityMethod } from '@complaint-desk/contracts';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { ComplaintRow } from '../complaints/complaint-row';

/** The privacy columns of a `complaints` row (migrations 1764370000000 and 1764370000010). */
export interface PrivacyColumns {
  erased_at: Date | null;
  identity_verified_method: IdentityMethod | null;
  identity_verified_at: Date | null;
  identity_verified_by: string | null;
  identity_verified_by_email: string | null;
}

export type PrivacyComplaintRow = ComplaintRow & PrivacyColumns;

export interface CustomerComplaintRow {
  id: string;
  reference: string;
  status: string;
  customer_email: string | null;
  customer_phone: string | null;
  received_at: Date;
  closed_at: Date | null;
  erased_at: Date | null;
}

export interface ClientRef {
  id: string;
  name: string;
  /** ISO 3166 region national phone numbers are read in (the client's `phone_region` once it exists; else SE). */
  phone_region: string | null;
}

const T = ERASED;

/**
 * SQL of the privacy features over `complaints` and the rows owned by one complaint that hold
 * nothing but a copy of its request (idempotency keys): locking for erasure and identity checks,
 * erasing the personal columns, reading them for the subject access export, finding a customer's
 * complaints.
 */
@Injectable()
export class PrivacyRepository {
  /** How long this transaction waits for a row lock before failing (→ 409 CONCURRENT_CHANGE). */
  async setLockTimeout(m: EntityManager, ms: number): Promise<void> {
    await m.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, Math.floor(ms))}ms`]);
  }

  /** Locks the complaint (`FOR NO KEY UPDATE`: serialised with actions, not with the outbox worker's foreign-key checks), scoped to the caller's clients; null when unknown or not served. */
  async lock(m: EntityManager, id: string, actor: Principal | 'system'): Promise<PrivacyComplaintRow | null> {
    const params: unknown[] = [id];
    const scope = actor === 'system' ? 'TRUE' : actor.clientFilter('c.client_id', params);
    const rows: PrivacyComplaintRow[] = await m.query(
      `SELECT c.* FROM complaints c WHERE c.id = $1 AND ${scope} FOR NO KEY UPDATE`,
      params,
    );
    return rows[0] ?? null;
  }

  /**
   * Replaces every personal column by the tombstone (text that must stay non-null) or NULL, marks the
   * complaint erased and bumps its version. Category, outcome, deadlines, times, satisfaction score,
   * responsible function and identity check (method, time, agent) stay.
   */
  async eraseColumns(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE complaints SET
         summary = '${T}', description = '${T}', customer_name = '${T}',
         customer_email = NULL, customer_phone = NULL, customer_preferred_channel = NULL,
         customer_language = NULL, customer_accessibility_needs = NULL,
         resolution = CASE WHEN resolution IS NULL THEN NULL ELSE '${T}' END,
         satisfaction_comment = CASE WHEN satisfaction_comment IS NULL THEN NULL ELSE '${T}' END,
         erased_at = $2, version = version + 1, updated_at = $2
       WHERE id = $1`,
      [id, at],
    );
  }

  /** Idempotency rows keep a hash of the registration body; they serve retries only and are deleted. */
  async deleteIdempotencyKeys(m: EntityManager, complaintId: string): Promise<void> {
    await m.query(`DELETE FROM idempotency_keys WHERE complaint_id = $1`, [complaintId]);
  }

  /** The complaint's own record of the customer, for the subject access export. */
  async exportRecord(m: EntityManager, id: string): Promise<Record<string, unknown> | undefined> {
    const rows: PrivacyComplaintRow[] = await m.query(`SELECT c.* FROM complaints c WHERE c.id = $1`, [id]);
    const c = rows[0];
    if (!c) return undefined;
    return {
      channel: c.channel,
      summary: c.summary,
      description: c.description,
      customer: {
        name: c.customer_name,
        email: c.customer_email,
        phone: c.customer_phone,
        preferredChannel: c.customer_preferred_channel,
        language: c.customer_language,
        accessibilityNeeds: c.customer_accessibility_needs,
      },
      responsibleFunction: c.responsible_function,
      outcome: c.outcome,
      resolution: c.resolution,
      satisfaction: c.satisfaction_score === null ? null : { score: Number(c.satisfaction_score), comment: c.satisfaction_comment },
      identityVerified: c.identity_verified_method
        ? { method: c.identity_verified_method, at: new Date(c.identity_verified_at as Date).toISOString() }
        : null,
    };
  }

  async client(m: EntityManager, clientId: string): Promise<ClientRef | null> {
    // `phone_region` is read through to_jsonb so this works before and after clients get that column.
    const rows: ClientRef[] = await m.query(
      `SELECT cl.id, cl.name, to_jsonb(cl) ->> 'phone_region' AS phone_region FROM clients cl WHERE cl.id = $1`,
      [clientId],
    );
    return rows[0] ?? null;
  }

  /**
   * Candidate complaints of a customer at one client: the e-mail compared case-insensitively, the
   * phone pre-filtered by its last digits (the caller compares E.164 exactly). Oldest first.
   */
  async findCustomerComplaints(
    m: EntityManager,
    clientId: string,
    q: { email: string | null; phoneDigitsTail: string | null },
  ): Promise<CustomerComplaintRow[]> {
    const params: unknown[] = [clientId];
    const or: string[] = [];
    if (q.email) {
      params.push(q.email);
      or.push(`lower(c.customer_email) = lower($${params.length})`);
    }
    if (q.phoneDigitsTail) {
      params.push(`%${q.phoneDigitsTail}`);
      or.push(`regexp_replace(c.customer_phone, '[^0-9]', '', 'g') LIKE $${params.length}`);
    }
    if (or.length === 0) return [];
    return m.query(
      `SELECT c.id, c.reference, c.status, c.customer_email, c.customer_phone, c.received_at, c.closed_at, c.erased_at
         FROM complaints c
        WHERE c.client_id = $1 AND c.erased_at IS NULL AND (${or.join(' OR ')})
        ORDER BY c.received_at, c.id`,
      params,
    );
  }

  /** Records the identity check (R4.5-b); version + 1. Returns the row after. */
  async setIdentityVerified(
    m: EntityManager,
    id: string,
    v: { method: IdentityMethod; at: Date; byId: string; byEmail: string },
  ): Promise<PrivacyComplaintRow> {
    const rows: PrivacyComplaintRow[] = await m.query(
      `WITH u AS (
         UPDATE complaints SET identity_verified_method = $2, identity_verified_at = $3, identity_verified_by = $4,
                identity_verified_by_email = $5, version = version + 1, updated_at = $3
          WHERE id = $1 RETURNING *)
       SELECT * FROM u`,
      [id, v.method, v.at, v.byId, v.byEmail],
    );
    return rows[0];
  }

  /** The client's current `policy.requireIdentityCheck` (a privacy rule, not a deadline: the current policy applies). */
  async requiresIdentityCheck(m: EntityManager, clientId: string): Promise<boolean> {
    const rows: Array<{ required: boolean | null }> = await m.query(
      `SELECT (policy ->> 'requireIdentityCheck')::boolean AS required FROM clients WHERE id = $1`,
      [clientId],
    );
    return rows[0]?.required === true;
  }
}
