import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { CategoryDto, ClientDto } from '@complaint-desk/contracts';
import { clearOnSignOut } from '../../core/auth/auth.service';

export interface FlatCategory {
  code: string;
  name: string;
  /** "Billing › Overcharge" */
  path: string;
  depth: number;
}

/** The clients the signed-in user serves (GET /api/clients), loaded once and shared by the pages. */
@Injectable({ providedIn: 'root' })
export class ClientsStore {
  private readonly http = inject(HttpClient);
  private readonly clientsSignal = signal<ClientDto[] | null>(null);
  private loading: Promise<ClientDto[]> | null = null;
  /** Bumped by reset(), so a load started for the previous user cannot fill the cache. */
  private generation = 0;

  readonly clients = computed(() => this.clientsSignal() ?? []);
  readonly loaded = computed(() => this.clientsSignal() !== null);
  readonly byId = computed(() => new Map(this.clients().map((c) => [c.id, c])));

  load(force = false): Promise<ClientDto[]> {
    if (!force && this.clientsSignal()) return Promise.resolve(this.clientsSignal() ?? []);
    if (!force && this.loading) return this.loading;
    const generation = this.generation;
    const loading = firstValueFrom(this.http.get<ClientDto[]>('/api/clients'))
      .then((list) => {
        const sorted = [...list].sort((a, b) => a.code.localeCompare(b.code));
        if (generation === this.generation) this.clientsSignal.set(sorted);
        return sorted;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = null;
      });
    this.loading = loading;
    return loading;
  }

  constructor() {
    clearOnSignOut(() => this.reset());
  }

  /** Forget the cache (on every sign-out, and after editing a client). */
  reset(): void {
    this.generation++;
    this.loading = null;
    this.clientsSignal.set(null);
  }

  name(clientId: string): string {
    const c = this.byId().get(clientId);
    return c ? c.name : '';
  }
}

/** The category tree flattened depth-first for a select list. */
export function flattenCategories(tree: CategoryDto[], parents: string[] = []): FlatCategory[] {
  const out: FlatCategory[] = [];
  for (const c of tree) {
    const path = [...parents, c.name];
    out.push({ code: c.code, name: c.name, path: path.join(' › '), depth: parents.length });
    if (c.children?.length) out.push(...flattenCategories(c.children, path));
  }
  return out;
}
