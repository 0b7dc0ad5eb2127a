import { COMPLAINT_ACTIONS, ERROR_CODES, SLA_STATUSES } from '@complaint-desk/contracts';
import { createTestApp, TestApp } from '../../testing/test-app';
import { actOk, auth, registerOk } from '../../testing/complaint-helpers';

/** The subset of OpenAPI 3 schema objects the document uses. */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface MediaType {
  schema?: Schema;
}
interface Response {
  description?: string;
  content?: Record<string, MediaType>;
  headers?: Record<string, unknown>;
}
interface Operation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, Response>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const PROBLEM_REF = '#/components/schemas/ProblemDetails';
/** Routes anyone may call without a token. */
const PUBLIC = ['POST /api/auth/login', 'GET /api/health', 'GET /api/public/clients/{code}/complaint-info'];
/** Routes whose 2xx answer has no JSON body (documented with their own media type). */
const NON_JSON: Record<string, string> = { 'GET /api/stats/export.csv': 'text/csv' };

function operations(doc: OpenApiDoc): Array<{ key: string; method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })),
  );
}

function resolve(doc: OpenApiDoc, s: Schema): Schema {
  let cur = s;
  for (let i = 0; cur.$ref && i < 10; i++) {
    const name = cur.$ref.replace('#/components/schemas/', '');
    const found = doc.components.schemas[name];
    if (!found) throw new Error(`unresolved $ref ${cur.$ref}`);
    cur = found;
  }
  // `type: () => X, nullable: true` is rendered as {nullable, allOf: [{$ref}]}: merge the members.
  if (cur.allOf?.length) {
    const parts = cur.allOf.map((p) => resolve(doc, p));
    return {
      ...parts.reduce((a, p) => ({ ...a, ...p }), {} as Schema),
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => p.required ?? []),
      nullable: cur.nullable ?? parts.some((p) => p.nullable),
      allOf: undefined,
    };
  }
  return cur;
}

/**
 * Where a real body and its documented schema disagree: a required property missing from the body,
 * a property of the body the schema does not list, null where the schema does not allow it, a
 * value of the wrong JSON type or outside an enum. Walks nested objects and arrays (depth-limited).
 */
function drift(doc: OpenApiDoc, schema: Schema, value: unknown, path = '$', depth = 0): string[] {
  const s = resolve(doc, schema);
  if (value === null) return s.nullable ? [] : [`${path}: null, but the schema is not nullable`];
  if (s.oneOf) {
    const tries = s.oneOf.map((v) => drift(doc, v, value, path, depth));
    return tries.some((t) => t.length === 0) ? [] : [`${path}: matches none of oneOf (${tries.flat().join('; ')})`];
  }
  if (depth > 6) return [];
  if (s.type === 'array' || s.items) {
    if (!Array.isArray(value)) return [`${path}: expected an array`];
    return value.flatMap((v, i) => (s.items ? drift(doc, s.items, v, `${path}[${i}]`, depth + 1) : []));
  }
  if (s.type === 'object' || s.properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object`];
    const body = value as Record<string, unknown>;
    if (!s.properties) return []; // a free-form object (e.g. timeline `data`)
    const missing = (s.required ?? []).filter((k) => !(k in body)).map((k) => `${path}.${k}: required by the schema, missing in the body`);
    const undocumented =
      s.additionalProperties === true
        ? []
        : Object.keys(body)
            .filter((k) => !(k in (s.properties ?? {})))
            .map((k) => `${path}.${k}: in the body, not in the schema`);
    const nested = Object.entries(body).flatMap(([k, v]) => {
      const ps = s.properties?.[k];
      return ps && v !== undefined ? drift(doc, ps, v, `${path}.${k}`, depth + 1) : [];
    });
    return [...missing, ...undocumented, ...nested];
  }
  const jsonType = typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
  if (s.type && !(s.type === jsonType || (s.type === 'number' && jsonType === 'integer')))
    return [`${path}: ${jsonType}, documented as ${s.type}`];
  if (s.enum && !s.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} is not in the documented enum`];
  return [];
}

function okSchema(doc: OpenApiDoc, method: string, path: string, status = '200'): Schema {
  const schema = doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no JSON ${status}`);
  return schema;
}

function problemSchema(doc: OpenApiDoc, method: string, path: string, status: string): Schema {
  const schema = doc.paths[path]?.[method]?.responses[status]?.content?.['application/problem+json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no problem+json ${status}`);
  return schema;
}

