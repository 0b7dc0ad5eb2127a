import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { CustomerExportDto, ExportedComplaintDto } from '@complaint-desk/contracts';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { AccessLogRepository } from './access-log.repository';
import { customerQuery, matchesCustomer, phoneDigitsTail } from './customer-match';
import type { CustomerExportQuery } from './dto/privacy-requests.dto';
import { PersonalDataStores } from './personal-data-stores';
import { PrivacyRepository } from './privacy.repository';
import { TimelineWriter } from '../timeline/timeline-writer';

const iso = (v: Date | null): string | null => (v ? new Date(v).toISOString() : null);

/**
 * Subject access (GDPR art. 15, R4.5-f): everything held about one customer — found by e-mail
 * (case-insensitive) or phone (E.164) — across one client's complaints, from every registered
 * PersonalDataStore. In one transaction, each complaint found gets a `personal_data_exported` event
 * and an `export` row in its access log.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: PrivacyRepository,
    private readonly timeline: TimelineWriter,
    private readonly stores: PersonalDataStores,
    private readonly accessLog: AccessLogRepository,
    private readonly clock: Clock,
    @InjectPinoLogger('Privacy') private readonly logger: PinoLogger,
  ) {}

  async export(p: Principal, query: CustomerExportQuery, format: 'json' | 'html'): Promise<CustomerExportDto> {
    const clientId = query.clientId.toLowerCase();
    p.assertClient(clientId);
    const result = await this.db.transaction(async (m) => {
      const client = await this.repo.client(m, clientId);
      if (!client) throw AppError.notFound('Client');
      const q = customerQuery(query.email, query.phone, client.phone_region);
      const now = this.clock.now();
      const rows = (
        await this.repo.findCustomerComplaints(m, clientId, { email: q.email, phoneDigitsTail: q.phone ? phoneDigitsTail(q.phone) : null })
      ).filter((r) => matchesCustomer(r, q, client.phone_region));
      const complaints: ExportedComplaintDto[] = [];
      for (const r of rows) {
        const personalData: Record<string, unknown> = {};
        for (const store of this.stores.all) {
          const part = await store.export(m, r.id);
          if (part !== undefined) personalData[store.name] = part;
        }
        complaints.push({
          id: r.id,
          reference: r.reference,
          status: r.status,
          receivedAt: new Date(r.received_at).toISOString(),
          closedAt: iso(r.closed_at),
          erasedAt: iso(r.erased_at),
          personalData,
        });
        await this.timeline.append(m, { complaintId: r.id, clientId, type: 'personal_data_exported', at: now, actor: p, data: { format } });
        await this.accessLog.record(m, { complaintId: r.id, clientId, user: p, at: now, kind: 'export' });
      }
      return { clientId, clientName: client.name, generatedAt: now.toISOString(), query: { email: q.email, phone: q.phone }, complaints };
    });
    this.logger.info({ clientId, by: p.id, complaints: result.complaints.length, format }, 'Subject access export');
    return result;
  }
}
