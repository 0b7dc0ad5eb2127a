import fc from 'fast-check';
import { J, Json, JsonPath, deepNesting, fieldName, getAt, paths, serialize, updateAt } from './raw-json';

/**
 * Generates requests for every operation of the served OpenAPI document: valid-ish bodies built
 * from each operation's request schema (with ids that exist), then mutated — wrong types, null,
 * huge values, deep nesting, Unicode edge cases, prototype keys, impossible dates, wrong content
 * types, malformed JSON, duplicate keys, injection strings in query filters. Each request says
 * which of its mutations the contract says must be refused, and in which answer class.
 */

// ---------------------------------------------------------------------------------------------
// The OpenAPI document

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
}

export interface Param {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface RawOperation {
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Array<Record<string, string[]>>;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Route {
  /** Upper-case HTTP method. */
  method: string;
  /** Path template of the document, e.g. `/api/complaints/{id}/close`. */
  template: string;
  params: Param[];
  /** The JSON request body schema, when the operation takes one. */
  body?: Schema;
  /** Needs no token. */
  public: boolean;
  /** false: a method the document does not list for this path (the answer must be 405). */
  documented: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Whether some concrete path matches both templates (`/api/users/me` and `/api/users/{id}`). */
function overlap(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  return x.length === y.length && x.every((seg, i) => seg === y[i] || /^\{.*\}$/.test(seg) || /^\{.*\}$/.test(y[i]));
}

/**
 * Every documented operation, and every path × method the document does not list (unless another
 * path of that method matches the same URLs, as `PATCH /api/users/{id}` matches `/api/users/me`).
 */
export function routesOf(doc: OpenApiDoc): { documented: Route[]; unsupported: Route[] } {
  const documented: Route[] = [];
  const unsupported: Route[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = ops[m];
      if (op) {
        const json = op.requestBody?.content?.['application/json']?.schema;
        documented.push({
          method: m.toUpperCase(),
          template,
          params: op.parameters ?? [],
          body: json,
          public: !op.security?.length,
          documented: true,
        });
      } else {
        const any = Object.values(ops)[0];
        unsupported.push({
          method: m.toUpperCase(),
          template,
          params: (any?.parameters ?? []).filter((p) => p.in === 'path'),
          public: false,
          documented: false,
        });
      }
    }
  }
  return {
    documented,
    unsupported: unsupported.filter((u) => !documented.some((d) => d.method === u.method && overlap(d.template, u.template))),
  };
}

/** Follows `$ref`s and merges `allOf` members. */
export function resolve(doc: OpenApiDoc, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 10; i++) cur = doc.components.schemas[cur.$ref.replace('#/components/schemas/', '')];
  if (cur?.allOf?.length) {
    const parts = cur.allOf.map((p) => resolve(doc, p) ?? {});
    return {
      ...Object.assign({}, ...parts),
      ...cur,
      allOf: undefined,
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => p.required ?? []),
      nullable: cur.nullable ?? parts.some((p) => p.nullable),
    };
  }
  return cur;
}

