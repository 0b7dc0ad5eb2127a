import { createTestApp, TestApp } from '../../testing/test-app';

describe('HTTP conventions: problem+json, limits, headers, OpenAPI', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin@example.com');
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 problem+json and no stack trace', async () => {
    const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.c", ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.any(String), title: 'Bad Request', status: 400, detail: expect.any(String) });
    expect(res.body.errors).toEqual([{ field: 'body', message: 'malformed JSON' }]);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|node_modules|SyntaxError/);
  });

  it('answers wrong types with 400 naming each field', async () => {
    const res = await t.http.post('/api/auth/login').send({ email: 42, password: ['x'] });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('answers a body over 1 MB with 413 problem+json', async () => {
    const big = { email: 'a@example.com', password: 'x'.repeat(1_100_000) };
    const res = await t.http.post('/api/auth/login').send(big);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers an unknown API route with 404 problem+json', async () => {
    const res = await t.http.get('/api/no-such-thing').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('sets helmet security headers, a request id, and no X-Powered-By', async () => {
    const res = await t.http.get('/api/health').set('X-Request-Id', 'trace-123');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-request-id']).toBe('trace-123');
    const generated = await t.http.get('/api/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and UI without a token', async () => {
    const doc = await t.http.get('/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/clients', '/api/clients/{id}', '/api/users', '/api/health']),
    );
    expect(doc.body.components.securitySchemes.bearer).toBeDefined();
    const ui = await t.http.get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});
