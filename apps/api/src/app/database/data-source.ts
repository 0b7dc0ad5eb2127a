import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

/**
 * TypeORM options. The schema comes only from migrations (`synchronize` stays off); entities are
 * registered by each feature module (autoLoadEntities).
 */
export function typeOrmOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    applicationName: 'complaint-desk',
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}

/** Advisory lock id that serialises migrations when several instances start at once. */
const MIGRATION_LOCK = 18295_4_4;

/** Runs pending migrations; safe when several API instances start at the same time. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource({ ...typeOrmOptions(url), entities: [] });
  await ds.initialize();
  try {
    await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const done = await ds.runMigrations({ transaction: 'each' });
      return done.map((m) => m.name);
    } finally {
      await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await ds.destroy();
  }
}
