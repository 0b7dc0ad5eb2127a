import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { CreateUserRequest, Role, ROLES, UpdateUserRequest } from '@complaint-desk/contracts';
import { IsAcceptablePassword, PASSWORD_POLICY_TEXT } from '../password-policy';
import { IsOptionalNotNull } from '../../common/validation';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'agent2@example.com', maxLength: 254 })
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    minLength: 12,
    maxLength: 200,
    description: `${PASSWORD_POLICY_TEXT} (else 400 naming password). Stored only as an argon2id hash; never returned.`,
  })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  @IsAcceptablePassword('email')
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ type: [String], description: 'Clients the user serves; a client_viewer has exactly one; ignored for admin.' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each clientId must be a UUID' })
  clientIds!: string[];
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each clientId must be a UUID' })
  clientIds?: string[];

  @ApiPropertyOptional({
    minLength: 12,
    maxLength: 200,
    description: `${PASSWORD_POLICY_TEXT} (else 400 naming password). Revokes the user’s tokens.`,
  })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  @IsAcceptablePassword()
  password?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}
