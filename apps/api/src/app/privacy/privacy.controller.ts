import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type {
  AccessLogDto,
  ComplaintDto,
  CustomerExportDto,
  EraseCustomerResponse,
  RetentionRunDto,
  RetentionRunsDto,
} from '@complaint-desk/contracts';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiProblems } from '../common/dto/problem-details.response';
import { uuidPipe } from '../common/uuid.pipe';
import { parseIfMatch } from '../complaints/complaint-errors';
import { ComplaintResponse, ETAG_HEADER } from '../complaints/dto/complaint.response';
import { AccessLogService } from './access-log';
import { CustomerExportQuery, EraseComplaintBody, EraseCustomerBody, LimitQuery, VerifyIdentityBody } from './dto/privacy-requests.dto';
import {
  AccessLogResponse,
  CustomerExportResponse,
  EraseCustomerResult,
  RetentionRunResponse,
  RetentionRunsResponse,
} from './dto/privacy-responses.dto';
import { ErasureService } from './erasure.service';
import { renderExportHtml } from './export-html';
import { IdentityService } from './identity.service';
import { RetentionService } from './retention.service';
import { SubjectAccessService } from './subject-access.service';
import { RawBody } from '../common/validation';
import { IF_MATCH, withEtag } from '../complaints/etag';

/**
 * Protection of the customer (contract "Privacy (4.5)", R4.5-b, R4.5-f): erasure, subject access
 * export, the access log, retention runs and the identity check. Routing only; docs/privacy.md
 * describes where personal data lives and how each path treats it.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller()
export class PrivacyController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly subjectAccess: SubjectAccessService,
    private readonly accessLog: AccessLogService,
    private readonly retention: RetentionService,
    private readonly identity: IdentityService,
  ) {}

  @Post('complaints/:id/erase')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Erase the personal data of a closed complaint (admin; R4.5-f)',
    description:
      'Customer fields, summary, description, resolution, satisfaction comment, the texts inside timeline events, e-mail bodies and ' +
      'addresses become "[erased]" (or are removed); one personal_data_erased event (who, when, reason). Statistics, deadlines, ' +
      'categories, outcomes, event types and times stay. Afterwards every write → 409; reads show `erasedAt`. ' +
      'Unknown → 404; open (close it first, e.g. as withdrawn) or already erased → 409; If-Match stale → 412; invalid body → 400.',
  })
  @ApiBody({ type: EraseComplaintBody })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ComplaintResponse, headers: ETAG_HEADER, description: 'The erased complaint' })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async erase(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ComplaintDto> {
    return withEtag(res, await this.erasure.eraseComplaint(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post('customers/erase')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Erase the personal data of one customer across a client’s closed complaints (admin; R4.5-f)',
    description:
      'Found by email (case-insensitive) and/or phone (E.164). One transaction per complaint; open complaints are listed, not erased.',
  })
  @ApiOkResponse({ type: EraseCustomerResult })
  @ApiProblems(400, 401, 403, 404)
  eraseCustomer(@CurrentUser() p: Principal, @Body() body: EraseCustomerBody): Promise<EraseCustomerResponse> {
    return this.erasure.eraseCustomer(p, body);
  }

  @Get('customers/export')
  @Roles('admin')
  @ApiOperation({
    summary: 'Subject access export: everything held about one customer across a client’s complaints (admin; R4.5-f)',
    description:
      'JSON, or a printable HTML page with format=html or Accept: text/html. Found by email (case-insensitive) and/or phone (E.164). ' +
      'Each complaint found gets a personal_data_exported event and an export row in its access log.',
  })
  @ApiExtraModels(CustomerExportResponse)
  @ApiResponse({
    status: 200,
    description: 'The export',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CustomerExportResponse) } },
      'text/html': { schema: { type: 'string', description: 'The same export as a self-contained printable page' } },
    },
  })
  @ApiProblems(400, 401, 403, 404)
  async export(
    @CurrentUser() p: Principal,
    @Query() q: CustomerExportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CustomerExportDto | string> {
    const html = q.format === 'html' || (q.format === undefined && req.accepts(['application/json', 'text/html']) === 'text/html');
    const result = await this.subjectAccess.export(p, q, html ? 'html' : 'json');
    res.setHeader('Cache-Control', 'no-store');
    if (!html) return result;
    res.type('text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return renderExportHtml(result);
  }

  @Get('complaints/:id/access-log')
  @Roles('admin')
  @ApiOperation({
    summary: 'Who read, exported or erased the complaint’s personal data, when (admin; one row per user and hour, newest first)',
  })
  @ApiOkResponse({ type: AccessLogResponse })
  @ApiProblems(400, 401, 403, 404)
  accessLogOf(@CurrentUser() p: Principal, @Param('id', uuidPipe) id: string, @Query() q: LimitQuery): Promise<AccessLogDto> {
    return this.accessLog.list(p, id, q.limit ?? 50);
  }

  @Post('complaints/:id/verify-identity')
  @HttpCode(200)
  @Roles('agent', 'team_lead')
  @ApiOperation({
    summary: 'Record how the customer’s identity was checked (R4.5-b)',
    description:
      'Sets customer.identityVerified = {method, at, by} and appends identity_verified. With the client policy requireIdentityCheck, ' +
      'update, extend and close told over another channel than e-mail need it first (409). Unknown → 404; erased → 409; ' +
      'If-Match stale → 412; invalid body → 400.',
  })
  @ApiBody({ type: VerifyIdentityBody })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ComplaintResponse, headers: ETAG_HEADER, description: 'The updated complaint' })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async verifyIdentity(
    @CurrentUser() p: Principal,
    @Param('id', uuidPipe) id: string,
    @RawBody() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ComplaintDto> {
    return withEtag(res, await this.identity.verify(p, id, body, parseIfMatch(ifMatch)));
  }

  @Get('privacy/retention-runs')
  @Roles('admin')
  @ApiOperation({ summary: 'The last runs of the retention job in any instance (admin): complaints erased, e-mails purged' })
  @ApiOkResponse({ type: RetentionRunsResponse })
  @ApiProblems(400, 401, 403)
  async retentionRuns(@Query() q: LimitQuery): Promise<RetentionRunsDto> {
    return { items: await this.retention.lastRuns(q.limit ?? 20) };
  }

  @Post('privacy/retention-runs')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Run the retention job now in this instance (admin); answers the run' })
  @ApiOkResponse({ type: RetentionRunResponse })
  @ApiProblems(401, 403)
  runRetention(): Promise<RetentionRunDto> {
    return this.retention.runNow();
  }
}
