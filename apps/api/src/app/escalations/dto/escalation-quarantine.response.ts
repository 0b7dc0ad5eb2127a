import { ApiProperty } from '@nestjs/swagger';
import type { EscalationQuarantineItem, EscalationQuarantineList } from '@complaint-desk/contracts';

export class EscalationQuarantineItemBody implements EscalationQuarantineItem {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ example: 'ACME-2026-000123' }) reference!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ example: 'ACME' }) clientCode!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'The complaint version that failed; any change of the complaint moves it and ends the quarantine',
  })
  version!: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Failed sweeps of this version' })
  attempts!: number;
  @ApiProperty({ maxLength: 500, description: 'The last error: class, SQLSTATE and message (admins only; never logged)' })
  errorSummary!: string;
  @ApiProperty({ format: 'date-time', description: 'The first failed sweep of this version' })
  firstFailedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Since when the sweep skips it' })
  quarantinedAt!: string;
}

export class EscalationQuarantineListBody implements EscalationQuarantineList {
  @ApiProperty({ type: [EscalationQuarantineItemBody], description: 'Newest first, at most 500' })
  items!: EscalationQuarantineItemBody[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'All quarantined complaints' })
  total!: number;
}