describe('OpenAPI document: responses, errors, and agreement with real answers', () => {
  let t: TestApp;
  let doc: OpenApiDoc;
  let lead: string;
  let agent: string;
  let acme: string;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http.get('/api/docs-json')).body;
    lead = await t.token('lead@example.com');
    agent = await t.token('agent@example.com');
    acme = t.clients['ACME'];
  });
  afterAll(() => t.close());

  it('every operation documents a 2xx answer with a schema (JSON, or its own media type)', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(25);
    const gaps: string[] = [];
    for (const { key, op } of ops) {
      const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (ok.length === 0) {
        gaps.push(`${key}: no 2xx response`);
        continue;
      }
      for (const [status, res] of ok) {
        // 204 No Content (e.g. POST /api/auth/logout) has no body to describe, and must not claim one
        if (status === '204') {
          if (res.content) gaps.push(`${key} 204: documents a body`);
          continue;
        }
        const mediaType = NON_JSON[key] ?? 'application/json';
        const schema = res.content?.[mediaType]?.schema;
        if (!schema) {
          gaps.push(`${key} ${status}: no ${mediaType} schema`);
          continue;
        }
        const s = resolve(doc, schema);
        if (mediaType === 'application/json' && !s.properties && !s.items && !s.oneOf)
          gaps.push(`${key} ${status}: schema without properties`);
      }
    }
    expect(gaps).toEqual([]);
    expect(Object.keys(NON_JSON).every((k) => ops.some((o) => o.key === k))).toBe(true);
  });

  it('every operation that needs a token documents bearer auth and 401 as problem+json, and really answers 401 without one', async () => {
    const ops = operations(doc);
    expect(PUBLIC.every((k) => ops.some((o) => o.key === k))).toBe(true);
    const gaps: string[] = [];
    for (const { key, method, path, op } of ops) {
      const url = path.replace('{id}', '00000000-0000-4000-8000-000000000000').replace('{code}', 'ACME');
      const res = await t.http[method as 'get' | 'post' | 'patch'](url).send(method === 'get' ? undefined : {});
      if (PUBLIC.includes(key)) {
        if (res.status === 401) gaps.push(`${key}: public, but answered 401 without a token`);
        continue;
      }
      if (!op.security?.some((s) => 'bearer' in s)) gaps.push(`${key}: no bearer security`);
      if (op.responses['401']?.content?.['application/problem+json']?.schema?.$ref !== PROBLEM_REF)
        gaps.push(`${key}: no 401 problem+json`);
      if (res.status !== 401) gaps.push(`${key}: answered ${res.status} without a token`);
      else if (drift(doc, { $ref: PROBLEM_REF }, res.body).length)
        gaps.push(`${key}: 401 body ${drift(doc, { $ref: PROBLEM_REF }, res.body).join('; ')}`);
    }
    expect(gaps).toEqual([]);
  });

  it('every documented error is the one problem+json schema, its code one of ERROR_CODES (R4.1-b)', () => {
    const wrong = operations(doc).flatMap(({ key, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => /^4\d\d$/.test(status))
        .filter(
          ([, r]) => r.content?.['application/problem+json']?.schema?.$ref !== PROBLEM_REF || Object.keys(r.content ?? {}).length !== 1,
        )
        .map(([status]) => `${key} ${status}`),
    );
    expect(wrong).toEqual([]);
    const problem = doc.components.schemas['ProblemDetails'];
    expect(Object.keys(problem.properties ?? {})).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'errors', 'state', 'allowedActions', 'code']),
    );
    expect(resolve(doc, problem.properties?.['errors']?.items ?? {}).required).toEqual(['field', 'message']);
    // issue 11 item 4: `code` is documented as exactly the typed list, so every real problem checked below is checked against it.
    expect(resolve(doc, problem.properties?.['code'] ?? {}).enum).toEqual([...ERROR_CODES]);
    expect(
      drift(doc, { $ref: PROBLEM_REF }, { type: 'x', title: 'Conflict', status: 409, detail: 'd', errors: [], code: 'NOT_A_CODE' }),
    ).toEqual(['$.code: "NOT_A_CODE" is not in the documented enum']);
  });

  it('every operation documents 500 as problem+json; every path {id} is a UUID whose unknown value answers 404', async () => {
    const no500 = operations(doc)
      .filter(({ op }) => op.responses['500']?.content?.['application/problem+json']?.schema?.$ref !== PROBLEM_REF)
      .map(({ key }) => key);
    expect(no500).toEqual([]);
    const idParams = operations(doc).flatMap(({ key, op }) =>
      ((op as Operation & { parameters?: Array<{ name: string; in: string; schema?: Schema }> }).parameters ?? [])
        .filter((p) => p.in === 'path' && p.name === 'id')
        .map((p) => ({ key, format: p.schema?.format })),
    );
    expect(idParams.length).toBeGreaterThanOrEqual(10);
    expect(idParams.filter((p) => p.format !== 'uuid')).toEqual([]);
    const token = await t.token('admin@example.com');
    const res = await t.http.get('/api/clients/not-a-uuid').set(auth(token));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('the complaint schema lists allowedActions, deadlines and sla with their enums; reads and actions send ETag', () => {
    const complaint = resolve(doc, okSchema(doc, 'post', '/api/complaints', '201'));
    const props = complaint.properties ?? {};
    expect(props['allowedActions']).toMatchObject({ type: 'array', items: { enum: [...COMPLAINT_ACTIONS] } });
    const deadlines = resolve(doc, props['deadlines']);
    expect(deadlines.properties).toMatchObject({
      acknowledgeBy: { format: 'date-time' },
      resolveBy: { format: 'date-time' },
      nextUpdateBy: { format: 'date-time', nullable: true },
    });
    const sla = resolve(doc, props['sla']);
    for (const step of ['acknowledge', 'resolve', 'update']) expect(sla.properties?.[step]?.enum).toEqual([...SLA_STATUSES]);
    expect(complaint.required).toEqual(expect.arrayContaining(['allowedActions', 'deadlines', 'sla', 'version']));

    const detail = resolve(doc, okSchema(doc, 'get', '/api/complaints/{id}'));
    expect(detail.properties?.['timeline']).toMatchObject({ type: 'array' });
    const page = resolve(doc, okSchema(doc, 'get', '/api/complaints'));
    expect(page.properties?.['nextCursor']).toMatchObject({ nullable: true });
    expect(page.required).toEqual(expect.arrayContaining(['items', 'nextCursor']));

    // Every answer that is one complaint (reads, actions, erase, verify-identity) sends its ETag.
    const COMPLAINT_REFS = ['#/components/schemas/ComplaintResponse', '#/components/schemas/ComplaintDetailResponse'];
    const withEtag = operations(doc).filter(({ op }) =>
      Object.entries(op.responses).some(
        ([s, r]) => /^2/.test(s) && COMPLAINT_REFS.includes(r.content?.['application/json']?.schema?.$ref ?? ''),
      ),
    );
    expect(withEtag.length).toBeGreaterThan(10);
    for (const { key, op } of withEtag) {
      const ok = Object.entries(op.responses).find(([s]) => /^2/.test(s))?.[1];
      expect([key, Object.keys(ok?.headers ?? {})]).toEqual([key, ['ETag']]);
    }
    expect(doc.paths['/api/auth/login'].post.responses['429'].headers).toHaveProperty('Retry-After');
    expect(doc.paths['/api/health'].get.responses['503'].content?.['application/json']?.schema).toBeDefined();
  });

  it('the structural check itself finds drift (a property removed from the schema, one missing from the body)', async () => {
    const c = await registerOk(t, agent, acme);
    const copy = JSON.parse(JSON.stringify(doc)) as OpenApiDoc;
    delete copy.components.schemas['ComplaintResponse'].properties?.['version'];
    expect(drift(copy, okSchema(copy, 'post', '/api/complaints', '201'), c)).toEqual(['$.version: in the body, not in the schema']);
    const { deadlines, ...withoutDeadlines } = c;
    expect(deadlines).toBeDefined();
    expect(drift(doc, okSchema(doc, 'post', '/api/complaints', '201'), withoutDeadlines)).toEqual([
      '$.deadlines: required by the schema, missing in the body',
    ]);
    expect(drift(doc, okSchema(doc, 'post', '/api/complaints', '201'), { ...c, sla: { ...c['sla'], resolve: 'late' } })).toEqual([
      '$.sla.resolve: "late" is not in the documented enum',
    ]);
  });

  it('real answers of complaints (register, list, get with a full timeline, an action) match their documented schemas', async () => {
    const body = { categoryCode: 'BILLING.DOUBLE', customer: { name: 'Eva Svensson', email: 'eva@example.org' } };
    const registered = await t.http
      .post('/api/complaints')
      .set(auth(agent))
      .send({
        clientId: acme,
        channel: 'email',
        subject: 'client',
        summary: 'Charged twice',
        description: 'Twice on the card.',
        ...body,
      });
    expect(registered.status).toBe(201);
    expect(drift(doc, okSchema(doc, 'post', '/api/complaints', '201'), registered.body)).toEqual([]);
    const id = registered.body.id as string;

    // Fill every nullable part: assignee, responsible function, escalation, outcome, root cause, satisfaction.
    const assignee = (await t.http.get('/api/users/assignable').query({ clientId: acme }).set(auth(lead))).body[0].id;
    await actOk(t, lead, id, 'assign', { assigneeId: assignee });
    await actOk(t, agent, id, 'acknowledge', { via: 'email', responsibleFunction: 'Billing team' });
    await actOk(t, agent, id, 'escalate', { reason: 'customer_request' });
    await actOk(t, agent, id, 'close', { outcome: 'upheld', resolution: 'Refunded.', via: 'email', rootCauseCode: 'BILLING_SYSTEM' });
    const action = await t.http.post(`/api/complaints/${id}/satisfaction`).set(auth(agent)).send({ score: 5 });
    expect(action.status).toBe(200);
    expect(action.body.satisfaction).toMatchObject({ score: 5, comment: null });
    expect(drift(doc, okSchema(doc, 'post', '/api/complaints/{id}/satisfaction'), action.body)).toEqual([]);

    const full = await t.http.get(`/api/complaints/${id}`).set(auth(lead));
    expect(full.status).toBe(200);
    expect(full.headers['etag']).toBe(`"${full.body.version}"`);
    expect(full.body.timeline.length).toBeGreaterThanOrEqual(6);
    expect(full.body.assignee).not.toBeNull();
    expect(full.body.rootCause).not.toBeNull();
    expect(drift(doc, okSchema(doc, 'get', '/api/complaints/{id}'), full.body)).toEqual([]);

    const fresh = await registerOk(t, agent, acme);
    const freshRead = await t.http.get(`/api/complaints/${fresh.id}`).set(auth(agent));
    expect(freshRead.body.closedAt).toBeNull();
    expect(drift(doc, okSchema(doc, 'get', '/api/complaints/{id}'), freshRead.body)).toEqual([]);

    const page = await t.http.get('/api/complaints').query({ limit: 1, clientId: acme }).set(auth(agent));
    expect(page.status).toBe(200);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expect(drift(doc, okSchema(doc, 'get', '/api/complaints'), page.body)).toEqual([]);
  });

  it('real answers of clients, users and sign-in match their documented schemas', async () => {
    const admin = await t.token('admin@example.com');
    const client = await t.http.get(`/api/clients/${acme}`).set(auth(admin));
    expect(client.status).toBe(200);
    expect(drift(doc, okSchema(doc, 'get', '/api/clients/{id}'), client.body)).toEqual([]);
    const clients = await t.http.get('/api/clients').set(auth(admin));
    expect(clients.body.length).toBeGreaterThan(1);
    expect(drift(doc, okSchema(doc, 'get', '/api/clients'), clients.body)).toEqual([]);
    const info = await t.http.get('/api/public/clients/ACME/complaint-info');
    expect(drift(doc, okSchema(doc, 'get', '/api/public/clients/{code}/complaint-info'), info.body)).toEqual([]);

    const login = await t.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'demo-password' });
    expect(login.status).toBe(200);
    expect(drift(doc, okSchema(doc, 'post', '/api/auth/login'), login.body)).toEqual([]);
    const me = await t.http.get('/api/users/me').set(auth(agent));
    expect(drift(doc, okSchema(doc, 'get', '/api/users/me'), me.body)).toEqual([]);
    const health = await t.http.get('/api/health');
    expect(drift(doc, okSchema(doc, 'get', '/api/health'), health.body)).toEqual([]);
  });

  it('real answers of the privacy routes (erase, customers erase and export, access log, verify-identity, retention runs, an erased 409) match their documented schemas (R4.5-f)', async () => {
    const admin = await t.token('admin@example.com');
    const c = await registerOk(t, agent, acme, {
      categoryCode: 'BILLING.DOUBLE',
      customer: { name: 'Schema Check', email: 'schema.check@example.org' },
    });
    const verified = await t.http.post(`/api/complaints/${c.id}/verify-identity`).set(auth(agent)).send({ method: 'known_details' });
    expect(verified.status).toBe(200);
    expect(drift(doc, okSchema(doc, 'post', '/api/complaints/{id}/verify-identity'), verified.body)).toEqual([]);
    await actOk(t, agent, c.id, 'acknowledge', { via: 'phone', responsibleFunction: 'Billing team' });
    await actOk(t, agent, c.id, 'close', { outcome: 'withdrawn', resolution: 'Withdrawn', via: 'phone' });
    const exported = await t.http
      .get('/api/customers/export')
      .query({ clientId: acme, email: 'schema.check@example.org' })
      .set(auth(admin));
    expect(exported.body.complaints).toHaveLength(1);
    expect(drift(doc, okSchema(doc, 'get', '/api/customers/export'), exported.body)).toEqual([]);
    const erased = await t.http.post(`/api/complaints/${c.id}/erase`).set(auth(admin)).send({ reason: 'Schema check' });
    expect(erased.status).toBe(200);
    expect(drift(doc, okSchema(doc, 'post', '/api/complaints/{id}/erase'), erased.body)).toEqual([]);
    const log = await t.http.get(`/api/complaints/${c.id}/access-log`).set(auth(admin));
    expect(log.body.items.length).toBeGreaterThan(0);
    expect(drift(doc, okSchema(doc, 'get', '/api/complaints/{id}/access-log'), log.body)).toEqual([]);
    const customer = await t.http
      .post('/api/customers/erase')
      .set(auth(admin))
      .send({ clientId: acme, email: 'nobody@example.org', reason: 'Schema check' });
    expect(drift(doc, okSchema(doc, 'post', '/api/customers/erase'), customer.body)).toEqual([]);
    const run = await t.http.post('/api/privacy/retention-runs').set(auth(admin));
    expect(drift(doc, okSchema(doc, 'post', '/api/privacy/retention-runs'), run.body)).toEqual([]);
    const runs = await t.http.get('/api/privacy/retention-runs').set(auth(admin));
    expect(runs.body.items.length).toBeGreaterThan(0);
    expect(drift(doc, okSchema(doc, 'get', '/api/privacy/retention-runs'), runs.body)).toEqual([]);
    const conflict = await t.http.post(`/api/complaints/${c.id}/reopen`).set(auth(agent)).send({ reason: 'Again' });
    expect(conflict.status).toBe(409);
    expect(drift(doc, problemSchema(doc, 'post', '/api/complaints/{id}/reopen', '409'), conflict.body)).toEqual([]);
  });

  it('real problems (400, 404, 409 with state and allowedActions, 412 with version) match the problem schema', async () => {
    const c = await registerOk(t, agent, acme);
    const bad = await t.http.post('/api/complaints').set(auth(agent)).send({ clientId: 'x' });
    const missing = await t.http.get('/api/complaints/00000000-0000-4000-8000-000000000000').set(auth(agent));
    const illegal = await t.http.post(`/api/complaints/${c.id}/reopen`).set(auth(agent)).send({ reason: 'Not closed' });
    const stale = await t.http
      .post(`/api/complaints/${c.id}/escalate`)
      .set({ ...auth(agent), 'If-Match': '"99"' })
      .send({ reason: 'x' });
    const cases: Array<[string, string, string, number, { status: number; headers: Record<string, string>; body: unknown }]> = [
      ['post', '/api/complaints', '400', 400, bad],
      ['get', '/api/complaints/{id}', '404', 404, missing],
      ['post', '/api/complaints/{id}/reopen', '409', 409, illegal],
      ['post', '/api/complaints/{id}/escalate', '412', 412, stale],
    ];
    for (const [method, path, documented, status, res] of cases) {
      expect([path, res.status]).toEqual([path, status]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect([path, drift(doc, problemSchema(doc, method, path, documented), res.body)]).toEqual([path, []]);
    }
    expect(illegal.body).toMatchObject({ state: 'registered', allowedActions: expect.arrayContaining(['acknowledge']) });
    expect(stale.body).toMatchObject({ version: c.version });
  });
});

describe('OpenAPI document: the 429 of sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_ACCOUNT: '1' } });
  });
  afterAll(() => t.close());

  it('a real 429 (with Retry-After and retryAfter) matches the documented problem', async () => {
    const doc = (await t.http.get('/api/docs-json')).body as OpenApiDoc;
    expect((await t.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'wrong' })).status).toBe(401);
    const locked = await t.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'demo-password' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBe(locked.body.retryAfter);
    expect(drift(doc, problemSchema(doc, 'post', '/api/auth/login', '429'), locked.body)).toEqual([]);
  });
});
