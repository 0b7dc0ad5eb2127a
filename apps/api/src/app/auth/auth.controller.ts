import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { LoginResponse } from '@complaint-desk/contracts';
import { CurrentUser, Public, SkipWriteLimit } from './auth.decorators';
import { Principal } from './principal';
import { AuthService } from './auth.service';
import { ApiProblems } from '../common/dto/problem-details.response';
import { LoginDto } from './dto/login.dto';
import { LoginResponseBody } from './dto/login.response';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in. Wrong e-mail or password → 401 (same message); repeated failures → 429 with Retry-After.' })
  @ApiOkResponse({ type: LoginResponseBody, description: 'Signed in: the bearer token and the user' })
  @ApiProblems(400, 401, 413, 429)
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password, req.ip ?? 'unknown');
  }

  @Post('logout')
  @SkipWriteLimit()
  @ApiExtension('x-write-limit', false)
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign out everywhere',
    description:
      'Revokes every token issued to the caller so far, on every device: each of them answers 401 from now on. ' +
      'Tokens are also revoked when an admin changes the user’s password, role or clients, or deactivates it. ' +
      'Never refused by the write rate limit.',
  })
  @ApiNoContentResponse({ description: 'Signed out; every token issued to the caller before is revoked' })
  @ApiProblems(401)
  logout(@CurrentUser() p: Principal): Promise<void> {
    return this.auth.logout(p.id);
  }
}
