import { Module } from '@nestjs/common';
import { CoreModule } from '../common/core.module';
import { ClientsModule } from '../clients/clients.module';
import { AppConfig, APP_CONFIG } from '../config/config';
import { TimelineModule } from '../timeline/timeline.module';
import { CustomerDeliveryRecorder } from './customer-delivery';
import { CustomerMailListener } from './customer-mail.listener';
import { CustomerReachRepository } from './customer-reach.repository';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport';
import { OutboxRepository } from './outbox.repository';
import { OutboxWorker } from './outbox-worker.service';

/**
 * E-mail: the transactional outbox (`OutboxRepository`: customer communications, team-lead notices),
 * its delivery worker (SMTP_URL over nodemailer; in demo mode without SMTP_URL `.eml` files in
 * MAIL_DIR), the recorder of delivery outcomes on the timeline and the ComplaintEventBus listener
 * that queues the customer's e-mails.
 */
@Module({
  imports: [CoreModule, ClientsModule, TimelineModule],
  providers: [
    { provide: MAIL_TRANSPORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createMailTransport(config) },
    OutboxRepository,
    CustomerReachRepository,
    CustomerDeliveryRecorder,
    OutboxWorker,
    CustomerMailListener,
  ],
  exports: [OutboxRepository, OutboxWorker],
})
export class MailModule {}
