import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { atRiskFractionOf, deadlineColumns, STATE_COLUMNS, stateOfRow, type ComplaintRow } from '../app/complaints/complaint-row';
import type { TestApp } from './test-app';

/** Test helpers of the escalation, notification and e-mail specs. */

export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps what it receives. */
export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Starts (again) listening on the same port. */
  start(): Promise<void>;
  /** Stops listening: connections are refused ("SMTP down"). */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function createTestSmtp(opts: { listening?: boolean } = {}): Promise<TestSmtp> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  const smtp: TestSmtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    async start() {
      if (server) return;
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, ...parseMail(raw) });
            callback();
          });
        },
      });
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  if (opts.listening !== false) await smtp.start();
  return smtp;
}

/** Minimal RFC 5322 reading for tests: headers (encoded words decoded) and a single text/plain body. */
export function parseMail(raw: string): { subject: string; text: string; headers: Record<string, string> } {
  const sep = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, sep).replace(/\r?\n[ \t]+/g, ' ');
  const bodyRaw = raw.slice(sep).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let text: string;
  if (cte === 'base64') text = Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (cte === 'quoted-printable') text = decodeQp(bodyRaw);
  else text = bodyRaw;
  return { subject: headers['subject'] ?? '', text: text.replace(/\r\n/g, '\n'), headers };
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(src[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQp(data.replace(/_/g, ' ')),
    );
}

// ---------------------------------------------------------------------------------------------
// Complaints through the public API
// ---------------------------------------------------------------------------------------------

export interface NewComplaint {
  clientId: string;
  receivedAt?: string;
  language?: string;
  email?: string | null;
  phone?: string | null;
  categoryCode?: string;
  preferredChannel?: string;
}

export async function registerComplaint(t: TestApp, token: string, c: NewComplaint): Promise<{ id: string; reference: string }> {
  const res = await t.http
    .post('/api/complaints')
    .set('Authorization', `Bearer ${token}`)
    .send({
      clientId: c.clientId,
      channel: 'phone',
      ...(c.receivedAt ? { receivedAt: c.receivedAt } : {}),
      subject: 'client',
      summary: 'Charged twice for November',
      description: 'The invoice for November was charged twice.',
      ...(c.categoryCode ? { categoryCode: c.categoryCode } : {}),
      customer: {
        name: 'Eva Svensson',
        ...(c.email !== null ? { email: c.email ?? 'eva.svensson@example.org' } : {}),
        ...(c.phone ? { phone: c.phone } : c.email === null ? { phone: '+46701234567' } : {}),
        ...(c.language ? { language: c.language } : {}),
        ...(c.preferredChannel ? { preferredChannel: c.preferredChannel } : {}),
      },
    });
  if (res.status !== 201) throw new Error(`register → ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, reference: res.body.reference };
}

export async function act(
  t: TestApp,
  token: string,
  id: string,
  action: string,
  body: Record<string, unknown>,
  expected = 200,
): Promise<Record<string, unknown>> {
  const res = await t.http.post(`/api/complaints/${id}/${action}`).set('Authorization', `Bearer ${token}`).send(body);
  if (res.status !== expected) throw new Error(`${action} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function timeline(
  t: TestApp,
  token: string,
  id: string,
): Promise<Array<{ type: string; at: string; actor: Record<string, unknown>; data: Record<string, unknown> }>> {
  const res = await t.http.get(`/api/complaints/${id}`).set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`get → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.timeline;
}

/**
 * `n` copies of a complaint made through the API, written set-based in one INSERT … SELECT, each
 * with its own id and reference and the given column overrides (SQL expressions over `g`, 1..n).
 * Every other column is copied, so the copies are as valid as the original; the derived deadline columns
 * (`due_at`, the at-risk instants) are then set from the copies' state as every writer sets them.
 */
export async function cloneComplaint(
  t: TestApp,
  templateId: string,
  n: number,
  overrides: Record<string, string>,
  refPrefix: string,
): Promise<void> {
  const cols: Array<{ column_name: string }> = await t.db.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'complaints'
      AND column_name NOT IN ('id', 'reference') ORDER BY ordinal_position`,
  );
  const names = cols.map((c) => c.column_name);
  const select = names.map((c) => (overrides[c] ? `${overrides[c]} AS ${c}` : `t.${c}`));
  await t.db.query(
    `INSERT INTO complaints (reference, ${names.join(', ')})
     SELECT '${refPrefix}' || lpad(g::text, 6, '0'), ${select.join(', ')}
       FROM complaints t, generate_series(1, ${n}) g WHERE t.id = $1`,
    [templateId],
  );
  await setDeadlineColumns(t, `${refPrefix}%`);
}

/** Sets the derived deadline columns of the complaints whose reference is LIKE `pattern` with `deadlineColumns`. */
async function setDeadlineColumns(t: TestApp, pattern: string): Promise<void> {
  const rows: Array<Pick<ComplaintRow, (typeof STATE_COLUMNS)[number] | 'id' | 'policy_snapshot'> & { client_at_risk_at: unknown }> =
    await t.db.query(
      `SELECT c.id, c.policy_snapshot, cl.policy->'atRiskAt' AS client_at_risk_at, ${STATE_COLUMNS.map((col) => `c.${col}`).join(', ')}
       FROM complaints c JOIN clients cl ON cl.id = c.client_id WHERE c.reference LIKE $1`,
      [pattern],
    );
  const cols = rows.map((r) => deadlineColumns(stateOfRow(r), atRiskFractionOf(r.policy_snapshot, r.client_at_risk_at)));
  const names = ['due_at', 'at_risk_at', 'acknowledge_at_risk_at', 'update_at_risk_at', 'resolve_at_risk_at'] as const;
  await t.db.query(
    `UPDATE complaints c SET ${names.map((n) => `${n} = v.${n}`).join(', ')}
       FROM unnest($1::uuid[], ${names.map((_, i) => `$${i + 2}::timestamptz[]`).join(', ')}) AS v(id, ${names.join(', ')})
      WHERE c.id = v.id`,
    [rows.map((r) => r.id), ...names.map((n) => cols.map((c) => c[n]))],
  );
}

/**
 * Tokens that follow the FixedClock: the JWT expiry is checked against the injected clock, so a
 * spec that moves the clock by days signs in again (a token is reused while the clock stays
 * within an hour of when it was issued).
 */
export function clockTokens(t: TestApp): (email: string) => Promise<string> {
  const cache = new Map<string, { token: string; at: number }>();
  return async (email: string) => {
    const now = t.clock.now().getTime();
    const hit = cache.get(email);
    if (hit && Math.abs(now - hit.at) < 3_600_000) return hit.token;
    const res = await t.http.post('/api/auth/login').send({ email, password: 'demo-password' });
    if (res.status !== 200) throw new Error(`login ${email} → ${res.status}`);
    cache.set(email, { token: res.body.accessToken, at: now });
    return res.body.accessToken as string;
  };
}
