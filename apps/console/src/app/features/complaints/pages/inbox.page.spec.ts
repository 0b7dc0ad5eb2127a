import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ComplaintDto, Page } from '@complaint-desk/contracts';
import { LANGUAGE_STORAGE_KEY } from '../../../core/i18n/i18n.service';
import { registerIcons } from '../../../core/layout/icons';
import { ComplaintsApi } from '../data/complaints.api';
import { InboxPage, filtersFromParams, filtersToParams, filtersToQuery } from './inbox.page';

describe('inbox filters in the URL', () => {
  it('round-trips every filter through the query params', () => {
    const params = {
      q: 'Svensson',
      clientId: 'c1',
      status: 'acknowledged',
      overdue: 'true',
      atRisk: 'true',
      escalated: 'true',
      assignee: 'me',
      categoryCode: 'BILLING.DOUBLE',
      channel: 'email',
    };
    const f = filtersFromParams(params);
    expect(f).toEqual({
      q: 'Svensson',
      clientId: 'c1',
      status: 'acknowledged',
      overdue: true,
      atRisk: true,
      escalated: true,
      mine: true,
      categoryCode: 'BILLING.DOUBLE',
      channel: 'email',
    });
    expect(filtersToParams(f)).toEqual(params);
  });

  it('ignores unknown values and leaves empty filters out of the URL', () => {
    const f = filtersFromParams({ status: 'bogus', channel: 'pigeon', overdue: 'yes' });
    expect(f.status).toBe('');
    expect(f.channel).toBe('');
    expect(f.overdue).toBe(false);
    expect(Object.values(filtersToParams(f)).every((v) => v === null)).toBe(true);
  });

  it('asks the API for open complaints by earliest deadline by default, all statuses on request', () => {
    expect(filtersToQuery(filtersFromParams({}))).toMatchObject({ status: 'registered,acknowledged', sort: 'dueAt', limit: 25 });
    expect(filtersToQuery(filtersFromParams({ status: 'all' })).status).toBeUndefined();
    expect(filtersToQuery(filtersFromParams({ assignee: 'me', overdue: 'true' }))).toMatchObject({ assignee: 'me', overdue: true });
  });
});

describe('InboxPage', () => {
  const row = (n: number) =>
    ({
      id: `c-${n}`,
      reference: `ACME-2026-00000${n}`,
      clientId: 'acme',
      status: 'registered',
      channel: 'phone',
      subject: 'client',
      priority: 'normal',
      summary: `Complaint ${n}`,
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
      version: 1,
    }) as unknown as ComplaintDto;

  afterEach(() => localStorage.clear());

  it('R4.4-e "Load more" asks for the next page with cursor=<nextCursor> and appends its rows', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideEnvironmentInitializer(registerIcons)],
    });
    const http = TestBed.inject(HttpTestingController);
    const list = jest.spyOn(TestBed.inject(ComplaintsApi), 'list');
    const fixture = TestBed.createComponent(InboxPage);
    const el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/clients').flush([]);

    const first = http.expectOne((r) => r.url === '/api/complaints');
    expect(first.request.params.has('cursor')).toBe(false);
    first.flush({ items: [row(1), row(2)], nextCursor: 'cur-page-2' } satisfies Page<ComplaintDto>);
    await list.mock.results[0].value;
    await fixture.whenStable();
    fixture.detectChanges();

    const refs = () => Array.from(el.querySelectorAll('tbody td.ref a')).map((a) => a.textContent?.trim());
    const loadMore = () => Array.from(el.querySelectorAll<HTMLButtonElement>('.footer button')).find((b) => b.textContent?.trim() === 'Load more');
    expect(refs()).toEqual(['ACME-2026-000001', 'ACME-2026-000002']);
    expect(loadMore()).toBeDefined();

    loadMore()?.click();
    const next = http.expectOne((r) => r.url === '/api/complaints');
    expect(next.request.params.get('cursor')).toBe('cur-page-2');
    // the same filters as the first page (open complaints, earliest deadline first)
    expect(next.request.params.get('status')).toBe(first.request.params.get('status'));
    expect(next.request.params.get('sort')).toBe('dueAt');
    next.flush({ items: [row(3)], nextCursor: null } satisfies Page<ComplaintDto>);
    await list.mock.results[1].value;
    await fixture.whenStable();
    fixture.detectChanges();

    expect(refs()).toEqual(['ACME-2026-000001', 'ACME-2026-000002', 'ACME-2026-000003']);
    expect(loadMore()).toBeUndefined();
    http.verify();
  });
});
