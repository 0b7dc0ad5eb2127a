import { ApiExtraModels, ApiProperty, getSchemaPath, PickType } from '@nestjs/swagger';
import {
  AssigneeDto,
  CHANNELS,
  Channel,
  COMPLAINT_ACTIONS,
  COMPLAINT_STATUSES,
  ComplaintActionName,
  ComplaintDetailDto,
  ComplaintDto,
  ComplaintStatus,
  ComplaintSubject,
  OUTCOMES,
  Outcome,
  Page,
  PRIORITIES,
  Priority,
  SLA_STATUSES,
  SlaStatus,
  SUBJECTS,
  TIMELINE_EVENT_TYPES,
  TimelineEventDto,
} from '@complaint-desk/contracts';
import { CategoryBody, RootCauseBody } from '../../clients/dto/client.dto';
import { CustomerBody } from './register-complaint.dto';
import { IdentityVerificationResponse } from '../../privacy/dto/privacy-responses.dto';

/** `ETag` of a complaint answer: its version, quoted; send it back as If-Match. */
export const ETAG_HEADER = {
  ETag: { description: 'The complaint version, e.g. "3"; send it as If-Match on the next action', schema: { type: 'string' } },
};

type Deadlines = ComplaintDto['deadlines'];
type Sla = ComplaintDto['sla'];
type Escalation = ComplaintDto['escalation'];
type Satisfaction = NonNullable<ComplaintDto['satisfaction']>;

export class ComplaintCategoryRef extends PickType(CategoryBody, ['code', 'name'] as const) {}

export class AssigneeRef implements AssigneeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
}

export class ComplaintDeadlines implements Deadlines {
  @ApiProperty({ format: 'date-time' }) acknowledgeBy!: string;
  @ApiProperty({ format: 'date-time', description: 'Extensions included' }) resolveBy!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Next status update due (acknowledged only)' })
  nextUpdateBy!: string | null;
}

export class ComplaintSla implements Sla {
  @ApiProperty({ enum: SLA_STATUSES }) acknowledge!: SlaStatus;
  @ApiProperty({ enum: SLA_STATUSES }) resolve!: SlaStatus;
  @ApiProperty({ enum: SLA_STATUSES }) update!: SlaStatus;
}

export class ComplaintEscalation implements Escalation {
  @ApiProperty({ type: 'integer', minimum: 0 }) level!: number;
  @ApiProperty({
    type: [String],
    description: 'Reason of each escalation, oldest first (system: acknowledge_overdue | update_overdue | resolve_overdue)',
  })
  reasons!: string[];
}

/** The customer as a complaint answer shows it: the registered fields plus the identity check (R4.5-b). */
export class CustomerResponse extends CustomerBody {
  @ApiProperty({
    type: () => IdentityVerificationResponse,
    nullable: true,
    description: 'How the agent checked who they talk to (verify-identity); null until checked',
  })
  identityVerified!: IdentityVerificationResponse | null;
}

export class ComplaintSatisfaction implements Satisfaction {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) score!: number;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class ComplaintResponse implements ComplaintDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ACME-2026-000123' }) reference!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: ComplaintStatus;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiProperty({ enum: SUBJECTS }) subject!: ComplaintSubject;
  @ApiProperty({ enum: PRIORITIES }) priority!: Priority;
  @ApiProperty() summary!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: () => ComplaintCategoryRef, nullable: true }) category!: ComplaintCategoryRef | null;
  @ApiProperty({ type: () => CustomerResponse }) customer!: CustomerResponse;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ type: () => AssigneeRef, nullable: true }) assignee!: AssigneeRef | null;
  @ApiProperty({ type: String, nullable: true, description: 'Told to the customer on acknowledging (R4.2-c b)' })
  responsibleFunction!: string | null;
  @ApiProperty({ type: () => ComplaintDeadlines }) deadlines!: ComplaintDeadlines;
  @ApiProperty({ type: () => ComplaintSla, description: 'Per step: pending, at_risk (past atRiskAt of the allowed time), breached, met' })
  sla!: ComplaintSla;
  @ApiProperty({ type: () => ComplaintEscalation }) escalation!: ComplaintEscalation;
  @ApiProperty({ enum: OUTCOMES, nullable: true }) outcome!: Outcome | null;
  @ApiProperty({ type: String, nullable: true }) resolution!: string | null;
  @ApiProperty({ type: () => RootCauseBody, nullable: true, description: 'Recorded at closing' }) rootCause!: RootCauseBody | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ type: () => ComplaintSatisfaction, nullable: true }) satisfaction!: ComplaintSatisfaction | null;
  @ApiProperty({ enum: COMPLAINT_ACTIONS, isArray: true, description: 'The actions the caller may take now (an agent never gets assign)' })
  allowedActions!: ComplaintActionName[];
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'The earliest pending deadline (inbox sort key); null when closed',
  })
  dueAt!: string | null;
  @ApiProperty({
    description:
      'The last thing the customer was to be told has not reached them (R4.2-c, R4.4-e d): a customer e-mail finally failed ' +
      '(the team leads are notified), an e-mail was asked for a customer without an address, or extend without via for a ' +
      'customer who cannot be e-mailed (the event names their preferredChannel). Cleared when a later e-mail is delivered ' +
      'or an action records telling the customer by another channel (update, extend or close with via other than email).',
  })
  customerNotReached!: boolean;
  @ApiProperty({ type: 'integer', description: 'Optimistic-lock version; the ETag' }) version!: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the personal data was erased (R4.5-f): texts read "[erased]", no writes accepted',
  })
  erasedAt!: string | null;
}

export class TimelineUserActor {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() role!: string;
}

export class TimelineSystemActor {
  @ApiProperty({ enum: [true] }) system!: true;
}

@ApiExtraModels(TimelineUserActor, TimelineSystemActor)
export class TimelineEventResponse implements TimelineEventDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: TIMELINE_EVENT_TYPES }) type!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(TimelineUserActor) }, { $ref: getSchemaPath(TimelineSystemActor) }],
    description: 'A user, or the system (sweeps)',
  })
  actor!: TimelineUserActor | TimelineSystemActor;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the event recorded (type-specific), with `changes` before/after',
  })
  data!: Record<string, unknown>;
}

export class ComplaintDetailResponse extends ComplaintResponse implements ComplaintDetailDto {
  @ApiProperty({ type: () => [TimelineEventResponse], description: 'Oldest first' }) timeline!: TimelineEventResponse[];
}

export class ComplaintPage implements Page<ComplaintDto> {
  @ApiProperty({ type: () => [ComplaintResponse] }) items!: ComplaintResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}
