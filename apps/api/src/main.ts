import './register-paths';
import 'reflect-metadata';
import { join } from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import { createApp } from './app/bootstrap';
import { ConfigError, loadConfig } from './app/config/config';
import { runMigrations } from './app/database/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from './app/database/embedded-postgres';
import { seedOnStart } from './app/demo/seed';

async function main(): Promise<void> {
  const log = new Logger('Main');
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }

  let embedded: EmbeddedDatabase | null = null;
  let app: INestApplication | null = null;
  const stopDb = async () => {
    if (embedded) await embedded.stop().catch(() => undefined);
    embedded = null;
  };
  // Registered before anything starts: a signal during start-up also stops the embedded server.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.log(`${signal}: draining requests and stopping`);
    if (app) await app.close().catch((e) => log.error(`closing: ${e instanceof Error ? e.message : e}`));
    await stopDb();
    process.exit(0);
  };
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => void shutdown(sig));

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    log.log(`DATABASE_URL not set: starting the embedded PostgreSQL in ${join(config.dataDir, 'pg')}`);
    embedded = await startEmbeddedPostgres({ dir: join(config.dataDir, 'pg'), database: 'complaint_desk', callerHandlesSignals: true });
    databaseUrl = embedded.url;
  }

  try {
    const applied = await runMigrations(databaseUrl);
    if (applied.length) log.log(`Applied migrations: ${applied.join(', ')}`);
    app = await createApp({ config, databaseUrl });
    await seedOnStart(app, config);
    await app.listen(config.port, config.host);

    const url = `http://localhost:${config.port}`;
    const lines = [
      '',
      `  Complaint desk is running: ${url}  (API ${url}/api, docs ${url}/api/docs)`,
      `  Database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL, data in ${config.dataDir}`}`,
    ];
    if (config.demo) {
      lines.push(
        '  Demo sign-ins (password "demo-password"):',
        '    admin@example.com (admin), lead@example.com (team lead), agent@example.com (agent),',
        '    agent.acme@example.com (agent, ACME), viewer.acme@example.com / viewer.globex@example.com (client viewers)',
      );
    }
    console.log(lines.join('\n') + '\n');
  } catch (e) {
    await stopDb();
    throw e;
  }
}

main().catch((e) => {
  console.error('Complaint desk failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
