import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ComplaintDto, Page } from '@complaint-desk/contracts';
import { complaintFixture, pageTestProviders } from '../../../../testing/fixtures';
import { LANGUAGE_STORAGE_KEY } from '../../../core/i18n/i18n.service';
import { ComplaintsApi } from '../../complaints/data/complaints.api';
import { OverduePage, sortMostOverdue } from './overdue.page';

const c = (id: string, dueAt: string | null) => ({ id, dueAt }) as ComplaintDto;

describe('sortMostOverdue (overdue page)', () => {
  it('R4.4-e(c) puts the most overdue complaint (earliest pending deadline) first', () => {
    const list = [
      c('due-yesterday', '2026-11-28T09:00:00Z'),
      c('due-last-week', '2026-11-21T16:00:00Z'),
      c('due-an-hour-ago', '2026-11-29T00:45:00Z'),
      c('due-last-month', '2026-10-30T08:00:00Z'),
    ];
    expect(sortMostOverdue(list).map((x) => x.id)).toEqual(['due-last-month', 'due-last-week', 'due-yesterday', 'due-an-hour-ago']);
  });

  it('puts complaints without a pending deadline last and leaves the input order untouched', () => {
    const list = [c('none', null), c('late', '2026-11-20T10:00:00Z'), c('later', '2026-11-25T10:00:00Z')];
    expect(sortMostOverdue(list).map((x) => x.id)).toEqual(['late', 'later', 'none']);
    expect(list.map((x) => x.id)).toEqual(['none', 'late', 'later']);
  });
});

describe('OverduePage queues', () => {
  const row = (n: number, dueAt: string) =>
    complaintFixture(n, {
      deadlines: { acknowledgeBy: dueAt, resolveBy: '2026-12-04T16:00:00Z', nextUpdateBy: null },
      sla: { acknowledge: 'breached', resolve: 'pending', update: 'pending' },
      dueAt,
    });

  afterEach(() => localStorage.clear());

  async function setUp() {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    TestBed.configureTestingModule({
      providers: pageTestProviders(),
    });
    const http = TestBed.inject(HttpTestingController);
    const list = jest.spyOn(TestBed.inject(ComplaintsApi), 'list');
    const fixture = TestBed.createComponent(OverduePage);
    const el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/clients').flush([]);
    http.expectOne((r) => r.url === '/api/notifications').flush({ items: [], unread: 0, nextCursor: null });
    const settle = async (i: number) => {
      await list.mock.results[i].value;
      await fixture.whenStable();
      fixture.detectChanges();
    };
    return { http, list, fixture, el, settle };
  }

  const section = (el: HTMLElement, headingId: string) => el.querySelector(`section[aria-labelledby="${headingId}"]`) as HTMLElement;
  const refs = (s: HTMLElement) => Array.from(s.querySelectorAll('a.ref')).map((a) => a.textContent?.trim());
  const loadMore = (s: HTMLElement) =>
    Array.from(s.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === 'Load more');

  it('R4.4-e(c) asks for breached (overdue=true) and at-risk-but-not-breached (atRisk=true&overdue=false) open complaints, earliest deadline first', async () => {
    const { http, el, settle } = await setUp();
    const reqs = http.match((r) => r.url === '/api/complaints');
    expect(reqs).toHaveLength(2);
    const [over, risk] = reqs;
    expect(Object.fromEntries(over.request.params.keys().map((k) => [k, over.request.params.get(k)]))).toEqual({
      overdue: 'true',
      status: 'registered,acknowledged',
      sort: 'dueAt',
      limit: '50',
    });
    expect(Object.fromEntries(risk.request.params.keys().map((k) => [k, risk.request.params.get(k)]))).toEqual({
      atRisk: 'true',
      overdue: 'false',
      status: 'registered,acknowledged',
      sort: 'dueAt',
      limit: '50',
    });
    over.flush({ items: [row(2, '2026-11-25T16:00:00Z'), row(1, '2026-11-20T16:00:00Z')], nextCursor: null } satisfies Page<ComplaintDto>);
    risk.flush({ items: [row(3, '2026-12-01T16:00:00Z')], nextCursor: null } satisfies Page<ComplaintDto>);
    await settle(0);
    await settle(1);
    expect(refs(section(el, 'br-h'))).toEqual(['ACME-2026-000001', 'ACME-2026-000002']);
    expect(section(el, 'br-h').querySelector('h2')?.textContent).toContain('(2)');
    expect(refs(section(el, 'ar-h'))).toEqual(['ACME-2026-000003']);
    expect(loadMore(section(el, 'br-h'))).toBeUndefined();
    http.verify();
  });

  it('"Load more" pages a queue with its cursor, keeps its filters, appends the rows; the count says "+" while more exist', async () => {
    const { http, el, settle } = await setUp();
    const [over, risk] = http.match((r) => r.url === '/api/complaints');
    over.flush({
      items: [row(1, '2026-11-20T16:00:00Z'), row(2, '2026-11-21T16:00:00Z')],
      nextCursor: 'br-page-2',
    } satisfies Page<ComplaintDto>);
    risk.flush({ items: [], nextCursor: null } satisfies Page<ComplaintDto>);
    await settle(0);
    await settle(1);
    const breached = section(el, 'br-h');
    expect(breached.querySelector('h2')?.textContent).toContain('(2+)');
    expect(loadMore(section(el, 'ar-h'))).toBeUndefined();

    loadMore(breached)?.click();
    const next = http.expectOne((r) => r.url === '/api/complaints');
    expect(next.request.params.get('cursor')).toBe('br-page-2');
    expect(next.request.params.get('overdue')).toBe('true');
    expect(next.request.params.get('sort')).toBe('dueAt');
    next.flush({ items: [row(3, '2026-11-22T16:00:00Z')], nextCursor: null } satisfies Page<ComplaintDto>);
    await settle(2);

    expect(refs(breached)).toEqual(['ACME-2026-000001', 'ACME-2026-000002', 'ACME-2026-000003']);
    expect(breached.querySelector('h2')?.textContent).toContain('(3)');
    expect(loadMore(breached)).toBeUndefined();
    http.verify();
  });
});
