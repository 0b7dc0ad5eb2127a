import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Advisory lock key of the start-up seed (the migrations use another). */
export const SEED_LOCK = 7_340_001;

/** The session-level advisory lock that lets one of several instances starting together seed an empty database. */
@Injectable()
export class SeedLockRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` while holding the seed lock on a connection of its own; the others wait. */
  async withSeedLock<T>(work: () => Promise<T>): Promise<T> {
    const lock = this.db.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [SEED_LOCK]);
      return await work();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => undefined);
      await lock.release();
    }
  }
}