/** The schema of the value at `path` of a body of `root`; undefined where the document says nothing. */
export function schemaAt(doc: OpenApiDoc, root: Schema | undefined, path: JsonPath): Schema | undefined {
  let cur = resolve(doc, root);
  for (const step of path) {
    if (!cur) return undefined;
    cur = resolve(doc, typeof step === 'number' ? cur.items : cur.properties?.[step]);
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// What exists in the database under test

export type Who = 'admin' | 'lead' | 'agent' | 'agentAcme' | 'viewerAcme' | 'viewerGlobex' | 'none' | 'junkToken';
export const AUTHENTICATED: Who[] = ['admin', 'lead', 'agent', 'agentAcme', 'viewerAcme', 'viewerGlobex'];

export interface FuzzWorld {
  /** Client ids: the demo clients first, then clients made for the fuzz run. */
  clients: string[];
  clientCodes: string[];
  /** Complaints in different states, of both demo clients. */
  complaints: string[];
  /** Users that may be read. */
  users: string[];
  /** Users that may be changed (never a user the fuzzer signs in as: a change would revoke its tokens). */
  writableUsers: string[];
  /** Active agents and team leads (assignees). */
  assignees: string[];
  notifications: string[];
  categoryCodes: string[];
  rootCauseCodes: string[];
  logins: Array<{ email: string; password: string }>;
}

// ---------------------------------------------------------------------------------------------
// Values

export const NOT_A_UUID = [
  '1',
  '0',
  '-1',
  'null',
  'undefined',
  'me',
  'ACME',
  "'%20OR%201=1--",
  '%25',
  '%27',
  '..',
  '%2e%2e%2f',
  '00000000-0000-0000-0000-00000000000g',
  '%00',
  '%ZZ',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '%E2%80%AE',
  'a'.repeat(3000),
  '%20',
  '~',
  '*',
];
export const UNICODE_EDGE = [
  '\u202eevil\u202c text',
  'مرحبا بالعالم',
  'שלום עולם',
  '😀👍🏽👨‍👩‍👧 emoji',
  'e\u0301\u0301\u0301 combining',
  'Z\u0351\u0352\u0353a\u0354',
  '\ufeffbom',
  'zero\u200bwidth',
  'nul\u0000inside',
  '\u0000',
  'Ω≈ç√ ∑',
  '𝕳𝖊𝖑𝖑𝖔',
  '\u2028line\u2029sep',
  '\t\r\n',
  '   ',
  'ｆｕｌｌｗｉｄｔｈ',
  'İstanbul ß ǅ',
  '\uffff\ufffe',
  '\u00a0',
  'Ⅻ',
  '\u0085next line',
];
export const LONE_SURROGATES = ['\ud800', '\udfff', 'a\udfffb', 'x\ud83d', '\ude00y', 'Eva \udbff Svensson'];
export const INJECTIONS = [
  "' OR 1=1--",
  "'; DROP TABLE complaints;--",
  '" OR ""="',
  '%',
  '_',
  '%_%',
  '\\',
  '\\\\',
  "\\'",
  '$1',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'ACME-2026-%',
  "1' AND pg_sleep(0.01)--",
  "' UNION SELECT NULL--",
  '*',
  '(',
  ')',
  '[',
  'a|b',
  '.*',
  'NULL',
  '-1',
  '1e999',
  ':id',
  '$where',
  '{"$gt":""}',
  "O'Brien",
  'a%b_c\\d',
  '%%',
  '\\%',
  "E'\\x00'",
  '--',
  '/*',
  '; SELECT 1',
];
const VALID_PAST = [
  '2026-11-17T09:30:00+01:00',
  '2026-11-18T08:00:00Z',
  '2026-11-10T23:59:59.999Z',
  '2026-11-01T00:00:00-05:00',
  '2026-10-30T12:00:00+02:00',
];
const VALID_FUTURE = [
  '2026-12-15T16:00:00Z',
  '2027-01-29T16:00:00Z',
  '2027-03-01T12:00:00+01:00',
  '2026-11-30T17:00:00+01:00',
  '2027-06-30T09:00:00-04:00',
];
const VALID_DAYS = ['2026-11-01', '2026-10-19', '2026-12-24', '2027-01-01', '2026-11-18'];
export const IMPOSSIBLE_DATETIMES = [
  '2026-02-30T10:00:00Z',
  '2026-11-18T24:00:00Z',
  '2026-13-01T10:00:00Z',
  '2026-02-29T10:00:00Z',
  '2026-04-31T10:00:00+02:00',
  '2026-11-18T10:60:00Z',
  '2026-00-10T10:00:00Z',
  '2026-11-00T10:00:00Z',
  '2026-11-18T24:00+01:00',
  '2026-06-31T12:00:00Z',
  '2026-11-18T25:00:00Z',
];
export const IMPOSSIBLE_DATES = [
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '2026-04-31',
  '2026-00-01',
  '2026-11-00',
  '2026-11-32',
  '2026-06-31',
];
const ODD_DATES = [
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '2026-11-18T10:00:00.123456789Z',
  '+275760-09-13T00:00:00Z',
  '2026-W47',
  '2026-11-18',
  '2026-11-18 10:00',
  'yesterday',
  '2026-11-18T10:00:00+14:00',
  '2024-02-29T10:00:00Z',
  '2026-11-18T10:00:00+25:00',
  '',
];
const TEXT = [
  'Charged twice for November',
  'The meter was read wrongly.',
  'Kunden vill ha pengarna tillbaka',
  'Call back after 17:00',
  'Refunded the double charge.',
  'Billing team',
  'Waiting for the grid operator',
  'Chase the grid operator weekly',
  'x',
];
const TIMEZONES = [
  'Europe/Stockholm',
  'UTC',
  'America/New_York',
  'Asia/Kolkata',
  'GMT',
  'EST5EDT',
  'Etc/GMT+12',
  'Mars/Olympus',
  'europe/stockholm',
  'Europe/Kyiv',
];
const INTERVALS = [
  [['08:00', '17:00']],
  [],
  [
    ['08:00', '12:00'],
    ['13:00', '17:00'],
  ],
  [['00:00', '24:00']],
  [['17:00', '08:00']],
  [
    ['09:00', '12:00'],
    ['11:00', '14:00'],
  ],
];
const UNKNOWN_KEYS = ['fuzzUnknown', 'isAdmin', 'id', 'version', '', 'a.b', ' email', 'Email', 'status', '$where', '0'];
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

const DATEISH = /(At|By|From|To)$|^(from|to)$/;
const isDateish = (name: string | number | undefined, s: Schema | undefined) =>
  typeof name === 'string' && DATEISH.test(name) && (!s || s.type === 'string' || s.type === undefined);

const text = (min = 1, max = 200): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom(...TEXT),
      fc.string({ minLength: Math.max(1, min), maxLength: Math.max(1, Math.min(max, 40)) }),
      fc.constantFrom(...UNICODE_EDGE.filter((u) => !u.includes('\u0000')).slice(0, 12)),
    )
    .map((s) => (s.length < min ? s.padEnd(min, 'x') : s))
    .map((s) => (max && [...s].length > max ? [...s].slice(0, max).join('') : s));

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
/** `arb` in `present` of `present + absent` draws, else null. */
const maybe = <T>(arb: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: absent }, { arbitrary: arb, weight: present });
const often = <T>(main: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) => fc.oneof({ arbitrary: main, weight: 5 }, { arbitrary: rare, weight: 1 });

export interface GenContext {
  doc: OpenApiDoc;
  world: FuzzWorld;
  route: Route;
}

/** A value for a named field: what the API expects there, with ids that exist. */
function hinted(ctx: GenContext, name: string, s: Schema): fc.Arbitrary<Json> | undefined {
  const w = ctx.world;
  const login = ctx.route.template.endsWith('/auth/login');
  const str = (a: fc.Arbitrary<string>) => a.map(J.str);
  switch (name) {
    case 'clientId':
      return str(often(pick(w.clients.slice(0, 2)), fc.oneof(pick(w.clients), fc.uuid())));
    case 'clientIds':
      return fc.subarray(w.clients.slice(0, 2), { maxLength: 2 }).map((ids) => J.arr(ids.map(J.str)));
    case 'assigneeId':
      return often(pick(w.assignees).map(J.str), fc.oneof(fc.constant(J.null()), fc.uuid().map(J.str), pick(w.users).map(J.str)));
    case 'email':
      if (login) return str(fc.oneof(pick(w.logins.map((l) => l.email)), fc.constant('nobody@example.com')));
      if (ctx.route.template.endsWith('/users')) return str(fc.nat(1_000_000).map((n) => `fuzz.user${n}@example.org`));
      return str(pick(['eva@example.org', 'Eva.Svensson+tag@example.co.uk', "o'brien@example.ie", 'x@y.se']));
    case 'password':
      if (login) return str(fc.oneof(pick(w.logins.map((l) => l.password)), fc.constant('wrong-password-123')));
      return str(fc.nat(1_000_000).map((n) => `Fuzz passphrase ${n} of the night`));
    case 'categoryCode':
      return str(often(pick(w.categoryCodes), fc.constantFrom('NOPE.NOT_A_CODE', 'BILLING', 'billing.double')));
    case 'rootCauseCode':
      return str(often(pick(w.rootCauseCodes), fc.constant('NO_SUCH_CAUSE')));
    case 'timezone':
      return str(pick(TIMEZONES));
    case 'phone':
      return str(pick(['+46701234567', '070-123 45 67', '(08) 123 456', '+1 212 555 0100']));
    case 'language':
      return str(pick(['sv', 'en', 'en-GB', 'de']));
    case 'holidays':
      return fc.subarray(VALID_DAYS, { maxLength: 3 }).map((ds) => J.arr(ds.map(J.str)));
    case 'mon':
    case 'tue':
    case 'wed':
    case 'thu':
    case 'fri':
    case 'sat':
    case 'sun':
      return pick(INTERVALS).map((iv) => J.arr(iv.map((pair) => J.arr(pair.map(J.str)))));
    case 'atRiskAt':
      return pick([0.5, 0.8, 0.9, 0.75]).map(J.num);
    case 'reopenWithinDays':
      return fc.integer({ min: 1, max: 60 }).map(J.num);
    case 'amount':
      return fc.integer({ min: 1, max: 15 }).map(J.num);
    case 'score':
      return fc.integer({ min: 1, max: 5 }).map(J.num);
    case 'code':
      // category and root-cause codes (the client code has its pattern in the document)
      if (!s.pattern) return str(fc.stringMatching(/^[A-Z][A-Z0-9_.]{1,10}$/));
  }
  if (s.type === 'string' && isDateish(name, s)) {
    if (name === 'receivedAt' || name === 'receivedFrom' || name === 'from') return str(pick(VALID_PAST));
    if (name === 'receivedTo' || name === 'to') return str(pick([...VALID_FUTURE, ...VALID_DAYS]));
    return str(pick(VALID_FUTURE));
  }
  return undefined;
}

