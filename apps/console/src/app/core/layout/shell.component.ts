import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import type { NotificationDto, Role } from '@complaint-desk/contracts';
import { AuthService } from '../auth/auth.service';
import { FormatService } from '../i18n/format.service';
import { I18nService, LANGUAGES, Language } from '../i18n/i18n.service';
import type { TranslationKey } from '../i18n/en';
import { NotificationsStore } from '../../shared/data/notifications.store';

interface NavItem {
  path: string;
  label: TranslationKey;
  icon: string;
  roles: Role[];
  exact?: boolean;
}

/** Navigation by role: admin passes every entry; client viewers see statistics only. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/complaints', label: 'nav.complaints', icon: 'inbox', roles: ['agent', 'team_lead', 'admin'], exact: true },
  { path: '/complaints/new', label: 'nav.register', icon: 'add', roles: ['agent', 'team_lead', 'admin'] },
  { path: '/overdue', label: 'nav.overdue', icon: 'warning', roles: ['team_lead', 'admin'] },
  { path: '/statistics', label: 'nav.statistics', icon: 'bar_chart', roles: ['client_viewer', 'team_lead', 'agent', 'admin'] },
  { path: '/admin/clients', label: 'nav.clients', icon: 'business', roles: ['admin'] },
  { path: '/admin/users', label: 'nav.users', icon: 'group', roles: ['admin'] },
];

const NOTIFICATION_POLL_MS = 60_000;

@Component({
  selector: 'cd-shell',
  imports: [
    MatBadgeModule,
    MatButtonModule,
    MatDividerModule,
    MatIconModule,
    MatListModule,
    MatMenuModule,
    MatSidenavModule,
    MatToolbarModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18nService);
  protected readonly fmt = inject(FormatService);
  protected readonly notifications = inject(NotificationsStore);
  protected readonly t = this.i18n.t;
  protected readonly languages = LANGUAGES;

  protected readonly user = this.auth.user;
  protected readonly isWide = toSignal(
    inject(BreakpointObserver)
      .observe('(min-width: 960px)')
      .pipe(map((r) => r.matches)),
    { initialValue: true },
  );
  protected readonly nav = computed(() => {
    const role = this.auth.role();
    return role ? NAV_ITEMS.filter((i) => i.roles.includes(role)) : [];
  });
  protected readonly showNotifications = computed(() => this.auth.hasRole('team_lead', 'admin'));

  constructor() {
    effect(() => {
      if (!this.showNotifications()) return;
      void this.notifications.refresh();
    });
    const id = setInterval(() => {
      if (this.showNotifications()) void this.notifications.refresh();
    }, NOTIFICATION_POLL_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(id));
  }

  protected setLanguage(lang: Language): void {
    this.i18n.setLanguage(lang);
  }

  protected openNotification(n: NotificationDto): void {
    void this.notifications.markRead(n).catch(() => undefined);
    if (this.auth.hasRole('agent', 'team_lead', 'admin')) void this.router.navigate(['/complaints', n.complaintId]);
  }

  protected signOut(): void {
    this.auth.signOut('signed_out'); // the stores clear their per-user data themselves
    void this.router.navigate(['/sign-in'], { queryParams: { signedOut: 1 } });
  }
}
