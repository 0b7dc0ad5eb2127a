import { Inject, Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { JwtService } from '@nestjs/jwt';
import { createHash } from 'node:crypto';
import { LoginResponse } from '@complaint-desk/contracts';
import { AppConfig, APP_CONFIG } from '../config/config';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { UsersService } from '../users/users.service';
import { dummyPasswordHash, verifyPassword } from '../users/password';
import { LoginThrottleService } from './login-throttle.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectPinoLogger('Auth') private readonly logger: PinoLogger,
  ) {}

  /** Unknown e-mail and wrong password give the same 401 and take the same time. */
  async login(email: string, password: string, ip: string): Promise<LoginResponse> {
    await this.throttle.checkAndCount(ip, email);
    const found = await this.users.findForLogin(email);
    const ok = found
      ? await verifyPassword(found.passwordHash, password)
      : await verifyPassword(await dummyPasswordHash(), password).then(() => false);
    if (!found || !ok || !found.active) {
      await this.throttle.recordFailure(email, ip);
      // No password and no e-mail address in the log: a hash lets an operator correlate attempts.
      this.logger.warn(
        { event: 'login_failed', account: createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 16), ip },
        'Failed sign-in',
      );
      throw new AppError('UNAUTHORIZED', 'Wrong e-mail or password');
    }
    await this.throttle.recordSuccess(email, ip);
    const user = await this.users.get(found.id);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role, tv: found.tokenVersion, iat: Math.floor(this.clock.now().getTime() / 1000) },
      { algorithm: 'HS256', expiresIn: this.config.jwtTtlSeconds },
    );
    this.logger.info({ event: 'login', userId: user.id }, 'Signed in');
    return {
      accessToken,
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: user.id, email: user.email, role: user.role, clientIds: user.clientIds },
    };
  }

  /** Signs the caller out everywhere: every token issued to it so far is refused from now on. */
  async logout(userId: string): Promise<void> {
    await this.users.revokeTokens(userId);
    this.logger.info({ event: 'logout', userId }, 'Signed out everywhere');
  }
}
