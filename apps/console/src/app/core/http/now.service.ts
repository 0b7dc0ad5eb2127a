import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/** The current time as a signal ticking every 30 s, so countdowns refresh without a reload. */
@Injectable({ providedIn: 'root' })
export class NowService {
  private readonly nowSignal = signal(Date.now());
  readonly now = this.nowSignal.asReadonly();

  constructor() {
    const id = setInterval(() => this.nowSignal.set(Date.now()), 30_000);
    inject(DestroyRef).onDestroy(() => clearInterval(id));
  }

  refresh(): void {
    this.nowSignal.set(Date.now());
  }
}
