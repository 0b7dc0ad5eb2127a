import fc from 'fast-check';
import { J, deepNesting, fieldName, getAt, paths, serialize, toJson, updateAt } from './raw-json';
import { namesField, violations } from './fuzz-oracle';
import { FuzzRequest, FuzzWorld, OpenApiDoc, requestFor, routesOf, schemaAt } from './openapi-requests';

describe('fuzz tools: the raw JSON writer', () => {
  it('writes prototype keys and duplicate keys as own keys, in order', () => {
    const text = serialize(
      J.obj([
        ['__proto__', J.obj([['role', J.str('admin')]])],
        ['a', J.num(1)],
        ['a', J.null()],
        ['constructor', J.arr([])],
      ]),
    );
    expect(text).toBe('{"__proto__":{"role":"admin"},"a":1,"a":null,"constructor":[]}');
    expect(Object.keys(JSON.parse(text))).toEqual(['__proto__', 'a', 'constructor']);
  });

  it('escapes lone surrogates, keeps numbers as written, and nests 5,000 levels without recursion', () => {
    expect(
      serialize(
        J.obj([
          ['e', J.str('a\udfffb')],
          ['n', J.num('1e400')],
        ]),
      ),
    ).toBe('{"e":"a\\udfffb","n":1e400}');
    const deep = serialize(J.obj([['a', deepNesting(5000, 'array')]]));
    expect(deep.length).toBe(5 + 10_000 + 1);
    let nested = J.null();
    for (let i = 0; i < 20_000; i++) nested = J.arr([nested]);
    expect(serialize(nested)).toHaveLength(40_004);
  });

  it('round-trips plain values and addresses paths by the API’s field names', () => {
    const tree = toJson({ customer: { email: 'e@x.se' }, categories: [{ code: 'A' }] });
    expect(JSON.parse(serialize(tree))).toEqual({ customer: { email: 'e@x.se' }, categories: [{ code: 'A' }] });
    expect(paths(tree).map(fieldName)).toEqual(['', 'customer', 'customer.email', 'categories', 'categories[0]', 'categories[0].code']);
    const changed = updateAt(tree, ['categories', 0, 'code'], () => J.arr([J.arr([])]));
    expect(JSON.parse(serialize(changed)).categories).toEqual([{ code: [[]] }]);
    expect(getAt(changed, ['customer', 'email'])).toEqual(J.str('e@x.se'));
  });
});

const DOC: OpenApiDoc = {
  paths: {
    '/api/users/me': { get: { security: [{ bearer: [] }] } },
    '/api/users/{id}': {
      get: { parameters: [{ name: 'id', in: 'path', required: true }] },
      patch: {
        parameters: [{ name: 'id', in: 'path', required: true }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } },
      },
    },
  },
  components: {
    schemas: {
      Body: {
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 10 },
          when: { type: 'string' },
          customer: { $ref: '#/components/schemas/Customer' },
          tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
        },
        required: ['name'],
      },
      Customer: { type: 'object', properties: { email: { type: 'string', nullable: true } } },
    },
  },
};

const WORLD: FuzzWorld = {
  clients: ['c1', 'c2'],
  clientCodes: ['ACME'],
  complaints: ['k1'],
  users: ['u1', 'u2'],
  writableUsers: ['u2'],
  assignees: ['u1'],
  notifications: [],
  categoryCodes: ['X'],
  rootCauseCodes: ['R'],
  logins: [{ email: 'a@b.c', password: 'p' }],
};

