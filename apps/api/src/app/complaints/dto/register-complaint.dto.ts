import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import {
  CHANNELS,
  Channel,
  ComplaintSubject,
  CustomerDto,
  PRIORITIES,
  Priority,
  RegisterComplaintRequest,
  SUBJECTS,
} from '@complaint-desk/contracts';
import { IsOptionalNotNull } from '../../common/validation';
import { IsIsoDateTimeWithOffset, NOT_BLANK } from './validators';

export const PHONE_PATTERN = /^\+?[0-9][0-9 ()./-]{3,38}$/;
export const LANGUAGE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** A customer needs at least one of `email`, `phone` (400 naming `customer`). */
function HasContact(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'hasContact',
      target: object.constructor,
      propertyName,
      options: { message: 'customer needs at least one of email, phone', ...options },
      validator: {
        validate: (v: unknown) => {
          if (!v || typeof v !== 'object') return true; // IsObject reports it
          const c = v as { email?: unknown; phone?: unknown };
          return (typeof c.email === 'string' && c.email !== '') || (typeof c.phone === 'string' && c.phone !== '');
        },
      },
    });
}

export class CustomerBody implements CustomerDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Eva Svensson' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({
    maxLength: 254,
    type: String,
    nullable: true,
    example: 'eva@example.org',
    description: 'At least one of email, phone',
  })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string | null;

  @ApiPropertyOptional({
    maxLength: 40,
    type: String,
    nullable: true,
    example: '+46701234567',
    description: 'Digits, optional leading +, spaces, ( ) . / -',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number such as +46701234567' })
  phone?: string | null;

  @ApiPropertyOptional({ enum: CHANNELS, nullable: true, description: 'How the customer wants to be contacted' })
  @IsOptional()
  @IsIn([...CHANNELS])
  preferredChannel?: Channel | null;

  @ApiPropertyOptional({ maxLength: 16, type: String, nullable: true, example: 'sv', description: 'BCP 47 language tag (R4.2-b)' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  @Matches(LANGUAGE_PATTERN, { message: 'language must be a language tag such as sv or en-GB' })
  language?: string | null;

  @ApiPropertyOptional({
    maxLength: 1000,
    type: String,
    nullable: true,
    example: 'large print',
    description: 'Reading/writing difficulties, disabilities (R4.2-b)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  accessibilityNeeds?: string | null;
}

export class RegisterComplaintDto implements RegisterComplaintRequest {
  @ApiProperty({ format: 'uuid', description: 'A client the caller serves (else 404)' })
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn([...CHANNELS])
  channel!: Channel;

  @ApiPropertyOptional({
    example: '2026-11-20T09:30:00+01:00',
    description:
      'When the complaint reached the CCC (ISO 8601 with offset); default now. Deadlines run from it. In the future → 422; more than 365 days ago → 422.',
  })
  @IsOptionalNotNull()
  @IsIsoDateTimeWithOffset()
  receivedAt?: string;

  @ApiProperty({ enum: SUBJECTS, description: 'ccc: about the contact centre itself; client: about the client’s product or service' })
  @IsIn([...SUBJECTS])
  subject!: ComplaintSubject;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'summary must not be blank' })
  summary!: string;

  @ApiProperty({ minLength: 1, maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description!: string;

  @ApiPropertyOptional({ maxLength: 60, description: 'A category of the client’s tree (else 422)' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  categoryCode?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' })
  @IsOptionalNotNull()
  @IsIn([...PRIORITIES])
  priority?: Priority;

  @ApiProperty({ type: CustomerBody })
  @IsObject()
  @HasContact()
  @ValidateNested()
  @Type(() => CustomerBody)
  customer!: CustomerBody;
}
