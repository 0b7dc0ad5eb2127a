import { Module } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppConfig, APP_CONFIG } from '../config/config';
import { Clock } from './clock';
import { ComplaintEventBus } from './complaint-event-bus';

/** The values one app is created with. */
export interface CoreOptions {
  config: AppConfig;
  /** Tests pass a FixedClock. */
  clock?: Clock;
}

const creating = new AsyncLocalStorage<CoreOptions>();

/**
 * Runs `create` — `NestFactory.create` of one app — with the options that app's CoreModule provides.
 * Several apps created in one process (tests: two instances on one database) each get their own.
 */
export function withCoreOptions<T>(options: CoreOptions, create: () => Promise<T>): Promise<T> {
  return creating.run(options, create);
}

function options(): CoreOptions {
  const o = creating.getStore();
  if (!o) throw new Error('CoreModule is created only by createApp (bootstrap.ts), inside withCoreOptions');
  return o;
}

/**
 * What modules of every feature inject: the app's configuration (`APP_CONFIG`), its `Clock` and the
 * `ComplaintEventBus`. Not global — a module that injects one of them imports CoreModule, so its
 * dependencies are written down; Nest makes one instance per app, shared by every importer.
 */
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: (): AppConfig => options().config },
    { provide: Clock, useFactory: (): Clock => options().clock ?? new Clock() },
    ComplaintEventBus,
  ],
  exports: [APP_CONFIG, Clock, ComplaintEventBus],
})
export class CoreModule {}
