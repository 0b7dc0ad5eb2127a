import type { Client } from 'pg';
import { isErrorCode } from '@complaint-desk/contracts';
import type { RawResponse } from './fuzz-http';
import { AUTHENTICATED, FuzzRequest } from './openapi-requests';

/**
 * What every answer of the API must satisfy, whatever was sent: no 5xx; every 4xx an RFC 9457
 * problem document without internals; a refused request writes nothing; what the contract says
 * must be refused is refused, in the right answer class.
 */

/** Text that must never reach a client: stack frames, SQL, driver and runtime messages. */
export const LEAK_PATTERNS: RegExp[] = [
  /QueryFailedError|TypeORMError|EntityNotFound|EntityMetadataNotFound|driverError/,
  /\bat (?:Object\.|async |new |[\w$.<>]+ \()/,
  /node_modules|\/work\/|\/src\/app\/|\.ts:\d+|\.js:\d+:\d+/,
  /\bSELECT\s|\bINSERT INTO\b|\bUPDATE\s+"?\w+"?\s+SET\b|\bDELETE FROM\b/i,
  /syntax error at|invalid input syntax|violates (?:not-null|foreign key|unique|check) constraint|duplicate key value|relation "|column "\w+"|operator does not exist/,
  /\b(?:RangeError|TypeError|URIError|ReferenceError|SyntaxError)\b|Maximum call stack|Unexpected token|in JSON at position/,
];

/** Row counts and checksums of everything a request may write: one SELECT, cheap on a small database. */
export const SNAPSHOT_SQL = `SELECT
  (SELECT count(*) FROM complaints)::int AS complaints,
  (SELECT coalesce(sum(version), 0) FROM complaints)::bigint::text AS "complaintVersions",
  (SELECT md5(coalesce(string_agg(c::text, ',' ORDER BY c.id), '')) FROM complaints c) AS "complaintRows",
  (SELECT count(*) FROM complaint_events)::int AS events,
  (SELECT coalesce(max(id), 0) FROM complaint_events)::bigint::text AS "eventsMaxId",
  (SELECT count(*) FROM mail_outbox)::int AS outbox,
  (SELECT count(*) FROM notifications)::int AS notifications,
  (SELECT md5(coalesce(string_agg(c::text, ',' ORDER BY c.id), '')) FROM clients c) AS clients,
  (SELECT md5(coalesce(string_agg(u::text, ',' ORDER BY u.id), '')) FROM users u) AS users,
  (SELECT md5(coalesce(string_agg(uc::text, ',' ORDER BY uc.user_id, uc.client_id), '')) FROM user_clients uc) AS "userClients"`;

export type Snapshot = Record<string, string | number>;

export async function snapshot(pg: Client): Promise<Snapshot> {
  const { rows } = await pg.query(SNAPSHOT_SQL);
  return rows[0] as Snapshot;
}

/**
 * The next transaction id: it moves only when some transaction wrote (or locked rows), so an
 * unchanged value proves nothing was written and spares the full snapshot.
 */
export async function nextXid(pg: Client): Promise<string> {
  const { rows } = await pg.query('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x');
  return (rows[0] as { x: string }).x;
}

/** Tells what a request wrote, taking the full snapshot only when the transaction counter moved. */
export class WriteWatch {
  private xid = '';
  private last: Snapshot = {};

  constructor(private readonly pg: Client) {}

  async reset(): Promise<void> {
    this.xid = await nextXid(this.pg);
    this.last = await snapshot(this.pg);
  }

  /** What changed since the previous call (or reset). */
  async writes(): Promise<string[]> {
    const xid = await nextXid(this.pg);
    if (xid === this.xid) return [];
    const now = await snapshot(this.pg);
    const diff = snapshotDiff(this.last, now);
    this.xid = xid;
    this.last = now;
    return diff;
  }
}

export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .map((k) => (typeof after[k] === 'number' ? `${k} ${before[k]}→${after[k]}` : `${k} changed`));
}

const header = (res: RawResponse, name: string): string => {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
};

/** The answer with every string the caller sent cut out (an answer may quote input; that is no leak). */
function withoutEcho(text: string, echo: string[]): string {
  let out = text;
  for (const s of [...echo].sort((a, b) => b.length - a.length)) {
    for (const form of [s, JSON.stringify(s).slice(1, -1)]) if (form.length >= 3) out = out.split(form).join('<input>');
  }
  return out;
}

/** Whether a problem's `errors[].field` names `field` or a parent of it (`customer` for `customer.email`). */
export function namesField(errors: unknown, field: string): boolean {
  if (!Array.isArray(errors)) return false;
  const norm = (f: string) =>
    f
      .replace(/^(body|query|param)[.:]/, '')
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/^[/$.]+/, '')
      .replace(/\//g, '.');
  const want = norm(field);
  return errors.some((e) => {
    const got = norm(String((e as { field?: unknown })?.field ?? ''));
    return got !== '' && (want === got || want.startsWith(`${got}.`));
  });
}

