import { HttpBackend, HttpClient, HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { LoginResponse, Problem, Role, UserDto } from '@complaint-desk/contracts';

/** The session, as an explicit union: either nobody is signed in, or a user with a token. */
export type AuthState =
  | { readonly status: 'signed_out'; readonly reason?: 'expired' | 'signed_out' }
  | { readonly status: 'signed_in'; readonly token: string; readonly user: UserDto; readonly expiresAt: number | null };

/** Why a sign-in attempt failed, as the sign-in page explains it. */
export type SignInError =
  | { readonly kind: 'wrong_credentials' }
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'network' }
  | { readonly kind: 'other'; readonly detail: string };

export type SignOutListener = (reason: 'expired' | 'signed_out') => void;

export const SESSION_STORAGE_KEY = 'complaint-desk.session';

interface StoredSession {
  token: string;
  user: UserDto;
  expiresAt: number | null;
}

/**
 * Holds who is signed in. The token lives in sessionStorage (gone when the tab closes), so a
 * reload keeps the session and a shared computer does not.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  /** Past the interceptors: the logout call carries its own token, and its failure must not sign out again. */
  private readonly bare = new HttpClient(inject(HttpBackend));
  private readonly stateSignal = signal<AuthState>(restore());
  private readonly signOutListeners = new Set<SignOutListener>();

  readonly state = this.stateSignal.asReadonly();
  readonly user = computed(() => {
    const s = this.stateSignal();
    return s.status === 'signed_in' ? s.user : null;
  });
  readonly role = computed<Role | null>(() => this.user()?.role ?? null);
  readonly isSignedIn = computed(() => this.stateSignal().status === 'signed_in');

  /** The bearer token, or null when signed out or expired. */
  token(now: number = Date.now()): string | null {
    const s = this.stateSignal();
    if (s.status !== 'signed_in') return null;
    if (s.expiresAt !== null && s.expiresAt <= now) {
      this.signOut('expired');
      return null;
    }
    return s.token;
  }

  hasRole(...roles: Role[]): boolean {
    const role = this.role();
    return role !== null && roles.includes(role);
  }

  /** The page a user lands on after signing in: client viewers see their statistics. */
  homeUrl(): string {
    switch (this.role()) {
      case 'client_viewer':
        return '/statistics';
      case null:
        return '/sign-in';
      default:
        return '/complaints';
    }
  }

  async signIn(email: string, password: string): Promise<{ ok: true } | { ok: false; error: SignInError }> {
    try {
      const res = await firstValueFrom(this.http.post<LoginResponse>('/api/auth/login', { email, password }));
      const session: StoredSession = {
        token: res.accessToken,
        user: res.user,
        expiresAt: typeof res.expiresIn === 'number' ? Date.now() + res.expiresIn * 1000 : null,
      };
      persist(session);
      this.stateSignal.set({ status: 'signed_in', ...session });
      return { ok: true };
    } catch (e) {
      return { ok: false, error: toSignInError(e) };
    }
  }

  /**
   * The one place a session ends (user menu, a 401 from the API, an expired token). Every store
   * holding per-user data registers here, so no sign-out path can leave the last user's data behind.
   * Signing out from the menu also tells the API (`POST /api/auth/logout`: every token of the user
   * is revoked) — fire-and-forget: the local session is cleared whether or not that call succeeds.
   */
  signOut(reason: 'expired' | 'signed_out' = 'signed_out'): void {
    const current = this.stateSignal();
    if (reason === 'signed_out' && current.status === 'signed_in') this.revokeOnServer(current.token);
    persist(null);
    this.stateSignal.set({ status: 'signed_out', reason });
    for (const listener of [...this.signOutListeners]) {
      try {
        listener(reason);
      } catch (e) {
        console.error('sign-out listener failed', e);
      }
    }
  }

  private revokeOnServer(token: string): void {
    this.bare.post('/api/auth/logout', null, { headers: { Authorization: `Bearer ${token}` } }).subscribe({
      error: () => undefined, // offline or already revoked: the local sign-out stands either way
    });
  }

  /** Calls `listener` on every sign-out; returns a function that unregisters it. */
  onSignOut(listener: SignOutListener): () => void {
    this.signOutListeners.add(listener);
    return () => this.signOutListeners.delete(listener);
  }
}

export function toSignInError(e: unknown): SignInError {
  if (!(e instanceof HttpErrorResponse)) return { kind: 'other', detail: String(e) };
  if (e.status === 0) return { kind: 'network' };
  if (e.status === 401) return { kind: 'wrong_credentials' };
  if (e.status === 429) {
    const body = (e.error ?? {}) as Partial<Problem> & { retryAfter?: number };
    const header = Number(e.headers?.get('Retry-After'));
    const retry = Number.isFinite(header) && header > 0 ? header : Number(body.retryAfter);
    return { kind: 'rate_limited', retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? Math.ceil(retry) : 60 };
  }
  const body = (e.error ?? {}) as Partial<Problem>;
  return { kind: 'other', detail: body.detail ?? body.title ?? e.message };
}

function restore(): AuthState {
  try {
    const raw = sessionStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return { status: 'signed_out' };
    const s = JSON.parse(raw) as StoredSession;
    if (!s.token || !s.user?.role) return { status: 'signed_out' };
    if (s.expiresAt !== null && s.expiresAt <= Date.now()) return { status: 'signed_out', reason: 'expired' };
    return { status: 'signed_in', token: s.token, user: s.user, expiresAt: s.expiresAt };
  } catch {
    return { status: 'signed_out' };
  }
}

function persist(session: StoredSession | null): void {
  try {
    if (session) sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    /* storage unavailable: the session lasts for this page only */
  }
}

/**
 * Runs `clear` on every sign-out for as long as the calling service lives (call it in a constructor
 * or field initializer of a store that holds per-user data).
 */
export function clearOnSignOut(clear: () => void): void {
  const off = inject(AuthService).onSignOut(() => clear());
  inject(DestroyRef).onDestroy(off);
}
