import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsIsoDateOrDateTime } from '../../common/strict-dates';
import type {
  StatsInterval,
  StatsQuery,
  StatsRootCause,
  StatsSummaryResponse,
  StatsTimeseriesPoint,
  StatsTimeseriesResponse,
} from '@complaint-desk/contracts';

const WINDOW =
  'ISO 8601 date-time with offset (e.g. 2026-11-01T00:00:00+01:00) or a date (YYYY-MM-DD = local midnight in the ' +
  "client's time zone). The window is [from, to): from inclusive, to exclusive; from must be before to (else 422); " +
  'at most 1098 days (else 422). Default: to = now, from = to − 30 days. A value that does not exist on the calendar ' +
  '(2026-02-30, T24:00) → 400, never rolled over.';

export class StatsQueryDto implements StatsQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The client. Optional for a client_viewer (its own client; another client → 403). Required for agents, team leads ' +
      'and admins (missing → 400); a client the agent or team lead does not serve → 404.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string;

  @ApiPropertyOptional({ description: `Start of the window. ${WINDOW}`, example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsIsoDateOrDateTime()
  from?: string;

  @ApiPropertyOptional({ description: `End of the window (exclusive). ${WINDOW}`, example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsIsoDateOrDateTime()
  to?: string;
}

export class StatsTimeseriesQueryDto extends StatsQueryDto {
  @ApiPropertyOptional({
    enum: ['day', 'week', 'month'],
    default: 'day',
    description: "Bucket size, cut in the client's time zone; weeks start on Monday (ISO 8601).",
  })
  @IsOptional()
  @IsIn(['day', 'week', 'month'], { message: 'interval must be one of day, week, month' })
  interval?: StatsInterval;
}

class OutcomesDoc {
  @ApiProperty() upheld!: number;
  @ApiProperty() partially_upheld!: number;
  @ApiProperty() not_upheld!: number;
  @ApiProperty() withdrawn!: number;
}
class CategoryCountDoc {
  @ApiProperty() code!: string;
  @ApiProperty({ description: "Name in the client's current category tree (the code when the category was removed)." })
  name!: string;
  @ApiProperty({ description: 'Complaints of the window with this (current) category.' }) received!: number;
  @ApiProperty({ description: 'Of those, closed with outcome `upheld` (not counting partially_upheld).' }) upheld!: number;
}
class RootCauseDoc implements StatsRootCause {
  @ApiProperty() code!: string;
  @ApiProperty({ description: "Name from the client's policy.rootCauses (the code when not listed)." }) name!: string;
  @ApiProperty({ description: 'Closed complaints of the window whose closing recorded this root cause.' }) closed!: number;
}
class SubjectDoc {
  @ApiProperty() ccc!: number;
  @ApiProperty() client!: number;
}
class SatisfactionDoc {
  @ApiProperty({ description: 'Complaints of the window with a satisfaction score.' }) responses!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean score 1..5; null without responses.' }) average!: number | null;
}

const RATE = 'Fraction in [0,1]; null when no complaint of the window has done the step.';
const HIST =
  'Hours, estimated from a log-scale histogram (buckets ×1.1 from 1 minute to 10 000 h): relative error ≤ 4.9 % ' +
  '(HISTOGRAM_RELATIVE_PRECISION); below 1 minute ±30 s; null when there is no data.';

/** OpenAPI description of the summary; the service returns the contract type. */
export class StatsSummaryDoc implements StatsSummaryResponse {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ description: 'Start of the window (UTC).' }) from!: string;
  @ApiProperty({ description: 'End of the window, exclusive (UTC).' }) to!: string;
  @ApiProperty({
    description: 'Complaints received (received_at) in [from, to). Every other figure is over these complaints, in their current state.',
  })
  received!: number;
  @ApiProperty({ description: 'Of those, not closed now (registered or acknowledged; a reopened complaint is open).' }) open!: number;
  @ApiProperty({ description: 'Of those, closed now (every outcome, withdrawn included).' }) closed!: number;
  @ApiProperty({ description: 'Of the open ones, those with a pending deadline (acknowledge, update or resolve) already passed now.' })
  overdueOpen!: number;
  @ApiProperty({ type: Number, nullable: true, description: `acknowledged_at ≤ acknowledge_by, over the acknowledged complaints. ${RATE}` })
  acknowledgedOnTimeRate!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: `closed_at ≤ resolve_by (the deadline in force at closing, extensions included), over the closed complaints. ${RATE}`,
  })
  resolvedOnTimeRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `Median of received_at → acknowledged_at. ${HIST}` })
  medianHoursToAcknowledge!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `Median of received_at → closed_at over closed complaints. ${HIST}` })
  medianHoursToClose!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `90th percentile (linear interpolation) of received_at → closed_at. ${HIST}` })
  p90HoursToClose!: number | null;
  @ApiProperty({ description: 'Complaints escalated at least once (escalation level > 0).' }) escalated!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'escalated / received; null when nothing was received.' }) escalationRate!:
    number | null;
  @ApiProperty({ description: 'Complaints reopened at least once (reopen count > 0).' }) reopened!: number;
  @ApiProperty({ type: OutcomesDoc, description: 'Closed complaints by outcome.' }) outcomes!: OutcomesDoc;
  @ApiProperty({
    type: [CategoryCountDoc],
    description: 'Complaints by current category, most received first; uncategorised ones are not listed.',
  })
  byCategory!: CategoryCountDoc[];
  @ApiProperty({ type: [RootCauseDoc], description: 'Closed complaints by the root cause recorded at closing.' })
  byRootCause!: RootCauseDoc[];
  @ApiProperty({ description: 'Complaints by channel of receipt (every channel listed, zeros included).', example: { phone: 0, email: 0 } })
  byChannel!: Record<string, number>;
  @ApiProperty({ type: SubjectDoc }) bySubject!: SubjectDoc;
  @ApiProperty({ type: SatisfactionDoc }) satisfaction!: SatisfactionDoc;
  @ApiProperty({ description: 'Complaints of the window without a category.' }) uncategorised!: number;
}

class PointDoc implements StatsTimeseriesPoint {
  @ApiProperty({ description: "UTC instant of the local start (midnight) of the bucket in the client's time zone." }) start!: string;
  @ApiProperty({ description: 'Complaints whose receipt (received_at) falls in the bucket.' }) received!: number;
  @ApiProperty({
    description: 'Complaints whose current closing (closed_at) falls in the bucket; a reopened complaint leaves its old bucket.',
  })
  closed!: number;
  @ApiProperty({ description: 'Complaints escalated for the first time (level 0 → 1, by the time of that event) in the bucket.' })
  escalated!: number;
}
export class StatsTimeseriesDoc implements StatsTimeseriesResponse {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: ['day', 'week', 'month'] }) interval!: StatsInterval;
  @ApiProperty({ description: 'Start of the first bucket: the bucket containing `from`.' }) from!: string;
  @ApiProperty({ description: 'End of the last bucket: the bucket containing the last instant before `to`.' }) to!: string;
  @ApiProperty({ example: 'Europe/Stockholm' }) timezone!: string;
  @ApiProperty({ type: [PointDoc], description: 'One point per bucket, zeros included, oldest first. Buckets are whole.' })
  points!: PointDoc[];
}
