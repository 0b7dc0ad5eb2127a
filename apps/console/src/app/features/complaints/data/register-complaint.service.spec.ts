import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { RegisterComplaintRequest } from '@complaint-desk/contracts';
import { RegisterComplaintService } from './register-complaint.service';

const BODY: RegisterComplaintRequest = {
  clientId: 'c1',
  channel: 'phone',
  subject: 'client',
  summary: 'Charged twice',
  description: 'Two debits',
  customer: { name: 'Eva', email: 'eva@example.org' },
};
const CREATED = { id: 'x1', reference: 'ACME-2026-000001' };

describe('RegisterComplaintService (Idempotency-Key per attempt)', () => {
  let svc: RegisterComplaintService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    svc = TestBed.inject(RegisterComplaintService);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('reuses the same key when the same body is retried after a network error', async () => {
    const first = svc.submit(BODY);
    const req1 = http.expectOne('/api/complaints');
    const key1 = req1.request.headers.get('Idempotency-Key');
    expect(key1).toBeTruthy();
    req1.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await expect(first).resolves.toMatchObject({ ok: false, retryable: true });

    const second = svc.submit(BODY);
    const req2 = http.expectOne('/api/complaints');
    expect(req2.request.headers.get('Idempotency-Key')).toBe(key1);
    req2.flush(CREATED, { status: 201, statusText: 'Created' });
    await expect(second).resolves.toEqual({ ok: true, complaint: CREATED });
  });

  it('reuses the key after a 5xx too (the server may have stored the complaint)', async () => {
    const first = svc.submit(BODY);
    const req1 = http.expectOne('/api/complaints');
    req1.flush({ status: 503 }, { status: 503, statusText: 'Unavailable' });
    await first;
    const again = svc.submit(BODY);
    expect(http.expectOne('/api/complaints').request.headers.get('Idempotency-Key')).toBe(req1.request.headers.get('Idempotency-Key'));
    http.match('/api/complaints');
    void again;
  });

  it('a double click while the request is in flight sends one request', async () => {
    const a = svc.submit(BODY);
    const b = svc.submit(BODY);
    expect(b).toBe(a);
    http.expectOne('/api/complaints').flush(CREATED, { status: 201, statusText: 'Created' });
    await expect(Promise.all([a, b])).resolves.toEqual([
      { ok: true, complaint: CREATED },
      { ok: true, complaint: CREATED },
    ]);
  });

  it('makes a new key for the next complaint after a success, and when the body changed', async () => {
    const a = svc.submit(BODY);
    const r1 = http.expectOne('/api/complaints');
    r1.flush(CREATED, { status: 201, statusText: 'Created' });
    await a;
    const b = svc.submit(BODY);
    const r2 = http.expectOne('/api/complaints');
    expect(r2.request.headers.get('Idempotency-Key')).not.toBe(r1.request.headers.get('Idempotency-Key'));
    r2.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await b;
    const c = svc.submit({ ...BODY, summary: 'Charged three times' });
    const r3 = http.expectOne('/api/complaints');
    expect(r3.request.headers.get('Idempotency-Key')).not.toBe(r2.request.headers.get('Idempotency-Key'));
    r3.flush(CREATED, { status: 201, statusText: 'Created' });
    await c;
  });

  it('a validation error (422) ends the attempt: field errors are returned, not retryable', async () => {
    const a = svc.submit(BODY);
    http
      .expectOne('/api/complaints')
      .flush(
        { status: 422, title: 'Unprocessable', errors: [{ field: 'categoryCode', message: 'unknown category' }] },
        { status: 422, statusText: 'Unprocessable' },
      );
    const r = await a;
    expect(r).toMatchObject({
      ok: false,
      retryable: false,
      failure: { status: 422, fieldErrors: [{ field: 'categoryCode', message: 'unknown category' }] },
    });
    expect(svc.pendingKey).toBeNull();
  });
});
