import { Module } from '@nestjs/common';
import { CoreModule } from '../common/core.module';
import { ComplaintActionsService } from '../complaints/complaint-actions.service';
import { ComplaintsModule } from '../complaints/complaints.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TimelineModule } from '../timeline/timeline.module';
import { EscalationRepository } from './escalation.repository';
import { EscalationScheduler } from './escalation.scheduler';
import { EscalationSweepService, SYSTEM_ESCALATOR, SystemEscalator } from './escalation-sweep.service';
import { EscalationsController } from './escalations.controller';

/**
 * Automatic escalation within deadlines (R4.4-e c) and at-risk notices: the sweep, its timer in
 * every instance, and `POST /api/escalations/run`. Escalations go through the lifecycle's own
 * `ComplaintActionsService.execute` as the system, inside the sweep's transaction.
 */
@Module({
  imports: [CoreModule, ComplaintsModule, NotificationsModule, TimelineModule],
  controllers: [EscalationsController],
  providers: [
    {
      provide: SYSTEM_ESCALATOR,
      inject: [ComplaintActionsService],
      useFactory: (actions: ComplaintActionsService): SystemEscalator => ({
        async escalate(manager, complaintId, reason) {
          await actions.execute({ complaintId, command: { action: 'escalate', reason }, actor: 'system', manager });
        },
      }),
    },
    EscalationRepository,
    EscalationSweepService,
    EscalationScheduler,
  ],
  exports: [EscalationSweepService],
})
export class EscalationsModule {}
