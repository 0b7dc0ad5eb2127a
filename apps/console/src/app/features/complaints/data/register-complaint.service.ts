import { Injectable, inject } from '@angular/core';
import type { ComplaintDto, RegisterComplaintRequest } from '@complaint-desk/contracts';
import { clearOnSignOut } from '../../../core/auth/auth.service';
import { ApiFailure, toApiFailure } from '../../../core/http/problem';
import { ComplaintsApi } from './complaints.api';

export type RegisterResult = { ok: true; complaint: ComplaintDto } | { ok: false; failure: ApiFailure; retryable: boolean };

/**
 * Registers a complaint at most once per attempt. One Idempotency-Key is made per submission
 * attempt and reused while the same body is retried after a network error or a 5xx (the server
 * may have stored it); a second click while the request is in flight joins that request. A new key
 * is made only once the attempt has ended (success or a definite 4xx answer) or the body changed.
 */
@Injectable({ providedIn: 'root' })
export class RegisterComplaintService {
  private readonly api = inject(ComplaintsApi);
  private pending: { key: string; body: string } | null = null;
  private inFlight: { body: string; promise: Promise<RegisterResult> } | null = null;

  constructor() {
    // The next user must not reuse (or join) the previous user's attempt.
    clearOnSignOut(() => {
      this.pending = null;
      this.inFlight = null;
    });
  }

  /** Exposed for tests and the retry hint. */
  get pendingKey(): string | null {
    return this.pending?.key ?? null;
  }

  submit(request: RegisterComplaintRequest): Promise<RegisterResult> {
    const body = JSON.stringify(request);
    if (this.inFlight && this.inFlight.body === body) return this.inFlight.promise;
    if (!this.pending || this.pending.body !== body) this.pending = { key: newKey(), body };
    const key = this.pending.key;
    const promise = this.api
      .register(request, key)
      .then((complaint): RegisterResult => {
        this.pending = null;
        return { ok: true, complaint };
      })
      .catch((e: unknown): RegisterResult => {
        const failure = toApiFailure(e);
        const retryable = failure.status === 0 || failure.status >= 500;
        if (!retryable) this.pending = null;
        return { ok: false, failure, retryable };
      })
      .finally(() => {
        if (this.inFlight?.promise === promise) this.inFlight = null;
      });
    this.inFlight = { body, promise };
    return promise;
  }

  /** Forget the attempt (the form was reset for a new complaint). */
  reset(): void {
    this.pending = null;
  }
}

function newKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
