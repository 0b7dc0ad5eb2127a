import { Module } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '../config/config';
import { CustomerMailListener } from './customer-mail.listener';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport';
import { OutboxWorker } from './outbox-worker.service';
import { OutboxService } from './outbox.service';

/**
 * E-mail: the transactional outbox (customer communications, team-lead notices), its delivery
 * worker (SMTP_URL over nodemailer; in demo mode without SMTP_URL `.eml` files in MAIL_DIR) and
 * the ComplaintEventBus listener that queues the customer's e-mails.
 */
@Module({
  providers: [
    { provide: MAIL_TRANSPORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createMailTransport(config) },
    OutboxService,
    OutboxWorker,
    CustomerMailListener,
  ],
  exports: [OutboxService, OutboxWorker],
})
export class MailModule {}
