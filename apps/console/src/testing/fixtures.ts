import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { provideEnvironmentInitializer, type EnvironmentProviders, type Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import type { ComplaintDto } from '@complaint-desk/contracts';
import { registerIcons } from '../app/core/layout/icons';

/** Providers of a page spec: an empty router, HttpClient against HttpTestingController, the icons. */
export function pageTestProviders(): Array<Provider | EnvironmentProviders> {
  return [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideEnvironmentInitializer(registerIcons)];
}

/**
 * Complaint number `n` of ACME as the list answers it: registered, nothing done yet, acknowledge due
 * 2026-11-21 16:00 UTC. `overrides` replace whole fields.
 */
export function complaintFixture(n: number, overrides: Partial<ComplaintDto> = {}): ComplaintDto {
  return {
    id: `c-${n}`,
    reference: `ACME-2026-${String(n).padStart(6, '0')}`,
    clientId: 'acme',
    status: 'registered',
    channel: 'phone',
    subject: 'client',
    priority: 'normal',
    summary: `Complaint ${n}`,
    description: `Description ${n}`,
    category: null,
    customer: { name: `Customer ${n}`, email: `c${n}@example.org` },
    receivedAt: '2026-11-20T09:00:00Z',
    registeredAt: '2026-11-20T09:05:00Z',
    assignee: null,
    responsibleFunction: null,
    deadlines: { acknowledgeBy: '2026-11-21T16:00:00Z', resolveBy: '2026-12-04T16:00:00Z', nextUpdateBy: null },
    sla: { acknowledge: 'pending', resolve: 'pending', update: 'pending' },
    escalation: { level: 0, reasons: [] },
    outcome: null,
    resolution: null,
    closedAt: null,
    satisfaction: null,
    allowedActions: [],
    dueAt: '2026-11-21T16:00:00Z',
    customerNotReached: false,
    version: 1,
    ...overrides,
  };
}
