import { createTestApp, TestApp } from '../../testing/test-app';
import { Principal } from '../auth/principal';
import { filterOf } from './complaint-queries.service';
import { ComplaintRepository } from './complaint.repository';
import { ACTION_BODIES, actOk, at, auth, login, registerOk } from '../../testing/complaint-helpers';

type Item = { id: string; reference: string; status: string; dueAt: string | null; receivedAt: string; closedAt: string | null };

describe('Complaints: list — filters, sorts, keyset cursor, scope, index (contract "Read")', () => {
  let t: TestApp;
  let agent: string;
  let agentAcme: string;
  let lead: string;
  let admin: string;
  let agentId: string;
  const ids: Record<string, string> = {};

  const list = async (token: string, query: Record<string, string | number | boolean>) => {
    const res = await t.http.get('/api/complaints').query(query).set(auth(token));
    if (res.status !== 200) throw new Error(`list → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { items: Item[]; nextCursor: string | null };
  };
  const idsOf = async (token: string, query: Record<string, string | number | boolean>) =>
    (await list(token, { limit: 100, ...query })).items.map((i) => i.id).sort();
  const named = (...names: string[]) => names.map((n) => ids[n]).sort();

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z', env: { BACKGROUND_JOBS: 'false' } });
    [agent, agentAcme, lead, admin] = await Promise.all(
      ['agent@example.com', 'agent.acme@example.com', 'lead@example.com', 'admin@example.com'].map((e) => t.token(e)),
    );
    [{ id: agentId }] = await t.db.query(`SELECT id FROM users WHERE email = 'agent@example.com'`);
    const A = t.clients.ACME;
    const G = t.clients.GLOBEX;
    // overdue: ACME acknowledge deadline (Wed 11 Nov close) long passed.
    ids['overdue'] = (
      await registerOk(t, agent, A, { receivedAt: '2026-11-10T09:00:00+01:00', channel: 'letter', summary: 'Meter 100% wrong' })
    ).id;
    // at risk: received Tue 17 Nov 09:00 local, due Wed 18 Nov 17:00 local; 80 % of that has passed at 10:00Z.
    ids['atRisk'] = (
      await registerOk(t, agent, A, {
        receivedAt: '2026-11-17T09:00:00+01:00',
        channel: 'email',
        customer: { name: 'Lars Öberg', email: 'lars@example.se' },
      })
    ).id;
    ids['fresh'] = (
      await registerOk(t, agent, A, { receivedAt: '2026-11-18T10:55:00+01:00', channel: 'webchat', categoryCode: 'METERING.FAULTY' })
    ).id;
    ids['globex'] = (
      await registerOk(t, agent, G, {
        receivedAt: '2026-11-16T10:00:00-05:00',
        channel: 'phone',
        customer: { name: 'Emily Johnson', phone: '+12125550101' },
      })
    ).id;
    ids['closed'] = (await registerOk(t, agent, A, { receivedAt: '2026-11-12T09:00:00+01:00', categoryCode: 'BILLING.DOUBLE' })).id;
    await actOk(t, agent, ids['closed'], 'acknowledge', ACTION_BODIES.acknowledge);
    await actOk(t, agent, ids['closed'], 'close', ACTION_BODIES.close);
    ids['escalated'] = (await registerOk(t, agent, A, { receivedAt: '2026-11-18T08:00:00+01:00', channel: 'social' })).id;
    await actOk(t, agent, ids['escalated'], 'escalate', { reason: 'customer_request' });
    await actOk(t, lead, ids['escalated'], 'assign', { assigneeId: agentId });
  });
  afterAll(() => t.close());

  it('default sort dueAt: open complaints by earliest pending deadline, then closed ones; only the caller’s clients', async () => {
    const page = await list(agent, {});
    const open = page.items.filter((i) => i.status !== 'closed');
    expect(open.map((i) => i.dueAt)).toEqual([...open.map((i) => i.dueAt)].sort());
    expect(page.items[page.items.length - 1].id).toBe(ids['closed']);
    expect(page.items.map((i) => i.id).sort()).toEqual(Object.values(ids).sort());
    expect(await idsOf(agentAcme, {})).toEqual(named('overdue', 'atRisk', 'fresh', 'closed', 'escalated'));
    expect(await idsOf(admin, {})).toEqual(Object.values(ids).sort());
  });

  it('sort receivedAt and -receivedAt', async () => {
    const asc = (await list(agent, { sort: 'receivedAt' })).items.map((i) => i.receivedAt);
    expect(asc).toEqual([...asc].sort());
    const desc = (await list(agent, { sort: '-receivedAt' })).items.map((i) => i.receivedAt);
    expect(desc).toEqual([...asc].reverse());
  });

  it('filters: status, overdue, atRisk, escalated, assignee, categoryCode, channel, clientId, receivedFrom/To', async () => {
    expect(await idsOf(agent, { status: 'closed' })).toEqual(named('closed'));
    expect(await idsOf(agent, { status: 'registered,closed' })).toEqual(
      named('overdue', 'atRisk', 'fresh', 'globex', 'closed', 'escalated'),
    );
    expect(await idsOf(agent, { overdue: true })).toEqual(named('overdue', 'globex'));
    expect(await idsOf(agent, { overdue: false })).toEqual(named('atRisk', 'fresh', 'closed', 'escalated'));
    expect(await idsOf(agent, { atRisk: true })).toEqual(named('atRisk'));
    expect(await idsOf(agent, { escalated: true })).toEqual(named('escalated'));
    expect(await idsOf(agent, { assignee: 'me' })).toEqual(named('escalated'));
    expect(await idsOf(lead, { assignee: agentId })).toEqual(named('escalated'));
    expect((await idsOf(agent, { assignee: 'none' })).length).toBe(5);
    expect(await idsOf(agent, { categoryCode: 'METERING.FAULTY' })).toEqual(named('fresh'));
    expect(await idsOf(agent, { channel: 'social' })).toEqual(named('escalated'));
    expect(await idsOf(agent, { clientId: t.clients.GLOBEX })).toEqual(named('globex'));
    expect(await idsOf(agent, { receivedFrom: '2026-11-17T00:00:00Z', receivedTo: '2026-11-18T00:00:00Z' })).toEqual(named('atRisk'));
    expect(await idsOf(agent, { receivedFrom: '2026-11-17', receivedTo: '2026-11-17' })).toEqual(named('atRisk'));
  });

  it('atRisk decides per step (R4.4-e b): a missed update does not hide a resolution that is at risk', async () => {
    // ACME: acknowledge 1, update every 5, resolve within 10 business days, atRiskAt 0.8.
    // Received and acknowledged Thu 5 Nov 09:30 local: the next update was due around Thu 12 Nov (breached at
    // Wed 18 Nov 11:00 local), the resolution is due around Thu 19 Nov (more than 80 % of that time has passed).
    const id = await at(t, '2026-11-05T08:30:00Z', async () => {
      const token = await login(t, 'agent@example.com');
      const c = await registerOk(t, token, t.clients.ACME, { receivedAt: '2026-11-05T09:30:00+01:00', summary: 'Mixed steps' });
      await actOk(t, token, c.id, 'acknowledge', ACTION_BODIES.acknowledge);
      return c.id;
    });
    const item = (await list(agent, { limit: 100 })).items.find((i) => i.id === id) as unknown as { sla: Record<string, string> };
    expect(item.sla).toEqual({ acknowledge: 'met', update: 'breached', resolve: 'at_risk' });
    expect(await idsOf(agent, { atRisk: true })).toContain(id);
    expect(await idsOf(agent, { atRisk: false })).not.toContain(id);
    expect(await idsOf(agent, { overdue: true })).toContain(id);
    // Once the resolution deadline has passed too, nothing is at risk any more.
    await at(t, '2026-11-20T10:00:00Z', async () => {
      const token = await login(t, 'agent@example.com');
      const later = (await t.http.get(`/api/complaints/${id}`).set(auth(token))).body as { sla: Record<string, string> };
      expect(later.sla).toEqual({ acknowledge: 'met', update: 'breached', resolve: 'breached' });
      const res = await t.http.get('/api/complaints').query({ atRisk: true, limit: 100 }).set(auth(token));
      expect((res.body.items as Item[]).map((i) => i.id)).not.toContain(id);
    });
  });

  it('the at-risk and overdue filters agree with each item’s sla, for every complaint in the list', async () => {
    type WithSla = Item & { sla: Record<string, string> };
    const all = (await list(agent, { limit: 100 })).items as WithSla[];
    const atRisk = new Set(await idsOf(agent, { atRisk: true }));
    const notAtRisk = new Set(await idsOf(agent, { atRisk: false }));
    expect(atRisk.size + notAtRisk.size).toBe(all.length);
    for (const i of all) {
      const expected = i.status !== 'closed' && Object.values(i.sla).includes('at_risk');
      expect({ id: i.id, sla: i.sla, atRisk: atRisk.has(i.id) }).toEqual({ id: i.id, sla: i.sla, atRisk: expected });
      expect(notAtRisk.has(i.id)).toBe(!expected);
    }
    expect([...atRisk].length).toBeGreaterThanOrEqual(2);
    for (const i of (await list(agent, { overdue: true })).items as WithSla[]) {
      expect(Object.values(i.sla)).toContain('breached');
    }
  });

  it('q: text in reference, summary, customer name or e-mail, case-insensitive; LIKE wildcards are literal', async () => {
    const ref = (await t.http.get(`/api/complaints/${ids['globex']}`).set(auth(agent))).body.reference as string;
    expect(await idsOf(agent, { q: ref.toLowerCase() })).toEqual(named('globex'));
    expect(await idsOf(agent, { q: 'emily' })).toEqual(named('globex'));
    expect(await idsOf(agent, { q: 'LARS@EXAMPLE' })).toEqual(named('atRisk'));
    expect(await idsOf(agent, { q: 'öberg' })).toEqual(named('atRisk'));
    expect(await idsOf(agent, { q: '100%' })).toEqual(named('overdue'));
    expect(await idsOf(agent, { q: '%' })).toEqual(named('overdue'));
  });

  it('bad queries → 400; a client not served → 404', async () => {
    for (const q of [
      { limit: 0 },
      { limit: 101 },
      { limit: 'ten' },
      { status: 'open' },
      { overdue: 'yes' },
      { sort: 'dueAt,id' },
      { cursor: 'garbage' },
      { assignee: 'bob' },
      { clientId: 'ACME' },
      { receivedFrom: 'last week' },
      { receivedFrom: '2026-13-45' },
      { colour: 'red' },
    ]) {
      const res = await t.http.get('/api/complaints').query(q).set(auth(agent));
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
    // R4.1-b: U+0000 in the search text cannot reach PostgreSQL — 400 naming `q`, not a 500.
    const nul = await t.http.get('/api/complaints').query({ q: 'eva\u0000' }).set(auth(agent));
    expect(nul.status).toBe(400);
    expect(nul.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(nul.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
    const cursor = (await list(agent, { limit: 1 })).nextCursor as string;
    expect((await t.http.get('/api/complaints').query({ cursor, sort: 'receivedAt' }).set(auth(agent))).status).toBe(400);
    expect((await t.http.get('/api/complaints').query({ clientId: t.clients.GLOBEX }).set(auth(agentAcme))).status).toBe(404);
  });

  it.each(['dueAt', '-receivedAt', 'receivedAt'])(
    'keyset pagination (sort %s) neither skips nor repeats while rows are inserted',
    async (sort) => {
      const before = await idsOf(agent, { sort });
      const seen: string[] = [];
      let cursor: string | null = null;
      let inserted = 0;
      do {
        const page: { items: Item[]; nextCursor: string | null } = await list(agent, { sort, limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        // Someone registers complaints between page requests (earliest and latest deadlines, both clients).
        if (inserted++ < 3) {
          await registerOk(t, agent, t.clients.ACME, { receivedAt: '2026-11-09T09:00:00+01:00' });
          await registerOk(t, agent, t.clients.GLOBEX);
        }
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of before) expect(seen).toContain(id);
    },
  );

  it('the cursor keeps microseconds: rows whose sort keys differ below a millisecond are neither repeated nor skipped', async () => {
    await t.db.query(
      `INSERT INTO complaints (client_id, reference, status, channel, subject, priority, summary, description, customer_name, customer_email,
         received_at, registered_at, acknowledge_by, resolve_by, policy_snapshot, calendar_snapshot, due_at, at_risk_at)
       SELECT client_id, 'MICRO-' || g, status, channel, subject, priority, summary, description, customer_name, customer_email,
              received_at, registered_at, acknowledge_by, resolve_by, policy_snapshot, calendar_snapshot,
              '2026-11-01T00:00:00.000100Z'::timestamptz + (g || ' microseconds')::interval, at_risk_at
         FROM complaints c, generate_series(1, 5) g WHERE c.id = $1`,
      [ids['fresh']],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(agent, {
        clientId: t.clients.ACME,
        q: 'MICRO-',
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((i) => i.reference));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 20);
    expect(seen).toEqual(['MICRO-1', 'MICRO-2', 'MICRO-3', 'MICRO-4', 'MICRO-5']);
  });

  it('EXPLAIN ANALYZE: the default inbox never scans complaints nor reads its closed rows (20k rows, 2k open)', async () => {
    // Set-based copies of a real complaint: 20k rows over both clients, mostly closed, various deadlines.
    await t.db.query(
      `INSERT INTO complaints (client_id, reference, status, channel, subject, priority, summary, description, customer_name,
         customer_email, received_at, registered_at, acknowledge_by, resolve_by, closed_at, policy_snapshot, calendar_snapshot, due_at, at_risk_at)
       SELECT CASE WHEN g % 2 = 0 THEN $1::uuid ELSE $2::uuid END, 'BULK-' || lpad(g::text, 7, '0'),
              CASE WHEN g % 10 = 0 THEN 'registered' ELSE 'closed' END, 'phone', 'client', 'normal', 'Bulk', 'Bulk', 'Bulk Customer',
              'bulk@example.org', c.received_at - (g || ' minutes')::interval, c.registered_at, c.acknowledge_by + (g || ' minutes')::interval,
              c.resolve_by, CASE WHEN g % 10 = 0 THEN NULL ELSE c.registered_at END, c.policy_snapshot, c.calendar_snapshot,
              CASE WHEN g % 10 = 0 THEN c.acknowledge_by + (g || ' minutes')::interval END,
              CASE WHEN g % 10 = 0 THEN c.acknowledge_by END
         FROM complaints c, generate_series(1, 20000) g WHERE c.id = $3`,
      [t.clients.ACME, t.clients.GLOBEX, ids['fresh']],
    );
    await t.db.query('ANALYZE complaints');
    const repo = t.app.get(ComplaintRepository);
    const users: Array<{ id: string; email: string; role: 'agent' }> = await t.db.query(
      `SELECT id, email, role FROM users WHERE email = 'agent@example.com'`,
    );
    const p = new Principal(users[0].id, users[0].email, users[0].role, [t.clients.ACME, t.clients.GLOBEX]);
    type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
    const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
    const limit = 25;
    const [{ open }] = await t.db.query(`SELECT count(*)::int AS open FROM complaints WHERE status <> 'closed'`);
    expect(open).toBeLessThan(3000); // of 20,000+
    for (const clientIds of [[t.clients.ACME], [t.clients.ACME, t.clients.GLOBEX]]) {
      // every statement the default inbox (sort dueAt, no filter) runs for a first page
      for (const { sql, params } of repo.listStatements(p, {
        clientIds,
        filter: filterOf(p, {}),
        sort: 'dueAt',
        limit,
        now: t.clock.now(),
      })) {
        const [{ 'QUERY PLAN': plan }] = await t.db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        const scans = nodes(plan[0].Plan).filter((n) => n['Relation Name'] === 'complaints');
        expect(scans.length).toBeGreaterThan(0);
        // never the whole table: no sequential scan of complaints …
        expect(scans.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
        // … and never the closed ones: at most the open complaints (the planner may read complaints_open_due in
        // deadline order, filtered by client, instead of complaints_inbox per client) and a page per client
        const read = scans.reduce(
          (sum, n) => sum + (Number(n['Actual Rows'] ?? 0) + Number(n['Rows Removed by Filter'] ?? 0)) * Number(n['Actual Loops'] ?? 1),
          0,
        );
        expect(read).toBeLessThanOrEqual(open + 4 * (limit + 1) * clientIds.length);
      }
    }
    // And the API answers it in order.
    const page = await list(agent, { limit: 25 });
    expect(page.items).toHaveLength(25);
    expect(page.items.map((i) => i.dueAt)).toEqual([...page.items.map((i) => i.dueAt)].sort());
  });
});
