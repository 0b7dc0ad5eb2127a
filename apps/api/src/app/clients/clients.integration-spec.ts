import { createTestApp, TestApp } from '../../testing/test-app';

const hours = (d: string[][]) => ({ mon: d, tue: d, wed: d, thu: d, fri: d, sat: [], sun: [] });
const validClient = (code: string) => ({
  code,
  name: 'Initech Telecom',
  timezone: 'Europe/London',
  businessHours: hours([
    ['09:00', '12:30'],
    ['13:30', '17:30'],
  ]),
  holidays: ['2026-12-25', '2026-12-28'],
  policy: {
    acknowledgeWithin: { amount: 1, unit: 'business_days' },
    resolveWithin: { amount: 8, unit: 'calendar_days' },
    updateEvery: { amount: 24, unit: 'business_hours' },
    atRiskAt: 0.8,
    reopenWithinDays: 30,
    rootCauses: [{ code: 'NETWORK', name: 'Network fault' }],
  },
  categories: [{ code: 'BROADBAND', name: 'Broadband', children: [{ code: 'BROADBAND.SPEED', name: 'Speed' }] }],
  complaintInfo: 'Call 0800 000 000 or write to complaints@initech.example. We answer within 8 weeks.',
});

describe('Clients and the agreed complaint process (R4.4-b, R4.4-c)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin@example.com');
  });
  afterAll(() => t.close());

  const post = (body: unknown, token = admin) =>
    t.http
      .post('/api/clients')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  it('creates a client (201 with id) and returns it with its policy and categories', async () => {
    const res = await post(validClient('INITECH'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), code: 'INITECH', timezone: 'Europe/London' });
    expect(res.body.policy.resolveWithin).toEqual({ amount: 8, unit: 'calendar_days' });
    const got = await t.http.get(`/api/clients/${res.body.id}`).set('Authorization', `Bearer ${admin}`);
    expect(got.status).toBe(200);
    expect(got.body.categories[0].children[0].code).toBe('BROADBAND.SPEED');
  });

  it('answers 409 problem+json for a duplicate code', async () => {
    const res = await post({ ...validClient('ACME'), name: 'Another Acme' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'code', message: expect.any(String) }]);
  });

  it.each([
    ['code', { code: 'a' }],
    ['code', { code: 'TOOLONGCODE123' }],
    ['timezone', { timezone: 'Mars/Olympus' }],
    ['timezone', { timezone: 'CET+99' }],
    ['businessHours', { businessHours: { mon: [['8:00', '17:00']] } }],
    ['businessHours', { businessHours: hours([['25:00', '26:00']]) }],
    ['holidays', { holidays: ['2026-13-45'] }],
    ['holidays', { holidays: ['24/12/2026'] }],
    ['policy.resolveWithin.unit', { policy: { ...validClient('X').policy, resolveWithin: { amount: 5, unit: 'weeks' } } }],
    ['policy.resolveWithin.amount', { policy: { ...validClient('X').policy, resolveWithin: { amount: 0, unit: 'hours' } } }],
    ['policy.atRiskAt', { policy: { ...validClient('X').policy, atRiskAt: 1.5 } }],
    ['categories[0].code', { categories: [{ code: 'bad code', name: 'x' }] }],
    ['name', { name: '' }],
  ])('rejects an invalid %s with 400 naming the field', async (field, patch) => {
    const res = await post({ ...validClient('BADONE'), ...patch });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields: string[] = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields.some((f) => f === field || f.startsWith(`${field}[`))).toBe(true);
  });

  it.each([
    [
      'overlapping intervals',
      hours([
        ['08:00', '12:00'],
        ['11:00', '17:00'],
      ]),
    ],
    [
      'unsorted intervals',
      hours([
        ['13:00', '17:00'],
        ['08:00', '12:00'],
      ]),
    ],
    ['an interval ending before it starts', hours([['17:00', '08:00']])],
    ['a week without any business day', hours([])],
  ])('rejects business hours with %s (422: well-formed, semantically wrong)', async (_label, businessHours) => {
    const res = await post({ ...validClient('BADHOURS'), businessHours });
    expect(res.status).toBe(422);
    expect(res.body.errors.some((e: { field: string }) => e.field.startsWith('businessHours'))).toBe(true);
  });

  it('rejects a category tree with duplicate codes (422)', async () => {
    const res = await post({
      ...validClient('DUPCAT'),
      categories: [
        { code: 'A', name: 'A', children: [{ code: 'A.1', name: 'One' }] },
        { code: 'B', name: 'B', children: [{ code: 'A.1', name: 'Again' }] },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('categories[1].children[0].code');
  });

  it('rejects unknown fields, also nested ones (400, whitelist)', async () => {
    const res = await post({ ...validClient('UNK'), colour: 'red', policy: { ...validClient('X').policy, secret: 1 } });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['colour', 'policy.secret']));
  });

  it('leaves nothing written when a client is rejected', async () => {
    await post({ ...validClient('HALF'), businessHours: hours([]) });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM clients WHERE code = 'HALF'`);
    expect(n).toBe(0);
  });

  it('PATCH changes the policy (admin) and validates the merged settings', async () => {
    const created = await post(validClient('PATCHME'));
    const id = created.body.id;
    const ok = await t.http
      .patch(`/api/clients/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ policy: { ...validClient('X').policy, resolveWithin: { amount: 15, unit: 'business_days' } } });
    expect(ok.status).toBe(200);
    expect(ok.body.policy.resolveWithin).toEqual({ amount: 15, unit: 'business_days' });
    const bad = await t.http.patch(`/api/clients/${id}`).set('Authorization', `Bearer ${admin}`).send({ timezone: 'Nowhere/Land' });
    expect(bad.status).toBe(400);
    const codeChange = await t.http.patch(`/api/clients/${id}`).set('Authorization', `Bearer ${admin}`).send({ code: 'NEWCODE' });
    expect(codeChange.status).toBe(400);
  });

  it('only admins create or change clients (403 for team lead and agent)', async () => {
    expect((await post(validClient('NOPE'), await t.token('lead@example.com'))).status).toBe(403);
    expect((await post(validClient('NOPE'), await t.token('agent@example.com'))).status).toBe(403);
    const patch = await t.http
      .patch(`/api/clients/${t.clients['ACME']}`)
      .set('Authorization', `Bearer ${await t.token('lead@example.com')}`)
      .send({ name: 'x' });
    expect(patch.status).toBe(403);
  });

  it('GET /api/clients lists only the clients the caller serves', async () => {
    const codes = async (email: string) =>
      (await t.http.get('/api/clients').set('Authorization', `Bearer ${await t.token(email)}`)).body.map((c: { code: string }) => c.code);
    expect(await codes('viewer.acme@example.com')).toEqual(['ACME']);
    expect(await codes('viewer.globex@example.com')).toEqual(['GLOBEX']);
    expect(await codes('agent.acme@example.com')).toEqual(['ACME']);
    expect(await codes('lead@example.com')).toEqual(['ACME', 'GLOBEX']);
    expect(await codes('admin@example.com')).toEqual(expect.arrayContaining(['ACME', 'GLOBEX', 'INITECH']));
  });

  it('answers 404 alike for an unknown id, a malformed id and a client the caller does not serve', async () => {
    const token = await t.token('agent.acme@example.com');
    const other = await t.http.get(`/api/clients/${t.clients['GLOBEX']}`).set('Authorization', `Bearer ${token}`);
    const unknown = await t.http.get('/api/clients/4f7c2a8e-1111-4222-8333-944455556666').set('Authorization', `Bearer ${token}`);
    const malformed = await t.http.get('/api/clients/not-a-uuid').set('Authorization', `Bearer ${token}`);
    for (const res of [other, unknown, malformed]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(other.body.detail).toBe(unknown.body.detail);
  });

  it('serves where and how to complain without sign-in (R4.4-c)', async () => {
    const res = await t.http.get('/api/public/clients/ACME/complaint-info');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 'ACME', name: 'Acme Energy', complaintInfo: expect.stringContaining('klagomal@acme-energy.example') });
    expect(Object.keys(res.body)).toEqual(['code', 'name', 'complaintInfo']);
    expect((await t.http.get('/api/public/clients/NOSUCH/complaint-info')).status).toBe(404);
    expect((await t.http.get('/api/public/clients/bad%20code/complaint-info')).status).toBe(404);
  });

  it('the same new code posted 6 times at once: one 201, the rest 409 problem+json (the unique index decides), one row', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => post(validClient('RACE'))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(r.body)).not.toMatch(/violates|constraint|Key \(/);
    }
    expect(await t.db.query(`SELECT count(*)::int AS n FROM clients WHERE code = 'RACE'`)).toEqual([{ n: 1 }]);
  });
});
