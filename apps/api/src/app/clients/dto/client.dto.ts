import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { IANAZone } from 'luxon';
import {
  BusinessHoursDto,
  CategoryDto,
  CreateClientRequest,
  DURATION_UNITS,
  DurationUnit,
  PolicyDto,
  PolicyDurationDto,
  RootCauseDto,
  UpdateClientRequest,
  WEEKDAYS,
} from '@complaint-desk/contracts';
import { IsIsoDate } from '../../common/strict-dates';
import { IsOptionalNotNull } from '../../common/validation';
import { RetentionBody } from '../../privacy/dto/retention.dto';

/** An IANA zone name as luxon knows it (`Europe/Stockholm`, `UTC`, `GMT`, `EST5EDT`, `Etc/GMT+5`); not an offset such as `+01:00`. */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

function IsIanaTimeZone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as Europe/Stockholm, UTC or EST5EDT`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && v.length <= 64 && IANA_NAME.test(v) && IANAZone.isValidZone(v) },
    });
}

const HHMM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Shape of business hours: every weekday present, each a list of ["HH:MM","HH:MM"]. Order and overlap are checked by the domain. */
function IsBusinessHours(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isBusinessHours',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(v: unknown) {
          if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
          const keys = Object.keys(v as object);
          if (keys.length !== 7 || !WEEKDAYS.every((d) => keys.includes(d))) return false;
          return WEEKDAYS.every((d) => {
            const list = (v as Record<string, unknown>)[d];
            return (
              Array.isArray(list) &&
              list.length <= 6 &&
              list.every((iv) => Array.isArray(iv) && iv.length === 2 && iv.every((t) => typeof t === 'string' && HHMM.test(t)))
            );
          });
        },
        defaultMessage: (a?: ValidationArguments) => `${a?.property} must have mon..sun, each a list of ["HH:MM","HH:MM"] intervals`,
      },
    });
}

export class PolicyDurationBody implements PolicyDurationDto {
  @ApiProperty({ minimum: 1, example: 10 })
  @IsInt()
  @Min(1)
  @Max(10000)
  amount!: number;

  @ApiProperty({
    enum: DURATION_UNITS,
    description:
      'business_days: close of the N-th business day after the local date of receipt; business_hours: N working hours; calendar_days: same local time N days later; hours: N×3600 s',
  })
  @IsIn(DURATION_UNITS)
  unit!: DurationUnit;
}

export class RootCauseBody implements RootCauseDto {
  @ApiProperty({ example: 'BILLING_SYSTEM' })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_.-]{0,39}$/, { message: 'code must be 1–40 of A-Z, 0-9, _ . -' })
  code!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

export class PolicyBody implements PolicyDto {
  @ApiProperty({ type: PolicyDurationBody })
  @ValidateNested()
  @Type(() => PolicyDurationBody)
  @IsObject()
  acknowledgeWithin!: PolicyDurationBody;

  @ApiProperty({ type: PolicyDurationBody })
  @ValidateNested()
  @Type(() => PolicyDurationBody)
  @IsObject()
  resolveWithin!: PolicyDurationBody;

  @ApiProperty({ type: PolicyDurationBody })
  @ValidateNested()
  @Type(() => PolicyDurationBody)
  @IsObject()
  updateEvery!: PolicyDurationBody;

  @ApiProperty({ example: 0.8, description: 'Fraction of the allowed time after which a step is at risk' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.05)
  @Max(0.99)
  atRiskAt!: number;

  @ApiProperty({ example: 30 })
  @IsInt()
  @Min(0)
  @Max(3650)
  reopenWithinDays!: number;

  @ApiPropertyOptional({ type: [RootCauseBody], description: 'Root causes a closing agent may record' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RootCauseBody)
  rootCauses?: RootCauseBody[];

  // Privacy (R4.5): see apps/api/src/app/privacy and docs/privacy.md.
  @ApiPropertyOptional({ type: RetentionBody, description: 'Retention of personal data; absent = erase 1095 days after closing' })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => RetentionBody)
  @IsObject()
  retention?: RetentionBody;

  @ApiPropertyOptional({
    default: false,
    description: 'When true, update, extend and close told over another channel than e-mail need verify-identity first (else 409; R4.5-b)',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  requireIdentityCheck?: boolean;
}

export class CategoryBody implements CategoryDto {
  @ApiProperty({ example: 'BILLING.OVERCHARGE' })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_.-]{0,59}$/, { message: 'code must be 1–60 of A-Z, 0-9, _ . -' })
  code!: string;

  @ApiProperty({ example: 'Overcharge' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ type: () => [CategoryBody] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CategoryBody)
  children?: CategoryBody[];
}

const BUSINESS_HOURS_EXAMPLE = {
  mon: [['08:00', '17:00']],
  tue: [['08:00', '17:00']],
  wed: [['08:00', '17:00']],
  thu: [['08:00', '17:00']],
  fri: [['08:00', '17:00']],
  sat: [],
  sun: [],
};

/** OpenAPI shape of business hours: every weekday, each a list of ["HH:MM","HH:MM"] intervals. */
const BUSINESS_HOURS_SCHEMA = {
  type: 'object' as const,
  properties: Object.fromEntries(
    WEEKDAYS.map((d) => [
      d,
      { type: 'array' as const, items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', pattern: HHMM.source } } },
    ]),
  ),
  required: [...WEEKDAYS],
  example: BUSINESS_HOURS_EXAMPLE,
  description: 'Local time of the client’s time zone; a day without intervals is closed',
};

export class CreateClientDto implements CreateClientRequest {
  @ApiProperty({ example: 'ACME', pattern: '^[A-Z0-9]{2,12}$' })
  @IsString()
  @Matches(/^[A-Z0-9]{2,12}$/, { message: 'code must be 2–12 of A-Z and 0-9' })
  code!: string;

  @ApiProperty({ example: 'Acme Energy' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'Europe/Stockholm' })
  @IsIanaTimeZone()
  timezone!: string;

  @ApiProperty(BUSINESS_HOURS_SCHEMA)
  @IsBusinessHours()
  businessHours!: BusinessHoursDto;

  @ApiProperty({ type: [String], example: ['2026-12-24', '2026-12-25'] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsIsoDate({ each: true })
  holidays!: string[];

  @ApiProperty({ type: PolicyBody })
  @ValidateNested()
  @Type(() => PolicyBody)
  @IsObject()
  policy!: PolicyBody;

  @ApiProperty({ type: [CategoryBody] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CategoryBody)
  categories!: CategoryBody[];

  @ApiProperty({ description: 'Where and how to complain and how complaints are handled (R4.4-c)', maxLength: 5000 })
  @IsString()
  @MaxLength(5000)
  complaintInfo!: string;
}

export class UpdateClientDto implements UpdateClientRequest {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional(BUSINESS_HOURS_SCHEMA)
  @IsOptionalNotNull()
  @IsBusinessHours()
  businessHours?: BusinessHoursDto;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsIsoDate({ each: true })
  holidays?: string[];

  @ApiPropertyOptional({ type: PolicyBody, description: 'Applies to complaints registered afterwards; existing deadlines stay' })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => PolicyBody)
  @IsObject()
  policy?: PolicyBody;

  @ApiPropertyOptional({ type: [CategoryBody] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CategoryBody)
  categories?: CategoryBody[];

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(5000)
  complaintInfo?: string;
}
