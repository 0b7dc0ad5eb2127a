import { Inject, Injectable, INestApplication, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { ClientRepository } from '../clients/client.repository';
import { UserRepository } from '../users/user.repository';
import { UsersService } from '../users/users.service';
import { DEMO_CLIENTS, DEMO_PASSWORD, DEMO_USERS } from './demo-data';
import { DEMO_SEEDERS, type DemoSeeder } from './demo-seeder';
import { SeedLockRepository } from './seed-lock.repository';

/**
 * The start-up seed: on an empty database the demo clients and users (demo mode) and then every
 * demo seeder of `DEMO_SEEDERS` (DemoModule), or the first admin from ADMIN_EMAIL / ADMIN_PASSWORD.
 */
@Injectable()
export class DemoSeedService {
  private readonly log = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly userRepo: UserRepository,
    private readonly clients: ClientRepository,
    private readonly lock: SeedLockRepository,
    @Inject(DEMO_SEEDERS) private readonly seeders: DemoSeeder[],
  ) {}

  /** On an empty database: the demo data in demo mode, else the first admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
  async seedOnStart(config: AppConfig): Promise<void> {
    // Instances starting together on an empty database: one seeds, the others wait and then find users.
    await this.lock.withSeedLock(async () => {
      if ((await this.userRepo.count()) > 0) return;
      if (config.demo) {
        await this.seedDemo();
        this.log.log('Demo data loaded');
      } else if (config.adminEmail && config.adminPassword) {
        await this.users.create({ email: config.adminEmail, password: config.adminPassword, role: 'admin', clientIds: [] });
        this.log.log('First admin created from ADMIN_EMAIL');
      } else {
        this.log.warn('No users exist: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin');
      }
    });
  }

  /** The demo clients and users in one transaction, then (unless `withSeeders: false`) every demo seeder. Returns the client ids by code. */
  async seedDemo(opts: { withSeeders?: boolean } = {}): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    await this.db.transaction(async (m) => {
      for (const c of DEMO_CLIENTS) {
        const saved = await this.clients.insert(m, c);
        ids[c.code] = saved.id;
      }
      for (const u of DEMO_USERS) {
        await this.users.create({ email: u.email, password: DEMO_PASSWORD, role: u.role, clientIds: u.clients.map((c) => ids[c]) }, m);
      }
    });
    if (opts.withSeeders !== false) for (const seeder of this.seeders) await seeder.seed(ids);
    return ids;
  }
}

/** On an empty database: the demo clients and users in demo mode, else the first admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
export function seedOnStart(app: INestApplication, config: AppConfig): Promise<void> {
  return app.get(DemoSeedService).seedOnStart(config);
}

export function seedDemo(app: INestApplication, opts: { withSeeders?: boolean } = {}): Promise<Record<string, string>> {
  return app.get(DemoSeedService).seedDemo(opts);
}
