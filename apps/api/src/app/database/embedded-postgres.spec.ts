import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unreachableFor } from './embedded-postgres';

/**
 * The embedded PostgreSQL runs as the OS user `postgres` when the app runs as root (PostgreSQL
 * refuses root). A data folder that user cannot reach must stop the app with a message that says
 * so — not "failed to start: undefined".
 */
describe('embedded PostgreSQL: a data folder out of reach of the server user', () => {
  jest.setTimeout(120_000);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // Root passes every permission check, so probe as `nobody` when root; else as ourselves.
  const probe = isRoot ? { uid: 65534, gid: 65534 } : { uid: process.getuid!(), gid: process.getgid!() };
  let base: string;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'cd-embedded-'));
    chmodSync(base, 0o755);
  });
  afterEach(() => {
    chmodSync(base, 0o755);
    for (const d of ['private', 'private/data']) {
      try {
        chmodSync(join(base, d), 0o755);
      } catch {
        // not created by this test
      }
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('unreachableFor names the folders behind a parent without the search bit, and only those', () => {
    const open = join(base, 'open', 'data');
    const locked = join(base, 'private', 'data');
    mkdirSync(open, { recursive: true });
    mkdirSync(locked, { recursive: true });
    chmodSync(join(base, 'open'), 0o755);
    chmodSync(open, 0o755);
    chmodSync(locked, 0o755);
    chmodSync(join(base, 'private'), isRoot ? 0o700 : 0o000);
    expect(unreachableFor(probe.uid, probe.gid, [open, locked])).toEqual([locked]);
  });

  it('as root, a DATA_DIR under a 0700 folder fails with a message naming it and the way out; as another user it starts', async () => {
    const privateDir = join(base, 'private');
    mkdirSync(privateDir, { mode: 0o700 });
    chmodSync(privateDir, 0o700);
    const dir = join(privateDir, 'pg');
    // A real Node process, as `npm start` runs it (jest's VM cannot import the ESM-only package).
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(__dirname, '../../testing/embedded-probe.ts'),
        dir,
        'read',
      ],
      { cwd: join(__dirname, '../../../../..'), env: { ...process.env, TS_NODE_PROJECT: 'apps/api/tsconfig.spec.json' }, encoding: 'utf8' },
    );
    if (isRoot) {
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(dir);
      expect(run.stderr).toMatch(/OS user "postgres"/);
      expect(run.stderr).toMatch(/DATABASE_URL/);
    } else {
      // The folder is the server user's own: nothing is out of reach.
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout.trim().split('\n').pop() as string).rows).toEqual([]);
    }
  });
});
