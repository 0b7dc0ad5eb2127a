import { Module } from '@nestjs/common';
import { CoreModule } from '../common/core.module';
import { ClientsModule } from '../clients/clients.module';
import { TimelineModule } from '../timeline/timeline.module';
import { UsersModule } from '../users/users.module';
import { ComplaintActionsService } from './complaint-actions.service';
import { ComplaintQueriesService } from './complaint-queries.service';
import { ComplaintRegisterService } from './complaint-register.service';
import { ComplaintRepository } from './complaint.repository';
import { ComplaintsController } from './complaints.controller';

/**
 * Complaints: register, lifecycle actions, read and list. Exports `ComplaintActionsService` —
 * `execute({ complaintId, command, actor: Principal | 'system', ifMatch?, manager? })` is the one path
 * that changes a complaint (the escalation sweep uses it with actor 'system' and its own manager) —
 * and `ComplaintRegisterService`; `ComplaintRepository` owns the `complaints` table's SQL (the complaint view
 * other modules answer with).
 */
@Module({
  imports: [CoreModule, ClientsModule, UsersModule, TimelineModule],
  controllers: [ComplaintsController],
  providers: [ComplaintRepository, ComplaintActionsService, ComplaintRegisterService, ComplaintQueriesService],
  exports: [ComplaintRepository, ComplaintActionsService, ComplaintRegisterService, ComplaintQueriesService],
})
export class ComplaintsModule {}