describe('fuzz tools: requests from the OpenAPI document', () => {
  it('lists unsupported methods per path, but not one another path of that method serves (PATCH /users/me → /users/{id})', () => {
    const { documented, unsupported } = routesOf(DOC);
    expect(documented.map((r) => `${r.method} ${r.template}`)).toEqual([
      'GET /api/users/me',
      'GET /api/users/{id}',
      'PATCH /api/users/{id}',
    ]);
    const keys = unsupported.map((r) => `${r.method} ${r.template}`);
    expect(keys).toContain('DELETE /api/users/me');
    expect(keys).not.toContain('PATCH /api/users/me');
    expect(keys).toContain('POST /api/users/{id}');
  });

  it('reads the schema at a body path through $refs and arrays', () => {
    const body = DOC.paths['/api/users/{id}']['patch'].requestBody?.content?.['application/json'].schema;
    expect(schemaAt(DOC, body, ['customer', 'email'])).toEqual({ type: 'string', nullable: true });
    expect(schemaAt(DOC, body, ['tags', 0])?.enum).toEqual(['a', 'b']);
    expect(schemaAt(DOC, body, ['nope'])).toBeUndefined();
  });

  it('marks what the contract refuses: null where not nullable, lone surrogates, prototype keys, deep nesting, wrong Content-Type', () => {
    const route = routesOf(DOC).documented.find((r) => r.method === 'PATCH')!;
    const reqs = fc.sample(requestFor({ doc: DOC, world: WORLD, route }), { seed: 42, numRuns: 1500 });
    const tagged = (prefix: string) =>
      reqs.filter((r) => r.mutations.length === 1 && r.mutations[0].startsWith(prefix) && r.who === 'admin');
    expect(tagged('null@customer.email').every((r) => !r.mustRefuse.includes('null for a field that is not nullable'))).toBe(true);
    expect(tagged('null@name').every((r) => r.mustRefuse.includes('null for a field that is not nullable'))).toBe(true);
    // with an id that exists and no other fault, a 400 must name the field
    const plain = tagged('null@name').filter((r) => r.path === '/api/users/u2' && Object.keys(r.headers).length === 0);
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((r) => r.field === 'name' && r.answerClass === 'field')).toBe(true);
    for (const prefix of ['lone-surrogate', 'proto-key', 'deep-', 'content-type(text/plain)', 'malformed']) {
      expect({ prefix, n: tagged(prefix).length > 0, all: tagged(prefix).every((r) => r.mustRefuse.length > 0) }).toEqual({
        prefix,
        n: true,
        all: true,
      });
    }
    const proto = tagged('proto-key')[0];
    expect(String(proto.body)).toMatch(/"(__proto__|constructor|prototype)":/);
  });

  it('judges answers: 5xx, a 4xx that is no problem document or leaks a stack, writes by a refused request, a refusal accepted', () => {
    const route = routesOf(DOC).documented[0];
    const req: FuzzRequest = {
      route,
      method: 'GET',
      path: '/api/users/me',
      who: 'admin',
      scheme: 'Bearer',
      headers: {},
      contentType: null,
      body: null,
      mutations: [],
      mustRefuse: [],
      echo: [],
    };
    const problem = (status: number, extra = {}) =>
      JSON.stringify({ type: 'about:blank', title: 'x', status, detail: 'd', errors: [], ...extra });
    const json = { 'content-type': 'application/problem+json; charset=utf-8' };
    expect(violations(req, { status: 404, headers: json, text: problem(404) }, [])).toEqual([]);
    expect(violations(req, { status: 500, headers: json, text: problem(500) }, [])).toContain('5xx');
    expect(violations(req, { status: 431, headers: {}, text: '' }, [])).toEqual([
      '431 is not application/problem+json (Content-Type: none)',
      '431 body is not JSON',
    ]);
    expect(
      violations(req, { status: 400, headers: json, text: problem(400, { detail: 'QueryFailedError: syntax error at or near' }) }, [])[0],
    ).toMatch(/^leaks internals/);
    expect(
      violations(
        { ...req, echo: ["' UNION SELECT NULL--"] },
        { status: 400, headers: json, text: problem(400, { detail: "unknown category ' UNION SELECT NULL--" }) },
        [],
      ),
    ).toEqual([]);
    expect(violations(req, { status: 400, headers: json, text: problem(400) }, ['complaints 3→4'])).toEqual([
      'refused (400) but wrote: complaints 3→4',
    ]);
    expect(violations({ ...req, field: 'reason' }, { status: 400, headers: json, text: problem(400) }, [])).toEqual([
      '400 names no field (expected reason)',
    ]);
    expect(violations({ ...req, mustRefuse: ['prototype key'] }, { status: 201, headers: {}, text: '{}' }, [])).toEqual([
      'accepted (201) although it must be refused: prototype key',
    ]);
    const unsupported = { ...req, route: { ...route, method: 'DELETE', documented: false }, method: 'DELETE' };
    expect(violations({ ...unsupported, path: '/api/users/me' }, { status: 404, headers: json, text: problem(404) }, [])).toEqual([
      'unsupported method answered 404, not 405',
    ]);
    expect(violations({ ...unsupported, path: '/api/users/me' }, { status: 405, headers: json, text: problem(405) }, [])).toEqual([
      '405 without an Allow header',
    ]);
    expect(violations({ ...unsupported, path: '/api/users/%ZZ' }, { status: 400, headers: json, text: problem(400) }, [])).toEqual([
      'unsupported method answered 400, not 405',
    ]);
    expect(namesField([{ field: 'customer', message: 'm' }], 'customer.email')).toBe(true);
    expect(namesField([{ field: 'categories[0].code', message: 'm' }], 'categories[0].code')).toBe(true);
    expect(namesField([{ field: 'If-Match', message: 'm' }], 'reason')).toBe(false);
  });

  it('judges the code of a problem: one of ERROR_CODES, or none at all (issue 11 item 4)', () => {
    const route = routesOf(DOC).documented[0];
    const req: FuzzRequest = {
      route,
      method: 'GET',
      path: '/api/users/me',
      who: 'admin',
      scheme: 'Bearer',
      headers: {},
      contentType: null,
      body: null,
      mutations: [],
      mustRefuse: [],
      echo: [],
    };
    const json = { 'content-type': 'application/problem+json' };
    const answer = (status: number, code?: unknown) => ({
      status,
      headers: json,
      text: JSON.stringify({ type: 'about:blank', title: 'x', status, detail: 'd', errors: [], code }),
    });
    expect(violations(req, answer(404, 'NOT_FOUND'), [])).toEqual([]);
    expect(violations(req, answer(413), [])).toEqual([]);
    expect(violations(req, answer(409, 'CONFLICT'), [])).toEqual(['code "CONFLICT" is not one of ERROR_CODES']);
    expect(violations(req, answer(400, 7), [])).toEqual(['code 7 is not one of ERROR_CODES']);
  });
});
