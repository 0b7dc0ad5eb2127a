import { ApiProperty } from '@nestjs/swagger';
import { LoginResponse } from '@complaint-desk/contracts';
import { UserResponse } from '../../users/dto/user.response';

export class LoginResponseBody implements LoginResponse {
  @ApiProperty({ description: 'Bearer token (HS256 JWT) for `Authorization: Bearer …`' })
  accessToken!: string;

  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires' })
  expiresIn!: number;

  @ApiProperty({ type: () => UserResponse })
  user!: UserResponse;
}
