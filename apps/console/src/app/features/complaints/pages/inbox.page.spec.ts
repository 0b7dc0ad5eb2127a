import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ComplaintDto, Page } from '@complaint-desk/contracts';
import { complaintFixture, pageTestProviders } from '../../../../testing/fixtures';
import { LANGUAGE_STORAGE_KEY } from '../../../core/i18n/i18n.service';
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
  const row = (n: number) => complaintFixture(n);

  afterEach(() => localStorage.clear());

  it('R4.4-e "Load more" asks for the next page with cursor=<nextCursor> and appends its rows', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    TestBed.configureTestingModule({
      providers: pageTestProviders(),
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
    const loadMore = () =>
      Array.from(el.querySelectorAll<HTMLButtonElement>('.footer button')).find((b) => b.textContent?.trim() === 'Load more');
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
