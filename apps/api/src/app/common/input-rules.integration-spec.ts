import { createTestApp, TestApp } from '../../testing/test-app';
import { actOk, auth, registerBody, registerOk } from '../../testing/complaint-helpers';

/**
 * Contract Part 2, "Input and transport rules" and "Which answer wins" (issue 10 items 1, 5–11, 13):
 * whatever a client sends, the answer is a 4xx problem+json naming what is wrong — never a 500,
 * never a silently changed value (R4.1-b reliable; R4.2-a what customers are told is correct;
 * R4.5-f customer data protected).
 */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const fields = (res: { body: { errors?: Array<{ field: string }> } }) => (res.body.errors ?? []).map((e) => e.field);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

const hours = (d: string[][]) => ({ mon: d, tue: d, wed: d, thu: d, fri: d, sat: [], sun: [] });
const validClient = (code: string) => ({
  code,
  name: 'Initech Telecom',
  timezone: 'Europe/London',
  businessHours: hours([['09:00', '17:00']]),
  holidays: ['2026-12-25'],
  policy: {
    acknowledgeWithin: { amount: 1, unit: 'business_days' },
    resolveWithin: { amount: 8, unit: 'calendar_days' },
    updateEvery: { amount: 24, unit: 'business_hours' },
    atRiskAt: 0.8,
    reopenWithinDays: 30,
  },
  categories: [{ code: 'BROADBAND', name: 'Broadband' }],
  complaintInfo: 'Call 0800 000 000.',
});

