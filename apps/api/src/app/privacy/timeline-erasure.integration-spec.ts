import { ERASED } from '@complaint-desk/contracts';
import { createTestApp, TestApp } from '../../testing/test-app';
import { ACTION_BODIES, actOk, registerOk } from '../../testing/complaint-helpers';

/**
 * The timeline stays append-only (R4.5-f without losing the audit trail, R4.4-e): the one privileged
 * path that may change an event is the database function `erase_complaint_timeline`, and all it may
 * change is a string inside `data` into the tombstone.
 */
describe('Timeline: append-only, with exactly one erasure path (database)', () => {
  let t: TestApp;
  let lead: string;
  let closedId: string;
  let openId: string;
  const KEYS = JSON.stringify({ escalated: ['reason', 'note'], closed: ['resolution'], acknowledged: ['message'] });
  const KEEP = ['acknowledge_overdue', 'update_overdue', 'resolve_overdue', ERASED];

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-18T10:00:00Z' });
    lead = await t.token('lead@example.com');
    const c = await registerOk(t, lead, t.clients.ACME, { categoryCode: 'BILLING.DOUBLE' });
    await actOk(t, lead, c.id, 'acknowledge', { ...ACTION_BODIES.acknowledge, message: 'Dear Eva, we are on it' });
    await actOk(t, lead, c.id, 'escalate', { reason: 'Eva called twice', note: 'She is upset' });
    await actOk(t, lead, c.id, 'close', { ...ACTION_BODIES.close, resolution: 'Refunded Eva 120 SEK' });
    closedId = c.id;
    openId = (await registerOk(t, lead, t.clients.ACME)).id;
  });
  afterAll(() => t.close());

  const events = (id: string) =>
    t.db.query(
      `SELECT id, type, at, actor_id, actor_email, actor_role, client_id, data FROM complaint_events WHERE complaint_id = $1 ORDER BY id`,
      [id],
    );

  /** Runs `sql` in a transaction that first sets the erasure flag for `flagFor` (or none), and returns its error. */
  async function failureOf(sql: string, params: unknown[], flagFor: string | null): Promise<string | null> {
    try {
      await t.db.transaction(async (m) => {
        if (flagFor) await m.query(`SELECT set_config('complaint_desk.erasing', $1, true)`, [flagFor]);
        await m.query(sql, params);
      });
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  it('R4.5-f: UPDATE, DELETE and TRUNCATE of complaint_events raise outside the erasure path — also a change to data only', async () => {
    const [first] = await events(closedId);
    expect(await failureOf(`UPDATE complaint_events SET data = '{}'::jsonb WHERE id = $1`, [first.id], null)).toMatch(
      /append-only \(UPDATE refused\)/,
    );
    expect(
      await failureOf(
        `UPDATE complaint_events SET data = jsonb_set(data, '{categoryCode}', $2::jsonb) WHERE id = $1`,
        [first.id, JSON.stringify(ERASED)],
        null,
      ),
    ).toMatch(/append-only/);
    expect(await failureOf(`DELETE FROM complaint_events WHERE id = $1`, [first.id], null)).toMatch(/append-only \(DELETE refused\)/);
    expect(await failureOf(`TRUNCATE complaint_events CASCADE`, [], null)).toMatch(/append-only \(TRUNCATE refused\)/);
    expect(await events(closedId)).toEqual(await events(closedId));
  });

  it('R4.5-f: even with the erasure flag set by hand, only strings of data may become the tombstone — nothing else, and DELETE still raises', async () => {
    const rows = await events(closedId);
    const closed = rows.find((e: { type: string }) => e.type === 'closed');
    const attempts: Array<[string, unknown[]]> = [
      [`UPDATE complaint_events SET type = 'reopened' WHERE id = $1`, [closed.id]],
      [`UPDATE complaint_events SET at = at + interval '1 hour' WHERE id = $1`, [closed.id]],
      [`UPDATE complaint_events SET actor_email = 'someone@else.example' WHERE id = $1`, [closed.id]],
      [`UPDATE complaint_events SET complaint_id = $2 WHERE id = $1`, [closed.id, openId]],
      [`UPDATE complaint_events SET data = jsonb_set(data, '{resolution}', '"Refunded nobody"') WHERE id = $1`, [closed.id]],
      [`UPDATE complaint_events SET data = data - 'resolution' WHERE id = $1`, [closed.id]],
      [`UPDATE complaint_events SET data = data || '{"extra": "[erased]"}' WHERE id = $1`, [closed.id]],
      [`UPDATE complaint_events SET data = jsonb_set(data, '{outcome}', 'null') WHERE id = $1`, [closed.id]],
      [`DELETE FROM complaint_events WHERE id = $1`, [closed.id]],
    ];
    for (const [sql, params] of attempts)
      expect([sql, await failureOf(sql, params, closedId)]).toEqual([sql, expect.stringMatching(/append-only/)]);
    // The flag names another complaint: refused too.
    expect(
      await failureOf(
        `UPDATE complaint_events SET data = jsonb_set(data, '{resolution}', $2::jsonb) WHERE id = $1`,
        [closed.id, JSON.stringify(ERASED)],
        openId,
      ),
    ).toMatch(/append-only/);
    expect(await events(closedId)).toEqual(rows);
  });

  it('R4.5-f: erase_complaint_timeline refuses an open complaint and changes nothing', async () => {
    const before = await events(openId);
    const err = await failureOf(
      `SELECT erase_complaint_timeline($1, $2::jsonb, $3::text[], now(), NULL, NULL, NULL, '{}'::jsonb)`,
      [openId, KEYS, KEEP],
      null,
    );
    expect(err).toMatch(/only a closed complaint/);
    expect(await events(openId)).toEqual(before);
  });

  it('R4.5-f: erase_complaint_timeline tombstones the personal keys only, keeps every event, type, time, actor and order, appends personal_data_erased, and leaves the timeline closed again', async () => {
    const before = await events(closedId);
    const { id, laterUpdate } = await t.db.transaction(async (m) => {
      const [r] = await m.query(
        `SELECT erase_complaint_timeline($1, $2::jsonb, $3::text[], '2026-11-18T11:00:00Z', NULL, NULL, NULL, '{"reason":"test"}'::jsonb) AS id`,
        [closedId, KEYS, KEEP],
      );
      // The flag is cleared inside the function: the same transaction cannot change the timeline afterwards.
      await m.query('SAVEPOINT probe');
      let error: string | null = null;
      try {
        await m.query(`UPDATE complaint_events SET data = jsonb_set(data, '{outcome}', $2::jsonb) WHERE id = $1`, [
          before[0].id,
          JSON.stringify(ERASED),
        ]);
      } catch (e) {
        error = (e as Error).message;
      }
      await m.query('ROLLBACK TO SAVEPOINT probe');
      return { id: r.id as string, laterUpdate: error };
    });
    expect(laterUpdate).toMatch(/append-only/);
    const after = await events(closedId);
    expect(after).toHaveLength(before.length + 1);
    const strip = (e: Record<string, unknown>) => ({ ...e, data: undefined });
    expect(after.slice(0, before.length).map(strip)).toEqual(before.map(strip));
    expect(after[before.length]).toMatchObject({ id: String(id), type: 'personal_data_erased', data: { reason: 'test' }, actor_id: null });
    const byType = Object.fromEntries(after.map((e: { type: string; data: unknown }) => [e.type, e.data]));
    expect(byType.acknowledged).toMatchObject({ message: ERASED, via: 'email', responsibleFunction: 'Billing team' });
    expect(byType.escalated).toMatchObject({ reason: ERASED, note: ERASED, levelBefore: 0, levelAfter: 1 });
    expect(byType.closed).toMatchObject({ resolution: ERASED, outcome: 'upheld', via: 'email', rootCauseCode: 'BILLING_SYSTEM' });
    // Keys and shape of every event's data are unchanged.
    for (let i = 0; i < before.length; i++) expect(Object.keys(after[i].data).sort()).toEqual(Object.keys(before[i].data).sort());
    expect(JSON.stringify(after)).not.toMatch(/Eva|upset|120 SEK/);
  });

  it('R4.5-f: privacy_tombstone keeps system vocabulary, numbers, booleans, nulls and nesting; only strings under the keys change', async () => {
    const [{ v }] = await t.db.query(`SELECT privacy_tombstone($1::jsonb, ARRAY['reason','customer'], $2::text[]) AS v`, [
      JSON.stringify({
        reason: 'acknowledge_overdue',
        customer: { name: 'Eva', phones: ['+4670', 7], vip: true, note: null },
        other: 'Eva',
      }),
      KEEP,
    ]);
    expect(v).toEqual({
      reason: 'acknowledge_overdue',
      customer: { name: ERASED, phones: [ERASED, 7], vip: true, note: null },
      other: 'Eva',
    });
  });
});
