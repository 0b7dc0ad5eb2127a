import { STATS_EXPORT_COLUMNS } from '@complaint-desk/contracts';
import { createTestApp, TestApp } from '../../testing/test-app';
import { ComplaintSim } from '../../testing/stats-complaint-sim';
import { parseCsv } from '../../testing/csv-parse';
import { Writable } from 'node:stream';
import { EXPORT_BATCH, StatsExportService } from './stats-export.service';
import { StatisticsRepository } from './statistics.repository';
import type { StatsClient } from './statistics.service';

/** export.csv: one row per complaint, streamed in batches, RFC 4180, no personal data, no formulas (R4.4-f, 4.5). */
describe('GET /api/stats/export.csv (integration)', () => {
  let t: TestApp;
  let sim: ComplaintSim;
  let ACME: string;
  let token: string;
  const PII = [
    'Zelda Piimarker',
    'zelda.pii@example.org',
    '+46700000999',
    'SUMMARY-PII-MARK',
    'DESCRIPTION-PII-MARK',
    'RESOLUTION-PII-MARK',
  ];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-02T08:00:00Z' });
    sim = new ComplaintSim(t);
    ACME = t.clients['ACME'];
    const pii = { customerName: PII[0], customerEmail: PII[1], customerPhone: PII[2], summary: PII[3], description: PII[4] };
    ids.a = await sim.register(ACME, { ...pii, channel: 'email', receivedAt: '2026-11-02T08:00:00Z', categoryCode: 'BILLING.DOUBLE' });
    ids.b = await sim.register(ACME, {
      ...pii,
      channel: 'phone',
      subject: 'ccc',
      receivedAt: '2026-11-02T07:00:00Z',
      categoryCode: 'BILLING.OVERCHARGE',
    });
    ids.c = await sim.register(ACME, { ...pii, receivedAt: '2026-11-02T06:00:00Z', categoryCode: 'METERING.FAULTY' });
    ids.d = await sim.register(ACME, { ...pii, receivedAt: '2026-11-02T05:00:00Z', categoryCode: 'SERVICE.AGENT' });
    ids.out = await sim.register(ACME, { ...pii, receivedAt: '2026-10-01T05:00:00Z', categoryCode: 'SERVICE.AGENT' });
    t.clock.set('2026-11-02T10:00:00Z');
    expect(await sim.act(ids.a, { action: 'acknowledge', via: 'email', responsibleFunction: '=cmd|calc' })).toBeNull();
    t.clock.set('2026-11-03T11:00:00Z');
    expect(
      await sim.act(ids.a, { action: 'close', outcome: 'upheld', resolution: PII[5], via: 'email', rootCauseCode: 'PROCESS' }),
    ).toBeNull();
    expect(await sim.act(ids.a, { action: 'satisfaction', score: 5, comment: 'Zelda says thanks' })).toBeNull();
    await t.db.query(`UPDATE complaints SET satisfaction_comment = 'Zelda says thanks' WHERE id = $1`, [ids.a]);
    // Category names are text a client admin controls: formula-like and CSV-hostile values.
    const names: Record<string, string> = {
      a: '=HYPERLINK("http://evil.example","click")',
      b: '+SUM(1,2)',
      c: 'Meter, "faulty"\nsecond line',
      d: '@cmd',
    };
    for (const [k, v] of Object.entries(names)) await t.db.query('UPDATE complaints SET category_name = $2 WHERE id = $1', [ids[k], v]);
    t.clock.set('2026-11-20T10:00:00Z');
    token = await t.token('viewer.acme@example.com');
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (q: Record<string, string>) => t.http.get('/api/stats/export.csv').query(q).set('Authorization', `Bearer ${token}`);

  it('R4.4-f: text/csv attachment, header of the documented columns, one row per complaint received in [from, to)', async () => {
    const res = await get({ from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="complaints-ACME-2026-11-01-2026-11-03.csv"');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...STATS_EXPORT_COLUMNS]);
    expect(rows).toHaveLength(5); // d, c, b, a — not the October complaint
    const recs = rows.slice(1).map((r) => Object.fromEntries(STATS_EXPORT_COLUMNS.map((c, i) => [c, r[i]])));
    expect(recs.map((r) => r['received_at'])).toEqual([
      '2026-11-02T05:00:00.000Z',
      '2026-11-02T06:00:00.000Z',
      '2026-11-02T07:00:00.000Z',
      '2026-11-02T08:00:00.000Z',
    ]);
    expect(recs[3]).toMatchObject({
      status: 'closed',
      channel: 'email',
      subject: 'client',
      category_code: 'BILLING.DOUBLE',
      acknowledged_at: '2026-11-02T10:00:00.000Z',
      acknowledged_on_time: 'true',
      hours_to_acknowledge: '2',
      closed_at: '2026-11-03T11:00:00.000Z',
      resolved_on_time: 'true',
      hours_to_close: '27',
      outcome: 'upheld',
      root_cause_code: 'PROCESS',
      satisfaction_score: '5',
      overdue: 'false',
    });
    expect(recs[0]).toMatchObject({ status: 'registered', acknowledged_at: '', acknowledged_on_time: '', closed_at: '', overdue: 'true' });
  });

  it('4.5: no personal data — no customer name, e-mail, phone, summary, description, resolution or satisfaction comment', async () => {
    const res = await get({ from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(res.status).toBe(200);
    for (const marker of [...PII, 'Zelda', '=cmd|calc']) expect(res.text).not.toContain(marker);
  });

  it('RFC 4180 escaping and formula-injection protection of text cells', async () => {
    const res = await get({ from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z' });
    const col = STATS_EXPORT_COLUMNS.indexOf('category_name');
    const names = parseCsv(res.text)
      .slice(1)
      .map((r) => r[col]);
    expect(names).toEqual(["'@cmd", 'Meter, "faulty"\nsecond line', "'+SUM(1,2)", `'=HYPERLINK("http://evil.example","click")`]);
    for (const line of res.text.split('\r\n')) expect(line).not.toMatch(/(^|,)[=+@]/);
  });

  it('streams every complaint exactly once across several batches, oldest first (receipts with microseconds)', async () => {
    const n = EXPORT_BATCH * 2 + 345;
    await t.db.query(
      `INSERT INTO complaints (client_id, reference, status, channel, subject, summary, description, category_code, category_name,
         customer_name, customer_email, received_at, registered_at, acknowledge_by, resolve_by, policy_snapshot, calendar_snapshot, due_at)
       SELECT $1, 'ACME-2025-' || lpad(g::text, 6, '0'), 'registered', 'phone', 'client', 'Bulk', 'Bulk', 'BILLING.DOUBLE', 'Charged twice',
         'Bulk Person', 'bulk@example.org', ts, ts, ts + interval '1 day', ts + interval '10 days', '{}'::jsonb, '{}'::jsonb, ts + interval '1 day'
       FROM generate_series(1, $2::int) g,
         LATERAL (SELECT timestamptz '2025-06-01T00:00:00Z' + (g / 3) * interval '1 minute' + (g % 7) * interval '1 microsecond' AS ts) x`,
      [ACME, n],
    );
    const res = await get({ from: '2025-06-01T00:00:00Z', to: '2025-07-01T00:00:00Z' });
    expect(res.status).toBe(200);
    const rows = parseCsv(res.text).slice(1);
    expect(rows).toHaveLength(n);
    const refs = rows.map((r) => r[0]);
    expect(new Set(refs).size).toBe(n);
    const times = rows.map((r) => r[STATS_EXPORT_COLUMNS.indexOf('received_at')]);
    expect([...times].sort()).toEqual(times);
  });

  it('R4.4-f: memory stays flat — the next batch is read only after the client has taken the previous one', async () => {
    // The rows of the test above (2 full batches and a partial one) in June 2025.
    const exporter = t.app.get(StatsExportService);
    // Rows the exporter has read from the database so far (what its repository returned, in flight included).
    const spy = jest.spyOn(t.app.get(StatisticsRepository), 'exportBatch');
    const rowsRead = async () =>
      (await Promise.all(spy.mock.results.map((r) => r.value as Promise<unknown[]>))).reduce((n, rows) => n + rows.length, 0);
    try {
      const held: Array<() => void> = [];
      let arrived: () => void = () => undefined;
      const nextChunk = () => new Promise<void>((resolve) => (arrived = resolve));
      let chunk = nextChunk();
      // A slow reader: accepts nothing more until we call back, like a client that stops reading.
      const out = new Writable({
        highWaterMark: 1,
        write(_data, _enc, cb) {
          held.push(cb);
          arrived();
        },
      });
      const client = { id: ACME } as StatsClient;
      const done = exporter.write(out, client, { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-07-01T00:00:00Z') });
      const seen: number[] = [];
      for (let chunkNo = 0; chunkNo < 4; chunkNo++) {
        await chunk; // the header (0), then one chunk per batch (1..3)
        chunk = nextChunk();
        // Let the exporter run as far as it would: a database round trip turns the event loop.
        await t.db.query('SELECT 1');
        seen.push(await rowsRead());
        held.shift()!();
      }
      await done;
      // While a chunk was unread, no further rows were read: at most one batch is ever held in memory.
      const n = EXPORT_BATCH * 2 + 345;
      expect(seen).toEqual([0, EXPORT_BATCH, 2 * EXPORT_BATCH, n]);
      expect(await rowsRead()).toBe(n);
    } finally {
      spy.mockRestore();
    }
  });
});