describe('Input and transport rules (contract Part 2; R4.1-b, R4.5-f)', () => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  let acme: string;
  const count = async (table: string): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const raw = (method: 'post' | 'patch' | 'put', url: string, body: string, token?: string, contentType = 'application/json') => {
    const r = t.http[method](url).set('Content-Type', contentType);
    if (token) r.set(auth(token));
    return r.send(body);
  };
  const expectProblem = (res: { status: number; headers: Record<string, string>; text: string }, status: number) => {
    expect([res.status, res.text.slice(0, 300)]).toEqual([status, expect.any(String)]);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toMatch(/RangeError|URIError|at .*\.[jt]s:\d+|node_modules/);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin@example.com');
    agent = await t.token('agent@example.com');
    acme = t.clients['ACME'];
  });
  afterAll(() => t.close());

  describe('1. JSON nested deeper than 32 levels → 400 before any transformation', () => {
    it('sign-in with 5000 nested objects → 400 naming body, not a 500 RangeError', async () => {
      const res = await raw('post', '/api/auth/login', '{"email":"a@b.c","password":"x","a":' + deepObject(5000) + '}');
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(/deeper than 32/) }]);
    });

    it('2000 nested arrays → 400 naming body', async () => {
      const res = await raw('post', '/api/auth/login', '['.repeat(2000) + ']'.repeat(2000));
      expectProblem(res, 400);
      expect(fields(res)).toEqual(['body']);
    });

    it('32 levels are read (the error is about the unknown field, not the depth); 33 are not', async () => {
      const ok = await raw('post', '/api/auth/login', '{"email":"a@b.c","password":"x","a":' + deepObject(31) + '}');
      expectProblem(ok, 400);
      expect(fields(ok)).toEqual(['a']);
      const deep = await raw('post', '/api/auth/login', '{"email":"a@b.c","password":"x","a":' + deepObject(32) + '}');
      expect(fields(deep)).toEqual(['body']);
    });

    it('on an authenticated JSON endpoint too (register a complaint), and nothing is written', async () => {
      const before = await count('complaints');
      const body = JSON.stringify(registerBody(acme)).replace(/}$/, `,"x":${deepObject(100)}}`);
      const res = await raw('post', '/api/complaints', body, agent);
      expectProblem(res, 400);
      expect(fields(res)).toEqual(['body']);
      expect(await count('complaints')).toBe(before);
    });
  });

  describe('5. null for a field that is not nullable → 400 naming the field', () => {
    it.each(['name', 'complaintInfo', 'policy', 'categories', 'timezone', 'businessHours', 'holidays'])(
      'PATCH /api/clients/:id {"%s": null} → 400 naming it, the client unchanged',
      async (field) => {
        const before = (await t.http.get(`/api/clients/${acme}`).set(auth(admin))).body;
        const res = await t.http
          .patch(`/api/clients/${acme}`)
          .set(auth(admin))
          .send({ [field]: null });
        expectProblem(res, 400);
        expect(fields(res)).toContain(field);
        expect((await t.http.get(`/api/clients/${acme}`).set(auth(admin))).body).toEqual(before);
      },
    );

    it('null inside a policy, a category or a user change → 400 naming the field', async () => {
      const policy = { ...validClient('X').policy, rootCauses: null };
      expect(fields(await t.http.patch(`/api/clients/${acme}`).set(auth(admin)).send({ policy }))).toContain('policy.rootCauses');
      const categories = [{ code: 'A', name: 'A', children: null }];
      expect(fields(await t.http.patch(`/api/clients/${acme}`).set(auth(admin)).send({ categories }))).toContain('categories[0].children');
      const users = (await t.http.get('/api/users').set(auth(admin))).body as Array<{ id: string; email: string }>;
      const user = users.find((u) => u.email === 'agent.acme@example.com')!;
      for (const field of ['role', 'clientIds', 'password', 'active']) {
        const res = await t.http
          .patch(`/api/users/${user.id}`)
          .set(auth(admin))
          .send({ [field]: null });
        expectProblem(res, 400);
        expect(fields(res)).toContain(field);
      }
    });

    it('null for policy.retention, policy.requireIdentityCheck or an erasure e-mail → 400 naming it (R4.5-f)', async () => {
      for (const [field, value] of [
        ['retention', null],
        ['requireIdentityCheck', null],
      ] as const) {
        const res = await t.http
          .patch(`/api/clients/${acme}`)
          .set(auth(admin))
          .send({ policy: { ...validClient('X').policy, [field]: value } });
        expectProblem(res, 400);
        expect(fields(res)).toEqual([`policy.${field}`]);
      }
      const erase = await t.http
        .post('/api/customers/erase')
        .set(auth(admin))
        .send({ clientId: acme, email: null, phone: '+46701234567', reason: 'Asked' });
      expectProblem(erase, 400);
      expect(fields(erase)).toEqual(['email']);
    });

    it('register: null receivedAt, priority or categoryCode → 400; a null customer e-mail (nullable) is fine', async () => {
      for (const field of ['receivedAt', 'priority', 'categoryCode']) {
        const res = await t.http
          .post('/api/complaints')
          .set(auth(agent))
          .send(registerBody(acme, { [field]: null }));
        expectProblem(res, 400);
        expect(fields(res)).toEqual([field]);
      }
      const ok = await t.http
        .post('/api/complaints')
        .set(auth(agent))
        .send(registerBody(acme, { customer: { name: 'Eva', email: null, phone: '+46701234567' } }));
      expect(ok.status).toBe(201);
    });
  });

  describe('6, 10. a lone UTF-16 surrogate in any string → 400 naming the field (never a 500, never U+FFFD)', () => {
    it('POST /api/users {"email":"\\ud800"} → 400 naming email (today URIError in isEmail → 500)', async () => {
      const res = await raw(
        'post',
        '/api/users',
        '{"email":"\\ud800","password":"a long password 1","role":"agent","clientIds":[]}',
        admin,
      );
      expectProblem(res, 400);
      expect(fields(res)).toContain('email');
    });

    it('a complaint whose customer.email is "a\\udfffb@example.org" → 400 naming customer.email, nothing written', async () => {
      const before = await count('complaints');
      const body = JSON.stringify(registerBody(acme)).replace('"eva@example.org"', '"a\\udfffb@example.org"');
      const res = await raw('post', '/api/complaints', body, agent);
      expectProblem(res, 400);
      expect(fields(res)).toEqual(['customer.email']);
      expect(await count('complaints')).toBe(before);
    });

    it('in free text (summary, description, a note) and in an object key → 400 naming it; nothing is stored as U+FFFD', async () => {
      const body = JSON.stringify(registerBody(acme)).replace('"Charged twice for November"', '"Charged \\ud83d twice"');
      const res = await raw('post', '/api/complaints', body, agent);
      expectProblem(res, 400);
      expect(fields(res)).toEqual(['summary']);
      const key = await raw('post', '/api/complaints', JSON.stringify(registerBody(acme)).replace('"summary"', '"\\udc00summary"'), agent);
      expectProblem(key, 400);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM complaints WHERE summary LIKE '%' || chr(65533) || '%'`);
      expect(n).toBe(0);
    });

    it('a well-formed pair (emoji) is stored exactly as given', async () => {
      const c = await registerOk(t, agent, acme, { summary: 'Arg 😡 𝄞' });
      expect(c['summary']).toBe('Arg 😡 𝄞');
    });

    it('a query value or path segment that is not valid UTF-8 percent-encoding → 400 naming it', async () => {
      const q = await t.http.get('/api/complaints?q=%ED%A0%80').set(auth(agent));
      expectProblem(q, 400);
      expect(fields(q)).toEqual(['q']);
      const p = await t.http.get('/api/public/clients/%ED%A0%80/complaint-info');
      expectProblem(p, 400);
    });
  });

  describe('7. a date that does not exist on the calendar → 400, never rolled over', () => {
    it.each([
      ['2026-02-30T10:00:00Z'],
      ['2026-11-17T24:00:00Z'],
      ['2026-11-17T24:00+01:00'],
      ['2026-04-31T10:00:00+02:00'],
      ['2026-11-17T10:00:00+25:00'],
    ])('register receivedAt %s → 400 naming receivedAt, nothing written', async (receivedAt) => {
      const before = await count('complaints');
      const res = await t.http.post('/api/complaints').set(auth(agent)).send(registerBody(acme, { receivedAt }));
      expectProblem(res, 400);
      expect(fields(res)).toEqual(['receivedAt']);
      expect(await count('complaints')).toBe(before);
    });

    it('acknowledge expectedResolutionBy and extend newResolveBy on 2026-02-29 / T24:00 → 400 naming the field', async () => {
      const c = await registerOk(t, agent, acme);
      const ack = await t.http
        .post(`/api/complaints/${c.id}/acknowledge`)
        .set(auth(agent))
        .send({ via: 'email', responsibleFunction: 'Billing', expectedResolutionBy: '2027-02-29T12:00:00Z' });
      expectProblem(ack, 400);
      expect(fields(ack)).toEqual(['expectedResolutionBy']);
      await actOk(t, agent, c.id, 'acknowledge', { via: 'email', responsibleFunction: 'Billing' });
      const ext = await t.http
        .post(`/api/complaints/${c.id}/extend`)
        .set(auth(agent))
        .send({ newResolveBy: '2027-01-31T24:00:00Z', reason: 'Waiting', actionPlan: 'Chase weekly' });
      expectProblem(ext, 400);
      expect(fields(ext)).toEqual(['newResolveBy']);
    });

    it('list receivedFrom / receivedTo and statistics from / to → 400 naming the field', async () => {
      for (const [field, value] of [
        ['receivedFrom', '2026-02-30'],
        ['receivedTo', '2026-11-18T24:00:00Z'],
        ['receivedFrom', '2026-13-01'],
      ]) {
        const res = await t.http
          .get('/api/complaints')
          .query({ [field]: value })
          .set(auth(agent));
        expectProblem(res, 400);
        expect(fields(res)).toEqual([field]);
      }
      // 9999-12-31T23:59:59Z is year 10 000 in the client's zone: was a 500 (PostgreSQL 22009), found by the fuzz suite.
      for (const [field, value] of [
        ['from', '2026-02-30'],
        ['to', '2026-11-01T24:00:00Z'],
        ['to', '9999-12-31T23:59:59Z'],
      ]) {
        const res = await t.http
          .get('/api/stats/summary')
          .query({ clientId: acme, [field]: value })
          .set(auth(agent));
        expectProblem(res, 400);
        expect(fields(res)).toEqual([field]);
      }
      const leap = await t.http
        .get('/api/complaints')
        .query({ receivedFrom: '2028-02-29', receivedTo: '2028-03-01T00:00:00+01:00' })
        .set(auth(agent));
      expect(leap.status).toBe(200);
    });

    it('a client holiday 2026-02-30 → 400 naming holidays; 2028-02-29 is fine', async () => {
      const res = await t.http
        .post('/api/clients')
        .set(auth(admin))
        .send({ ...validClient('FEB30'), holidays: ['2026-02-30'] });
      expectProblem(res, 400);
      expect(fields(res)).toContain('holidays');
      expect(
        (
          await t.http
            .post('/api/clients')
            .set(auth(admin))
            .send({ ...validClient('LEAP'), holidays: ['2028-02-29'] })
        ).status,
      ).toBe(201);
    });
  });

  describe('8. POST / PATCH / PUT whose Content-Type is not application/json → 415', () => {
    it('PATCH /api/users/:id text/plain {"active":false} → 415 and the user stays active (today 200, nothing changed)', async () => {
      const users = (await t.http.get('/api/users').set(auth(admin))).body as Array<{ id: string; email: string }>;
      const user = users.find((u) => u.email === 'viewer.globex@example.com')!;
      const res = await raw('patch', `/api/users/${user.id}`, '{"active":false}', admin, 'text/plain');
      expectProblem(res, 415);
      expect(fields(res)).toEqual(['Content-Type']);
      expect((await t.http.get(`/api/users/${user.id}`).set(auth(admin))).body.active).toBe(true);
    });

    it('a form-encoded registration → 415, nothing written', async () => {
      const before = await count('complaints');
      const res = await t.http.post('/api/complaints').set(auth(agent)).type('form').send({ clientId: acme, channel: 'phone' });
      expectProblem(res, 415);
      expect(await count('complaints')).toBe(before);
    });

    it('a body-less POST with a wrong content type → 415; without a content type it is fine', async () => {
      const lead = await t.token('lead@example.com');
      expectProblem(await t.http.post('/api/escalations/run').set(auth(lead)).set('Content-Type', 'text/plain'), 415);
      expect((await t.http.post('/api/escalations/run').set(auth(lead))).status).toBe(200);
    });

    it('a body without any content type → 415; application/json with a charset is fine', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .set('Content-Type', '')
        .send('{"email":"agent@example.com","password":"demo-password"}');
      expectProblem(res, 415);
      const ok = await raw(
        'post',
        '/api/auth/login',
        '{"email":"agent@example.com","password":"demo-password"}',
        undefined,
        'application/json; charset=utf-8',
      );
      expect(ok.status).toBe(200);
    });
  });

  describe('9. keys __proto__, constructor, prototype → 400 at any level', () => {
    it.each([
      ['__proto__', '{"email":"agent@example.com","password":"demo-password","__proto__":{"admin":true}}'],
      ['constructor', '{"email":"agent@example.com","password":"demo-password","constructor":{"prototype":{}}}'],
      ['prototype', '{"email":"agent@example.com","password":"demo-password","prototype":1}'],
    ])('sign-in with an own key %s → 400 naming it', async (key, body) => {
      const res = await raw('post', '/api/auth/login', body);
      expectProblem(res, 400);
      expect(fields(res)).toContain(key);
    });

    it('nested in a complaint (customer.__proto__) and in a client category list → 400, nothing written (today 201)', async () => {
      const before = await count('complaints');
      const body = JSON.stringify(registerBody(acme)).replace('"customer":{', '"customer":{"__proto__":{"x":1},');
      const res = await raw('post', '/api/complaints', body, agent);
      expectProblem(res, 400);
      expect(fields(res)).toEqual(['customer.__proto__']);
      expect(await count('complaints')).toBe(before);
      const client = JSON.stringify(validClient('PROTO')).replace('"categories":[{', '"categories":[{"constructor":{},');
      const c = await raw('post', '/api/clients', client, admin);
      expectProblem(c, 400);
      expect(fields(c)).toEqual(['categories[0].constructor']);
    });
  });

  describe('11. categories nested in arrays ([[]]) → 400', () => {
    it.each([[[[]]], [[[{ code: 'A', name: 'A' }]]], [[{ code: 'A', name: 'A', children: [[]] }]]])(
      'create and PATCH with categories %j → 400 naming categories',
      async (categories) => {
        const created = await t.http
          .post('/api/clients')
          .set(auth(admin))
          .send({ ...validClient('NESTED'), categories });
        expectProblem(created, 400);
        expect(fields(created).some((f) => f.startsWith('categories'))).toBe(true);
        const patched = await t.http.patch(`/api/clients/${acme}`).set(auth(admin)).send({ categories });
        expectProblem(patched, 400);
        expect(fields(patched).some((f) => f.startsWith('categories'))).toBe(true);
      },
    );
  });

  describe('13. transport: 405 with Allow, a URL over 16 KB, Cache-Control', () => {
    it('DELETE /api/clients/:id → 405 problem+json with Allow (today 404); an unknown path stays 404', async () => {
      const res = await t.http.delete(`/api/clients/${acme}`).set(auth(admin));
      expectProblem(res, 405);
      expect(res.headers['allow']).toBe('GET, HEAD, PATCH');
      const login = await t.http.get('/api/auth/login');
      expectProblem(login, 405);
      expect(login.headers['allow']).toBe('POST');
      const put = await t.http.put('/api/complaints').set(auth(agent)).send({});
      expectProblem(put, 405);
      expect(put.headers['allow']).toBe('GET, HEAD, POST');
      expectProblem(await t.http.delete('/api/no-such-thing').set(auth(admin)), 404);
      // A path parameter that is not valid percent-encoding still names the route: 405 for a method it does not serve.
      const undecodable = await t.http.patch('/api/complaints/%ED%A0%80/close').set(auth(admin)).send({});
      expectProblem(undecodable, 405);
      expect(undecodable.headers['allow']).toBe('POST');
      expectProblem(await t.http.get('/api/complaints/%ZZ/reopen').set(auth(admin)), 405);
    });

    it('every known path answers 405 with Allow for a method it does not serve', async () => {
      const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
      const wrong: string[] = [];
      for (const [path, ops] of Object.entries(doc.paths)) {
        const url = path.replace(/\{[^}]+\}/g, (m) => (m === '{code}' ? 'ACME' : UNKNOWN_ID));
        const documented = Object.keys(ops).map((m) => m.toUpperCase());
        const unsupported = ['DELETE', 'PUT', 'PATCH', 'POST'].find((m) => !documented.includes(m))!;
        const res = await t.http[unsupported.toLowerCase() as 'delete'](url).set(auth(admin));
        const allow = String(res.headers['allow'] ?? '').split(', ');
        if (res.status !== 405 || !documented.every((m) => allow.includes(m)))
          wrong.push(`${unsupported} ${path} → ${res.status} Allow: ${allow}`);
      }
      expect(wrong).toEqual([]);
    });

    it('a URL over 16 KB or an oversized header → 431 problem+json (a real socket), not a bare 431', async () => {
      const long = await t.http.get(`/api/complaints?q=${'a'.repeat(17 * 1024)}`);
      expectProblem(long, 431);
      expect(long.body).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
      const header = await t.http.get('/api/health').set('X-Big', 'b'.repeat(17 * 1024));
      expectProblem(header, 431);
    });

    it('Cache-Control: no-store on every /api answer that can carry customer data, errors included; not on health and docs', async () => {
      const c = await registerOk(t, agent, acme);
      const answers = [
        await t.http.get(`/api/complaints/${c.id}`).set(auth(agent)),
        await t.http.get('/api/complaints').set(auth(agent)),
        await t.http.post('/api/complaints').set(auth(agent)).send(registerBody(acme)),
        await t.http.get('/api/complaints'),
        await t.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'demo-password' }),
        await t.http.get(`/api/stats/export.csv?clientId=${acme}`).set(auth(agent)),
      ];
      expect(answers.map((r) => [r.status, r.headers['cache-control']])).toEqual(answers.map((r) => [r.status, 'no-store']));
      expect((await t.http.get('/api/health')).headers['cache-control']).toBeUndefined();
      expect((await t.http.get('/api/docs-json')).headers['cache-control']).toBeUndefined();
    });
  });

  describe('client settings: semantic errors 422, well-formedness 400; every IANA zone (R4.4-b)', () => {
    it.each([
      [
        'overlapping intervals',
        {
          businessHours: hours([
            ['08:00', '12:00'],
            ['11:00', '17:00'],
          ]),
        },
        'businessHours.mon[1]',
      ],
      ['a week without business hours', { businessHours: hours([]) }, 'businessHours'],
      [
        'duplicate category codes',
        {
          categories: [
            { code: 'A', name: 'A' },
            { code: 'A', name: 'Again' },
          ],
        },
        'categories[1].code',
      ],
      [
        'duplicate root causes',
        {
          policy: {
            ...validClient('X').policy,
            rootCauses: [
              { code: 'R', name: 'R' },
              { code: 'R', name: 'R2' },
            ],
          },
        },
        'policy.rootCauses[1].code',
      ],
    ])('%s → 422 naming the field, nothing written', async (_label, patch, field) => {
      const res = await t.http
        .post('/api/clients')
        .set(auth(admin))
        .send({ ...validClient('SEMANTIC'), ...patch });
      expectProblem(res, 422);
      expect(fields(res)).toContain(field);
      expect((await t.db.query(`SELECT 1 FROM clients WHERE code = 'SEMANTIC'`)).length).toBe(0);
      const patched = await t.http.patch(`/api/clients/${acme}`).set(auth(admin)).send(patch);
      expectProblem(patched, 422);
    });

    it.each(['GMT', 'EST5EDT', 'UTC', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires'])('timezone %s is accepted', async (timezone) => {
      const code = `TZ${timezone
        .replace(/[^A-Z0-9]/gi, '')
        .toUpperCase()
        .slice(0, 10)}`;
      const res = await t.http
        .post('/api/clients')
        .set(auth(admin))
        .send({ ...validClient(code), timezone });
      expect([res.status, res.body.timezone]).toEqual([201, timezone]);
    });

    it.each(['Mars/Olympus', '+01:00', 'CET+99', ''])('timezone %j → 400 naming timezone', async (timezone) => {
      const res = await t.http
        .post('/api/clients')
        .set(auth(admin))
        .send({ ...validClient('BADTZ'), timezone });
      expectProblem(res, 400);
      expect(fields(res)).toContain('timezone');
    });
  });

  describe('which answer wins: 401 → 429 → 403 → 415 → 400 (unreadable body) → 404 → … → 400 (fields)', () => {
    it('a malformed, too deep or prototype-keyed body without a token → 401 (today 400)', async () => {
      expectProblem(await raw('post', '/api/complaints', '{"clientId": '), 401);
      expectProblem(await raw('post', '/api/complaints', deepObject(100)), 401);
      expectProblem(await raw('post', '/api/complaints', '{"__proto__":{}}'), 401);
      expectProblem(await raw('post', '/api/complaints', 'x', undefined, 'text/plain'), 401);
    });

    it('a role that may never do this → 403 before 415 and before an unreadable body', async () => {
      expectProblem(await raw('post', '/api/users', '{"email": ', agent), 403);
      expectProblem(await raw('post', '/api/users', 'x', agent, 'text/plain'), 403);
    });

    it('415 before an unreadable body; an unreadable body before 404', async () => {
      expectProblem(await raw('patch', `/api/users/${UNKNOWN_ID}`, '{"active": ', admin, 'text/plain'), 415);
      const malformed = await raw('patch', `/api/users/${UNKNOWN_ID}`, '{"active": ', admin);
      expectProblem(malformed, 400);
      expect(fields(malformed)).toEqual(['body']);
      expectProblem(await raw('patch', `/api/clients/${UNKNOWN_ID}`, deepObject(40), admin), 400);
      expectProblem(await raw('patch', `/api/clients/${UNKNOWN_ID}`, '{"constructor":1}', admin), 400);
    });

    it('PATCH an unknown user or client with invalid fields → 404 (today 400): the id is decided before the fields', async () => {
      expectProblem(await t.http.patch(`/api/users/${UNKNOWN_ID}`).set(auth(admin)).send({ role: 'wizard', active: 'yes' }), 404);
      expectProblem(await t.http.patch(`/api/clients/${UNKNOWN_ID}`).set(auth(admin)).send({ name: null, colour: 'red' }), 404);
      const known = await t.http.patch(`/api/clients/${acme}`).set(auth(admin)).send({ name: null, colour: 'red' });
      expectProblem(known, 400);
      expect(fields(known)).toEqual(expect.arrayContaining(['name', 'colour']));
    });
  });
});
