import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { HealthResponse } from '@complaint-desk/contracts';
import { Public } from '../auth/auth.decorators';
import { HealthResponseBody } from './dto/health.response';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '200 {"status":"ok","db":"up"}; 503 {"status":"error","db":"down"} when the database cannot be reached' })
  @ApiOkResponse({ type: HealthResponseBody, description: 'The API and its database are up' })
  @ApiServiceUnavailableResponse({
    type: HealthResponseBody,
    description: 'The database cannot be reached: {"status":"error","db":"down"}',
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    try {
      await this.health.check([() => this.db.pingCheck('db', { timeout: 2000 })]);
      return { status: 'ok', db: 'up' };
    } catch {
      res.status(503);
      return { status: 'error', db: 'down' };
    }
  }
}
