import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { Clock } from './common/clock';
import { CoreModule } from './common/core.module';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { AppConfig } from './config/config';
import { typeOrmOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { UsersModule } from './users/users.module';
import { FEATURE_MODULES } from './features';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Tests pass a FixedClock. */
  clock?: Clock;
  /** Where the JSON log lines go (default stdout); tests capture them to prove no personal data is logged. */
  logStream?: NodeJS.WritableStream;
}

/** Request ids: an incoming X-Request-Id (sane length) is kept, otherwise a new UUID. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

@Module({})
export class AppModule {
  static register(opts: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          // Every route, in path-to-regexp 8 syntax (the library's default '*' is a legacy pattern Nest warns about).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: [
            {
              level: opts.config.logLevel,
              genReqId: (req, res) => {
                const id = requestId(req);
                res.setHeader('X-Request-Id', id);
                return id;
              },
              // No personal data in logs: only method, path (no query string: it may carry a search for a name) and ids.
              serializers: {
                req: (req: { id: string; method: string; url: string }) => ({
                  id: req.id,
                  method: req.method,
                  path: req.url.split('?')[0],
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              redact: { paths: ['req.headers', 'req.body', 'email', 'password', '*.email', '*.password'], remove: true },
              customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
              autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/health') },
            },
            opts.logStream ?? process.stdout,
          ],
        }),
        TypeOrmModule.forRoot({ ...typeOrmOptions(opts.databaseUrl), autoLoadEntities: true }),
        CoreModule,
        HealthModule,
        UsersModule,
        AuthModule,
        ClientsModule,
        ...FEATURE_MODULES,
      ],
      // APP_CONFIG, Clock and ComplaintEventBus come from CoreModule, with this app's values (createApp).
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
