import { INestApplication, Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { ClientRepository } from '../clients/client.repository';
import { UsersService } from '../users/users.service';
import { DEMO_CLIENTS, DEMO_PASSWORD, DEMO_USERS } from './demo-data';

/**
 * Further demo data (complaints, …) registers here; each seeder runs after clients and users exist,
 * only when the demo seed runs (an empty database in demo mode).
 */
export type DemoSeeder = (app: INestApplication, clients: Record<string, string>) => Promise<void>;
export const DEMO_SEEDERS: DemoSeeder[] = [];

/** On an empty database: the demo clients and users in demo mode, else the first admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
export async function seedOnStart(app: INestApplication, config: AppConfig): Promise<void> {
  const log = new Logger('Seed');
  const db = app.get<DataSource>(getDataSourceToken());
  const users = app.get(UsersService);
  // Instances starting together on an empty database: one seeds, the others wait and then find users.
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [SEED_LOCK]);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM users');
    if (n > 0) return;
    if (config.demo) {
      await seedDemo(app);
      log.log('Demo data loaded');
    } else if (config.adminEmail && config.adminPassword) {
      await users.create({ email: config.adminEmail, password: config.adminPassword, role: 'admin', clientIds: [] });
      log.log('First admin created from ADMIN_EMAIL');
    } else {
      log.warn('No users exist: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin');
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/** Advisory lock key of the start-up seed (the migrations use another). */
export const SEED_LOCK = 7_340_001;

export async function seedDemo(app: INestApplication, opts: { withSeeders?: boolean } = {}): Promise<Record<string, string>> {
  const db = app.get<DataSource>(getDataSourceToken());
  const users = app.get(UsersService);
  const clients = app.get(ClientRepository);
  const ids: Record<string, string> = {};
  await db.transaction(async (m) => {
    for (const c of DEMO_CLIENTS) {
      const saved = await clients.insert(m, c);
      ids[c.code] = saved.id;
    }
    for (const u of DEMO_USERS) {
      await users.create({ email: u.email, password: DEMO_PASSWORD, role: u.role, clientIds: u.clients.map((c) => ids[c]) }, m);
    }
  });
  if (opts.withSeeders !== false) for (const seeder of DEMO_SEEDERS) await seeder(app, ids);
  return ids;
}
