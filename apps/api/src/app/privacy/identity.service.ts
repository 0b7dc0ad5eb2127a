import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ComplaintDto } from '@complaint-desk/contracts';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { concurrentChange, isConcurrencyError } from '../complaints/complaint-errors';
import { toComplaintDto } from '../complaints/complaint.mapper';
import { ComplaintRepository } from '../complaints/complaint.repository';
import { TimelineWriter } from '../timeline/timeline-writer';
import { VerifyIdentityBody } from './dto/privacy-requests.dto';
import { assertNotErased } from './privacy-rules';
import { PrivacyRepository } from './privacy.repository';
import { validateBody } from '../common/validation';

/**
 * `POST /api/complaints/:id/verify-identity` (R4.5-b: confidential information only to the right
 * customer): records how the agent checked who they are talking to on the complaint
 * (`customer.identityVerified`) and appends `identity_verified`, published on the ComplaintEventBus
 * like every change of a complaint — one transaction, the row locked, version + 1. Allowed in every
 * status; an erased complaint → 409. The client policy `requireIdentityCheck` makes `update`,
 * `extend` and `close` over another channel than e-mail wait for it (privacy-rules.ts).
 */
@Injectable()
export class IdentityService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: PrivacyRepository,
    private readonly complaints: ComplaintRepository,
    private readonly timeline: TimelineWriter,
    private readonly clock: Clock,
  ) {}

  async verify(p: Principal, id: string, body: unknown, ifMatch: number | null): Promise<ComplaintDto> {
    try {
      return await this.db.transaction(async (m) => {
        await this.repo.setLockTimeout(m, 5000);
        const before = await this.repo.lock(m, id, p);
        if (!before) throw AppError.notFound('Complaint');
        assertNotErased(before);
        if (ifMatch !== null && ifMatch !== Number(before.version)) {
          throw new AppError('PRECONDITION_FAILED', `The complaint has changed (version ${before.version}); reload and try again`, {
            extra: { version: Number(before.version) },
          });
        }
        const { method } = await validateBody(VerifyIdentityBody, body);
        const at = this.clock.now();
        const after = await this.repo.setIdentityVerified(m, id, { method, at, byId: p.id, byEmail: p.email });
        await this.timeline.appendAndPublish(m, { event: { type: 'identity_verified', at, data: { method } }, actor: p, before, after });
        const view = await this.complaints.findView(id, 'system', m);
        if (!view) throw AppError.notFound('Complaint');
        return toComplaintDto(view, at, p.role);
      });
    } catch (err) {
      if (isConcurrencyError(err)) throw concurrentChange();
      throw err;
    }
  }
}
