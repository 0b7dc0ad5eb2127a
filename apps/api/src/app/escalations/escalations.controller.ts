import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EscalationQuarantineList, EscalationRunResponse } from '@complaint-desk/contracts';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiProblems } from '../common/dto/problem-details.response';
import { EscalationQuarantineListBody } from './dto/escalation-quarantine.response';
import { EscalationRunResponseBody } from './dto/escalation-run.response';
import { EscalationRepository } from './escalation.repository';
import { EscalationSweepService } from './escalation-sweep.service';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class EscalationsController {
  constructor(
    private readonly sweep: EscalationSweepService,
    private readonly escalations: EscalationRepository,
  ) {}

  @Post('run')
  @HttpCode(200)
  @Roles('team_lead')
  @ApiOperation({
    summary: 'Run the escalation sweep now (team_lead, admin; agents 403)',
    description:
      'The same sweep every instance runs every ESCALATION_INTERVAL_SECONDS (R4.4-e c). Every open complaint whose ' +
      'acknowledge, next-update or resolve deadline has passed (now later than the deadline) without that step being done ' +
      'gets one `escalated` event with the system as actor and `data.reason` `acknowledge_overdue | update_overdue | ' +
      'resolve_overdue` — once per deadline value: a deadline that is moved and missed again escalates again; a step done ' +
      'late stops escalating; closed complaints never escalate. Team leads of the client are notified (feed and e-mail). ' +
      "The sweep also writes the at-risk notices that are due. A team lead's run covers the clients it serves; an admin's " +
      'covers all. `escalated` counts the escalations this run made (0 when another instance got there first).',
  })
  @ApiOkResponse({ type: EscalationRunResponseBody })
  @ApiProblems(401, 403)
  async run(@CurrentUser() p: Principal): Promise<EscalationRunResponse> {
    const r = await this.sweep.sweep({ clientIds: p.scopeClientIds });
    return { escalated: r.escalated };
  }

  @Get('quarantine')
  @Roles('admin')
  @ApiOperation({
    summary: 'Complaints the escalation sweep has quarantined (admin; others 403)',
    description:
      'A complaint the sweep could not process in ESCALATION_MAX_ATTEMPTS sweeps (default 3) at the same version is ' +
      'quarantined: its team leads got one `sweep_failed` notice, one error line was logged (ids only), and both the ' +
      'escalation and the at-risk pass skip it — so its deadlines are not watched automatically — until the complaint ' +
      'changes (any action moves its version; the next sweep then retries it, and a success clears the entry). ' +
      'Newest first, at most 500 items; `total` counts all. `errorSummary` is the last error (class, SQLSTATE, message).',
  })
  @ApiOkResponse({ type: EscalationQuarantineListBody })
  @ApiProblems(401, 403)
  quarantine(@CurrentUser() p: Principal): Promise<EscalationQuarantineList> {
    return this.escalations.listQuarantine(p);
  }
}
