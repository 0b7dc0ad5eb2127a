import { ApiProperty } from '@nestjs/swagger';
import { HealthResponse } from '@complaint-desk/contracts';

export class HealthResponseBody implements HealthResponse {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: HealthResponse['status'];
  @ApiProperty({ enum: ['up', 'down'] }) db!: HealthResponse['db'];
}