/** A valid-ish value of a schema (ids that exist, values in range), as a JSON tree. */
export function validValue(ctx: GenContext, schema: Schema | undefined, name = '', depth = 0): fc.Arbitrary<Json> {
  const s = resolve(ctx.doc, schema) ?? {};
  const hint = hinted(ctx, name, s);
  if (hint) return hint;
  if (s.enum?.length) return pick(s.enum as string[]).map((v) => (typeof v === 'number' ? J.num(v) : J.str(String(v))));
  if (s.oneOf?.length) return fc.oneof(...s.oneOf.map((o) => validValue(ctx, o, name, depth)));
  const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : 'string');
  switch (type) {
    case 'object': {
      const props = Object.entries(s.properties ?? {});
      const required = new Set(s.required ?? []);
      const parts = props.map(([key, ps]) => {
        const v = validValue(ctx, ps, key, depth + 1);
        return required.has(key)
          ? v.map((j) => [key, j] as [string, Json])
          : maybe(
              v.map((j) => [key, j] as [string, Json]),
              1,
              1,
            );
      });
      return fc.tuple(...parts).map((entries) => J.obj(entries.filter((e): e is [string, Json] => e !== null)));
    }
    case 'array': {
      const min = s.minItems ?? 0;
      if (depth > 3 && min === 0) return fc.constant(J.arr([]));
      const max = Math.max(min, Math.min(s.maxItems ?? 3, 3));
      return fc.array(validValue(ctx, s.items, name, depth + 1), { minLength: min, maxLength: max }).map(J.arr);
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? 0;
      const max = s.maximum ?? min + 30;
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) }).map(J.num);
    }
    case 'boolean':
      return fc.boolean().map(J.bool);
    default: {
      if (s.format === 'uuid') return fc.uuid().map(J.str);
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).map(J.str);
      return text(s.minLength ?? 1, s.maxLength ?? 200).map(J.str);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Requests and mutations

/** How the contract ranks the refusal a mutation causes ("Which answer wins"). */
export type AnswerClass = 'unreadable' | 'contentType' | 'field';

export interface FuzzRequest {
  route: Route;
  method: string;
  /** Path with query string, percent-encoded as sent. */
  path: string;
  who: Who;
  /** The Authorization header's scheme as spelled (`Bearer`, `bearer`, …). */
  scheme: string;
  /** The whole Authorization header of a `junkToken` request. */
  junkAuth?: string;
  headers: Record<string, string>;
  contentType: string | null;
  body: string | Buffer | null;
  /** The mutations applied, e.g. `null@customer.email`. */
  mutations: string[];
  /** Why the contract says this request must be refused (4xx); empty: it may succeed. */
  mustRefuse: string[];
  /** With exactly one mutation: where its refusal ranks. */
  answerClass?: AnswerClass;
  /** A 400 answer must name this field (or a parent of it). */
  field?: string;
  /** Strings the caller sent (an answer may quote them; they are not leaks). */
  echo: string[];
}

interface BodyState {
  body: Json | null;
  raw?: string | Buffer;
  contentType: string | null;
  tags: string[];
  mustRefuse: string[];
  classes: AnswerClass[];
  field?: string;
  /** Where earlier mutations changed the tree (a later one must not overwrite them). */
  touched?: JsonPath[];
}

const num = (raw: string) => Number(raw);

