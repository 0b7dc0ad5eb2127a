import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { UserDto } from '@complaint-desk/contracts';
import { CreateUserDto } from './user.dto';

/** A user as the API returns it: never password material. */
export class UserResponse extends PickType(CreateUserDto, ['email', 'role', 'clientIds'] as const) implements UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiPropertyOptional({ description: 'False for a deactivated user (user endpoints; not in the sign-in answer)' })
  active?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'User endpoints; not in the sign-in answer' })
  createdAt?: string;
}
