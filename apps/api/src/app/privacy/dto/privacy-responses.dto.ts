import { ApiProperty } from '@nestjs/swagger';
import {
  ACCESS_KINDS,
  AccessKind,
  AccessLogDto,
  AccessLogEntryDto,
  CustomerExportDto,
  EraseCustomerResponse,
  ExportedComplaintDto,
  IDENTITY_METHODS,
  IdentityMethod,
  IdentityVerificationDto,
  OpenComplaintRef,
  RetentionRunDto,
  RetentionRunsDto,
} from '@complaint-desk/contracts';

export class UserRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
}

export class IdentityVerificationResponse implements IdentityVerificationDto {
  @ApiProperty({ enum: IDENTITY_METHODS }) method!: IdentityMethod;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: () => UserRef, description: 'The agent who checked' }) by!: UserRef;
}

export class OpenComplaintRefResponse implements OpenComplaintRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() status!: string;
}

export class EraseCustomerResult implements EraseCustomerResponse {
  @ApiProperty({ type: 'integer', description: 'Closed complaints erased now' }) erased!: number;
  @ApiProperty({ type: 'integer', description: 'Open complaints of the customer, not erased (close them first, e.g. as withdrawn)' })
  openSkipped!: number;
  @ApiProperty({ type: () => [OpenComplaintRefResponse] }) open!: OpenComplaintRefResponse[];
}

export class ExportedComplaintResponse implements ExportedComplaintDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) erasedAt!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Per personal-data store: complaint (customer fields, summary, description, resolution, satisfaction), timeline (events with their data), emails (the messages sent to the customer)',
  })
  personalData!: Record<string, unknown>;
}

export class CustomerExportQueryEcho {
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'E.164' }) phone!: string | null;
}

export class CustomerExportResponse implements CustomerExportDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() clientName!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: () => CustomerExportQueryEcho }) query!: CustomerExportQueryEcho;
  @ApiProperty({ type: () => [ExportedComplaintResponse], description: 'Oldest first' }) complaints!: ExportedComplaintResponse[];
}

export class AccessLogUser {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() role!: string;
}

export class AccessLogEntryResponse implements AccessLogEntryDto {
  @ApiProperty({ type: () => AccessLogUser }) user!: AccessLogUser;
  @ApiProperty({ format: 'date-time', description: 'Start of the UTC hour this row covers' }) hour!: string;
  @ApiProperty({ format: 'date-time' }) firstAt!: string;
  @ApiProperty({ format: 'date-time' }) lastAt!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) count!: number;
  @ApiProperty({ enum: ACCESS_KINDS, isArray: true }) kinds!: AccessKind[];
}

export class AccessLogResponse implements AccessLogDto {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ type: () => [AccessLogEntryResponse], description: 'Newest hour first' }) items!: AccessLogEntryResponse[];
}

export class RetentionRunResponse implements RetentionRunDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
  @ApiProperty({ type: 'integer' }) erased!: number;
  @ApiProperty({ type: 'integer' }) failed!: number;
  @ApiProperty({ type: 'integer' }) outboxPurged!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class RetentionRunsResponse implements RetentionRunsDto {
  @ApiProperty({ type: () => [RetentionRunResponse], description: 'Newest first' }) items!: RetentionRunResponse[];
}
