import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation';
import {
  EraseComplaintRequest,
  EraseCustomerRequest,
  IDENTITY_METHODS,
  IdentityMethod,
  VerifyIdentityRequest,
} from '@complaint-desk/contracts';

const NOT_BLANK = /\S/;
/** An e-mail address as stored: something@something, no white space (compared case-insensitively). */
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;
/** Digits with the usual separators and an optional leading +; parsed to E.164 by the service. */
const PHONE_LIKE = /^\+?[0-9][0-9 ().\-/]{2,38}$/;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,6}$/.test(value) ? Number(value) : value);

export class EraseComplaintBody implements EraseComplaintRequest {
  @ApiProperty({
    minLength: 1,
    maxLength: 1000,
    example: 'Customer request under GDPR art. 17 (ticket 4711)',
    description: 'Why; kept in the personal_data_erased event — write no personal data here',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason!: string;
}

export class EraseCustomerBody implements EraseCustomerRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId!: string;

  @ApiPropertyOptional({ maxLength: 254, description: 'The customer e-mail (case-insensitive); at least one of email, phone' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(254)
  @Matches(EMAIL_LIKE, { message: 'email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({
    maxLength: 40,
    description: 'The customer phone, compared in E.164 (a national number is read in the client’s region)',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(40)
  @Matches(PHONE_LIKE, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'Why; kept in each personal_data_erased event — write no personal data here' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason!: string;
}

export class VerifyIdentityBody implements VerifyIdentityRequest {
  @ApiProperty({ enum: IDENTITY_METHODS, description: 'How the agent checked who they are talking to (R4.5-b)' })
  @IsIn(IDENTITY_METHODS)
  method!: IdentityMethod;
}

export const EXPORT_FORMATS = ['json', 'html'] as const;

export class CustomerExportQuery {
  @ApiProperty({ format: 'uuid', description: 'The client whose complaints are searched (unknown → 404)' })
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId!: string;

  @ApiPropertyOptional({ maxLength: 254, description: 'The customer e-mail (case-insensitive); at least one of email, phone' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @Matches(EMAIL_LIKE, { message: 'email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({
    maxLength: 40,
    description: 'The customer phone, compared in E.164 (a national number is read in the client’s region)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PHONE_LIKE, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ enum: EXPORT_FORMATS, description: 'html: a printable page (also chosen by Accept: text/html); default json' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: (typeof EXPORT_FORMATS)[number];
}

export class LimitQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