/** Every way this answer breaks the rules; empty when it is fine. */
export function violations(req: FuzzRequest, res: RawResponse, writes: string[]): string[] {
  const out: string[] = [];
  const s = res.status;
  if (res.transportError) return [`no HTTP answer (${res.transportError})`];
  if (s >= 500) out.push('5xx');
  if (s >= 400) {
    const ct = header(res, 'content-type');
    if (!/^application\/problem\+json\b/.test(ct)) out.push(`${s} is not application/problem+json (Content-Type: ${ct || 'none'})`);
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(res.text) as Record<string, unknown>;
    } catch {
      out.push(`${s} body is not JSON`);
    }
    if (body) {
      const missing = ['type', 'title', 'detail'].filter((k) => typeof body?.[k] !== 'string');
      if (body['status'] !== s) missing.push('status');
      if (missing.length) out.push(`problem document lacks ${missing.join('/')}`);
      if (body['errors'] !== undefined && !Array.isArray(body['errors'])) out.push('errors is not an array');
      // A code is one of the typed list (or absent, for the HTTP layer's own answers): clients switch on it.
      if (body['code'] !== undefined && !isErrorCode(body['code']))
        out.push(`code ${JSON.stringify(body['code'])} is not one of ERROR_CODES`);
    }
    const leak = LEAK_PATTERNS.find((re) => re.test(withoutEcho(res.text, req.echo)));
    if (leak) out.push(`leaks internals (${leak.source.slice(0, 40)})`);
    if (s < 500 && writes.length) out.push(`refused (${s}) but wrote: ${writes.join(', ')}`);
    // A field-level refusal answers 400 naming the field. (A 400 that names other fields is left alone:
    // the generated request may have had another fault the answer lists instead.)
    const errors = body?.['errors'];
    if (s === 400 && req.field && body && !namesField(errors, req.field) && !(Array.isArray(errors) && errors.length > 0)) {
      out.push(`400 names no field (expected ${req.field})`);
    }
  } else if (s >= 500 && writes.length) {
    out.push(`wrote: ${writes.join(', ')}`);
  }
  if (s >= 200 && s < 300 && req.mustRefuse.length)
    out.push(`accepted (${s}) although it must be refused: ${[...new Set(req.mustRefuse)].join('; ')}`);
  if (!req.route.documented) {
    // Also for a path whose percent-encoding does not decode (`/api/clients/%ZZ`): it still names its route.
    if (s !== 405 && !(s === 401 && req.who === 'none')) out.push(`unsupported method answered ${s}, not 405`);
    if (s === 405 && !header(res, 'allow')) out.push('405 without an Allow header');
  }
  // "Which answer wins": a body that cannot be read answers before 404/409/412/422 and field validation;
  // a wrong Content-Type before the body is read; a field error before a semantic (422) one.
  if (req.answerClass && s >= 400 && s < 500) {
    const allowed: Record<string, number[]> = {
      contentType: [401, 403, 413, 415, 429],
      unreadable: [400, 401, 403, 413, 429],
    };
    if (req.answerClass === 'field' ? s === 422 : !allowed[req.answerClass].includes(s)) {
      out.push(`answer order: ${req.answerClass} refusal answered ${s}`);
    }
  }
  const validToken = AUTHENTICATED.includes(req.who) && !req.route.template.endsWith('/auth/login') && req.route.documented;
  if (validToken && s === 401) out.push(`a valid token (${req.scheme} …) answered 401`);
  return out;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length})` : s);

/** One line per failing request: method, path, who, mutations, status, answer excerpt, request excerpt. */
export function failureLine(req: FuzzRequest, res: RawResponse, problems: string[]): string {
  const body = req.body === null ? '' : clip(typeof req.body === 'string' ? req.body : `<bytes ${req.body.toString('latin1')}>`, 160);
  const ct = req.body === null ? '' : ` ct=${req.contentType ?? 'none'}`;
  return `${req.method} ${clip(req.path, 140)} as ${req.who}${ct} [${req.mutations.join(', ') || 'valid'}] → ${res.status || 'no answer'} ${clip(res.text.replace(/\s+/g, ' '), 200)} :: ${problems.join(' | ')}${body ? ` :: sent ${JSON.stringify(body)}` : ''}`;
}

/** The class of a failure, for de-duplication: route, status, the rules broken, the kinds of mutation. */
export function failureClass(req: FuzzRequest, res: RawResponse, problems: string[]): string {
  if (!req.route.documented) return `unsupported method on a known path → ${res.status} {${problems.join(' | ')}}`;
  const kinds = req.mutations.map((m) => m.replace(/\(.*?\)/g, '').replace(/@.*/, '')).sort();
  const rules = problems.map((p) =>
    p
      .replace(/\d+→\d+/g, '')
      .replace(/field \S+/, 'field')
      .replace(/\(Content-Type: .*\)/, ''),
  );
  return `${req.method} ${req.route.template} → ${res.status} {${[...new Set(rules)].join(' | ')}} [${[...new Set(kinds)].join(',')}]`;
}
