import { allowedByStatus, COMPLAINT_ACTIONS, COMPLAINT_STATUSES, type ComplaintAction } from '@complaint-desk/domain';
import { Client } from 'pg';
import { createTestApp, TestApp } from '../../testing/test-app';
import { ACTION_BODIES, actOk, at, auth, login, post, registerOk } from '../../testing/complaint-helpers';

/**
 * The order of answers of a lifecycle action (contract Part 2 "Which answer wins"):
 * 404 (unknown/foreign id) → 409 (not allowed in the current state) → 412 (stale If-Match) →
 * 400 (field validation) → 422 (semantic); and "of two conflicting concurrent actions exactly one
 * wins, the other gets 409" also without If-Match.
 */
describe('Complaints: which answer wins, and one winner of concurrent actions (R4.4-e, R4.2-c)', () => {
  let t: TestApp;
  let lead: string;
  let agentAcme: string;
  let agentAcmeId: string;
  let agentId: string;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z', env: { BACKGROUND_JOBS: 'false' } });
    await t.app.listen(0, '127.0.0.1');
    [lead, agentAcme] = await Promise.all(['lead@example.com', 'agent.acme@example.com'].map((e) => t.token(e)));
    [{ id: agentAcmeId }] = await t.db.query(`SELECT id FROM users WHERE email = 'agent.acme@example.com'`);
    [{ id: agentId }] = await t.db.query(`SELECT id FROM users WHERE email = 'agent@example.com'`);
  });
  afterAll(() => t.close());

  const bodyOf = (action: ComplaintAction) => (action === 'assign' ? { assigneeId: agentAcmeId } : ACTION_BODIES[action]);

  async function inStatus(status: string): Promise<{ id: string }> {
    const c = await registerOk(t, lead, t.clients.ACME, { categoryCode: 'BILLING.OVERCHARGE' });
    if (status === 'registered') return c;
    await actOk(t, lead, c.id, 'acknowledge', ACTION_BODIES.acknowledge);
    if (status === 'acknowledged') return c;
    await actOk(t, lead, c.id, 'close', ACTION_BODIES.close);
    return c;
  }

  /** What a refused request must leave untouched: the version, the timeline and the outbox. */
  async function footprint(id: string) {
    const [row] = await t.db.query(
      `SELECT c.version,
              (SELECT count(*)::int FROM complaint_events e WHERE e.complaint_id = c.id) AS events,
              (SELECT count(*)::int FROM mail_outbox o WHERE o.complaint_id = c.id) AS mails
         FROM complaints c WHERE c.id = $1`,
      [id],
    );
    return row as { version: number; events: number; mails: number };
  }

  /** Bodies that fail field validation in every action: empty, unknown field + wrong types. */
  const INVALID_BODIES: Array<Record<string, unknown>> = [{}, { via: 42, score: 'x', newResolveBy: '2026-02-30T10:00:00Z', bogus: true }];

  it('R4.4-e: every action not allowed in the current state → 409 naming state and allowed actions, whatever the body ({} or invalid), nothing written', async () => {
    const byStatus = Object.fromEntries(await Promise.all(COMPLAINT_STATUSES.map(async (s) => [s, await inStatus(s)] as const)));
    for (const status of COMPLAINT_STATUSES) {
      const c = byStatus[status];
      const before = await footprint(c.id);
      const allowed = (await t.http.get(`/api/complaints/${c.id}`).set(auth(lead))).body.allowedActions;
      for (const action of COMPLAINT_ACTIONS.filter((a) => !allowedByStatus(status).includes(a))) {
        for (const body of INVALID_BODIES) {
          const res = await post(t, lead, c.id, action, body);
          expect({ status, action, body, answer: res.status }).toEqual({ status, action, body, answer: 409 });
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(res.body).toMatchObject({ code: 'ACTION_NOT_ALLOWED', state: status, allowedActions: allowed });
        }
      }
      expect(await footprint(c.id)).toEqual(before);
    }
  });

  it('R4.4-e: the state guards answer 409 before the body too — satisfaction twice, reopen after the window', async () => {
    const c = await inStatus('closed');
    await actOk(t, lead, c.id, 'satisfaction', { score: 5 });
    const again = await post(t, lead, c.id, 'satisfaction', { score: 'five', extra: 1 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'SATISFACTION_ALREADY_RECORDED', state: 'closed' });
    const late = await at(t, '2027-01-30T10:00:00Z', async () => post(t, await login(t, 'lead@example.com'), c.id, 'reopen', {}));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'REOPEN_WINDOW_PASSED', state: 'closed', allowedActions: [] });
  });

  it('order 404 → 409 → 412 → 400 → 422 when a request is wrong in several ways (contract "Which answer wins")', async () => {
    const registered = await inStatus('registered');
    const globex = await registerOk(t, lead, t.clients.GLOBEX, { categoryCode: 'DELIVERY.LATE' });
    const bad = { via: 'pigeon', bogus: 1 };
    // 404 before 409/412/400: unknown id, and a complaint of a client the caller does not serve
    for (const id of ['00000000-0000-4000-8000-000000000000', globex.id]) {
      const r = await post(t, agentAcme, id, 'close', bad, { 'If-Match': '"99"' });
      expect(r.status).toBe(404);
    }
    // 409 before 412 and 400: close on a registered complaint, stale If-Match, invalid body
    const r409 = await post(t, lead, registered.id, 'close', bad, { 'If-Match': '"99"' });
    expect(r409.status).toBe(409);
    expect(r409.body.code).toBe('ACTION_NOT_ALLOWED');
    // 412 before 400: an allowed action with a stale If-Match and an invalid body
    const r412 = await post(t, lead, registered.id, 'acknowledge', bad, { 'If-Match': '"99"' });
    expect(r412.status).toBe(412);
    expect(r412.body).toMatchObject({ code: 'PRECONDITION_FAILED', version: 1 });
    // 400 naming the fields before 422: extend to an earlier date (422) with an unknown field (400)
    const ack = await inStatus('acknowledged');
    const r400 = await post(
      t,
      lead,
      ack.id,
      'extend',
      { newResolveBy: '2026-11-19T16:00:00Z', reason: 'r', actionPlan: 'p', bogus: 1, via: 'pigeon' },
      { 'If-Match': '"2"' },
    );
    expect(r400.status).toBe(400);
    expect(r400.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r400.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['bogus', 'via']);
    const r422 = await post(
      t,
      lead,
      ack.id,
      'extend',
      { newResolveBy: '2026-11-19T16:00:00Z', reason: 'r', actionPlan: 'p' },
      { 'If-Match': '"2"' },
    );
    expect(r422.status).toBe(422);
    expect(r422.body).toMatchObject({ code: 'DEADLINE_NOT_LATER', errors: [{ field: 'newResolveBy' }] });
    for (const c of [registered, ack, globex]) expect((await footprint(c.id)).version).toBe(c === ack ? 2 : 1);
  });

  it('OpenAPI still documents each action’s body schema (required fields) and its 409/412/400/422 answers', async () => {
    const doc = (await t.http.get('/api/docs-json')).body;
    const dtoOf: Record<ComplaintAction, [string, string[]]> = {
      categorise: ['CategoriseDto', ['categoryCode']],
      acknowledge: ['AcknowledgeDto', ['via', 'responsibleFunction']],
      update: ['UpdateDto', ['via', 'message']],
      extend: ['ExtendDto', ['newResolveBy', 'reason', 'actionPlan']],
      escalate: ['EscalateDto', ['reason']],
      assign: ['AssignDto', ['assigneeId']],
      close: ['CloseDto', ['outcome', 'resolution', 'via']],
      reopen: ['ReopenDto', ['reason']],
      satisfaction: ['SatisfactionDto', ['score']],
    };
    for (const action of COMPLAINT_ACTIONS) {
      const op = doc.paths[`/api/complaints/{id}/${action}`].post;
      const [name, required] = dtoOf[action];
      expect({ action, ref: op.requestBody?.content?.['application/json']?.schema?.$ref }).toEqual({
        action,
        ref: `#/components/schemas/${name}`,
      });
      expect(op.requestBody.required).toBe(true);
      expect([...(doc.components.schemas[name].required ?? [])].sort()).toEqual([...required].sort());
      for (const code of ['400', '404', '409', '412', '422'])
        expect({ action, code, has: code in op.responses }).toEqual({ action, code, has: true });
    }
  });

  // ----------------------------------------------------------------------------------------------
  // Concurrency: serialised per complaint; the loser of a conflict gets 409, also without If-Match
  // ----------------------------------------------------------------------------------------------

  /** A second connection to the app's database, outside the app (a concurrent writer we control). */
  async function rawConnection(): Promise<Client> {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    return c;
  }

  /** Polls pg_stat_activity (no sleeps) until `n` backends of this database wait on a lock. */
  async function waitForLockWaiters(n: number): Promise<void> {
    for (let i = 0; i < 5000; i++) {
      const [{ waiting }] = await t.db.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting >= n) return;
    }
    throw new Error(`fewer than ${n} requests ever waited on the row lock`);
  }

  it('R4.2-c c: an update that waited on the row lock while another change committed → 409 CONCURRENT_CHANGE, writes nothing (no event, no e-mail)', async () => {
    const c = await inStatus('acknowledged');
    const before = await footprint(c.id);
    const other = await rawConnection();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM complaints WHERE id = $1 FOR UPDATE', [c.id]);
      await other.query('UPDATE complaints SET version = version + 1 WHERE id = $1', [c.id]);
      const pending = post(t, lead, c.id, 'update', ACTION_BODIES.update);
      const settled = pending.then((r) => r);
      await waitForLockWaiters(1);
      await other.query('COMMIT');
      const res = await settled;
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('CONCURRENT_CHANGE');
    } finally {
      await other.end();
    }
    expect(await footprint(c.id)).toEqual({ ...before, version: before.version + 1 });
  });

  it('R4.2-c c: two concurrent updates without If-Match (Promise.all, both in flight on the lock) → exactly one 200 and one 409, one event, one e-mail', async () => {
    const c = await inStatus('acknowledged');
    const before = await footprint(c.id);
    const gate = await rawConnection();
    try {
      // Hold the row so that both requests are really in flight at once, then let them go together.
      await gate.query('BEGIN');
      await gate.query('SELECT 1 FROM complaints WHERE id = $1 FOR UPDATE', [c.id]);
      const both = Promise.all([
        post(t, lead, c.id, 'update', ACTION_BODIES.update),
        post(t, lead, c.id, 'update', ACTION_BODIES.update),
      ]).then((r) => r);
      await waitForLockWaiters(2);
      await gate.query('ROLLBACK');
      const statuses = (await both).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      expect((await both).find((r) => r.status === 409)?.body.code).toBe('CONCURRENT_CHANGE');
    } finally {
      await gate.end();
    }
    expect(await footprint(c.id)).toEqual({ version: before.version + 1, events: before.events + 1, mails: before.mails + 1 });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE complaint_id = $1 AND kind = 'customer_updated'`, [
      c.id,
    ]);
    expect(n).toBe(1);
  });

  it('R4.4-e a: two concurrent assigns to different people → one wins, the other 409; the assignee is the winner’s', async () => {
    const c = await inStatus('registered');
    const gate = await rawConnection();
    try {
      await gate.query('BEGIN');
      await gate.query('SELECT 1 FROM complaints WHERE id = $1 FOR UPDATE', [c.id]);
      const both = Promise.all([
        post(t, lead, c.id, 'assign', { assigneeId: agentAcmeId }),
        post(t, lead, c.id, 'assign', { assigneeId: agentId }),
      ]).then((r) => r);
      await waitForLockWaiters(2);
      await gate.query('ROLLBACK');
      const res = await both;
      expect(res.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = res.find((r) => r.status === 200)?.body;
      const got = (await t.http.get(`/api/complaints/${c.id}`).set(auth(lead))).body;
      expect(got.assignee).toEqual(winner.assignee);
      expect(got.timeline.filter((e: { type: string }) => e.type === 'assigned')).toHaveLength(1);
    } finally {
      await gate.end();
    }
  });

  it('If-Match given: the caller’s version decides (current → 200, stale → 412); sequential actions without If-Match never conflict', async () => {
    const c = await inStatus('acknowledged');
    const ok = await post(t, lead, c.id, 'escalate', { reason: 'customer_request' }, { 'If-Match': '"2"' });
    expect(ok.status).toBe(200);
    const stale = await post(t, lead, c.id, 'escalate', { reason: 'customer_request' }, { 'If-Match': '"2"' });
    expect(stale.status).toBe(412);
    // sequential actions without If-Match never conflict
    expect((await post(t, lead, c.id, 'escalate', bodyOf('escalate'))).status).toBe(200);
    expect((await post(t, lead, c.id, 'escalate', bodyOf('escalate'))).status).toBe(200);
  });
});
