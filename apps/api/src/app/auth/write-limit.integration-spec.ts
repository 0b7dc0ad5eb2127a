import { createTestApp, TestApp } from '../../testing/test-app';

/**
 * The per-user write limit (contract Part 2, "Sessions and abuse"): every authenticated write
 * counts once against its user per minute, in PostgreSQL (shared by every instance); past the
 * limit → 429 problem+json with Retry-After. Order: 401 → 429 → 403.
 */
describe('Write rate limit per signed-in user (R4.4-a: the process stays available)', () => {
  const LIMIT = 3;
  let t: TestApp;
  let agentId: string;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:30Z', env: { WRITE_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    const [{ id }] = await t.db.query(`SELECT id FROM users WHERE email = 'agent@example.com'`);
    agentId = id;
  });
  afterAll(() => t.close());
  // every test starts in a fresh one-minute window
  beforeEach(() => t.clock.advance(61_000));

  /** A write that succeeds for an agent and changes something real: registering a complaint. */
  const register = (token: string) =>
    t.http
      .post('/api/complaints')
      .set('Authorization', `Bearer ${token}`)
      .send({
        clientId: t.clients['ACME'],
        channel: 'phone',
        subject: 'client',
        summary: 'Charged twice',
        description: 'Two debits in November.',
        customer: { name: 'Eva Svensson', email: 'eva@example.org' },
      });

  it(`the ${LIMIT + 1}th write of a user within a minute → 429 problem+json with Retry-After; nothing is written; reads still work; the next minute writes again`, async () => {
    const agent = await t.token('agent@example.com');
    for (let i = 0; i < LIMIT; i++) expect((await register(agent)).status).toBe(201);
    const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM complaints');
    t.clock.advance(20_000);
    const refused = await register(agent);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.retryAfter).toBe(retryAfter);
    const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM complaints');
    expect(after).toBe(before);
    // reads are not writes
    expect((await t.http.get('/api/complaints').set('Authorization', `Bearer ${agent}`)).status).toBe(200);
    t.clock.advance(retryAfter * 1000);
    expect((await register(agent)).status).toBe(201);
  });

  it('is counted per user: one user over the limit does not stop another', async () => {
    const agent = await t.token('agent@example.com');
    const other = await t.token('agent.acme@example.com');
    for (let i = 0; i < LIMIT; i++) await register(agent);
    expect((await register(agent)).status).toBe(429);
    expect((await register(other)).status).toBe(201);
  });

  it('every write method counts, whatever it answers (a refused 400 too); a bulk request counts once', async () => {
    const lead = await t.token('lead@example.com');
    const bad = await t.http.post('/api/complaints').set('Authorization', `Bearer ${lead}`).send({});
    expect(bad.status).toBe(400);
    // read-all marks every notification of the lead's clients in one request: one write
    expect((await t.http.post('/api/notifications/read-all').set('Authorization', `Bearer ${lead}`)).status).toBe(200);
    expect((await t.http.post('/api/escalations/run').set('Authorization', `Bearer ${lead}`)).status).toBe(200);
    expect((await t.http.post('/api/escalations/run').set('Authorization', `Bearer ${lead}`)).status).toBe(429);
  });

  it('Which answer wins: 401 (no valid token) before 429, and 429 before 403 (role)', async () => {
    const agent = await t.token('agent@example.com');
    for (let i = 0; i < LIMIT; i++) await register(agent);
    // over the limit: a write the agent's role may never do answers 429, not 403
    const forbidden = await t.http.post('/api/users').set('Authorization', `Bearer ${agent}`).send({});
    expect(forbidden.status).toBe(429);
    // no token, or a broken one: 401, not 429
    expect((await t.http.post('/api/users').send({})).status).toBe(401);
    expect((await t.http.post('/api/users').set('Authorization', 'Bearer a.b.c').send({})).status).toBe(401);
    // in a fresh window the same request is 403
    t.clock.advance(61_000);
    expect((await t.http.post('/api/users').set('Authorization', `Bearer ${agent}`).send({})).status).toBe(403);
  });

  it('logout is never refused by the write limit', async () => {
    const res = await t.http.post('/api/auth/login').send({ email: 'viewer.acme@example.com', password: 'demo-password' });
    const token = res.body.accessToken as string;
    // a client viewer's writes (all 403) still count
    for (let i = 0; i < LIMIT; i++)
      expect((await t.http.post('/api/complaints').set('Authorization', `Bearer ${token}`).send({})).status).toBe(403);
    expect((await t.http.post('/api/complaints').set('Authorization', `Bearer ${token}`).send({})).status).toBe(429);
    expect((await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBe(204);
  });

  it('is kept in PostgreSQL: a second instance on the same database shares the count', async () => {
    const second = await createTestApp({
      databaseUrl: t.databaseUrl,
      now: t.clock.now().toISOString(),
      env: { WRITE_RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    });
    try {
      const agent = await t.token('agent@example.com');
      for (let i = 0; i < LIMIT - 1; i++) expect((await register(agent)).status).toBe(201);
      const other = await second.http
        .post('/api/complaints')
        .set('Authorization', `Bearer ${agent}`)
        .send({
          clientId: t.clients['ACME'],
          channel: 'phone',
          subject: 'client',
          summary: 'S',
          description: 'D',
          customer: { name: 'N', phone: '+46701234567' },
        });
      expect(other.status).toBe(201);
      expect((await register(agent)).status).toBe(429);
      const [{ hits }] = await t.db.query('SELECT hits FROM rate_limits WHERE key = $1', [`write:user:${agentId}`]);
      expect(hits).toBe(LIMIT + 1);
    } finally {
      await second.close();
    }
  });

  it('is documented: every operation that needs a token and writes lists 429 with Retry-After (logout excepted)', async () => {
    const doc = (await t.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    const gaps: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!['post', 'patch', 'put', 'delete'].includes(method) || !op.security?.length) continue;
        const documented = Boolean(op.responses['429']?.headers?.['Retry-After']);
        if (path === '/api/auth/logout' ? documented : !documented) gaps.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(gaps).toEqual([]);
    expect(doc.paths['/api/complaints'].post.responses['429']).toBeDefined();
  });
});
