import { ApiProperty } from '@nestjs/swagger';
import { EscalationRunResponse } from '@complaint-desk/contracts';

export class EscalationRunResponseBody implements EscalationRunResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Escalations this run made (0 when another instance got there first)' })
  escalated!: number;
}
