import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DEMO_PASSWORD, DEMO_USERS } from '../app/demo/demo-data';
import { actOk, auth, registerOk } from '../testing/complaint-helpers';
import { createTestApp, TestApp } from '../testing/test-app';
import { RawHttpClient, RawResponse } from '../testing/fuzz/fuzz-http';
import { failureClass, failureLine, violations, WriteWatch } from '../testing/fuzz/fuzz-oracle';
import {
  FuzzRequest,
  FuzzWorld,
  OpenApiDoc,
  requestFor,
  Route,
  routesOf,
  unsupportedRequestFor,
  Who,
} from '../testing/fuzz/openapi-requests';

/**
 * A property-based fuzz suite over every route of the OpenAPI document the app serves, on the
 * real app and real PostgreSQL: ≥ 5,000 generated requests per run (FUZZ_RUNS), one at a time,
 * as every role and without a token. Seeded from the run; a failure prints its seed:
 *   FUZZ_SEED=<seed> npx jest -c apps/api/jest.config.ts api-fuzz
 * replays the same requests.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now());
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 5000);
const REPLAY = `FUZZ_SEED=${SEED}${process.env['FUZZ_RUNS'] ? ` FUZZ_RUNS=${RUNS}` : ''} npx jest -c apps/api/jest.config.ts api-fuzz`;

const WHO_EMAIL: Record<Exclude<Who, 'none' | 'junkToken'>, string> = {
  admin: 'admin@example.com',
  lead: 'lead@example.com',
  agent: 'agent@example.com',
  agentAcme: 'agent.acme@example.com',
  viewerAcme: 'viewer.acme@example.com',
  viewerGlobex: 'viewer.globex@example.com',
};
const VICTIM_PASSWORD = 'Fuzz victim passphrase of 2026';

interface Failure {
  line: string;
  cls: string;
}

describe('API fuzz: every route of the OpenAPI document under generated hostile input', () => {
  let t: TestApp;
  let http: RawHttpClient;
  let pg: Client;
  let doc: OpenApiDoc;
  let world: FuzzWorld;
  let routes: { documented: Route[]; unsupported: Route[] };
  const tokens = new Map<Who, string>();
  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  const perRoute = new Map<string, number>();
  let sent = 0;
  let ms = 0;
  let httpMs = 0;
  const routeMs = new Map<string, number>();
  let dbMs = 0;

  beforeAll(async () => {
    t = await createTestApp({
      env: { WRITE_RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_IP: '100000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '100000' },
    });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    http = new RawHttpClient('127.0.0.1', port);
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    for (const [who, email] of Object.entries(WHO_EMAIL)) tokens.set(who as Who, await t.token(email));
    doc = (await t.http.get('/api/docs-json')).body as OpenApiDoc;
    routes = routesOf(doc);
    world = await seedWorld(t, tokens);
  }, 120_000);

  afterAll(async () => {
    http?.close();
    await pg?.end();
    await t?.close();
  });

  async function relogin(who: Who): Promise<void> {
    const email = WHO_EMAIL[who as keyof typeof WHO_EMAIL];
    const res = await t.http.post('/api/auth/login').send({ email, password: DEMO_PASSWORD });
    if (res.status === 200) tokens.set(who, res.body.accessToken as string);
  }

  function authHeader(req: FuzzRequest): Record<string, string> {
    if (req.who === 'none') return {};
    if (req.who === 'junkToken') return { Authorization: req.junkAuth ?? 'Bearer x' };
    return { Authorization: `${req.scheme} ${tokens.get(req.who)}` };
  }

  it(`R4.1-b R4.5-f: ${RUNS} generated requests over every route (seed ${SEED}) — no 5xx; every 4xx is problem+json without stack, SQL or driver text; a refused request writes no complaint, client, user, timeline, outbox or notification row; what the contract refuses is refused, in the right answer class`, async () => {
    const arb = fc.oneof(
      ...routes.documented.map((route) => ({ arbitrary: requestFor({ doc, world, route }), weight: 8 })),
      // Unsupported methods on known paths: as many requests as three documented routes get.
      { arbitrary: fc.oneof(...routes.unsupported.map((route) => unsupportedRequestFor({ doc, world, route }))), weight: 24 },
    );
    const watch = new WriteWatch(pg);
    await watch.reset();
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(arb, async (req) => {
        const headers: Record<string, string> = { ...authHeader(req), ...req.headers };
        if (req.contentType !== null) headers['Content-Type'] = req.contentType;
        const t0 = Date.now();
        const res: RawResponse = await http.send(req.method, req.path, headers, req.body);
        const t1 = Date.now();
        const writes = await watch.writes();
        httpMs += t1 - t0;
        dbMs += Date.now() - t1;
        routeMs.set(`${req.method} ${req.route.template}`, (routeMs.get(`${req.method} ${req.route.template}`) ?? 0) + t1 - t0);
        const problems = violations(req, res, writes);
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        perRoute.set(`${req.method} ${req.route.template}`, (perRoute.get(`${req.method} ${req.route.template}`) ?? 0) + 1);
        if (problems.length) failures.push({ line: failureLine(req, res, problems), cls: failureClass(req, res, problems) });
        // Signing out revokes the caller's tokens: sign in again, so the rest of the run is not all 401.
        if (/logout/.test(req.route.template) && res.status >= 200 && res.status < 300 && req.who !== 'none' && req.who !== 'junkToken') {
          await relogin(req.who);
          await watch.reset();
        }
        return true;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    ms = Date.now() - started;
    if (process.env['FUZZ_VERBOSE']) {
      console.log(
        `fuzz: ${sent} requests in ${ms} ms (HTTP ${httpMs} ms, snapshots ${dbMs} ms); statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      console.log(
        [...routeMs]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 12)
          .map(([k, v]) => `${k}: ${v} ms / ${perRoute.get(k)}`)
          .join('\n'),
      );
    }
    if (failures.length) {
      const byClass = new Map<string, Failure[]>();
      for (const f of failures) byClass.set(f.cls, [...(byClass.get(f.cls) ?? []), f]);
      const lines = [...byClass.values()].map((fs) => `  ×${fs.length} ${fs[0].line}`);
      throw new Error(
        `The fuzz found ${failures.length} failing requests in ${byClass.size} classes (seed ${SEED}; replay: ${REPLAY}).\n` +
          `One line per class (×count, then its first request): METHOD path as WHO [mutations] → status answer :: broken rules :: sent body\n${lines.join('\n')}`,
      );
    }
  }, 300_000);

  it(`R4.1-b: the generated requests get past authentication and reach every route (seed ${SEED})`, () => {
    expect(sent).toBe(RUNS);
    const authRefused = (statuses.get(401) ?? 0) + (statuses.get(429) ?? 0);
    const ok = [...statuses].filter(([s]) => s >= 200 && s < 300).reduce((a, [, n]) => a + n, 0);
    expect({
      authRefusedShare: authRefused / sent < 0.35,
      okShare: ok / sent > 0.05,
      tooMany: (statuses.get(429) ?? 0) < sent * 0.01,
    }).toEqual({
      authRefusedShare: true,
      okShare: true,
      tooMany: true,
    });
    const notDriven = routes.documented.map((r) => `${r.method} ${r.template}`).filter((k) => !perRoute.get(k));
    expect(notDriven).toEqual([]);
    const unsupported = routes.unsupported.reduce((n, r) => n + (perRoute.get(`${r.method} ${r.template}`) ?? 0), 0);
    expect(unsupported).toBeGreaterThan(RUNS / 100);
  });
});

/** Complaints in every state of both demo clients, a notification, users that may be changed, a third client. */
async function seedWorld(t: TestApp, tokens: Map<Who, string>): Promise<FuzzWorld> {
  const admin = tokens.get('admin')!;
  const agent = tokens.get('agent')!;
  const lead = tokens.get('lead')!;
  const acme = t.clients['ACME'];
  const globex = t.clients['GLOBEX'];

  const users = (await t.http.get('/api/users').set(auth(admin))).body as Array<{ id: string; email: string; role: string }>;
  const idOf = (email: string) => users.find((u) => u.email === email)!.id;
  const victims: string[] = [];
  for (const [email, role, clientIds] of [
    ['fuzz.victim.agent@example.org', 'agent', [acme]],
    ['fuzz.victim.lead@example.org', 'team_lead', [acme, globex]],
    ['fuzz.victim.viewer@example.org', 'client_viewer', [globex]],
  ] as const) {
    const res = await t.http.post('/api/users').set(auth(admin)).send({ email, password: VICTIM_PASSWORD, role, clientIds });
    if (res.status !== 201) throw new Error(`seed user ${email} → ${res.status} ${JSON.stringify(res.body)}`);
    victims.push(res.body.id as string);
  }

  const acmeClient = (await t.http.get(`/api/clients/${acme}`).set(auth(admin))).body as Record<string, unknown>;
  const globexClient = (await t.http.get(`/api/clients/${globex}`).set(auth(admin))).body as Record<string, unknown>;
  const create = Object.fromEntries(
    ['name', 'timezone', 'businessHours', 'holidays', 'policy', 'categories', 'complaintInfo'].map((k) => [k, acmeClient[k]]),
  );
  const extra = await t.http
    .post('/api/clients')
    .set(auth(admin))
    .send({ ...create, code: 'FUZZX', name: 'Fuzz client' });
  if (extra.status !== 201) throw new Error(`seed client → ${extra.status} ${JSON.stringify(extra.body)}`);

  const complaints: string[] = [];
  const acmeCategory = { categoryCode: 'BILLING.DOUBLE' };
  const ack = { via: 'email', message: 'We have received your complaint.', responsibleFunction: 'Billing team' };
  const close = (rootCauseCode: string) => ({ outcome: 'upheld', resolution: 'Refunded the double charge.', via: 'email', rootCauseCode });
  for (const [clientId, category, rootCause] of [
    [acme, acmeCategory, 'BILLING_SYSTEM'],
    [globex, { categoryCode: 'DELIVERY.LATE' }, 'CARRIER'],
  ] as const) {
    const registered = await registerOk(t, agent, clientId);
    const acknowledged = await registerOk(t, agent, clientId, category);
    await actOk(t, agent, acknowledged.id, 'acknowledge', ack);
    const escalated = await registerOk(t, agent, clientId, category);
    await actOk(t, agent, escalated.id, 'acknowledge', ack);
    await actOk(t, lead, escalated.id, 'escalate', { reason: 'customer_request' });
    await actOk(t, lead, escalated.id, 'assign', { assigneeId: idOf('agent@example.com') });
    const closed = await registerOk(t, agent, clientId, category);
    await actOk(t, agent, closed.id, 'acknowledge', ack);
    await actOk(t, agent, closed.id, 'close', close(rootCause));
    const rated = await registerOk(t, agent, clientId, category);
    await actOk(t, agent, rated.id, 'acknowledge', ack);
    await actOk(t, agent, rated.id, 'close', close(rootCause));
    await actOk(t, agent, rated.id, 'satisfaction', { score: 4 });
    const reopened = await registerOk(t, agent, clientId, category);
    await actOk(t, agent, reopened.id, 'acknowledge', ack);
    await actOk(t, agent, reopened.id, 'close', close(rootCause));
    await actOk(t, agent, reopened.id, 'reopen', { reason: 'The refund did not arrive' });
    complaints.push(registered.id, acknowledged.id, escalated.id, closed.id, rated.id, reopened.id);
  }
  const feed = (await t.http.get('/api/notifications').set(auth(lead))).body as { items?: Array<{ id: string }> };

  const codes = (c: Record<string, unknown>) => {
    const out: string[] = [];
    const walk = (cats: unknown) => {
      for (const cat of (cats as Array<{ code: string; children?: unknown }>) ?? []) {
        out.push(cat.code);
        walk(cat.children);
      }
    };
    walk(c['categories']);
    return out;
  };
  const rootCauses = (c: Record<string, unknown>) =>
    ((c['policy'] as { rootCauses?: Array<{ code: string }> })?.rootCauses ?? []).map((r) => r.code);
  return {
    clients: [acme, globex, extra.body.id as string],
    clientCodes: ['ACME', 'GLOBEX', 'FUZZX'],
    complaints,
    users: [...users.map((u) => u.id), ...victims],
    writableUsers: victims,
    assignees: [idOf('lead@example.com'), idOf('agent@example.com'), idOf('agent.acme@example.com'), victims[0], victims[1]],
    notifications: (feed.items ?? []).map((n) => n.id),
    categoryCodes: [...new Set([...codes(acmeClient), ...codes(globexClient)])],
    rootCauseCodes: [...new Set([...rootCauses(acmeClient), ...rootCauses(globexClient)])],
    logins: [
      ...DEMO_USERS.map((u) => ({ email: u.email, password: DEMO_PASSWORD })),
      { email: 'fuzz.victim.agent@example.org', password: VICTIM_PASSWORD },
      { email: 'ADMIN@example.com', password: DEMO_PASSWORD },
    ],
  };
}
