import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StatsSummaryResponse, StatsTimeseriesResponse } from '@complaint-desk/contracts';
import { CurrentUser } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { StatsQueryDto, StatsSummaryDoc, StatsTimeseriesDoc, StatsTimeseriesQueryDto } from './dto/stats-query.dto';
import { ApiProblems } from '../common/dto/problem-details.response';
import { StatisticsService } from './statistics.service';
import { StatsExportService } from './stats-export.service';

const SCOPE =
  'Scope: a client_viewer sees only its own client (clientId optional; another client → 403); agents and team leads ' +
  'only the clients they serve (clientId required, 400 when missing; another client → 404); admins any client. ' +
  'No figure is ever computed over complaints of another client.';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats')
export class StatisticsController {
  constructor(
    private readonly stats: StatisticsService,
    private readonly exporter: StatsExportService,
  ) {}

  @Get('summary')
  @ApiOperation({
    summary: 'KPIs of the complaints RECEIVED in [from, to) (R4.4-f)',
    description:
      'Every figure is over the complaints whose received_at lies in [from, to), in their current state. ' +
      'On time: acknowledged_at ≤ acknowledge_by; closed_at ≤ resolve_by in force at closing. Rates are over the ' +
      'complaints that did the step (null when none). Medians/percentiles come from histograms (≤ 4.9 % relative error). ' +
      "Whole local days (client's time zone) come from rollups kept in the transaction of each action; partial days at " +
      `the ends of the window are counted from the complaints. ${SCOPE}`,
  })
  @ApiOkResponse({ type: StatsSummaryDoc })
  @ApiProblems(400, 401, 403, 404, 422)
  summary(@CurrentUser() p: Principal, @Query() q: StatsQueryDto): Promise<StatsSummaryResponse> {
    return this.stats.summary(p, q);
  }

  @Get('timeseries')
  @ApiOperation({
    summary: 'Received, closed and escalated complaints per day, week or month',
    description:
      "Buckets are cut in the client's time zone (DST-correct; a day may have 23 or 25 hours); `start` is the UTC " +
      'instant of the local bucket start. The series covers whole buckets: from the bucket containing `from` to the ' +
      'bucket containing the last instant before `to`. received: by received_at; closed: by the current closed_at ' +
      '(a reopen removes the closing); escalated: by the time of the first escalation of a complaint. ' +
      SCOPE,
  })
  @ApiOkResponse({ type: StatsTimeseriesDoc })
  @ApiProblems(400, 401, 403, 404, 422)
  timeseries(@CurrentUser() p: Principal, @Query() q: StatsTimeseriesQueryDto): Promise<StatsTimeseriesResponse> {
    return this.stats.timeseries(p, q);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'One CSV row per complaint received in [from, to), without personal data',
    description:
      'Streams text/csv (RFC 4180, CRLF, UTF-8, header row). Columns: reference, status, channel, subject, priority, ' +
      'category_code, category_name, received_at, registered_at, acknowledge_by, acknowledged_at, acknowledged_on_time, ' +
      'hours_to_acknowledge, resolve_by, closed_at, resolved_on_time, hours_to_close, outcome, root_cause_code, ' +
      'escalation_level, reopen_count, satisfaction_score, overdue. Times are UTC ISO 8601; booleans true/false, empty ' +
      'when the step is not done. No customer name, e-mail, phone, summary, description, resolution text, satisfaction ' +
      "comment or assignee. Text cells starting with = + - @ tab or CR are prefixed with ' (formula injection). " +
      SCOPE,
  })
  @ApiOkResponse({
    description: 'The CSV file (header row, then one row per complaint)',
    content: { 'text/csv': { schema: { type: 'string' } } },
    headers: {
      'Content-Disposition': { description: 'attachment; filename="complaints-<code>-<from>-<to>.csv"', schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 401, 403, 404, 422)
  async exportCsv(@CurrentUser() p: Principal, @Query() q: StatsQueryDto, @Res() res: Response): Promise<void> {
    const client = await this.stats.resolveClient(p, q.clientId);
    const w = this.stats.window(q.from, q.to, client.timezone);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="complaints-${client.code}-${day(w.from)}-${day(w.to)}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await this.exporter.write(res, client, w);
    } catch (e) {
      // Headers are sent: the only honest signal left is an aborted body.
      res.destroy(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    res.end();
  }
}
