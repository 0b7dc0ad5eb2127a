import { Module } from '@nestjs/common';
import { CoreModule } from '../common/core.module';
import { ClientsModule } from '../clients/clients.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { UsersModule } from '../users/users.module';
import { DemoComplaintsSeeder } from './demo-complaints.seeder';
import { DEMO_SEEDERS, type DemoSeeder } from './demo-seeder';
import { DemoSeedService } from './seed';
import { SeedLockRepository } from './seed-lock.repository';

/**
 * The start-up seed and the demo data. A new kind of demo data is a provider implementing
 * `DemoSeeder`, added to `inject` of `DEMO_SEEDERS` below (they run in that order).
 */
@Module({
  imports: [CoreModule, ClientsModule, UsersModule, ComplaintsModule],
  providers: [
    SeedLockRepository,
    DemoSeedService,
    DemoComplaintsSeeder,
    { provide: DEMO_SEEDERS, inject: [DemoComplaintsSeeder], useFactory: (...seeders: DemoSeeder[]): DemoSeeder[] => seeders },
  ],
  exports: [DemoSeedService],
})
export class DemoModule {}