/** One mutation of a body (a tree), by the schema at the mutated place. */
function bodyMutation(ctx: GenContext, st: BodyState): fc.Arbitrary<BodyState> {
  const root = ctx.route.body;
  const tree = st.body ?? J.obj([]);
  // A later mutation may not replace what an earlier one changed (nor an ancestor of it, nor a part of it);
  // it may add keys to an object that holds it.
  const touched = st.touched ?? [];
  const startsWith = (a: JsonPath, prefix: JsonPath) => prefix.length <= a.length && prefix.every((x, i) => x === a[i]);
  const existing = paths(tree).filter((p) => getAt(tree, p)?.k !== 'raw');
  const all = existing.filter((p) => !touched.some((t) => startsWith(p, t) || startsWith(t, p)));
  const valuePaths = all.filter((p) => p.length > 0);
  const objectPaths = existing.filter((p) => getAt(tree, p)?.k === 'obj' && !touched.some((t) => startsWith(p, t) && p.length > t.length));
  const stringPaths = valuePaths.filter((p) => getAt(tree, p)?.k === 'str');
  const numberPaths = valuePaths.filter((p) => getAt(tree, p)?.k === 'num');
  const arrayPaths = valuePaths.filter((p) => getAt(tree, p)?.k === 'arr');
  const sAt = (p: JsonPath) => schemaAt(ctx.doc, root, p);
  const lastName = (p: JsonPath) => [...p].reverse().find((x) => typeof x === 'string') as string | undefined;
  const dateish = (p: JsonPath) =>
    isDateish(lastName(p), sAt(p)) || (p[p.length - 2] === 'holidays' && typeof p[p.length - 1] === 'number');
  const set = (p: JsonPath, v: Json) => updateAt(tree, p, () => v);
  // A later Content-Type replaces an earlier one: what the earlier one made refusable no longer is.
  const CT_REFUSAL = 'Content-Type is not application/json';
  const next = (over: Partial<BodyState> & { tag: string; at?: JsonPath }): BodyState => ({
    ...st,
    ...over,
    touched: [...(st.touched ?? []), ...(over.at ? [over.at] : [])],
    tags: [...st.tags, over.tag],
    mustRefuse: [...('contentType' in over ? st.mustRefuse.filter((m) => m !== CT_REFUSAL) : st.mustRefuse), ...(over.mustRefuse ?? [])],
    classes: [...('contentType' in over ? st.classes.filter((c) => c !== 'contentType') : st.classes), ...(over.classes ?? [])],
    field: over.field ?? st.field,
  });
  const field = (p: JsonPath) => fieldName(p);
  const options: Array<fc.Arbitrary<BodyState>> = [];
  const add = (weight: number, a: fc.Arbitrary<BodyState>) => {
    for (let i = 0; i < weight; i++) options.push(a);
  };

  if (valuePaths.length) {
    // null where the schema does not allow it
    add(
      2,
      pick(valuePaths).map((p) => {
        const s = sAt(p);
        const must = s && !s.nullable;
        return next({
          at: p,
          tag: `null@${field(p)}`,
          body: set(p, J.null()),
          mustRefuse: must ? ['null for a field that is not nullable'] : [],
          classes: must ? ['field'] : [],
          field: must ? field(p) : undefined,
        });
      }),
    );
    // a value of another JSON type
    add(
      3,
      fc.tuple(pick(valuePaths), fc.nat(4)).map(([p, i]) => {
        const s = sAt(p);
        const type = s?.type ?? (s?.properties ? 'object' : s?.items ? 'array' : undefined);
        const others: Record<string, Json[]> = {
          string: [J.num(42), J.bool(true), J.arr([]), J.obj([]), J.arr([J.str('x')])],
          number: [J.str('5'), J.bool(false), J.arr([]), J.obj([]), J.str('')],
          integer: [J.str('5'), J.bool(false), J.arr([]), J.obj([]), J.str('')],
          boolean: [J.str('true'), J.num(1), J.arr([]), J.obj([]), J.str('false')],
          array: [J.str('x'), J.num(1), J.obj([]), J.bool(true), J.str('[]')],
          object: [J.str('x'), J.num(1), J.arr([]), J.arr([J.arr([])]), J.bool(false)],
        };
        const choices = type ? others[type] : [J.num(42), J.arr([J.arr([])]), J.obj([])];
        const v = (choices ?? [J.num(42)])[i % (choices ?? [1]).length];
        return next({
          at: p,
          tag: `wrong-type@${field(p)}`,
          body: set(p, v),
          mustRefuse: type ? ['wrong JSON type'] : [],
          classes: type ? ['field'] : [],
          field: type ? field(p) : undefined,
        });
      }),
    );
    // a required field removed
    const removable = valuePaths.filter(
      (p) =>
        typeof p[p.length - 1] === 'string' &&
        (resolve(ctx.doc, schemaAt(ctx.doc, root, p.slice(0, -1)))?.required ?? []).includes(p[p.length - 1] as string),
    );
    if (removable.length) {
      add(
        1,
        pick(removable).map((p) =>
          next({
            at: p,
            tag: `missing@${field(p)}`,
            body: updateAt(tree, p.slice(0, -1), (o) => (o.k === 'obj' ? J.obj(o.entries.filter(([k]) => k !== p[p.length - 1])) : o)),
            mustRefuse: ['a required field is missing'],
            classes: ['field'],
            field: field(p),
          }),
        ),
      );
    }
  }
  if (stringPaths.length) {
    // huge strings (past maxLength; past the 1 MB body limit)
    add(
      2,
      fc.tuple(pick(stringPaths), pick([1, 1, 1, 10_000, 10_000, 100_000, 1_100_000])).map(([p, n]) => {
        const s = sAt(p);
        const len = n === 1 ? (s?.maxLength ?? 1000) + 1 : n;
        const must = (s?.maxLength !== undefined && len > s.maxLength) || len > 1_000_000;
        return next({
          at: p,
          tag: `huge-string(${len})@${field(p)}`,
          body: set(p, J.str('x'.repeat(len))),
          mustRefuse: must ? ['string over its limit'] : [],
          classes: must ? ['field'] : [],
          field: must && len < 1_000_000 ? field(p) : undefined,
        });
      }),
    );
    // a lone UTF-16 surrogate
    add(
      3,
      fc.tuple(pick(stringPaths), pick(LONE_SURROGATES)).map(([p, v]) => {
        const cur = getAt(tree, p);
        const value = cur?.k === 'str' && cur.v.includes('@') ? cur.v.replace('@', `${v}@`) : v;
        return next({
          at: p,
          tag: `lone-surrogate@${field(p)}`,
          body: set(p, J.str(value)),
          mustRefuse: ['lone UTF-16 surrogate'],
          classes: ['field'],
          field: field(p),
        });
      }),
    );
    // Unicode edge cases (allowed text, except what a field's own rules refuse)
    add(
      2,
      fc
        .tuple(pick(stringPaths), pick(UNICODE_EDGE))
        .map(([p, v]) => next({ at: p, tag: `unicode(${JSON.stringify(v).slice(1, 12)})@${field(p)}`, body: set(p, J.str(v)) })),
    );
    // injection strings in text
    add(
      1,
      fc.tuple(pick(stringPaths), pick(INJECTIONS)).map(([p, v]) => next({ at: p, tag: `injection@${field(p)}`, body: set(p, J.str(v)) })),
    );
    // outside an enum / not matching a pattern / empty
    const enumPaths = stringPaths.filter((p) => sAt(p)?.enum?.length);
    if (enumPaths.length) {
      add(
        1,
        fc.tuple(pick(enumPaths), pick(['', 'x', 'UPPER', ' pad', 'admin'])).map(([p, v]) => {
          const s = sAt(p);
          const first = String(s?.enum?.[0] ?? '');
          const value = v === 'UPPER' ? first.toUpperCase() : v === ' pad' ? `${first} ` : v;
          const must = !(s?.enum ?? []).includes(value);
          return next({
            at: p,
            tag: `enum(${JSON.stringify(value)})@${field(p)}`,
            body: set(p, J.str(value)),
            mustRefuse: must ? ['value outside its enum'] : [],
            classes: must ? ['field'] : [],
            field: must ? field(p) : undefined,
          });
        }),
      );
    }
    const patternPaths = stringPaths.filter((p) => sAt(p)?.pattern);
    if (patternPaths.length) {
      add(
        1,
        fc
          .tuple(pick(patternPaths), pick(['', 'a', 'acme', 'TOOLONGCODE1234', '25:00', '8:00', '24:01', '🙂', 'AC ME', '12:5']))
          .map(([p, v]) => {
            const must = !new RegExp(sAt(p)?.pattern ?? '.*').test(v);
            return next({
              at: p,
              tag: `pattern(${JSON.stringify(v)})@${field(p)}`,
              body: set(p, J.str(v)),
              mustRefuse: must ? ['value does not match its pattern'] : [],
              classes: must ? ['field'] : [],
              field: must ? field(p) : undefined,
            });
          }),
      );
    }
    add(
      1,
      pick(stringPaths).map((p) => {
        const must = (sAt(p)?.minLength ?? 0) >= 1;
        return next({
          at: p,
          tag: `empty@${field(p)}`,
          body: set(p, J.str('')),
          mustRefuse: must ? ['string under its minimum length'] : [],
          classes: must ? ['field'] : [],
          field: must ? field(p) : undefined,
        });
      }),
    );
    // dates that do not exist on the calendar, and odd ones that do
    const datePaths = stringPaths.filter(dateish);
    if (datePaths.length) {
      add(
        4,
        fc.tuple(pick(datePaths), pick(IMPOSSIBLE_DATETIMES), pick(IMPOSSIBLE_DATES)).map(([p, dt, d]) => {
          const cur = getAt(tree, p);
          const value = cur?.k === 'str' && /^\d{4}-\d{2}-\d{2}$/.test(cur.v) ? d : dt;
          return next({
            at: p,
            tag: `impossible-date(${value})@${field(p)}`,
            body: set(p, J.str(value)),
            mustRefuse: ['date that does not exist'],
            classes: ['field'],
            field: field(p),
          });
        }),
      );
      add(
        1,
        fc
          .tuple(pick(datePaths), pick(ODD_DATES))
          .map(([p, v]) => next({ at: p, tag: `odd-date(${v})@${field(p)}`, body: set(p, J.str(v)) })),
      );
    }
  }
  if (numberPaths.length) {
    add(
      2,
      fc
        .tuple(
          pick(numberPaths),
          pick([
            '1e308',
            '1e400',
            '-1e400',
            '123456789012345678901234567890',
            '-0',
            '4.9e-324',
            '2147483648',
            '9007199254740993',
            '-1',
            '0',
            '3.7',
            '1.0',
            '6',
          ]),
        )
        .map(([p, raw]) => {
          const s = sAt(p);
          const n = num(raw);
          const must = (s?.maximum !== undefined && n > s.maximum) || (s?.minimum !== undefined && n < s.minimum);
          return next({
            at: p,
            tag: `number(${raw})@${field(p)}`,
            body: set(p, J.num(raw)),
            mustRefuse: must ? ['number out of range'] : [],
            classes: must ? ['field'] : [],
            field: must ? field(p) : undefined,
          });
        }),
    );
  }
  if (arrayPaths.length) {
    add(
      1,
      fc.tuple(pick(arrayPaths), pick([1000, 5000])).map(([p, n]) => {
        const cur = getAt(tree, p);
        const item = cur?.k === 'arr' && cur.items.length ? cur.items[0] : J.str('x');
        return next({ at: p, tag: `huge-array(${n})@${field(p)}`, body: set(p, J.arr(Array.from({ length: n }, () => item))) });
      }),
    );
  }
  // keys the schema does not know, prototype keys as own keys, duplicate keys
  if (objectPaths.length)
    add(
      2,
      fc.tuple(pick(objectPaths), pick(UNKNOWN_KEYS), fc.boolean()).map(([p, key, first]) => {
        const s = schemaAt(ctx.doc, root, p);
        const known = Object.keys(s?.properties ?? {}).includes(key);
        const must = !!s?.properties && !known;
        return next({
          at: [...p, key],
          tag: `unknown-key(${JSON.stringify(key)})@${field(p) || '$'}`,
          body: updateAt(tree, p, (o) =>
            o.k === 'obj' ? J.obj(first ? [[key, J.str('x')], ...o.entries] : [...o.entries, [key, J.str('x')]]) : o,
          ),
          mustRefuse: must ? ['unknown field'] : [],
          classes: must ? ['field'] : [],
        });
      }),
    );
  if (objectPaths.length)
    add(
      4,
      fc
        .tuple(
          pick(objectPaths),
          pick(PROTO_KEYS),
          pick([
            J.obj([]),
            J.obj([['role', J.str('admin')]]),
            J.str('x'),
            J.num(1),
            J.null(),
            J.obj([['isAdmin', J.bool(true)]]),
            J.arr([]),
          ]),
          fc.boolean(),
        )
        .map(([p, key, v, first]) =>
          next({
            at: [...p, key],
            tag: `proto-key(${key})@${field(p) || '$'}`,
            body: updateAt(tree, p, (o) => (o.k === 'obj' ? J.obj(first ? [[key, v], ...o.entries] : [...o.entries, [key, v]]) : o)),
            mustRefuse: ['prototype key'],
            classes: ['unreadable'],
          }),
        ),
    );
  const withKeys = objectPaths.filter((p) => {
    const o = getAt(tree, p);
    return o?.k === 'obj' && o.entries.length > 0;
  });
  if (withKeys.length) {
    add(
      1,
      fc.tuple(pick(withKeys), fc.nat(20), pick([J.null(), J.num(7), J.str('dup'), J.arr([])]), fc.boolean()).map(([p, i, v, before]) => {
        const o = getAt(tree, p) as Extract<Json, { k: 'obj' }>;
        const keys = o.entries.map(([k]) => k).filter((k) => !touched.some((t) => startsWith(t, [...p, k])));
        if (!keys.length) return st;
        const key = keys[i % keys.length];
        return next({
          at: [...p, key],
          tag: `duplicate-key(${key})@${field(p) || '$'}`,
          body: updateAt(tree, p, () => J.obj(before ? [[key, v], ...o.entries] : [...o.entries, [key, v]])),
        });
      }),
    );
  }
  // deep nesting: a value, a new key, or the whole body
  if (all.length)
    add(
      4,
      fc
        .tuple(pick(all), pick([40, 100, 2000, 5000]), pick(['object', 'array'] as const), fc.boolean())
        .map(([p, depth, kind, replace]) => {
          const deep = deepNesting(depth, kind);
          const container = getAt(tree, p)?.k === 'obj' || getAt(tree, p)?.k === 'arr';
          if (p.length === 0 && touched.length) return st;
          const body =
            replace || p.length === 0 || !container
              ? p.length === 0
                ? deep
                : set(p, deep)
              : updateAt(tree, p, (o) =>
                  o.k === 'obj' ? J.obj([...o.entries, ['a', deep]]) : o.k === 'arr' ? J.arr([...o.items, deep]) : deep,
                );
          return next({
            at: p,
            tag: `deep-${kind}(${depth})@${field(p) || '$'}`,
            body,
            mustRefuse: ['JSON nested deeper than 32'],
            classes: ['unreadable'],
          });
        }),
    );
  // the body as a whole: malformed, not an object, bytes that are not UTF-8 (only as the first mutation)
  if (!touched.length)
    add(
      2,
      pick([
        '{',
        '{"a":',
        '{"email":"a@b.c",}',
        "{'a':1}",
        '{"a":NaN}',
        '{"a":1}{"b":2}',
        '{"a":undefined}',
        '{"a":01}',
        '{"a":"\\x41"}',
        '{"a":"unterminated}',
        '\u0000',
        '{"a":1,,"b":2}',
        '// c\n{}',
        '{"a":+1}',
        '[1,]',
        'tru',
        '{"a":"b"]',
        '{"a":"\\ud800"',
        '{"a":"\\u12"}',
      ]).map((raw) =>
        next({
          tag: `malformed(${JSON.stringify(raw).slice(1, 16)})`,
          body: null,
          raw,
          mustRefuse: ['malformed JSON'],
          classes: ['unreadable'],
        }),
      ),
    );
  if (!touched.length)
    add(
      1,
      pick(['"x"', '1', 'null', 'true', '[]', '[{}]', '[[]]']).map((raw) =>
        next({
          tag: `root(${raw})`,
          body: null,
          raw,
          mustRefuse: ctx.route.body ? ['the body is not an object'] : [],
          classes: ctx.route.body ? ['field'] : [],
        }),
      ),
    );
  if (stringPaths.length && !touched.length)
    add(
      1,
      fc.tuple(pick(stringPaths), pick([[0xed, 0xa0, 0x80], [0xff], [0xc0, 0xaf], [0xe2, 0x82]])).map(([p, bytes]) => {
        const marker = '\u0007FUZZ\u0007';
        const marked = set(p, J.str(marker));
        const [before, after] = serialize(marked).split(JSON.stringify(marker).slice(1, -1));
        return next({
          tag: `invalid-utf8(${bytes.map((b) => b.toString(16)).join(' ')})@${field(p) || '$'}`,
          body: null,
          raw: Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]),
        });
      }),
    );
  // the content type
  add(
    3,
    pick(['text/plain', 'application/x-www-form-urlencoded', null, 'application/xml', 'multipart/form-data; boundary=x', 'text/html']).map(
      (ct) => next({ tag: `content-type(${ct ?? 'none'})`, contentType: ct, mustRefuse: [CT_REFUSAL], classes: ['contentType'] }),
    ),
  );
  add(
    1,
    pick([
      'APPLICATION/JSON',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'application/json; charset=latin1',
      'application/merge-patch+json',
      'application/json, text/plain',
    ]).map((ct) => next({ tag: `content-type(${ct})`, contentType: ct })),
  );
  return fc.oneof(...options);
}

