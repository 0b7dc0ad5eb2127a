import type { PinoLogger } from 'nestjs-pino';
import { filter, firstValueFrom, Observable, Subject } from 'rxjs';

/** The end of one run of a background job. */
export type JobRun<T> = { seq: number; ok: true; result: T } | { seq: number; ok: false; error: string };

/**
 * A background job run every `intervalMs` in this process (escalation sweep, outbox delivery, retention).
 * - never overlapping: a tick while a run is in progress is skipped;
 * - never crashing: an error is logged and the next tick tries again;
 * - stoppable: `stop()` clears the timer and waits for the run in progress (module destroy);
 * - observable: `runs$` emits every finished run and `nextRun()` resolves when the next run that
 *   starts after the call has finished, so tests await the background job instead of sleeping.
 * Correctness across instances never depends on this class: it is the database that makes each
 * escalation and each e-mail happen once.
 */
export class IntervalJob<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<JobRun<T>> | null = null;
  private started = 0;
  private readonly finished = new Subject<JobRun<T>>();
  readonly runs$: Observable<JobRun<T>> = this.finished.asObservable();

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<T>,
    private readonly logger: PinoLogger,
  ) {}

  get isStarted(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running;
    this.finished.complete();
  }

  /** One run now, unless one is in progress (then null: runs never overlap). */
  async tick(): Promise<JobRun<T> | null> {
    if (this.running) return null;
    const seq = ++this.started;
    this.running = this.work().then(
      (result): JobRun<T> => ({ seq, ok: true, result }),
      (err: unknown): JobRun<T> => {
        const e = err instanceof Error ? err : new Error(String(err));
        this.logger.error({ job: this.name, err: { name: e.name, message: e.message, stack: e.stack } }, 'Background job failed');
        return { seq, ok: false, error: e.message };
      },
    );
    try {
      const run = await this.running;
      this.finished.next(run);
      return run;
    } finally {
      this.running = null;
    }
  }

  /** Resolves with the first run that starts after this call, once it has finished. */
  nextRun(): Promise<JobRun<T>> {
    // A run in progress has seq === started: it may have read the state before the caller changed it.
    const threshold = this.started;
    return firstValueFrom(this.runs$.pipe(filter((r) => r.seq > threshold)));
  }
}
