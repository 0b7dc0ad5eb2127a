import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { NotificationDto, NotificationFeed } from '@complaint-desk/contracts';
import { clearOnSignOut } from '../../core/auth/auth.service';

/** The team lead's notification feed (GET /api/notifications) and its unread count. */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly http = inject(HttpClient);
  readonly items = signal<NotificationDto[]>([]);
  readonly unread = signal(0);
  readonly nextCursor = signal<string | null>(null);
  readonly available = signal(true);

  constructor() {
    clearOnSignOut(() => this.reset());
  }

  /** Forget the feed (every sign-out: the next user has their own). */
  reset(): void {
    this.items.set([]);
    this.unread.set(0);
    this.nextCursor.set(null);
    this.available.set(true);
  }

  async refresh(): Promise<void> {
    try {
      const feed = await firstValueFrom(this.http.get<NotificationFeed>('/api/notifications', { params: { limit: 20 } }));
      this.items.set(feed.items);
      this.unread.set(feed.unread);
      this.nextCursor.set(feed.nextCursor);
      this.available.set(true);
    } catch {
      this.available.set(false);
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor) return;
    const feed = await firstValueFrom(this.http.get<NotificationFeed>('/api/notifications', { params: { limit: 20, cursor } }));
    this.items.update((list) => [...list, ...feed.items]);
    this.unread.set(feed.unread);
    this.nextCursor.set(feed.nextCursor);
  }

  async markRead(n: NotificationDto): Promise<void> {
    if (n.readAt) return;
    await firstValueFrom(this.http.post(`/api/notifications/${n.id}/read`, {}));
    const now = new Date().toISOString();
    this.items.update((list) => list.map((x) => (x.id === n.id ? { ...x, readAt: now } : x)));
    this.unread.update((u) => Math.max(0, u - 1));
  }
}
