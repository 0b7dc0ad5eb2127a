import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { LoginResponse } from '@complaint-desk/contracts';
import { Public } from './auth.decorators';
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
}
