import { INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertValidLifecycleTable } from '@complaint-desk/domain';
import { AppModule, AppModuleOptions } from './app.module';
import { withCoreOptions } from './common/core.module';
import { createValidationPipe } from './common/validation';
import { readRequest, RequestReadInterceptor } from './common/request-body';
import { answerClientErrors, methodNotAllowed, noStoreForApi, RouterLike } from './common/transport';
import { completeOpenApiDocument, ProblemDetails } from './common/dto/problem-details.response';

export const API_DESCRIPTION = `Complaint handling for customer contact centres, after ISO 18295-1:2017 clause 4.4
(with 4.2 information to customers and 4.5 protection of the customer).

* Errors are RFC 9457 problem details (\`application/problem+json\`) with \`errors: [{field, message}]\`.
* Authentication: \`POST /api/auth/login\` → bearer token. Roles: agent, team_lead, client_viewer, admin.
* An id of a client the caller does not serve is answered exactly like an unknown id: 404.
* Timestamps are ISO 8601; responses are UTC.
* Input: POST, PATCH and PUT take \`application/json\` only (anything else → 415); JSON nested deeper than 32 levels,
  keys \`__proto__\`, \`constructor\`, \`prototype\`, \`null\` for a field that is not nullable, a lone UTF-16 surrogate
  or U+0000 in any string, and a date that does not exist on the calendar (\`2026-02-30\`, \`T24:00\`) → 400 naming the field.
* A known path with an unsupported method → 405 with \`Allow\`; a URL or headers over 16 KB → 431 problem+json.
* Every \`/api\` answer except health and this document is sent with \`Cache-Control: no-store\`.
* When a request is wrong in several ways: 401 → 429 → 403 → 415 → 400 (unreadable body) → 404 → 409 → 428/412 → 400 (fields) → 403 (field) → 422.`;

/** Builds the configured Nest application (used by main.ts and by the integration tests). */
export async function createApp(opts: AppModuleOptions & { quiet?: boolean }): Promise<INestApplication> {
  // The lifecycle table is data: refuse to start with an inconsistent one.
  assertValidLifecycleTable();
  // CoreModule provides this app's config and clock (withCoreOptions), to every module that imports it.
  const app = await withCoreOptions({ config: opts.config, clock: opts.clock }, () =>
    NestFactory.create<NestExpressApplication>(AppModule.register(opts), {
      bodyParser: false,
      bufferLogs: true,
      abortOnError: false,
    }),
  );
  app.useLogger(app.get(Logger));
  // Node's own answers (URL or headers over 16 KB, not HTTP) become problem+json too.
  answerClientErrors(app.getHttpServer());
  app.disable('x-powered-by');
  // One proxy hop: the client IP is the X-Forwarded-For address our proxy appended (the right-most),
  // never an entry the caller wrote in front of it (which would let anyone pick a fresh IP per try).
  if (opts.config.trustProxy) app.set('trust proxy', 1);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  app.use(noStoreForApi);
  const expressApp = app.getHttpAdapter().getInstance() as express.Express;
  app.use(methodNotAllowed(() => expressApp.router as unknown as RouterLike));
  // JSON bodies are read here; what is wrong with them (malformed, too deep, prototype keys, too large,
  // a body that is not JSON) is raised by RequestReadInterceptor after the guards ("Which answer wins").
  app.use(readRequest());
  app.setGlobalPrefix('api');
  app.useGlobalInterceptors(new RequestReadInterceptor(app.get(Reflector)));
  app.useGlobalPipes(createValidationPipe());

  const docConfig = new DocumentBuilder()
    .setTitle('Complaint desk API')
    .setDescription(API_DESCRIPTION)
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  // Every error answer is one schema, referenced by the responses of ApiProblems.
  const document = completeOpenApiDocument(SwaggerModule.createDocument(app, docConfig, { extraModels: [ProblemDetails] }));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });

  const consoleDir = opts.config.consoleDir ?? defaultConsoleDir();
  if (consoleDir && existsSync(join(consoleDir, 'index.html'))) {
    app.use(express.static(consoleDir, { index: false, maxAge: '1h', setHeaders: noCacheForIndex }));
    // The console is a single-page app: any non-API GET that is not a file gets index.html.
    app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(consoleDir, 'index.html'));
    });
  }
  return app;
}

function noCacheForIndex(res: express.Response, path: string): void {
  if (path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
}

/** The production console build, next to the compiled API in dist/. */
function defaultConsoleDir(): string | null {
  const candidates = [
    join(__dirname, '..', '..', '..', '..', '..', 'console', 'browser'),
    join(process.cwd(), 'dist', 'apps', 'console', 'browser'),
  ];
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? null;
}
