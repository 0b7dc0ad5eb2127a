import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import type { ClientDto, ComplaintDetailDto } from '@complaint-desk/contracts';
import { complaintFixture } from '../../../../testing/fixtures';
import { FormatService } from '../../../core/i18n/format.service';
import { registerIcons } from '../../../core/layout/icons';
import { LANGUAGE_STORAGE_KEY } from '../../../core/i18n/i18n.service';
import type { ActionDialogData } from '../components/action-dialog.component';
import { ComplaintPage } from './complaint.page';

const C: ComplaintDetailDto = {
  ...complaintFixture(42, {
    id: 'c-1',
    summary: 'Charged twice',
    description: 'Two debits',
    customer: { name: 'Eva Svensson', email: 'eva@example.org' },
    allowedActions: ['categorise', 'acknowledge', 'escalate'],
  }),
  timeline: [{ type: 'registered', at: '2026-11-20T09:05:00Z', actor: { id: 'u1', email: 'agent@example.com', role: 'agent' }, data: {} }],
};

describe('ComplaintPage', () => {
  let http: HttpTestingController;
  const dialog = { open: jest.fn() };

  async function render(opts: { clients?: ClientDto[]; userZone?: string } = {}) {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideEnvironmentInitializer(registerIcons),
        { provide: MatDialog, useValue: dialog },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    if (opts.userZone) (TestBed.inject(FormatService) as { userZone: string }).userZone = opts.userZone;
    const fixture = TestBed.createComponent(ComplaintPage);
    fixture.componentRef.setInput('id', 'c-1');
    fixture.detectChanges();
    http.expectOne('/api/clients').flush(opts.clients ?? []);
    http.expectOne('/api/complaints/c-1').flush(C);
    await fixture.whenStable();
    fixture.detectChanges();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  const buttons = (el: HTMLElement) => Array.from(el.querySelectorAll('button[data-action]')).map((b) => b.textContent?.trim());

  it('offers exactly the actions the API allows, main path first, and shows the timeline', async () => {
    const { el } = await render();
    expect(buttons(el)).toEqual(['Acknowledge', 'Categorise', 'Escalate']);
    expect(el.querySelector('h2#tl-h')?.textContent).toBe('Timeline');
    expect(el.textContent).toContain('agent@example.com');
  });

  it('sends If-Match; on 412 reloads and says what changed instead of failing silently', async () => {
    const { el, fixture } = await render();
    (el.querySelector('button[data-action="escalate"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    const data = dialog.open.mock.calls.at(-1)[1].data as ActionDialogData;
    const result = data.submit({ reason: 'Customer upset' });
    const post = http.expectOne('/api/complaints/c-1/escalate');
    expect(post.request.headers.get('If-Match')).toBe('1');
    post.flush({ status: 412, title: 'Precondition Failed' }, { status: 412, statusText: 'Precondition Failed' });
    // The page reloads the complaint once the 412 has been handled: wait for that request, not for time.
    let reload: TestRequest[] = [];
    for (let turn = 0; turn < 100 && !reload.length; turn++) {
      await Promise.resolve();
      reload = http.match('/api/complaints/c-1');
    }
    expect(reload).toHaveLength(1);
    reload[0].flush({ ...C, status: 'acknowledged', version: 2, allowedActions: ['update', 'extend', 'close'] });
    await expect(result).resolves.toBeNull();
    fixture.detectChanges();
    const banner = el.querySelector('.conflict[role=alert]')?.textContent ?? '';
    expect(banner).toContain('Someone else changed this complaint meanwhile');
    expect(banner).toContain('status is now Acknowledged');
    expect(buttons(el)).toEqual(['Send update', 'Extend deadline', 'Close complaint']);
  });

  it.each([
    ['ACTION_NOT_ALLOWED', 'This action is no longer allowed (status Registered). The complaint has been reloaded.'],
    ['CONCURRENT_CHANGE', 'The complaint was reloaded; check it and try again.'],
  ])('a 409 %s on an unchanged complaint: the banner follows the typed code (issue 11 item 4)', async (code, text) => {
    const { el, fixture } = await render();
    (el.querySelector('button[data-action="escalate"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    const data = dialog.open.mock.calls.at(-1)[1].data as ActionDialogData;
    const result = data.submit({ reason: 'Customer upset' });
    http.expectOne('/api/complaints/c-1/escalate').flush({ status: 409, title: 'Conflict', code }, { status: 409, statusText: 'Conflict' });
    let reload: TestRequest[] = [];
    for (let turn = 0; turn < 100 && !reload.length; turn++) {
      await Promise.resolve();
      reload = http.match('/api/complaints/c-1');
    }
    expect(reload).toHaveLength(1);
    reload[0].flush(C);
    await expect(result).resolves.toBeNull();
    fixture.detectChanges();
    expect(el.querySelector('.conflict[role=alert]')?.textContent?.trim()).toBe(text);
  });

  it('returns server field errors to the dialog (422)', async () => {
    const { el, fixture } = await render();
    (el.querySelector('button[data-action="acknowledge"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    const data = dialog.open.mock.calls.at(-1)[1].data as ActionDialogData;
    const result = data.submit({ via: 'email', responsibleFunction: 'x', expectedResolutionBy: '2020-01-01T00:00:00Z' });
    http
      .expectOne('/api/complaints/c-1/acknowledge')
      .flush(
        { status: 422, title: 'Unprocessable', errors: [{ field: 'expectedResolutionBy', message: 'must be in the future' }] },
        { status: 422, statusText: 'Unprocessable' },
      );
    await expect(result).resolves.toEqual({
      fieldErrors: [{ field: 'expectedResolutionBy', message: 'must be in the future' }],
      message: undefined,
    });
  });

  const clientIn = (timezone: string) => ({ id: 'acme', code: 'ACME', name: 'Acme Energy', timezone }) as ClientDto;

  it("R4.2-c when the client's time zone differs from the user's, each deadline also shows the client's wall time", async () => {
    const { el } = await render({ clients: [clientIn('Australia/Sydney')], userZone: 'Europe/Stockholm' });
    const lines = Array.from(el.querySelectorAll('.deadlines .dl-client')).map((e) => e.textContent?.trim());
    expect(lines).toEqual(['22 Nov 2026, 03:00 client time (Australia/Sydney)', '5 Dec 2026, 03:00 client time (Australia/Sydney)']);
  });

  it("R4.2-c shows no client-time line when the client's zone has the user's wall time", async () => {
    const { el } = await render({ clients: [clientIn('Europe/Berlin')], userZone: 'Europe/Stockholm' });
    expect(el.querySelectorAll('.deadlines li').length).toBeGreaterThan(0);
    expect(el.querySelector('.dl-client')).toBeNull();
  });
});
