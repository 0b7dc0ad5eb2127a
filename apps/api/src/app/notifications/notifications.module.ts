import { Module } from '@nestjs/common';
import { CoreModule } from '../common/core.module';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { NotificationRepository } from './notification.repository';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Team-lead notifications: the in-app feed and the e-mails, for escalations and at-risk notices. */
@Module({
  imports: [CoreModule, MailModule, AuthModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationRepository],
  exports: [NotificationsService, NotificationRepository],
})
export class NotificationsModule {}
