import { LogCapture } from '../../testing/log-capture';
import { createTestApp, TestApp } from '../../testing/test-app';

describe('logging without personal data (R4.5-f)', () => {
  let t: TestApp;
  const logs = new LogCapture();
  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: logs });
  });
  afterAll(() => t.close());

  it('logs a failed sign-in without the password or the e-mail address, with a request id', async () => {
    await t.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'Secret-Guess-123' });
    const failed = logs.entries().find((e) => e['event'] === 'login_failed');
    expect(failed).toBeDefined();
    expect(failed?.['account']).toMatch(/^[0-9a-f]{16}$/);
    expect((failed?.['req'] as { id?: string })?.id).toEqual(expect.any(String));
    expect(logs.text).not.toContain('Secret-Guess-123');
    expect(logs.text).not.toContain('agent@example.com');
  });

  it('request logs carry the path but neither query string, headers nor body', async () => {
    const token = await t.token('admin@example.com');
    await t.http.get('/api/clients?q=Eva%20Svensson').set('Authorization', `Bearer ${token}`);
    const line = logs.entries().find((e) => (e['req'] as { path?: string })?.path === '/api/clients');
    expect(line).toBeDefined();
    expect(logs.text).not.toContain('Eva');
    expect(logs.text).not.toContain(token);
    expect(logs.text).not.toMatch(/authorization/i);
  });
});
