import { inject, provideEnvironmentInitializer } from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { Routes } from '@angular/router';
import { AuthService } from './core/auth/auth.service';
import { registerIcons } from './core/layout/icons';
import { COMPLAINT_ROLES, roleGuard, signedInGuard, signedOutGuard } from './core/auth/auth.guards';

/**
 * Every page is a lazy standalone component. Role guards run on each route, so a typed URL is
 * checked the same way as a menu entry: client viewers never reach complaint pages.
 */
export const MAIN_ROUTES: Routes = [
  {
    path: '',
    providers: [
      // Lazily provided so Material stays out of the initial bundle.
      { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: { appearance: 'outline', subscriptSizing: 'dynamic' } },
      provideEnvironmentInitializer(registerIcons),
    ],
    children: [
      {
        path: 'sign-in',
        title: 'signIn.title',
        canActivate: [signedOutGuard],
        loadComponent: () => import('./features/auth/pages/sign-in.page').then((m) => m.SignInPage),
      },
      {
        path: '',
        canActivate: [signedInGuard],
        loadComponent: () => import('./core/layout/shell.component').then((m) => m.ShellComponent),
        children: [
          { path: '', pathMatch: 'full', redirectTo: () => inject(AuthService).homeUrl() },
          {
            path: 'complaints',
            title: 'nav.complaints',
            canActivate: [roleGuard(...COMPLAINT_ROLES)],
            loadComponent: () => import('./features/complaints/pages/inbox.page').then((m) => m.InboxPage),
          },
          {
            path: 'complaints/new',
            title: 'nav.register',
            canActivate: [roleGuard(...COMPLAINT_ROLES)],
            loadComponent: () => import('./features/complaints/pages/register.page').then((m) => m.RegisterPage),
          },
          {
            path: 'complaints/:id',
            title: 'complaint.page',
            canActivate: [roleGuard(...COMPLAINT_ROLES)],
            loadComponent: () => import('./features/complaints/pages/complaint.page').then((m) => m.ComplaintPage),
          },
          {
            path: 'overdue',
            title: 'nav.overdue',
            canActivate: [roleGuard('team_lead')],
            loadComponent: () => import('./features/overdue/pages/overdue.page').then((m) => m.OverduePage),
          },
          {
            path: 'statistics',
            title: 'nav.statistics',
            canActivate: [roleGuard('client_viewer', 'team_lead', 'agent')],
            loadComponent: () => import('./features/statistics/pages/statistics.page').then((m) => m.StatisticsPage),
          },
          {
            path: 'admin/clients',
            title: 'nav.clients',
            canActivate: [roleGuard('admin')],
            loadComponent: () => import('./features/admin/pages/clients.page').then((m) => m.ClientsPage),
          },
          {
            path: 'admin/clients/new',
            title: 'admin.clients.new',
            canActivate: [roleGuard('admin')],
            loadComponent: () => import('./features/admin/pages/client-edit.page').then((m) => m.ClientEditPage),
          },
          {
            path: 'admin/clients/:id',
            title: 'nav.clients',
            canActivate: [roleGuard('admin')],
            loadComponent: () => import('./features/admin/pages/client-edit.page').then((m) => m.ClientEditPage),
          },
          {
            path: 'admin/users',
            title: 'nav.users',
            canActivate: [roleGuard('admin')],
            loadComponent: () => import('./features/admin/pages/users.page').then((m) => m.UsersPage),
          },
          {
            path: 'forbidden',
            title: 'forbidden.title',
            loadComponent: () => import('./shared/pages/forbidden.page').then((m) => m.ForbiddenPage),
          },
          {
            path: '**',
            title: 'notFound.title',
            loadComponent: () => import('./shared/pages/forbidden.page').then((m) => m.NotFoundPage),
          },
        ],
      },
    ],
  },
];
