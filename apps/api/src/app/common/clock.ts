import { Injectable } from '@nestjs/common';

/** Where the API reads the time. Tests replace it with a `FixedClock`; nothing else calls `new Date()` for business time. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when told to (tests, simulations). */
export class FixedClock extends Clock {
  private current: number;
  constructor(start: Date | string) {
    super();
    this.current = new Date(start).getTime();
  }
  override now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
