import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './app/database/embedded-postgres';

/**
 * The `npm start` path end to end, in a real Node process: no DATABASE_URL → embedded PostgreSQL
 * under DATA_DIR, migrations, demo seed, listening on PORT; SIGTERM → drains, stops the database, exits 0.
 */
describe('main: start on the embedded database and stop on SIGTERM', () => {
  const root = join(__dirname, '..', '..', '..');
  let dir: string;
  let child: ChildProcess | null = null;
  let output = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-main-'));
    chmodSync(dir, 0o755);
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const waitFor = async (url: string, deadlineMs: number): Promise<Response> => {
    const until = Date.now() + deadlineMs;
    for (;;) {
      try {
        return await fetch(url);
      } catch (e) {
        if (Date.now() > until) throw new Error(`${url} never answered: ${e}\n${output}`);
        await new Promise<void>((resolve) => child?.stdout?.once('data', () => resolve()) ?? resolve());
      }
    }
  };

  it('serves the API with demo data, then shuts down cleanly', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'info', TS_NODE_PROJECT: 'apps/api/tsconfig.spec.json' };
    delete env['DATABASE_URL'];
    delete env['JWT_SECRET'];
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], { cwd: root, env });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));

    const health = await waitFor(`http://127.0.0.1:${port}/api/health`, 120_000);
    expect(health.status).toBe(200);
    expect(output).toContain(`http://localhost:${port}`);
    expect(output).toContain('demo-password');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer.acme@example.com', password: 'demo-password' }),
    });
    expect(login.status).toBe(200);
    expect(existsSync(join(dir, 'pg', 'PG_VERSION'))).toBe(true);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').length).toBeGreaterThanOrEqual(32);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: draining requests and stopping');
    expect(existsSync(join(dir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 180_000);
});
