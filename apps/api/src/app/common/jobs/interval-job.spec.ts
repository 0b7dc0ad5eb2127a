import type { PinoLogger } from 'nestjs-pino';
import { IntervalJob } from './interval-job';

describe('IntervalJob', () => {
  const logger = { error: jest.fn() } as unknown as PinoLogger;

  it('never overlaps runs and reports each finished run', async () => {
    let release!: () => void;
    let calls = 0;
    const job = new IntervalJob(
      't',
      60_000,
      () => {
        calls++;
        return new Promise<number>((r) => (release = () => r(calls)));
      },
      logger,
    );
    const first = job.tick();
    expect(await job.tick()).toBeNull(); // in progress: skipped
    const next = job.nextRun();
    release();
    expect(await first).toEqual({ seq: 1, ok: true, result: 1 });
    const second = job.tick();
    release();
    await second;
    expect(await next).toEqual({ seq: 2, ok: true, result: 2 });
    expect(calls).toBe(2);
    await job.stop();
  });

  it('logs an error and keeps going', async () => {
    let fail = true;
    const job = new IntervalJob(
      't',
      60_000,
      async () => {
        if (fail) throw new Error('db down');
        return 1;
      },
      logger,
    );
    expect(await job.tick()).toEqual({ seq: 1, ok: false, error: 'db down' });
    expect(logger.error).toHaveBeenCalled();
    fail = false;
    expect(await job.tick()).toEqual({ seq: 2, ok: true, result: 1 });
    await job.stop();
  });
});
