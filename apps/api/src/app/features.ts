import { Type } from '@nestjs/common';
import { StatisticsModule } from './statistics/statistics.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { DemoModule } from './demo/demo.module';
import { EscalationsModule } from './escalations/escalations.module';
import { MailModule } from './mail/mail.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PrivacyModule } from './privacy/privacy.module';

/**
 * Feature modules of the complaint process. Each feature adds its module here (one line), so
 * features can be developed side by side without editing AppModule.
 */
export const FEATURE_MODULES: Type<unknown>[] = [
  ComplaintsModule,
  StatisticsModule,
  MailModule,
  NotificationsModule,
  EscalationsModule,
  PrivacyModule,
  DemoModule,
];
