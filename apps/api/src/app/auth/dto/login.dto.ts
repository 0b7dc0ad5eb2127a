import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { LoginRequest } from '@complaint-desk/contracts';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'agent@example.com' })
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}
