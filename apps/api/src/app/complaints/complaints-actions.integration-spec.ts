import {
  ACTION_EVENT_TYPE,
  allowedByStatus,
  COMPLAINT_ACTIONS,
  COMPLAINT_EVENT_TYPES,
  COMPLAINT_STATUSES,
  type ComplaintAction,
} from '@complaint-desk/domain';
import { createTestApp, TestApp } from '../../testing/test-app';
import { ComplaintActionsService } from './complaint-actions.service';
import { ACTION_BODIES, actOk, at, auth, login, post, registerOk } from '../../testing/complaint-helpers';

describe('Complaints: lifecycle actions (R4.4-d, R4.4-e, R4.2-c)', () => {
  let t: TestApp;
  let lead: string;
  let agent: string;
  let agentAcme: string;
  let viewer: string;
  let agentAcmeId: string;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z', env: { BACKGROUND_JOBS: 'false' } });
    // A listening server: many parallel requests on one ephemeral listener.
    await t.app.listen(0, '127.0.0.1');
    [lead, agent, agentAcme, viewer] = await Promise.all(
      ['lead@example.com', 'agent@example.com', 'agent.acme@example.com', 'viewer.acme@example.com'].map((e) => t.token(e)),
    );
    [{ id: agentAcmeId }] = await t.db.query(`SELECT id FROM users WHERE email = 'agent.acme@example.com'`);
  });
  afterAll(() => t.close());

  const bodyOf = (action: ComplaintAction) => (action === 'assign' ? { assigneeId: agentAcmeId } : ACTION_BODIES[action]);

  /** A complaint of ACME in the given status, made through the API. */
  async function inStatus(status: string): Promise<{ id: string }> {
    const c = await registerOk(t, lead, t.clients.ACME, { categoryCode: 'BILLING.OVERCHARGE' });
    if (status === 'registered') return c;
    await actOk(t, lead, c.id, 'acknowledge', ACTION_BODIES.acknowledge);
    if (status === 'acknowledged') return c;
    await actOk(t, lead, c.id, 'close', ACTION_BODIES.close);
    return c;
  }

  const pairs = COMPLAINT_STATUSES.flatMap((s) => COMPLAINT_ACTIONS.map((a) => [s, a] as const));
  it.each(pairs)(
    'every (status, action): %s + %s → 200 with its event, or 409 naming state and allowed actions',
    async (status, action) => {
      const c = await inStatus(status);
      // Lifecycle events only (delivery events of the e-mail outbox may interleave).
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const lifecycle = (d: any) => ({
        ...d,
        timeline: d.timeline.filter((e: { type: string }) => (COMPLAINT_EVENT_TYPES as string[]).includes(e.type)),
      });
      const before = lifecycle((await t.http.get(`/api/complaints/${c.id}`).set(auth(lead))).body);
      const res = await post(t, lead, c.id, action, bodyOf(action));
      const after = lifecycle((await t.http.get(`/api/complaints/${c.id}`).set(auth(lead))).body);
      if (allowedByStatus(status).includes(action)) {
        expect(res.status).toBe(200);
        expect(res.body.version).toBe(before.version + 1);
        expect(res.headers['etag']).toBe(`"${before.version + 1}"`);
        expect(after.timeline).toHaveLength(before.timeline.length + 1);
        const last = after.timeline[after.timeline.length - 1];
        expect(last).toMatchObject({ type: ACTION_EVENT_TYPE[action], actor: { email: 'lead@example.com', role: 'team_lead' } });
      } else {
        expect(res.status).toBe(409);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 409, code: 'ACTION_NOT_ALLOWED', state: status, allowedActions: before.allowedActions });
        expect(res.body.detail).toContain(status);
        expect(after.version).toBe(before.version);
        expect(after.timeline).toHaveLength(before.timeline.length);
      }
    },
  );

  it('an action not allowed → 409 whatever the body (even an invalid-but-well-formed one)', async () => {
    const c = await inStatus('registered');
    const res = await post(t, lead, c.id, 'close', { outcome: 'upheld', resolution: 'x', via: 'email', rootCauseCode: 'NOPE' });
    expect(res.status).toBe(409);
    expect(res.body.allowedActions).toEqual(['categorise', 'acknowledge', 'escalate', 'assign']);
  });

  it('roles: an agent’s assign → 403; client_viewer → 403 on every complaint route; agents do not see assign', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    expect(c.allowedActions).toEqual(['categorise', 'acknowledge', 'escalate']);
    expect((await post(t, agent, c.id, 'assign', { assigneeId: agentAcmeId })).status).toBe(403);
    expect((await post(t, lead, c.id, 'assign', { assigneeId: agentAcmeId })).status).toBe(200);
    expect((await t.http.get(`/api/complaints/${c.id}`).set(auth(viewer))).status).toBe(403);
    expect((await t.http.get('/api/complaints').set(auth(viewer))).status).toBe(403);
    expect((await t.http.post('/api/complaints').set(auth(viewer)).send({})).status).toBe(403);
    for (const action of COMPLAINT_ACTIONS) expect((await post(t, viewer, c.id, action, bodyOf(action))).status).toBe(403);
  });

  it('a complaint of a client the caller does not serve → 404 for GET and every action (never revealed)', async () => {
    const globex = await registerOk(t, lead, t.clients.GLOBEX, { categoryCode: 'DELIVERY.LATE' });
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const id of [globex.id, unknown]) {
      const get = await t.http.get(`/api/complaints/${id}`).set(auth(agentAcme));
      expect(get.status).toBe(404);
      for (const action of COMPLAINT_ACTIONS.filter((a) => a !== 'assign')) {
        expect({ action, status: (await post(t, agentAcme, id, action, bodyOf(action))).status }).toEqual({ action, status: 404 });
      }
    }
    expect((await t.http.get('/api/complaints/not-a-uuid').set(auth(lead))).status).toBe(404);
    expect((await post(t, lead, 'not-a-uuid', 'acknowledge', ACTION_BODIES.acknowledge)).status).toBe(404);
    const after = (await t.http.get(`/api/complaints/${globex.id}`).set(auth(lead))).body;
    expect(after.version).toBe(1);
  });

  it('assign by a team lead of another client → 404 like an unknown id, nothing assigned (never revealed)', async () => {
    const admin = await t.token('admin@example.com');
    const created = await t.http
      .post('/api/users')
      .set(auth(admin))
      .send({ email: 'lead.acme.only@example.com', password: 'a-long-enough-password', role: 'team_lead', clientIds: [t.clients.ACME] });
    expect(created.status).toBe(201);
    const leadAcme = await t.token('lead.acme.only@example.com', 'a-long-enough-password');
    const globex = await registerOk(t, lead, t.clients.GLOBEX, { categoryCode: 'DELIVERY.LATE' });
    const acme = await registerOk(t, lead, t.clients.ACME);
    for (const id of [globex.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await post(t, leadAcme, id, 'assign', { assigneeId: agentAcmeId });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    // The same lead assigns within its own client.
    expect((await post(t, leadAcme, acme.id, 'assign', { assigneeId: agentAcmeId })).status).toBe(200);
    const after = (await t.http.get(`/api/complaints/${globex.id}`).set(auth(lead))).body;
    expect(after.version).toBe(1);
    expect(after.assignee ?? null).toBeNull();
  });

  it('20 parallel acknowledge calls → exactly one 200, the others 409, one acknowledged event', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    const results = await Promise.all(Array.from({ length: 20 }, () => post(t, agent, c.id, 'acknowledge', ACTION_BODIES.acknowledge)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = $1 AND type = 'acknowledged'`, [
      c.id,
    ]);
    expect(n).toBe(1);
  });

  it('If-Match: current version → 200; stale → 412 and nothing changes; malformed → 400; GET has ETag', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    const get = await t.http.get(`/api/complaints/${c.id}`).set(auth(agent));
    expect(get.headers['etag']).toBe('"1"');
    const ok = await post(t, agent, c.id, 'escalate', { reason: 'customer_request' }, { 'If-Match': '"1"' });
    expect(ok.status).toBe(200);
    const stale = await post(t, agent, c.id, 'acknowledge', ACTION_BODIES.acknowledge, { 'If-Match': '1' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    expect((await post(t, agent, c.id, 'acknowledge', ACTION_BODIES.acknowledge, { 'If-Match': 'banana' })).status).toBe(400);
    const after = (await t.http.get(`/api/complaints/${c.id}`).set(auth(agent))).body;
    expect(after.status).toBe('registered');
    expect(after.version).toBe(2);
  });

  it('R4.4-e a: re-categorisation keeps the old value in the timeline; unknown category → 422 CATEGORY_NOT_FOUND', async () => {
    const c = await registerOk(t, agent, t.clients.ACME, { categoryCode: 'BILLING.DOUBLE' });
    const res = await post(t, agent, c.id, 'categorise', { categoryCode: 'METERING.FAULTY', note: 'It was the meter' });
    expect(res.status).toBe(200);
    expect(res.body.category).toEqual({ code: 'METERING.FAULTY', name: 'Faulty meter' });
    const tl = (await t.http.get(`/api/complaints/${c.id}`).set(auth(agent))).body.timeline;
    expect(tl[1]).toMatchObject({
      type: 'categorised',
      data: { before: 'BILLING.DOUBLE', after: 'METERING.FAULTY', note: 'It was the meter' },
    });
    const bad = await post(t, agent, c.id, 'categorise', { categoryCode: 'DELIVERY.LATE' }); // a GLOBEX category
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'CATEGORY_NOT_FOUND', errors: [{ field: 'categoryCode' }] });
  });

  it('assign: ineligible assignee (other client, viewer, unknown) → 422; null unassigns; before/after in the timeline', async () => {
    const c = await registerOk(t, lead, t.clients.GLOBEX);
    const [{ id: viewerId }] = await t.db.query(`SELECT id FROM users WHERE email = 'viewer.globex@example.com'`);
    for (const assigneeId of [agentAcmeId, viewerId, '00000000-0000-4000-8000-000000000000']) {
      const r = await post(t, lead, c.id, 'assign', { assigneeId });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('ASSIGNEE_NOT_ELIGIBLE');
    }
    const [{ id: agentId }] = await t.db.query(`SELECT id FROM users WHERE email = 'agent@example.com'`);
    const ok = await post(t, lead, c.id, 'assign', { assigneeId: agentId });
    expect(ok.body.assignee).toEqual({ id: agentId, email: 'agent@example.com' });
    const un = await post(t, lead, c.id, 'assign', { assigneeId: null });
    expect(un.status).toBe(200);
    expect(un.body.assignee).toBeNull();
    const tl = (await t.http.get(`/api/complaints/${c.id}`).set(auth(lead))).body.timeline;
    expect(tl.slice(-2).map((e: { data: unknown }) => e.data)).toEqual([
      { before: null, after: agentId, changes: { assigneeId: { before: null, after: agentId } } },
      { before: agentId, after: null, changes: { assigneeId: { before: agentId, after: null } } },
    ]);
  });

  it('R4.2-c: acknowledge tells timeframe and function, sets nextUpdateBy; update moves it; extend must be later (422)', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    const ack = await actOk(t, agent, c.id, 'acknowledge', ACTION_BODIES.acknowledge);
    expect(ack.responsibleFunction).toBe('Billing team');
    // Acknowledged Wed 18 Nov 11:00 local + 5 business days → Wed 25 Nov 17:00 local.
    expect(ack.deadlines.nextUpdateBy).toBe('2026-11-25T16:00:00.000Z');
    const upd = await at(t, '2026-11-20T10:00:00Z', async () =>
      actOk(t, await login(t, 'agent@example.com'), c.id, 'update', ACTION_BODIES.update),
    );
    expect(upd.deadlines.nextUpdateBy).toBe('2026-11-27T16:00:00.000Z');
    const notLater = await post(t, agent, c.id, 'extend', { newResolveBy: ack.deadlines.resolveBy, reason: 'r', actionPlan: 'p' });
    expect(notLater.status).toBe(422);
    expect(notLater.body.code).toBe('DEADLINE_NOT_LATER');
    const ext = await actOk(t, agent, c.id, 'extend', ACTION_BODIES.extend);
    expect(ext.deadlines.resolveBy).toBe('2027-01-29T16:00:00.000Z');
    const tl = (await t.http.get(`/api/complaints/${c.id}`).set(auth(agent))).body.timeline;
    expect(tl[tl.length - 1]).toMatchObject({
      type: 'deadline_extended',
      data: { before: ack.deadlines.resolveBy, after: '2027-01-29T16:00:00.000Z' },
    });
  });

  it('R4.4-e d: close needs a category (422) and a known root cause (422); satisfaction once (409); reopen window (409)', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    await actOk(t, agent, c.id, 'acknowledge', ACTION_BODIES.acknowledge);
    const noCat = await post(t, agent, c.id, 'close', { outcome: 'upheld', resolution: 'Refunded', via: 'email' });
    expect(noCat.status).toBe(422);
    expect(noCat.body.code).toBe('CATEGORY_REQUIRED');
    await actOk(t, agent, c.id, 'categorise', ACTION_BODIES.categorise);
    const badRoot = await post(t, agent, c.id, 'close', { ...ACTION_BODIES.close, rootCauseCode: 'CARRIER' });
    expect(badRoot.status).toBe(422);
    const closed = await actOk(t, agent, c.id, 'close', ACTION_BODIES.close);
    const closedEvent = (await t.http.get(`/api/complaints/${c.id}`).set(auth(agent))).body.timeline.find(
      (e: { type: string }) => e.type === 'closed',
    );
    expect(closedEvent.data.changes).toMatchObject({
      status: { before: 'acknowledged', after: 'closed' },
      outcome: { before: null, after: 'upheld' },
      rootCauseCode: { before: null, after: 'BILLING_SYSTEM' },
    });
    expect(closedEvent.data.changes.nextUpdateBy.after).toBeNull();
    expect(closed).toMatchObject({
      status: 'closed',
      outcome: 'upheld',
      rootCause: { code: 'BILLING_SYSTEM', name: 'Billing system error' },
      dueAt: null,
    });
    await actOk(t, agent, c.id, 'satisfaction', { score: 5 });
    const again = await post(t, agent, c.id, 'satisfaction', { score: 3 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SATISFACTION_ALREADY_RECORDED');
    // 31 days later: ACME reopens within 30 days.
    const late = await at(t, '2026-12-19T10:00:00Z', async () =>
      post(t, await login(t, 'agent@example.com'), c.id, 'reopen', { reason: 'Not fixed' }),
    );
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'REOPEN_WINDOW_PASSED', state: 'closed', allowedActions: [] });
    const inTime = await at(t, '2026-12-10T10:00:00Z', async () =>
      post(t, await login(t, 'agent@example.com'), c.id, 'reopen', { reason: 'Not fixed' }),
    );
    expect(inTime.status).toBe(200);
    expect(inTime.body).toMatchObject({ status: 'acknowledged', outcome: null, closedAt: null });
  });

  it('R4.4-b: a policy change applies to new complaints only; existing deadlines stay', async () => {
    const admin = await t.token('admin@example.com');
    const before = await registerOk(t, agent, t.clients.GLOBEX);
    const client = (await t.http.get(`/api/clients/${t.clients.GLOBEX}`).set(auth(admin))).body;
    const patch = await t.http
      .patch(`/api/clients/${t.clients.GLOBEX}`)
      .set(auth(admin))
      .send({ policy: { ...client.policy, acknowledgeWithin: { amount: 72, unit: 'hours' }, updateEvery: { amount: 1, unit: 'hours' } } });
    expect(patch.status).toBe(200);
    const after = await registerOk(t, agent, t.clients.GLOBEX);
    expect(Date.parse(after.deadlines.acknowledgeBy as string) - Date.parse(before.deadlines.acknowledgeBy as string)).toBe(48 * 3_600_000);
    const ack = await actOk(t, agent, before.id, 'acknowledge', ACTION_BODIES.acknowledge);
    // The old complaint's update cadence is still its snapshot's 16 business hours, not the new 1 hour.
    expect(Date.parse(ack.deadlines.nextUpdateBy) - Date.parse('2026-11-18T10:00:00Z')).toBeGreaterThan(3_600_000);
    const got = (await t.http.get(`/api/complaints/${before.id}`).set(auth(agent))).body;
    expect(got.deadlines.acknowledgeBy).toBe(before.deadlines.acknowledgeBy);
    await t.http.patch(`/api/clients/${t.clients.GLOBEX}`).set(auth(admin)).send({ policy: client.policy });
  });

  it('R4.4-f: a client with an empty root-cause list accepts no rootCauseCode on close (422), only none', async () => {
    const admin = await t.token('admin@example.com');
    const client = (await t.http.get(`/api/clients/${t.clients.GLOBEX}`).set(auth(admin))).body;
    const emptied = await t.http
      .patch(`/api/clients/${t.clients.GLOBEX}`)
      .set(auth(admin))
      .send({ policy: { ...client.policy, rootCauses: [] } });
    expect(emptied.status).toBe(200);
    try {
      const c = await registerOk(t, lead, t.clients.GLOBEX, { categoryCode: 'DELIVERY.LATE' });
      await actOk(t, lead, c.id, 'acknowledge', ACTION_BODIES.acknowledge);
      const bad = await post(t, lead, c.id, 'close', { outcome: 'upheld', resolution: 'Resent', via: 'email', rootCauseCode: 'NO_FAULT' });
      expect(bad.status).toBe(422);
      expect(bad.body).toMatchObject({ code: 'UNKNOWN_ROOT_CAUSE', errors: [{ field: 'rootCauseCode' }] });
      expect((await t.http.get(`/api/complaints/${c.id}`).set(auth(lead))).body.status).toBe('acknowledged');
      const closed = await actOk(t, lead, c.id, 'close', { outcome: 'upheld', resolution: 'Resent', via: 'email' });
      expect(closed).toMatchObject({ status: 'closed', rootCause: null });
    } finally {
      await t.http.patch(`/api/clients/${t.clients.GLOBEX}`).set(auth(admin)).send({ policy: client.policy });
    }
  });

  it('the timeline is append-only at the database: UPDATE and DELETE of complaint_events fail', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    await expect(t.db.query(`UPDATE complaint_events SET type = 'x' WHERE complaint_id = $1`, [c.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM complaint_events WHERE complaint_id = $1`, [c.id])).rejects.toThrow(/append-only/);
  });

  it('R4.4-e c: execute() as the system inside the caller’s transaction (the escalation sweep’s path)', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    const actions = t.app.get(ComplaintActionsService);
    // Rolled back with the caller's transaction: nothing stays.
    await expect(
      t.db.transaction(async (manager) => {
        await actions.execute({
          complaintId: c.id,
          actor: 'system',
          command: { action: 'escalate', reason: 'acknowledge_overdue' },
          manager,
        });
        throw new Error('caller fails');
      }),
    ).rejects.toThrow('caller fails');
    expect((await t.http.get(`/api/complaints/${c.id}`).set(auth(agent))).body.version).toBe(1);
    const r = await t.db.transaction((manager) =>
      actions.execute({ complaintId: c.id, actor: 'system', command: { action: 'escalate', reason: 'acknowledge_overdue' }, manager }),
    );
    expect(r.complaint.escalation).toEqual({ level: 1, reasons: ['acknowledge_overdue'] });
    const got = (await t.http.get(`/api/complaints/${c.id}`).set(auth(agent))).body;
    expect(got.escalation).toEqual({ level: 1, reasons: ['acknowledge_overdue'] });
    expect(got.timeline[1]).toMatchObject({
      type: 'escalated',
      actor: { system: true },
      data: { reason: 'acknowledge_overdue', levelBefore: 0, levelAfter: 1 },
    });
  });

  it('action bodies: unknown field / wrong type / too long → 400 and nothing changes', async () => {
    const c = await registerOk(t, agent, t.clients.ACME);
    const bad: Array<[string, Record<string, unknown>]> = [
      ['acknowledge', { ...ACTION_BODIES.acknowledge, extra: 1 }],
      ['acknowledge', { ...ACTION_BODIES.acknowledge, via: 'pigeon' }],
      ['acknowledge', { ...ACTION_BODIES.acknowledge, responsibleFunction: 'x'.repeat(201) }],
      ['acknowledge', { ...ACTION_BODIES.acknowledge, expectedResolutionBy: '2026-12-01' }],
      ['escalate', { reason: 42 }],
      ['categorise', {}],
      ['assign', { assigneeId: 'bob' }],
    ];
    for (const [action, body] of bad) {
      const r = await post(t, lead, c.id, action, body);
      expect({ action, body, status: r.status }).toEqual({ action, body, status: 400 });
    }
    expect((await t.http.get(`/api/complaints/${c.id}`).set(auth(agent))).body.version).toBe(1);
  });

  it('R4.1-b: a text field of an action body containing U+0000 → 400 problem+json naming the field, nothing written', async () => {
    const c = await inStatus('acknowledged');
    const closed = await inStatus('closed');
    const nul = 'before\u0000after';
    const cases: Array<[{ id: string }, string, Record<string, unknown>, string]> = [
      [c, 'categorise', { ...ACTION_BODIES.categorise, note: nul }, 'note'],
      [c, 'update', { ...ACTION_BODIES.update, message: nul }, 'message'],
      [c, 'extend', { ...ACTION_BODIES.extend, reason: nul }, 'reason'],
      [c, 'extend', { ...ACTION_BODIES.extend, actionPlan: nul }, 'actionPlan'],
      [c, 'escalate', { reason: 'customer_request', note: nul }, 'note'],
      [c, 'close', { ...ACTION_BODIES.close, resolution: nul }, 'resolution'],
      [c, 'close', { ...ACTION_BODIES.close, rootCauseCode: 'BILLING\u0000' }, 'rootCauseCode'],
      [closed, 'reopen', { reason: nul }, 'reason'],
      [closed, 'satisfaction', { score: 4, comment: nul }, 'comment'],
    ];
    const fresh = await registerOk(t, lead, t.clients.ACME);
    cases.push([fresh, 'acknowledge', { ...ACTION_BODIES.acknowledge, message: nul }, 'message']);
    cases.push([fresh, 'acknowledge', { ...ACTION_BODIES.acknowledge, responsibleFunction: nul }, 'responsibleFunction']);
    const eventsOf = async (id: string) =>
      (await t.db.query('SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = $1', [id]))[0].n as number;
    for (const [target, action, body, field] of cases) {
      const [version, events] = [
        (await t.http.get(`/api/complaints/${target.id}`).set(auth(lead))).body.version,
        await eventsOf(target.id),
      ];
      const r = await post(t, lead, target.id, action, body);
      expect({ action, field, status: r.status }).toEqual({ action, field, status: 400 });
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await t.http.get(`/api/complaints/${target.id}`).set(auth(lead))).body.version).toBe(version);
      expect(await eventsOf(target.id)).toBe(events);
    }
  });
});
