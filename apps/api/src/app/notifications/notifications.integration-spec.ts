import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, parseMail, registerComplaint } from '../../testing/escalation-fixtures';
import { createTestApp, TestApp } from '../../testing/test-app';
import { OutboxWorker } from '../mail/outbox-worker.service';

/**
 * The team-lead feed (R4.4-e c): escalations and at-risk notices of the clients the caller serves,
 * newest first, unread count, read state per user. Demo mode without SMTP_URL: the same notices
 * land as .eml files in MAIL_DIR.
 */
describe('Team-lead notifications (R4.4-e c)', () => {
  let t: TestApp;
  let mailDir: string;
  let admin: string;
  let lead: string;
  let agent: string;
  let globexLead: string;
  let globexLeadId: string;
  const acme: Array<{ id: string; reference: string }> = [];
  const globex: Array<{ id: string; reference: string }> = [];

  const feed = (token: string, query = '') => t.http.get(`/api/notifications${query}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    mailDir = mkdtempSync(join(tmpdir(), 'complaint-desk-mail-'));
    t = await createTestApp({ now: '2026-11-18T10:00:00Z', env: { BACKGROUND_JOBS: 'false', MAIL_DIR: mailDir } });
    [admin, lead, agent] = await Promise.all([t.token('admin@example.com'), t.token('lead@example.com'), t.token('agent@example.com')]);
    const created = await t.http
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'lead.globex@example.com', password: 'demo-password', role: 'team_lead', clientIds: [t.clients['GLOBEX']] });
    expect(created.status).toBe(201);
    globexLeadId = created.body.id;
    globexLead = await t.token('lead.globex@example.com');
    // three escalations at ACME, two at GLOBEX, a minute apart (an agent escalating by hand)
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      const clientCode = i % 2 === 0 ? 'ACME' : 'GLOBEX';
      const c = await registerComplaint(t, agent, { clientId: t.clients[clientCode] });
      await act(t, agent, c.id, 'escalate', { reason: `Reason ${i}` });
      (clientCode === 'ACME' ? acme : globex).push(c);
    }
  });
  afterAll(async () => {
    await t.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('shows a lead the notifications of its clients, newest first, with the unread count', async () => {
    const all = await feed(lead);
    expect(all.status).toBe(200);
    expect(all.body.items.map((n: { reference: string }) => n.reference)).toEqual(
      [acme[0], globex[0], acme[1], globex[1], acme[2]].reverse().map((c) => c.reference),
    );
    expect(all.body.unread).toBe(5);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items[0]).toEqual({
      id: expect.any(String),
      kind: 'escalated',
      complaintId: acme[2].id,
      reference: acme[2].reference,
      clientId: t.clients['ACME'],
      message: expect.stringContaining(`${acme[2].reference} (Acme Energy) escalated by an agent to level 1: Reason 4`),
      data: expect.objectContaining({ reason: 'Reason 4', automatic: false, levelAfter: 1 }),
      createdAt: expect.any(String),
      readAt: null,
    });

    const globexOnly = await feed(globexLead);
    expect(globexOnly.body.items.map((n: { complaintId: string }) => n.complaintId).sort()).toEqual(globex.map((c) => c.id).sort());
    expect(globexOnly.body.unread).toBe(2);
    expect((await feed(admin)).body.items.length).toBe(5);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http.get('/api/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/notifications', '/api/notifications/{id}/read', '/api/notifications/read-all', '/api/escalations/run']),
    );
    expect(doc.paths['/api/notifications'].get.description).toContain('newest first');
    expect(doc.paths['/api/escalations/run'].post.description).toContain('once per deadline value');
  });

  it('agents and client viewers get 403, no token 401', async () => {
    expect((await feed(agent)).status).toBe(403);
    expect((await feed(await t.token('viewer.acme@example.com'))).status).toBe(403);
    expect((await t.http.get('/api/notifications')).status).toBe(401);
  });

  it('pages with a keyset cursor', async () => {
    const p1 = await feed(lead, '?limit=2');
    expect(p1.body.items.length).toBe(2);
    const p2 = await feed(lead, `?limit=2&cursor=${p1.body.nextCursor}`);
    const p3 = await feed(lead, `?limit=2&cursor=${p2.body.nextCursor}`);
    expect(p3.body.nextCursor).toBeNull();
    const ids = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((n: { id: string }) => n.id);
    expect(ids).toEqual((await feed(lead)).body.items.map((n: { id: string }) => n.id));
    expect((await feed(lead, '?limit=0')).status).toBe(400);
    expect((await feed(lead, '?limit=101')).status).toBe(400);
    expect((await feed(lead, '?cursor=not-a-cursor')).status).toBe(400);
  });

  it('read state is per user; reading another client’s notification is 404', async () => {
    const items = (await feed(globexLead)).body.items as Array<{ id: string; clientId: string }>;
    const read = await t.http.post(`/api/notifications/${items[0].id}/read`).set('Authorization', `Bearer ${globexLead}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ id: items[0].id, readAt: '2026-11-18T10:05:00.000Z' }));
    // idempotent
    const again = await t.http.post(`/api/notifications/${items[0].id}/read`).set('Authorization', `Bearer ${globexLead}`);
    expect(again.body.readAt).toBe('2026-11-18T10:05:00.000Z');
    expect((await feed(globexLead)).body.unread).toBe(1);
    expect((await feed(globexLead, '?unread=true')).body.items.map((n: { id: string }) => n.id)).toEqual([items[1].id]);
    // the other lead's state is untouched
    expect((await feed(lead)).body.unread).toBe(5);

    const acmeItem = ((await feed(lead)).body.items as Array<{ id: string; clientId: string }>).find(
      (n) => n.clientId === t.clients['ACME'],
    );
    const denied = await t.http.post(`/api/notifications/${acmeItem?.id}/read`).set('Authorization', `Bearer ${globexLead}`);
    expect(denied.status).toBe(404);
    expect((await t.http.post('/api/notifications/not-a-uuid/read').set('Authorization', `Bearer ${lead}`)).status).toBe(404);

    const all = await t.http.post('/api/notifications/read-all').set('Authorization', `Bearer ${lead}`);
    expect(all.body).toEqual({ marked: 5 });
    expect((await feed(lead)).body.unread).toBe(0);
    expect((await feed(globexLead)).body.unread).toBe(1);
  });

  it('demo mode without SMTP_URL: the team-lead e-mails are written as .eml files to MAIL_DIR', async () => {
    const worker = t.app.get(OutboxWorker);
    const result = await worker.deliverDue();
    // lead@example.com serves both clients (5 notices); lead.globex@example.com GLOBEX (2)
    expect(result).toEqual({ sent: 7, failed: 0 });
    const files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBe(7);
    const mails = files.map((f) => parseMail(readFileSync(join(mailDir, f), 'utf8')));
    expect(
      mails
        .filter((m) => m.headers['to'] === 'lead.globex@example.com')
        .map((m) => m.subject)
        .sort(),
    ).toEqual(globex.map((c) => `[Globex Retail] ${c.reference} escalated to level 1`).sort());
    const rows: Array<{ recipient_user_id: string }> = await t.db.query(
      `SELECT recipient_user_id FROM mail_outbox WHERE recipient_type = 'team_lead' AND status = 'sent' AND recipient_user_id = $1`,
      [globexLeadId],
    );
    expect(rows.length).toBe(2);
    expect(await worker.deliverDue()).toEqual({ sent: 0, failed: 0 });
  });
});
