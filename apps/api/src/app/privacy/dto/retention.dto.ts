import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import {
  DEFAULT_ERASE_AFTER_DAYS_CLOSED,
  MAX_ERASE_AFTER_DAYS_CLOSED,
  MIN_ERASE_AFTER_DAYS_CLOSED,
  RetentionPolicyDto,
} from '@complaint-desk/contracts';

/** `policy.retention` of a client (R4.5-f): when a closed complaint's personal data is erased automatically. */
export class RetentionBody implements RetentionPolicyDto {
  @ApiProperty({
    type: 'integer',
    minimum: MIN_ERASE_AFTER_DAYS_CLOSED,
    maximum: MAX_ERASE_AFTER_DAYS_CLOSED,
    example: DEFAULT_ERASE_AFTER_DAYS_CLOSED,
    description: 'Days after closing after which the personal data of a complaint is erased by the retention job',
  })
  @IsInt()
  @Min(MIN_ERASE_AFTER_DAYS_CLOSED)
  @Max(MAX_ERASE_AFTER_DAYS_CLOSED)
  eraseAfterDaysClosed!: number;
}