function bodyText(st: BodyState): string | Buffer | null {
  if (st.raw !== undefined) return st.raw;
  if (!st.body) return null;
  const json = serialize(st.body);
  if (st.contentType === 'application/x-www-form-urlencoded' && st.body.k === 'obj') {
    return st.body.entries
      .map(
        ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.k === 'str' ? v.v.replace(/[\ud800-\udfff]/g, '?') : serialize(v))}`,
      )
      .join('&');
  }
  return json;
}

/** Strings of a tree (values and keys) the answer may legitimately quote. */
function strings(tree: Json | null, out: string[] = []): string[] {
  if (!tree) return out;
  const stack = [tree];
  while (stack.length && out.length < 200) {
    const n = stack.pop() as Json;
    if (n.k === 'str' && n.v.length >= 3) out.push(n.v.slice(0, 300));
    if (n.k === 'arr') stack.push(...n.items);
    if (n.k === 'obj')
      for (const [k, v] of n.entries) {
        if (k.length >= 3) out.push(k);
        stack.push(v);
      }
  }
  return out;
}

/** A value for a path parameter: an id that exists, an unknown UUID, or junk. */
function pathValue(ctx: GenContext, template: string, name: string, method: string): fc.Arbitrary<string> {
  const pool = pathPool(ctx, template, name, method);
  return fc.oneof(
    { arbitrary: pick(pool), weight: 8 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: pick(['00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF']), weight: 1 },
    { arbitrary: pick(pool).map((id) => id.toUpperCase()), weight: 1 },
    { arbitrary: pick(NOT_A_UUID), weight: 2 },
  );
}

/** The ids that exist for a path parameter (by the collection it follows). */
function pathPool(ctx: GenContext, template: string, name: string, method: string): string[] {
  const w = ctx.world;
  const before =
    template
      .split('/')
      .slice(0, template.split('/').indexOf(`{${name}}`))
      .pop() ?? '';
  let pool: string[];
  if (name === 'code') pool = [...w.clientCodes, 'acme', 'NOPE'];
  else if (before === 'complaints') pool = w.complaints;
  else if (before === 'clients') pool = w.clients;
  else if (before === 'users') pool = method === 'GET' ? w.users : w.writableUsers;
  else if (before === 'notifications') pool = w.notifications.length ? w.notifications : w.complaints;
  else pool = [...w.complaints, ...w.clients, ...w.users];
  return pool;
}

const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'));

/** A value for a query parameter, and whether a refusal is due. */
function queryValue(ctx: GenContext, p: Param): fc.Arbitrary<Json> {
  const s = resolve(ctx.doc, p.schema) ?? {};
  const w = ctx.world;
  switch (p.name) {
    case 'clientId':
      return often(pick(w.clients.slice(0, 2)), fc.oneof(pick(w.clients), fc.uuid())).map(J.str);
    case 'limit':
      return fc.integer({ min: 1, max: 100 }).map((n) => J.str(String(n)));
    case 'status':
      return pick(['registered', 'acknowledged', 'closed', 'registered,acknowledged', 'acknowledged,closed']).map(J.str);
    case 'assignee':
      return fc.oneof(pick(['me', 'none']), pick(w.assignees)).map(J.str);
    case 'q':
      return pick(['Charged', 'ACME-2026', 'eva', 'Svensson', 'x']).map(J.str);
    case 'cursor':
      return pick(['eyJ4IjoxfQ', 'not-a-cursor', 'MjAyNi0xMS0xOA==']).map(J.str);
  }
  if (s.type === 'boolean') return pick(['true', 'false']).map(J.str);
  return validValue(ctx, s, p.name).map((j) => (j.k === 'num' ? J.str(j.raw) : j));
}

/** The request plan for one route: body, query, path and headers, with its mutations. */
export function requestFor(ctx: GenContext): fc.Arbitrary<FuzzRequest> {
  const { route } = ctx;
  const whoArb = fc.oneof(
    { arbitrary: fc.constant<Who>('admin'), weight: 6 },
    { arbitrary: fc.constant<Who>('lead'), weight: 5 },
    { arbitrary: fc.constant<Who>('agent'), weight: 4 },
    { arbitrary: fc.constant<Who>('agentAcme'), weight: 2 },
    { arbitrary: pick<Who>(['viewerAcme', 'viewerGlobex']), weight: 2 },
    { arbitrary: fc.constant<Who>('none'), weight: 2 },
    { arbitrary: fc.constant<Who>('junkToken'), weight: 1 },
  );
  const schemeArb = fc.oneof({ arbitrary: fc.constant('Bearer'), weight: 12 }, { arbitrary: pick(['bearer', 'BEARER']), weight: 1 });
  const junkAuth = pick([
    'Bearer x',
    'Bearer ',
    'Basic YWRtaW46eA==',
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    `Bearer ${'a'.repeat(8000)}`,
    'Bearer a.b.c',
    'Token abc',
    'Bearer\teyJ',
  ]);
  const pathParams = route.params.filter((p) => p.in === 'path');
  const queryParams = route.params.filter((p) => p.in === 'query');
  const headerParams = route.params.filter((p) => p.in === 'header');

  const pools = pathParams.map((p) => new Set(pathPool(ctx, route.template, p.name, route.method)));
  // The path, and whether a parameter is not an id that exists (its 400/404 then answers first).
  const pathArb = fc.tuple(...pathParams.map((p) => pathValue(ctx, route.template, p.name, route.method))).map((values) => ({
    path: pathParams.reduce((acc, p, i) => acc.replace(`{${p.name}}`, values[i]), route.template),
    unknownId: values.some((v, i) => !pools[i].has(v)),
  }));

  // query: each optional parameter in 40 % of requests; sometimes one mutated value
  type Q = { pairs: Array<[string, string]>; tags: string[]; must: string[]; classes: AnswerClass[]; field?: string };
  const queryArb: fc.Arbitrary<Q> = fc
    .tuple(
      ...queryParams.map((p) =>
        p.required
          ? queryValue(ctx, p).map((v) => v as Json | null)
          : p.name === 'clientId'
            ? maybe(queryValue(ctx, p), 6, 1)
            : maybe(queryValue(ctx, p), 2, 3),
      ),
    )
    .chain((values) => {
      const pairs: Array<[string, string]> = [];
      queryParams.forEach((p, i) => {
        const v = values[i];
        if (v) pairs.push([p.name, v.k === 'str' ? v.v : serialize(v)]);
      });
      const base: Q = { pairs, tags: [], must: [], classes: [] };
      if (!queryParams.length) return fc.constant(base);
      const mutate: fc.Arbitrary<Q> = pick(queryParams).chain((p) => {
        const s = resolve(ctx.doc, p.schema) ?? {};
        const without = pairs.filter(([k]) => k !== p.name);
        const withValue = (v: string, tag: string, must?: string, cls?: AnswerClass): Q => ({
          pairs: [...without, [p.name, v]],
          tags: [`${tag}@?${p.name}`],
          must: must ? [must] : [],
          classes: cls ? [cls] : [],
          field: must ? p.name : undefined,
        });
        const options: Array<fc.Arbitrary<Q>> = [
          pick(INJECTIONS).map((v) =>
            withValue(v, 'injection', s.enum && !s.enum.includes(v) ? 'value outside its enum' : undefined, s.enum ? 'field' : undefined),
          ),
          pick(UNICODE_EDGE).map((v) => withValue(v, `unicode(${JSON.stringify(v).slice(1, 10)})`)),
          fc.constant(
            withValue(
              'x'.repeat(5000),
              'huge(5000)',
              s.maxLength !== undefined ? 'string over its limit' : undefined,
              s.maxLength !== undefined ? 'field' : undefined,
            ),
          ),
          fc.constant<Q>({ pairs: [...pairs, [p.name, 'a'], [p.name, 'b']], tags: [`repeated@?${p.name}`], must: [], classes: [] }),
          pick(['[a]', '[]', '[__proto__]', '[0]']).map((b) => ({
            pairs: [...without, [`${p.name}${b}`, 'x']],
            tags: [`bracket(${b})@?${p.name}`],
            must: [],
            classes: [] as AnswerClass[],
          })),
          fc.constant(withValue('', 'empty')),
          pick(['__proto__', 'constructor', 'fuzzUnknown']).map((k) => ({
            pairs: [...pairs, [k, 'x']] as Array<[string, string]>,
            tags: [`unknown-param(${k})`],
            must: [],
            classes: [] as AnswerClass[],
          })),
        ];
        if (s.type === 'number' || s.type === 'integer' || p.name === 'limit') {
          options.push(
            pick(['0', '-1', '101', '1e3', 'abc', '1.5', '0x10', '99999999999999999999']).map((v) => {
              const n = Number(v);
              const must = Number.isFinite(n) && ((s.minimum !== undefined && n < s.minimum) || (s.maximum !== undefined && n > s.maximum));
              return withValue(v, `number(${v})`, must ? 'number out of range' : undefined, must ? 'field' : undefined);
            }),
          );
        }
        if (s.enum?.length)
          options.push(
            pick(['x', 'ASC', String(s.enum[0]).toUpperCase(), `${String(s.enum[0])},x`]).map((v) =>
              withValue(v, `enum(${v})`, 'value outside its enum', 'field'),
            ),
          );
        if (isDateish(p.name, s)) {
          options.push(
            pick([...IMPOSSIBLE_DATES, ...IMPOSSIBLE_DATETIMES]).map((v) =>
              withValue(v, `impossible-date(${v})`, 'date that does not exist', 'field'),
            ),
          );
          options.push(pick(ODD_DATES).map((v) => withValue(v, `odd-date(${v})`)));
        }
        return fc.oneof(...options);
      });
      return fc.oneof({ arbitrary: fc.constant(base), weight: 1 }, { arbitrary: mutate, weight: 2 });
    });

  // body
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const bodyArb: fc.Arbitrary<BodyState> = !hasBody
    ? fc.constant<BodyState>({ body: null, contentType: null, tags: [], mustRefuse: [], classes: [] })
    : (route.body ? validValue(ctx, route.body) : pick([J.obj([]), J.null()])).chain((tree) => {
        const start: BodyState =
          tree.k === 'null'
            ? { body: null, contentType: null, tags: [], mustRefuse: [], classes: [] }
            : { body: tree, contentType: 'application/json', tags: [], mustRefuse: [], classes: [] };
        const once = (st: BodyState) =>
          bodyMutation(ctx, { ...st, body: st.body ?? J.obj([]), contentType: st.contentType ?? 'application/json' });
        return fc.oneof(
          { arbitrary: fc.constant(start), weight: route.body ? 3 : 4 },
          { arbitrary: once(start), weight: 12 },
          { arbitrary: once(start).chain((st) => (st.body && st.raw === undefined ? bodyMutation(ctx, st) : fc.constant(st))), weight: 2 },
        );
      });

  // headers
  const headersArb = fc
    .tuple(
      ...headerParams.map((p) =>
        maybe(
          p.name.toLowerCase() === 'if-match'
            ? pick(['1', '2', '3', '"1"', 'W/"1"', '-1', 'abc', '99999999999999999999', '*', ''])
            : p.name.toLowerCase() === 'idempotency-key'
              ? fc.oneof(
                  fc.nat(3).map((n) => `fuzz-key-${n}`),
                  pick(['', 'k'.repeat(256), 'k'.repeat(255), ' ']),
                )
              : pick(['x', '']),
          1,
          2,
        ).map((v) => [p.name, v] as const),
      ),
      fc.oneof({ arbitrary: fc.constant(null), weight: 100 }, { arbitrary: pick(['huge-header', 'accept-xml', 'accept-csv']), weight: 3 }),
    )
    .map((entries) => {
      const headers: Record<string, string> = {};
      const tags: string[] = [];
      const must: string[] = [];
      let junk = false;
      for (const e of entries.slice(0, -1) as Array<readonly [string, string | null]>) {
        if (e[1] === null) continue;
        headers[e[0]] = e[1];
        if (e[0].toLowerCase() === 'if-match' && !/^\d{1,6}$/.test(e[1])) junk = true;
        if (e[0].toLowerCase() === 'idempotency-key' && e[1].length > 255) {
          tags.push(`idempotency-key(${e[1].length})`);
          must.push('Idempotency-Key outside 1–255 characters');
        }
      }
      const extra = entries[entries.length - 1] as string | null;
      if (extra === 'huge-header') {
        headers['X-Fuzz-Padding'] = 'p'.repeat(20_000);
        tags.push('header-over-16KB');
        must.push('header too large');
      }
      if (extra === 'accept-xml') headers['Accept'] = 'application/xml';
      if (extra === 'accept-csv') headers['Accept'] = 'text/csv';
      return { headers, tags, must, junk: junk || tags.length > 0 };
    });

  const longUrl = fc.oneof({ arbitrary: fc.constant(null), weight: 150 }, { arbitrary: fc.constant('x'.repeat(17_000)), weight: 1 });

  return fc
    .tuple(whoArb, schemeArb, junkAuth, pathArb, queryArb, bodyArb, headersArb, longUrl)
    .map(([who, scheme, junk, { path, unknownId }, q, b, h, long]) => {
      const query = q.pairs.map(([k, v]) => `${enc(k)}=${/^%[0-9A-F]{2}/i.test(v) ? v : enc(v)}`);
      if (long) query.push(`fuzzLong=${long}`);
      const mutations = [...(long ? ['url-over-16KB'] : []), ...h.tags, ...q.tags, ...b.tags];
      const mustRefuse = [...(long ? ['URL too long'] : []), ...h.must, ...q.must, ...b.mustRefuse];
      if (!route.public && (who === 'none' || who === 'junkToken')) mustRefuse.push('no valid token');
      const classes = [...q.classes, ...b.classes];
      // The answer class of a mutation is checked only when nothing else about the request is wrong.
      const single = mutations.length === 1 && classes.length === 1 && !unknownId && !h.junk;
      const body = hasBody ? bodyText(b) : null;
      return {
        route,
        method: route.method,
        path: query.length ? `${path}?${query.join('&')}` : path,
        who,
        scheme,
        junkAuth: who === 'junkToken' ? junk : undefined,
        headers: h.headers,
        contentType: body === null ? null : b.contentType,
        body,
        mutations,
        mustRefuse,
        answerClass: single ? classes[0] : undefined,
        field: single ? (q.field ?? b.field) : undefined,
        echo: [
          ...strings(b.body),
          ...q.pairs.flatMap(([k, v]) => [k, v]),
          ...path.split('/'),
          ...(typeof b.raw === 'string' ? [b.raw] : []),
        ].filter((x) => x.length >= 3),
      };
    });
}

/** A request with a method the document does not list for the path: the contract says 405 with Allow. */
export function unsupportedRequestFor(ctx: GenContext): fc.Arbitrary<FuzzRequest> {
  const { route } = ctx;
  const pathParams = route.params.filter((p) => p.in === 'path');
  return fc
    .tuple(
      pick<Who>(['admin', 'lead', 'agent', 'viewerAcme', 'none']),
      fc.tuple(...pathParams.map((p) => pathValue(ctx, route.template, p.name, 'GET'))),
      fc.boolean(),
    )
    .map(([who, values, withBody]) => {
      const path = pathParams.reduce((acc, p, i) => acc.replace(`{${p.name}}`, values[i]), route.template);
      const body = withBody && route.method !== 'GET' ? '{}' : null;
      return {
        route,
        method: route.method,
        path,
        who,
        scheme: 'Bearer',
        headers: {},
        contentType: body ? 'application/json' : null,
        body,
        mutations: ['unsupported-method'],
        mustRefuse: ['method not allowed on this path'],
        echo: path.split('/').filter((x) => x.length >= 3),
      };
    });
}
