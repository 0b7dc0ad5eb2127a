import { createTestApp, TestApp } from '../../testing/test-app';
import { auth, login, registerBody, registerOk } from '../../testing/complaint-helpers';

describe('Complaints: register — validation, references, idempotency (R4.4-e a)', () => {
  let t: TestApp;
  let agent: string;
  let agentAcme: string;
  const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM complaints'))[0].n as number;
  const events = async () => (await t.db.query('SELECT count(*)::int AS n FROM complaint_events'))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z', env: { BACKGROUND_JOBS: 'false' } });
    await t.app.listen(0, '127.0.0.1');
    agent = await t.token('agent@example.com');
    agentAcme = await t.token('agent.acme@example.com');
  });
  afterAll(() => t.close());

  it('stores text exactly as given (any Unicode), snapshots policy and calendar, defaults receivedAt to now and priority to normal', async () => {
    const summary = '  Dubbeldebiterad för november — 請求が二重 😡  ';
    const body = registerBody(t.clients.ACME, { summary, receivedAt: undefined, priority: undefined });
    delete body['receivedAt'];
    delete body['priority'];
    const res = await t.http.post('/api/complaints').set(auth(agent)).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      summary,
      priority: 'normal',
      receivedAt: '2026-11-18T10:00:00.000Z',
      registeredAt: '2026-11-18T10:00:00.000Z',
    });
    const [row] = await t.db.query('SELECT summary, policy_snapshot, calendar_snapshot FROM complaints WHERE id = $1', [res.body.id]);
    expect(row.summary).toBe(summary);
    expect(row.policy_snapshot.acknowledgeWithin).toEqual({ amount: 1, unit: 'business_days' });
    expect(row.calendar_snapshot.timezone).toBe('Europe/Stockholm');
  });

  it('references are <CODE>-<YYYY>-<6 digits>, unique and increasing per client (year in the client’s time zone)', async () => {
    const a = await Promise.all(Array.from({ length: 8 }, () => registerOk(t, agent, t.clients.ACME)));
    const g = await registerOk(t, agent, t.clients.GLOBEX);
    const seqs = a.map((c) => Number(c.reference.split('-')[2])).sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(8);
    expect(seqs[7] - seqs[0]).toBe(7);
    expect(g.reference).toMatch(/^GLOBEX-2026-\d{6}$/);
    // 31 Dec 23:30 UTC is already 2027 in Stockholm.
    t.clock.set('2026-12-31T23:30:00Z');
    try {
      const res = await t.http
        .post('/api/complaints')
        .set(auth(await login(t, 'agent@example.com')))
        .send(registerBody(t.clients.ACME, { receivedAt: '2026-12-31T23:00:00Z' }));
      expect(res.body.reference).toBe('ACME-2027-000001');
    } finally {
      t.clock.set('2026-11-18T10:00:00Z');
    }
  });

  const bad400: Array<[string, (b: Record<string, unknown>) => unknown, string]> = [
    ['unknown field', (b) => ({ ...b, colour: 'red' }), 'colour'],
    ['unknown customer field', (b) => ({ ...b, customer: { ...(b['customer'] as object), age: 40 } }), 'customer.age'],
    ['summary too long', (b) => ({ ...b, summary: 'x'.repeat(201) }), 'summary'],
    ['summary empty', (b) => ({ ...b, summary: '' }), 'summary'],
    ['description too long', (b) => ({ ...b, description: 'x'.repeat(10_001) }), 'description'],
    ['customer name too long', (b) => ({ ...b, customer: { name: 'x'.repeat(201), email: 'a@b.se' } }), 'customer.name'],
    ['no email or phone', (b) => ({ ...b, customer: { name: 'Eva' } }), 'customer'],
    ['bad email', (b) => ({ ...b, customer: { name: 'Eva', email: 'not-an-email' } }), 'customer.email'],
    ['bad phone', (b) => ({ ...b, customer: { name: 'Eva', phone: 'call me' } }), 'customer.phone'],
    ['bad channel', (b) => ({ ...b, channel: 'fax' }), 'channel'],
    ['bad subject', (b) => ({ ...b, subject: 'other' }), 'subject'],
    ['bad priority', (b) => ({ ...b, priority: 'asap' }), 'priority'],
    ['summary wrong type', (b) => ({ ...b, summary: 42 }), 'summary'],
    ['customer wrong type', (b) => ({ ...b, customer: 'Eva' }), 'customer'],
    ['receivedAt without offset', (b) => ({ ...b, receivedAt: '2026-11-18T09:00:00' }), 'receivedAt'],
    ['receivedAt not a date', (b) => ({ ...b, receivedAt: 'yesterday' }), 'receivedAt'],
    ['clientId not a UUID', (b) => ({ ...b, clientId: 'ACME' }), 'clientId'],
    ['missing summary', (b) => ({ ...b, summary: undefined }), 'summary'],
    // R4.1-b: U+0000 cannot be stored by PostgreSQL — a 400 naming the field, never a 500.
    ['NUL in summary', (b) => ({ ...b, summary: 'Charged\u0000twice' }), 'summary'],
    ['NUL in description', (b) => ({ ...b, description: 'x\u0000' }), 'description'],
    ['NUL in customer name', (b) => ({ ...b, customer: { ...(b['customer'] as object), name: '\u0000Eva' } }), 'customer.name'],
    [
      'NUL in customer email',
      (b) => ({ ...b, customer: { ...(b['customer'] as object), email: 'eva@example.org\u0000' } }),
      'customer.email',
    ],
    ['NUL in customer phone', (b) => ({ ...b, customer: { ...(b['customer'] as object), phone: '+4670\u00001234567' } }), 'customer.phone'],
    ['NUL in an unknown field', (b) => ({ ...b, colour: 'r\u0000ed' }), 'colour'],
  ];
  it.each(bad400)('bad input → 400 naming the field, nothing written: %s', async (_name, mutate, field) => {
    const [n, e] = [await count(), await events()];
    const res = await t.http
      .post('/api/complaints')
      .set(auth(agent))
      .send(mutate(registerBody(t.clients.ACME)) as object);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((x: { field: string }) => x.field)).toContain(field);
    expect([await count(), await events()]).toEqual([n, e]);
  });

  const bad422: Array<[string, Record<string, unknown>, string, string]> = [
    ['receivedAt in the future', { receivedAt: '2026-11-18T12:00:00Z' }, 'receivedAt', 'RECEIVED_AT_IN_FUTURE'],
    ['receivedAt older than 365 days', { receivedAt: '2025-11-17T09:00:00Z' }, 'receivedAt', 'RECEIVED_AT_TOO_OLD'],
    ['unknown category', { categoryCode: 'NOPE' }, 'categoryCode', 'CATEGORY_NOT_FOUND'],
    ['category of another client', { categoryCode: 'DELIVERY.LATE' }, 'categoryCode', 'CATEGORY_NOT_FOUND'],
  ];
  it.each(bad422)('semantically wrong → 422, nothing written: %s', async (_name, over, field, code) => {
    const [n, e] = [await count(), await events()];
    const res = await t.http.post('/api/complaints').set(auth(agent)).send(registerBody(t.clients.ACME, over));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code, errors: [{ field }] });
    expect([await count(), await events()]).toEqual([n, e]);
  });

  it('receivedAt 364 days ago and a letter logged later are accepted; deadlines run from receipt', async () => {
    const c = await registerOk(t, agent, t.clients.ACME, { receivedAt: '2026-11-13T09:00:00+01:00', channel: 'letter' });
    // Fri 13 Nov + 1 business day = Mon 16 Nov 17:00 local: already breached.
    expect(c.deadlines.acknowledgeBy).toBe('2026-11-16T16:00:00.000Z');
    expect(c.sla.acknowledge).toBe('breached');
    expect(
      (
        await t.http
          .post('/api/complaints')
          .set(auth(agent))
          .send(registerBody(t.clients.ACME, { receivedAt: '2025-11-19T10:00:00Z' }))
      ).status,
    ).toBe(201);
  });

  it('malformed JSON → 400; body over 1 MB → 413; never 5xx, nothing written', async () => {
    const n = await count();
    const bad = await t.http.post('/api/complaints').set(auth(agent)).set('Content-Type', 'application/json').send('{"clientId": ');
    expect(bad.status).toBe(400);
    const big = await t.http
      .post('/api/complaints')
      .set(auth(agent))
      .send(registerBody(t.clients.ACME, { description: 'x'.repeat(1_100_000) }));
    expect(big.status).toBe(413);
    expect(await count()).toBe(n);
  });

  it('a client the caller does not serve → 404 (like an unknown one)', async () => {
    for (const clientId of [t.clients.GLOBEX, '00000000-0000-4000-8000-000000000000']) {
      const res = await t.http.post('/api/complaints').set(auth(agentAcme)).send(registerBody(clientId));
      expect(res.status).toBe(404);
    }
  });

  it('Idempotency-Key: same key + body → same complaint and status, nothing new; other body → 422; bad key → 400', async () => {
    const body = registerBody(t.clients.ACME, { summary: 'Idempotent one' });
    const first = await t.http.post('/api/complaints').set(auth(agent)).set('Idempotency-Key', 'k-1').send(body);
    expect(first.status).toBe(201);
    const [n, e] = [await count(), await events()];
    // Same body with keys in another order is the same body.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await t.http.post('/api/complaints').set(auth(agent)).set('Idempotency-Key', 'k-1').send(reordered);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.reference).toBe(first.body.reference);
    expect([await count(), await events()]).toEqual([n, e]);
    const other = await t.http
      .post('/api/complaints')
      .set(auth(agent))
      .set('Idempotency-Key', 'k-1')
      .send({ ...body, summary: 'Other' });
    expect(other.status).toBe(422);
    // Keys are per user: another user's same key is another request.
    const mine = await t.http.post('/api/complaints').set(auth(agentAcme)).set('Idempotency-Key', 'k-1').send(body);
    expect(mine.status).toBe(201);
    expect(mine.body.id).not.toBe(first.body.id);
    expect((await t.http.post('/api/complaints').set(auth(agent)).set('Idempotency-Key', 'x'.repeat(256)).send(body)).status).toBe(400);
    expect((await t.http.post('/api/complaints').set(auth(agent)).set('Idempotency-Key', '').send(body)).status).toBe(400);
  });

  it('Idempotency-Key: 10 parallel duplicates → one complaint, every answer the same id and 201', async () => {
    const body = registerBody(t.clients.GLOBEX, { summary: 'Parallel idempotent' });
    const n = await count();
    const res = await Promise.all(
      Array.from({ length: 10 }, () => t.http.post('/api/complaints').set(auth(agent)).set('Idempotency-Key', 'par-1').send(body)),
    );
    expect(res.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(res.map((r) => r.body.id)).size).toBe(1);
    expect(await count()).toBe(n + 1);
    const [{ k }] = await t.db.query(
      `SELECT count(*)::int AS k FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.summary = 'Parallel idempotent'`,
    );
    expect(k).toBe(1);
  });
});
