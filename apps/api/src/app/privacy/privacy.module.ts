import { Module } from '@nestjs/common';
import { CoreModule } from '../common/core.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { MailModule } from '../mail/mail.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TimelineModule } from '../timeline/timeline.module';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessLogInterceptor, AccessLogService } from './access-log';
import { AccessLogRepository } from './access-log.repository';
import { ErasureService } from './erasure.service';
import { IdentityService } from './identity.service';
import { PersonalDataStores } from './personal-data-stores';
import { ComplaintRecordStore, NotificationsStore, OutboxStore, PrivacyStoresRegistration, TimelineStore } from './privacy-stores';
import { PrivacyController } from './privacy.controller';
import { PrivacyRepository } from './privacy.repository';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';
import { SubjectAccessService } from './subject-access.service';

/**
 * Protection of the customer (ISO 18295-1 4.5, GDPR): erasure, subject access export, retention,
 * access log, identity check. Exports `PersonalDataStores` (a new store of personal data registers
 * there) and `PrivacyRepository` (the action path's privacy checks). See docs/privacy.md.
 */
@Module({
  imports: [CoreModule, TimelineModule, MailModule, NotificationsModule, ComplaintsModule],
  controllers: [PrivacyController],
  providers: [
    PersonalDataStores,
    PrivacyRepository,
    AccessLogRepository,
    RetentionRepository,
    ComplaintRecordStore,
    OutboxStore,
    NotificationsStore,
    TimelineStore,
    PrivacyStoresRegistration,
    ErasureService,
    SubjectAccessService,
    AccessLogService,
    IdentityService,
    RetentionService,
    { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
  ],
  exports: [PersonalDataStores, PrivacyRepository, RetentionService],
})
export class PrivacyModule {}
