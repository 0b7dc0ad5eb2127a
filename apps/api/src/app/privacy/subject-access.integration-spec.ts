import { createTestApp, TestApp } from '../../testing/test-app';
import { actOk, auth, registerOk } from '../../testing/complaint-helpers';

/**
 * Subject access (R4.5-f, GDPR art. 15): everything held about one customer across one client's
 * complaints, found by e-mail (case-insensitive) or phone (E.164), as JSON and as a printable HTML
 * page; each complaint gets a personal_data_exported event and an export row in its access log.
 */
describe('Subject access export (R4.5-f)', () => {
  let t: TestApp;
  let agent: string;
  let admin: string;
  const ids: Record<string, string> = {};
  const HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z' });
    [agent, admin] = await Promise.all(['agent@example.com', 'admin@example.com'].map((e) => t.token(e)));
    const kim = (over: Record<string, unknown>) => ({ name: 'Kim Exportmark', language: 'en', ...over });
    ids.a = (
      await registerOk(t, agent, t.clients.ACME, {
        receivedAt: '2026-11-18T08:00:00Z',
        summary: 'KIM-A',
        description: HOSTILE,
        customer: kim({ email: 'Kim.Export@example.org', phone: '070-222 33 44' }),
      })
    ).id;
    await actOk(t, agent, ids.a, 'acknowledge', { via: 'email', message: 'We are on it, Kim', responsibleFunction: 'Billing team' });
    ids.b = (
      await registerOk(t, agent, t.clients.ACME, {
        receivedAt: '2026-11-18T08:30:00Z',
        summary: 'KIM-B',
        customer: kim({ phone: '+46702223344' }),
      })
    ).id;
    ids.other = (
      await registerOk(t, agent, t.clients.ACME, {
        summary: 'NOT-KIM',
        customer: kim({ email: 'someone.else@example.org', phone: '070-222 33 45' }),
      })
    ).id;
    ids.globex = (
      await registerOk(t, agent, t.clients.GLOBEX, { summary: 'KIM-GLOBEX', customer: kim({ email: 'kim.export@example.org' }) })
    ).id;
  });
  afterAll(() => t.close());

  const exportOf = (q: Record<string, string>, token = admin, accept?: string) => {
    const r = t.http.get('/api/customers/export').query(q).set(auth(token));
    return accept ? r.set('Accept', accept) : r;
  };

  it('R4.5-f: by phone (any national or international format, compared in E.164) and by e-mail (any case), only that client’s complaints, oldest first', async () => {
    const byPhone = await exportOf({ clientId: t.clients.ACME, phone: '+46 70 222 33 44' });
    expect(byPhone.status).toBe(200);
    expect(byPhone.headers['cache-control']).toBe('no-store');
    expect(byPhone.body).toMatchObject({
      clientId: t.clients.ACME,
      clientName: expect.any(String),
      generatedAt: '2026-11-18T10:00:00.000Z',
      query: { email: null, phone: '+46702223344' },
    });
    expect(byPhone.body.complaints.map((c: { id: string }) => c.id)).toEqual([ids.a, ids.b]);
    const byMail = await exportOf({ clientId: t.clients.ACME, email: 'KIM.EXPORT@example.ORG' });
    expect(byMail.body.complaints.map((c: { id: string }) => c.id)).toEqual([ids.a]);
    const both = await exportOf({ clientId: t.clients.ACME, email: 'kim.export@example.org', phone: '0702223344' });
    expect(both.body.complaints.map((c: { id: string }) => c.id)).toEqual([ids.a, ids.b]);
    const globex = await exportOf({ clientId: t.clients.GLOBEX, email: 'kim.export@example.org' });
    expect(globex.body.complaints.map((c: { id: string }) => c.id)).toEqual([ids.globex]);
  });

  it('R4.5-f: each complaint carries what every store holds: its record, its timeline and the e-mails to the customer', async () => {
    const res = await exportOf({ clientId: t.clients.ACME, email: 'kim.export@example.org' });
    const [a] = res.body.complaints;
    expect(a).toMatchObject({
      id: ids.a,
      reference: expect.stringMatching(/^ACME-/),
      status: 'acknowledged',
      receivedAt: expect.any(String),
      closedAt: null,
      erasedAt: null,
    });
    expect(a.personalData.complaint).toMatchObject({
      summary: 'KIM-A',
      description: HOSTILE,
      customer: { name: 'Kim Exportmark', email: 'Kim.Export@example.org', phone: '070-222 33 44', language: 'en' },
    });
    expect(a.personalData.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['registered', 'acknowledged']));
    expect(a.personalData.timeline.find((e: { type: string }) => e.type === 'acknowledged')).toMatchObject({
      by: 'agent',
      data: { message: 'We are on it, Kim' },
    });
    expect(JSON.stringify(a.personalData.timeline)).not.toContain('agent@example.com');
    expect(a.personalData.emails).toEqual([
      expect.objectContaining({
        kind: 'customer_acknowledged',
        to: 'Kim.Export@example.org',
        status: 'pending',
        body: expect.stringContaining('Kim Exportmark'),
      }),
    ]);
  });

  it('R4.5-f: every export appends personal_data_exported (the admin, the format) and an export row in the access log of each complaint found', async () => {
    t.clock.set('2026-11-18T12:30:00Z');
    await exportOf({ clientId: t.clients.ACME, phone: '0702223344', format: 'html' });
    for (const id of [ids.a, ids.b]) {
      const detail = (await t.http.get(`/api/complaints/${id}`).set(auth(admin))).body;
      const last = detail.timeline.filter((e: { type: string }) => e.type === 'personal_data_exported').pop();
      expect(last).toMatchObject({
        at: '2026-11-18T12:30:00.000Z',
        actor: { email: 'admin@example.com', role: 'admin' },
        data: { format: 'html' },
      });
      const log = (await t.http.get(`/api/complaints/${id}/access-log`).set(auth(admin))).body.items;
      expect(log[0]).toMatchObject({ user: { email: 'admin@example.com' }, hour: '2026-11-18T12:00:00.000Z', kinds: ['export', 'read'] });
    }
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = $1 AND type = 'personal_data_exported'`,
      [ids.other],
    );
    expect(n).toBe(0);
    t.clock.set('2026-11-18T10:00:00Z');
  });

  it('R4.5-f: the printable HTML page (format=html or Accept: text/html) escapes every value — the customer’s text is shown, never run', async () => {
    for (const res of [
      await exportOf({ clientId: t.clients.ACME, email: 'kim.export@example.org', format: 'html' }),
      await exportOf({ clientId: t.clients.ACME, email: 'kim.export@example.org' }, admin, 'text/html'),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.text).toMatch(/^<!doctype html>/);
      expect(res.text).toContain('Kim Exportmark');
      expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
      expect(res.text).not.toMatch(/<script|<img/i);
    }
    const json = await exportOf({ clientId: t.clients.ACME, email: 'kim.export@example.org' }, admin, 'application/json, text/html;q=0.5');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
  });

  it('R4.5-f: admins only (403); no e-mail and no phone, a phone that is none, unknown fields → 400 naming them; unknown client → 404', async () => {
    expect((await exportOf({ clientId: t.clients.ACME, email: 'kim.export@example.org' }, agent)).status).toBe(403);
    expect((await exportOf({ clientId: t.clients.ACME, email: 'kim.export@example.org' }, await t.token('lead@example.com'))).status).toBe(
      403,
    );
    const none = await exportOf({ clientId: t.clients.ACME });
    expect([none.status, none.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['email', 'phone']]);
    for (const [q, field] of [
      [{ clientId: t.clients.ACME, phone: '12' }, 'phone'],
      [{ clientId: t.clients.ACME, phone: 'call me' }, 'phone'],
      [{ clientId: t.clients.ACME, email: 'not-an-address' }, 'email'],
      [{ clientId: 'ACME', email: 'a@b.c' }, 'clientId'],
      [{ clientId: t.clients.ACME, email: 'a@b.c', format: 'pdf' }, 'format'],
      [{ clientId: t.clients.ACME, email: 'a@b.c', name: 'Kim' }, 'name'],
    ] as Array<[Record<string, string>, string]>) {
      const res = await exportOf(q);
      expect([field, res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([
        field,
        400,
        expect.arrayContaining([field]),
      ]);
    }
    expect((await exportOf({ clientId: '00000000-0000-4000-8000-000000000000', email: 'a@b.c' })).status).toBe(404);
  });
});
