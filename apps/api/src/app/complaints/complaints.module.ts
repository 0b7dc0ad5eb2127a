import { Module } from '@nestjs/common';
import { ComplaintActionsService } from './complaint-actions.service';
import { ComplaintQueriesService } from './complaint-queries.service';
import { ComplaintRegisterService } from './complaint-register.service';
import { ComplaintsController } from './complaints.controller';
import './demo-complaints.seeder';

/**
 * Complaints: register, lifecycle actions, read and list. Exports `ComplaintActionsService` —
 * `execute({ complaintId, command, actor: Principal | 'system', ifMatch?, manager? })` is the one path
 * that changes a complaint (the escalation sweep uses it with actor 'system' and its own manager) —
 * and `ComplaintRegisterService`.
 */
@Module({
  controllers: [ComplaintsController],
  providers: [ComplaintActionsService, ComplaintRegisterService, ComplaintQueriesService],
  exports: [ComplaintActionsService, ComplaintRegisterService, ComplaintQueriesService],
})
export class ComplaintsModule {}
