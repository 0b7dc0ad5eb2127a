import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CHANNELS, Channel, ComplaintListQuery } from '@complaint-desk/contracts';
import { IsIsoDateOrDateTime } from './validators';

export const LIST_SORTS = ['dueAt', '-receivedAt', 'receivedAt'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,6}$/.test(value) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const STATUS_LIST = /^(registered|acknowledged|closed)(,(registered|acknowledged|closed))*$/;
const ASSIGNEE = /^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

export class ListComplaintsQuery implements ComplaintListQuery {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this client (one the caller serves, else 404)' })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string;

  @ApiPropertyOptional({ example: 'registered,acknowledged', description: 'Comma list of statuses' })
  @IsOptional()
  @Matches(STATUS_LIST, { message: 'status must be a comma list of registered, acknowledged, closed' })
  status?: string;

  @ApiPropertyOptional({
    description: 'true: some pending deadline (acknowledge, update, resolve) has passed without the step being done (SLA "breached")',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    description:
      'true: open, and some pending step has used atRiskAt of its allowed time without passing its deadline (that step\'s SLA is "at_risk"; another step may already be breached). false: the complement.',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  atRisk?: boolean;

  @ApiPropertyOptional({ description: 'true: escalation level > 0' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  escalated?: boolean;

  @ApiPropertyOptional({ description: 'me | none | a user id' })
  @IsOptional()
  @Matches(ASSIGNEE, { message: 'assignee must be me, none or a user id' })
  assignee?: string;

  @ApiPropertyOptional({ maxLength: 60 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  categoryCode?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn([...CHANNELS])
  channel?: Channel;

  @ApiPropertyOptional({ maxLength: 200, description: 'Case-insensitive text in reference, summary, customer name or customer e-mail' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'receivedAt ≥ this (date-time with offset, or a UTC date YYYY-MM-DD)' })
  @IsOptional()
  @IsIsoDateOrDateTime()
  receivedFrom?: string;

  @ApiPropertyOptional({ description: 'receivedAt < this date-time; a date YYYY-MM-DD includes that whole UTC day' })
  @IsOptional()
  @IsIsoDateOrDateTime()
  receivedTo?: string;

  @ApiPropertyOptional({
    description: 'true: the last thing the customer was to be told has not reached them (customerNotReached); false: the others',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  customerNotReached?: boolean;

  @ApiPropertyOptional({
    enum: LIST_SORTS,
    default: 'dueAt',
    description:
      'dueAt: open complaints by their earliest pending deadline (then closed ones, most recently closed first); -receivedAt newest first; receivedAt oldest first',
  })
  @IsOptional()
  @IsIn([...LIST_SORTS])
  sort?: ListSort;
}
