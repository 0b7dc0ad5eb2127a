import { ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
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
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dir,
      LOG_LEVEL: 'info',
      TS_NODE_PROJECT: 'apps/api/tsconfig.spec.json',
    };
    delete env['DATABASE_URL'];
    delete env['JWT_SECRET'];
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: root,
      env,
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));

    const health = await waitFor(`http://127.0.0.1:${port}/api/health`, 120_000);
    expect(health.status).toBe(200);
    expect(output).toContain(`http://localhost:${port}`);
    expect(output).toContain('demo-password');
    // Start-up logs no warning or error (e.g. a legacy route pattern for the request logger).
    expect(output.split('\n').filter((l) => /"level":(40|50|60)\b/.test(l))).toEqual([]);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer.acme@example.com', password: 'demo-password' }),
    });
    expect(login.status).toBe(200);
    expect(existsSync(join(dir, 'pg', 'PG_VERSION'))).toBe(true);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').length).toBeGreaterThanOrEqual(32);

    // A request in flight when SIGTERM arrives is still answered (drain): its headers are in (the
    // server said 100 Continue), its body is not yet sent.
    const body = JSON.stringify({ email: 'viewer.acme@example.com', password: 'demo-password' });
    const inFlight = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/api/auth/login',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      inFlight.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      inFlight.on('error', reject);
    });
    await new Promise<void>((resolve) => inFlight.on('continue', () => resolve()));
    const draining = new Promise<void>((resolve) => {
      const check = () => {
        if (!output.includes('SIGTERM: draining requests and stopping')) return;
        child?.stdout?.off('data', check);
        child?.stderr?.off('data', check);
        resolve();
      };
      child?.stdout?.on('data', check);
      child?.stderr?.on('data', check);
    });
    child.kill('SIGTERM');
    await draining;
    inFlight.end(body);
    const late = await answered;
    expect(late.status).toBe(200);
    expect(JSON.parse(late.text).accessToken).toEqual(expect.any(String));
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 180_000);
});

describe('main: an invalid configuration stops the start before anything runs', () => {
  const root = join(__dirname, '..', '..', '..');

  it('PORT=eighty → exit code 2, stderr names PORT, no database started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-main-bad-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'eighty', DATA_DIR: dir, TS_NODE_PROJECT: 'apps/api/tsconfig.spec.json' };
      delete env['DATABASE_URL'];
      const child = spawn(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
        { cwd: root, env },
      );
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d) => (stdout += d));
      child.stderr?.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect({ code, stderr }).toEqual({ code: 2, stderr: expect.stringContaining('PORT') });
      expect(stdout).not.toContain('http://localhost');
      expect(existsSync(join(dir, 'pg'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
