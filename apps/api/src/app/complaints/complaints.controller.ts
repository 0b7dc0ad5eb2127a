import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ComplaintAction } from '@complaint-desk/domain';
import type { ComplaintDetailDto, ComplaintDto, Page } from '@complaint-desk/contracts';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { uuidPipe } from '../common/uuid.pipe';
import { RawBody } from '../common/validation';
import { AccessLogged } from '../privacy/access-log';
import { ACTION_REQUESTS } from './action-requests';
import { ComplaintActionsService } from './complaint-actions.service';
import { parseIfMatch } from './complaint-errors';
import { ComplaintQueriesService } from './complaint-queries.service';
import { ComplaintRegisterService } from './complaint-register.service';
import { ApiProblems } from '../common/dto/problem-details.response';
import { ComplaintDetailResponse, ComplaintPage, ComplaintResponse, ETAG_HEADER } from './dto/complaint.response';
import { ListComplaintsQuery } from './dto/list-complaints.query';
import { RegisterComplaintDto } from './dto/register-complaint.dto';
import { IF_MATCH, withEtag } from './etag';

/**
 * The answer of every lifecycle action: the updated complaint with its ETag, or a problem; and its
 * body schema (the route takes the raw body — `RawBody` — so that the service validates it only
 * after 404, 409 and 412 are decided).
 */
const ActionResponses = (action: ComplaintAction) =>
  applyDecorators(
    ApiBody({ type: ACTION_REQUESTS[action].dto, required: true }),
    ApiHeader(IF_MATCH),
    ApiOkResponse({ type: ComplaintResponse, headers: ETAG_HEADER, description: 'The updated complaint' }),
    ApiProblems(400, 401, 403, 404, 409, 412, 413, 422),
  );
const ACTION_NOTE =
  'Returns the updated complaint and appends one timeline event. Answers in this order: unknown or foreign id → 404; not allowed in the current state → 409 with `state` and `allowedActions`, whatever the body; If-Match stale → 412 (without If-Match: another action committed since this request arrived → 409 CONCURRENT_CHANGE); invalid body → 400 naming the fields; semantically wrong → 422.';

/**
 * Complaints (contract section "Complaints"): routing and DTOs only; the rules live in the domain and
 * the services. client_viewer has no access (403); another client's complaint is 404.
 */
@ApiTags('complaints')
@ApiBearerAuth()
@Roles('agent', 'team_lead')
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly registration: ComplaintRegisterService,
    private readonly actions: ComplaintActionsService,
    private readonly queries: ComplaintQueriesService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1–255 chars. Same key + same body → the same complaint and status, nothing created; other body → 422',
  })
  @ApiOperation({
    summary:
      'Register a complaint (R4.4-e a). Deadlines run from receivedAt under the client’s current policy, snapshotted into the complaint.',
  })
  @ApiCreatedResponse({
    type: ComplaintResponse,
    headers: ETAG_HEADER,
    description:
      'Registered. An idempotent replay (same Idempotency-Key, same body) answers 201 too, with the complaint first created; nothing new is created.',
  })
  @ApiProblems(400, 401, 403, 404, 413, 422)
  async register(
    @CurrentUser() p: Principal,
    @Body() dto: RegisterComplaintDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ComplaintDto> {
    const r = await this.registration.register(dto, p, key);
    res.status(r.statusCode);
    return withEtag(res, r.complaint);
  }

  @Get()
  @ApiOperation({
    summary:
      'List complaints of the caller’s clients, keyset-paginated (cursor, limit ≤ 100). Default sort dueAt: earliest pending deadline first.',
  })
  @ApiOkResponse({ type: ComplaintPage })
  @ApiProblems(400, 401, 403, 404)
  list(@CurrentUser() p: Principal, @Query() q: ListComplaintsQuery): Promise<Page<ComplaintDto>> {
    return this.queries.list(p, q);
  }

  @Get(':id')
  // Privacy (R4.5-f, apps/api/src/app/privacy): each read is recorded in the complaint's access log.
  @AccessLogged()
  @ApiOperation({
    summary: 'One complaint with its timeline (oldest first); ETag = version. Recorded in the complaint’s access log (user, hour).',
  })
  @ApiOkResponse({ type: ComplaintDetailResponse, headers: ETAG_HEADER })
  @ApiProblems(401, 403, 404)
  async get(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ComplaintDetailDto> {
    return withEtag(res, await this.queries.get(p, id));
  }

  @Post(':id/categorise')
  @HttpCode(200)
  @ActionResponses('categorise')
  @ApiOperation({ summary: 'Set the category (registered, acknowledged); unknown category → 422', description: ACTION_NOTE })
  categorise(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') im: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, im, res, 'categorise', body);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ActionResponses('acknowledge')
  @ApiOperation({
    summary: 'Acknowledge receipt (registered → acknowledged; R4.4-d, R4.2-c a b); sets nextUpdateBy',
    description: ACTION_NOTE,
  })
  acknowledge(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') im: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, im, res, 'acknowledge', body);
  }

  @Post(':id/update')
  @HttpCode(200)
  @ActionResponses('update')
  @ApiOperation({ summary: 'Status update to the customer (acknowledged; R4.2-c c); moves nextUpdateBy', description: ACTION_NOTE })
  update(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') im: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, im, res, 'update', body);
  }

  @Post(':id/extend')
  @HttpCode(200)
  @ActionResponses('extend')
  @ApiOperation({
    summary: 'Extend the resolve deadline with reason and action plan (acknowledged; R4.2-c d); not later → 422',
    description: ACTION_NOTE,
  })
  extend(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') im: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, im, res, 'extend', body);
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @ActionResponses('escalate')
  @ApiOperation({ summary: 'Escalate: level + 1 (registered, acknowledged; R4.4-e c)', description: ACTION_NOTE })
  escalate(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') im: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, im, res, 'escalate', body);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('team_lead')
  @ActionResponses('assign')
  @ApiOperation({ summary: 'Assign to an agent or team lead serving the client (team_lead/admin; agent → 403)', description: ACTION_NOTE })
  assign(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') im: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, im, res, 'assign', body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ActionResponses('close')
  @ApiOperation({
    summary: 'Close with outcome and resolution told to the customer (acknowledged; R4.4-e d); needs a category (422)',
    description: ACTION_NOTE,
  })
  close(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') im: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, im, res, 'close', body);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ActionResponses('reopen')
  @ApiOperation({ summary: 'Reopen (closed → acknowledged) within reopenWithinDays of closing, else 409', description: ACTION_NOTE })
  reopen(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') im: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, im, res, 'reopen', body);
  }

  @Post(':id/satisfaction')
  @HttpCode(200)
  @ActionResponses('satisfaction')
  @ApiOperation({ summary: 'Record the customer’s satisfaction 1–5 (closed; once, a second → 409)', description: ACTION_NOTE })
  satisfaction(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') im: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, im, res, 'satisfaction', body);
  }

  private async run(
    p: Principal,
    complaintId: string,
    ifMatch: string | undefined,
    res: Response,
    action: ComplaintAction,
    body: unknown,
  ): Promise<ComplaintDto> {
    const { complaint } = await this.actions.executeRequest({ complaintId, action, body, actor: p, ifMatch: parseIfMatch(ifMatch) });
    return withEtag(res, complaint);
  }
}
