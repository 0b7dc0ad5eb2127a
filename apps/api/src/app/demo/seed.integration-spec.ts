import { createTestApp } from '../../testing/test-app';
import { seedOnStart } from './seed';
import { DEMO_COMPLAINTS_PER_CLIENT } from './demo-complaints.seeder';
import { DEMO_USERS } from './demo-data';
import { createValidationPipe } from '../common/validation';
import { validateClientSettings } from '../clients/clients.service';
import { CreateClientDto } from '../clients/dto/client.dto';
import type { ClientDto } from '@complaint-desk/contracts';

/** A `clients` row as stored (jsonb columns as node-postgres returns them). */
interface StoredClient {
  code: string;
  name: string;
  timezone: string;
  business_hours: ClientDto['businessHours'] & Record<string, string[][]>;
  holidays: string[];
  policy: ClientDto['policy'];
  categories: Array<{ code: string; name: string; children?: Array<{ code: string; name: string }> }>;
  complaint_info: string;
}

describe('start-up seed', () => {
  it('outside demo mode creates only the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, once', async () => {
    const t = await createTestApp({
      seed: false,
      env: { DEMO: 'false', ADMIN_EMAIL: 'boss@ccc.example', ADMIN_PASSWORD: 'a-very-long-password' },
    });
    try {
      await seedOnStart(t.app, t.config);
      await seedOnStart(t.app, t.config);
      const users = await t.db.query('SELECT email, role FROM users');
      expect(users).toEqual([{ email: 'boss@ccc.example', role: 'admin' }]);
      expect(await t.db.query('SELECT id FROM clients')).toEqual([]);
      const login = await t.http.post('/api/auth/login').send({ email: 'boss@ccc.example', password: 'a-very-long-password' });
      expect(login.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("in demo mode seeds the contract's demo clients and users, then every DEMO_SEEDERS seeder of DemoModule (the demo complaints), on an empty database only", async () => {
    const t = await createTestApp({ seed: false });
    try {
      await seedOnStart(t.app, t.config);
      const clients = await t.db.query('SELECT code, timezone FROM clients ORDER BY code');
      expect(clients).toEqual([
        { code: 'ACME', timezone: 'Europe/Stockholm' },
        { code: 'GLOBEX', timezone: 'America/New_York' },
      ]);
      const users = await t.db.query(`SELECT u.email, u.role, array_agg(c.code ORDER BY c.code) FILTER (WHERE c.code IS NOT NULL) AS clients
        FROM users u LEFT JOIN user_clients uc ON uc.user_id = u.id LEFT JOIN clients c ON c.id = uc.client_id GROUP BY u.email, u.role`);
      for (const u of DEMO_USERS) {
        const row = users.find((r: { email: string }) => r.email === u.email);
        expect(row).toMatchObject({ role: u.role });
        expect(row.clients ?? []).toEqual([...u.clients].sort());
      }
      const complaints = async () => (await t.db.query('SELECT count(*)::int AS n FROM complaints'))[0].n;
      expect(await complaints()).toBe(2 * DEMO_COMPLAINTS_PER_CLIENT);
      const before = (await t.db.query('SELECT count(*)::int AS n FROM users'))[0].n;
      await seedOnStart(t.app, t.config);
      expect((await t.db.query('SELECT count(*)::int AS n FROM users'))[0].n).toBe(before);
      expect(await complaints()).toBe(2 * DEMO_COMPLAINTS_PER_CLIENT);
    } finally {
      await t.close();
    }
  });

  it("the stored demo clients pass the API's own client validation, and hold the calendars, holidays, categories and promises they claim", async () => {
    const t = await createTestApp({ seed: false });
    try {
      await seedOnStart(t.app, t.config);
      const rows: StoredClient[] = await t.db.query(
        `SELECT code, name, timezone, business_hours, holidays, policy, categories, complaint_info FROM clients ORDER BY code`,
      );
      expect(rows.map((r) => r.code)).toEqual(['ACME', 'GLOBEX']);
      const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));

      // Exactly what POST /api/clients runs: the global ValidationPipe on CreateClientDto, then validateClientSettings.
      for (const r of rows) {
        const body = {
          code: r.code,
          name: r.name,
          timezone: r.timezone,
          businessHours: r.business_hours,
          holidays: r.holidays,
          policy: r.policy,
          categories: r.categories,
          complaintInfo: r.complaint_info,
        };
        await expect(createValidationPipe().transform(body, { type: 'body', metatype: CreateClientDto, data: '' })).resolves.toBeInstanceOf(
          CreateClientDto,
        );
        expect({ code: r.code, errors: validateClientSettings(body) }).toEqual({ code: r.code, errors: [] });
      }

      // ACME: Mon–Fri 08:00–17:00 in Stockholm, closed at weekends, Swedish holidays incl. Christmas and Midsummer Eve.
      const acme = byCode['ACME'];
      for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) expect(acme.business_hours[day]).toEqual([['08:00', '17:00']]);
      expect(acme.business_hours['sat']).toEqual([]);
      expect(acme.business_hours['sun']).toEqual([]);
      expect(acme.holidays).toEqual(expect.arrayContaining(['2026-12-24', '2026-12-25', '2027-06-25']));
      expect(acme.holidays).not.toContain('2026-11-26'); // a US holiday, not a Swedish one
      // Category codes (used by the complaint specs and the demo complaints), unique, children under their parent.
      const codes = (r: StoredClient) => r.categories.flatMap((c) => [c.code, ...(c.children ?? []).map((k) => k.code)]);
      expect(codes(acme)).toEqual(expect.arrayContaining(['BILLING', 'BILLING.DOUBLE', 'METERING.FAULTY', 'SUPPLY.OUTAGE']));
      for (const r of rows) {
        expect(new Set(codes(r)).size).toBe(codes(r).length);
        for (const c of r.categories) for (const k of c.children ?? []) expect(k.code.startsWith(`${c.code}.`)).toBe(true);
      }
      expect(codes(byCode['GLOBEX'])).toEqual(expect.arrayContaining(['DELIVERY.LATE', 'RETURNS.REFUND_DELAY']));

      // GLOBEX: New York hours with a lunch break 12:00–13:00, shorter Fridays.
      const globex = byCode['GLOBEX'];
      for (const day of ['mon', 'tue', 'wed', 'thu'])
        expect(globex.business_hours[day]).toEqual([
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ]);
      expect(globex.business_hours['fri']).toEqual([
        ['09:00', '12:00'],
        ['13:00', '16:00'],
      ]);
      expect(globex.holidays).toEqual(expect.arrayContaining(['2026-11-26', '2026-12-25']));

      // What customers are told about status updates (R4.2-a correct information, R4.2-c c regular updates,
      // R4.4-c how complaints are handled) is what the policy enforces.
      const WORDS: Record<number, string> = {
        1: 'one',
        2: 'two',
        3: 'three',
        4: 'four',
        5: 'five',
        6: 'six',
        7: 'seven',
        8: 'eight',
        9: 'nine',
        10: 'ten',
      };
      const UNITS: Record<string, string> = {
        business_days: 'business days',
        business_hours: 'business hours',
        hours: 'hours',
        calendar_days: 'days',
      };
      for (const r of rows) {
        const { amount, unit } = r.policy.updateEvery;
        expect({ code: r.code, promise: r.complaint_info }).toEqual({
          code: r.code,
          promise: expect.stringContaining(`at least every ${WORDS[amount] ?? amount} ${UNITS[unit]}`),
        });
      }
      expect(globex.policy.updateEvery).toEqual({ amount: 16, unit: 'business_hours' });
      expect(globex.complaint_info).not.toContain('two business days');
    } finally {
      await t.close();
    }
  });
});
