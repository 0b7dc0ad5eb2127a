import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import {
  AcknowledgeRequest,
  AssignRequest,
  CategoriseRequest,
  CHANNELS,
  Channel,
  CloseRequest,
  EscalateRequest,
  ExtendRequest,
  Outcome,
  OUTCOMES,
  ReopenRequest,
  SatisfactionRequest,
  UpdateRequest,
} from '@complaint-desk/contracts';
import { IsOptionalNotNull } from '../../common/validation';
import { IsIsoDateTimeWithOffset, NOT_BLANK } from './validators';

const blank = (f: string) => ({ message: `${f} must not be blank` });

export class CategoriseDto implements CategoriseRequest {
  @ApiProperty({ maxLength: 60, description: 'Must exist in the client’s category tree (else 422). The old value stays in the timeline.' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  categoryCode!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AcknowledgeDto implements AcknowledgeRequest {
  @ApiProperty({ enum: CHANNELS, description: 'How the customer was told (R4.4-d)' })
  @IsIn([...CHANNELS])
  via!: Channel;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(5000)
  message?: string;

  @ApiProperty({ maxLength: 200, description: 'Department, role or function responsible, told to the customer (R4.2-c b)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NOT_BLANK, blank('responsibleFunction'))
  responsibleFunction!: string;

  @ApiPropertyOptional({ description: 'Timeframe told to the customer (R4.2-c a); default the resolve deadline. Past → 422.' })
  @IsOptionalNotNull()
  @IsIsoDateTimeWithOffset()
  expectedResolutionBy?: string;
}

export class UpdateDto implements UpdateRequest {
  @ApiProperty({ enum: CHANNELS })
  @IsIn([...CHANNELS])
  via!: Channel;

  @ApiProperty({ maxLength: 5000, description: 'The status update told to the customer (R4.2-c c); moves nextUpdateBy' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(NOT_BLANK, blank('message'))
  message!: string;
}

export class ExtendDto implements ExtendRequest {
  @ApiProperty({ description: 'Must be later than the current resolveBy and in the future (else 422)' })
  @IsIsoDateTimeWithOffset()
  newResolveBy!: string;

  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(NOT_BLANK, blank('reason'))
  reason!: string;

  @ApiProperty({ maxLength: 5000, description: 'Action plan told to the customer on delay (R4.2-c d)' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(NOT_BLANK, blank('actionPlan'))
  actionPlan!: string;

  @ApiPropertyOptional({
    enum: CHANNELS,
    description:
      'How the customer is told of the delay (R4.2-c d): email queues an e-mail, another channel records that contact. ' +
      'Omitted: e-mailed when the customer has an address and prefers (or did not state) e-mail.',
  })
  @IsOptionalNotNull()
  @IsIn([...CHANNELS])
  via?: Channel;
}

export class EscalateDto implements EscalateRequest {
  @ApiProperty({ maxLength: 200, description: 'Why (the system uses acknowledge_overdue | update_overdue | resolve_overdue)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NOT_BLANK, blank('reason'))
  reason!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AssignDto implements AssignRequest {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    description: 'An active agent or team lead serving the client (else 422); null unassigns',
  })
  @ValidateIf((o: AssignDto) => o.assigneeId !== null)
  @IsUUID('all', { message: 'assigneeId must be a UUID or null' })
  assigneeId!: string;
}

export class CloseDto implements CloseRequest {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn([...OUTCOMES])
  outcome!: Outcome;

  @ApiProperty({ maxLength: 10000, description: 'How it was addressed and the result, told to the customer (R4.4-e d)' })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  @Matches(NOT_BLANK, blank('resolution'))
  resolution!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn([...CHANNELS])
  via!: Channel;

  @ApiPropertyOptional({ maxLength: 40, description: 'One of the client’s policy.rootCauses (else 422)' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  rootCauseCode?: string;
}

export class ReopenDto implements ReopenRequest {
  @ApiProperty({ maxLength: 1000, description: 'Allowed within policy.reopenWithinDays of closing (else 409)' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(NOT_BLANK, blank('reason'))
  reason!: string;
}

export class SatisfactionDto implements SatisfactionRequest {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
