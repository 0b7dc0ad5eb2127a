import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { ComplaintDto, EraseCustomerResponse, OpenComplaintRef } from '@complaint-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { concurrentChange, isConcurrencyError } from '../complaints/complaint-errors';
import { toComplaintDto } from '../complaints/complaint.mapper';
import { ComplaintRepository } from '../complaints/complaint.repository';
import { AccessLogRepository } from './access-log.repository';
import { customerQuery, matchesCustomer, phoneDigitsTail } from './customer-match';
import { EraseComplaintBody, EraseCustomerBody } from './dto/privacy-requests.dto';
import { PersonalDataStores, type AfterCommit, type ErasureContext } from './personal-data-stores';
import { assertNotErased } from './privacy-rules';
import { PrivacyRepository, type PrivacyComplaintRow } from './privacy.repository';
import { validateBody } from '../common/validation';

/** How long an erasure waits for an action on the same complaint before answering 409 (ms). */
const LOCK_TIMEOUT = 5000;

/**
 * Erasure of personal data (R4.5-f; contract "Privacy (4.5)"). One transaction per complaint: lock
 * the row, check it is closed and not yet erased, let every registered PersonalDataStore replace its
 * personal values with the tombstone — the timeline last, through `erase_complaint_timeline`, which
 * appends `personal_data_erased` — and record the access. Afterwards every write to the complaint
 * answers 409; reads show it erased. Statistics, deadlines, categories, outcomes and the timeline's
 * event types and times do not change (nothing they are computed from is touched, no event is
 * published to the statistics listener). Logs carry ids only.
 */
@Injectable()
export class ErasureService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: PrivacyRepository,
    private readonly complaints: ComplaintRepository,
    private readonly stores: PersonalDataStores,
    private readonly accessLog: AccessLogRepository,
    private readonly clock: Clock,
    @InjectPinoLogger('Privacy') private readonly logger: PinoLogger,
  ) {}

  /** `POST /api/complaints/:id/erase`: 404 → 409 (erased, or open) → 412 → 400 → 200 with the erased complaint. */
  async eraseComplaint(p: Principal, id: string, body: unknown, ifMatch: number | null): Promise<ComplaintDto> {
    const afterCommit: AfterCommit[] = [];
    const dto = await this.transaction(async (m) => {
      const row = await this.repo.lock(m, id, p);
      if (!row) throw AppError.notFound('Complaint');
      assertNotErased(row);
      if (row.status !== 'closed') throw notClosed(row.status);
      if (ifMatch !== null && ifMatch !== Number(row.version)) {
        throw new AppError('PRECONDITION_FAILED', `The complaint has changed (version ${row.version}); reload and try again`, {
          extra: { version: Number(row.version) },
        });
      }
      const { reason } = await validateBody(EraseComplaintBody, body);
      const at = this.clock.now();
      afterCommit.push(...(await this.eraseLocked(m, { complaintId: row.id, clientId: row.client_id, at, reason, actor: p })));
      await this.accessLog.record(m, { complaintId: row.id, clientId: row.client_id, user: p, at, kind: 'erase' });
      const view = await this.complaints.findView(row.id, 'system', m);
      if (!view) throw AppError.notFound('Complaint');
      return toComplaintDto(view, at, p.role);
    });
    await this.runAfterCommit(afterCommit);
    this.logger.info({ complaintId: id, clientId: dto.clientId, by: p.id }, 'Personal data of a complaint erased');
    return dto;
  }

  /**
   * `POST /api/customers/erase`: every closed complaint of the customer at the client, one
   * transaction each; open complaints are listed, not erased.
   */
  async eraseCustomer(p: Principal, b: EraseCustomerBody): Promise<EraseCustomerResponse> {
    const clientId = b.clientId.toLowerCase();
    p.assertClient(clientId);
    const client = await this.repo.client(this.db.manager, clientId);
    if (!client) throw AppError.notFound('Client');
    const q = customerQuery(b.email, b.phone, client.phone_region);
    const candidates = await this.repo.findCustomerComplaints(this.db.manager, clientId, {
      email: q.email,
      phoneDigitsTail: q.phone ? phoneDigitsTail(q.phone) : null,
    });
    const open: OpenComplaintRef[] = [];
    let erased = 0;
    for (const c of candidates.filter((r) => matchesCustomer(r, q, client.phone_region))) {
      if (c.status !== 'closed') {
        open.push({ id: c.id, reference: c.reference, status: c.status });
        continue;
      }
      const afterCommit: AfterCommit[] = [];
      const outcome = await this.transaction(async (m) => {
        const row = await this.repo.lock(m, c.id, p);
        if (!row || row.erased_at) return 'gone' as const;
        if (row.status !== 'closed') return row;
        const at = this.clock.now();
        afterCommit.push(...(await this.eraseLocked(m, { complaintId: row.id, clientId: row.client_id, at, reason: b.reason, actor: p })));
        await this.accessLog.record(m, { complaintId: row.id, clientId: row.client_id, user: p, at, kind: 'erase' });
        return 'erased' as const;
      });
      if (outcome === 'erased') {
        erased++;
        await this.runAfterCommit(afterCommit);
      } else if (outcome !== 'gone') {
        // Reopened since the search: reported as open.
        open.push({ id: outcome.id, reference: outcome.reference, status: outcome.status });
      }
    }
    this.logger.info({ clientId, by: p.id, erased, openSkipped: open.length }, 'Personal data of a customer erased');
    return { erased, openSkipped: open.length, open };
  }

  /**
   * Erases a complaint the caller has locked (closed, not erased) in `m`: every store, the timeline
   * last. Returns the stores' after-commit work. Used by the endpoints above and the retention job.
   */
  async eraseLocked(m: EntityManager, ctx: ErasureContext): Promise<AfterCommit[]> {
    const after: AfterCommit[] = [];
    for (const store of this.stores.all) {
      const work = await store.erase(m, ctx);
      if (work) after.push(work);
    }
    return after;
  }

  async runAfterCommit(work: AfterCommit[]): Promise<void> {
    for (const w of work) {
      try {
        await w();
      } catch (err) {
        this.logger.warn({ err: { name: (err as Error)?.name } }, 'Clean-up after an erasure failed');
      }
    }
  }

  private async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(async (m) => {
        await this.repo.setLockTimeout(m, LOCK_TIMEOUT);
        return work(m);
      });
    } catch (err) {
      if (isConcurrencyError(err)) throw concurrentChange();
      throw err;
    }
  }
}

function notClosed(status: PrivacyComplaintRow['status']): AppError {
  return new AppError('NOT_CLOSED', 'Only a closed complaint can be erased: close it first (e.g. as withdrawn)', {
    extra: { state: status },
  });
}
