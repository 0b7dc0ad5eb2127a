import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { CoreModule } from '../common/core.module';
import { AppConfig, APP_CONFIG } from '../config/config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { RateLimitRepository } from './rate-limit.repository';
import { WriteLimitService } from './write-limit.service';

@Module({
  imports: [
    CoreModule,
    UsersModule,
    JwtModule.registerAsync({
      imports: [CoreModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: config.jwtTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottleService, WriteLimitService, RateLimitRepository, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [RateLimitRepository],
})
export class AuthModule {}
