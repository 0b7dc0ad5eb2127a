import { createTestApp } from '../../testing/test-app';
import { seedOnStart } from './seed';
import { DEMO_CLIENTS, DEMO_USERS } from './demo-data';

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

  it('in demo mode seeds the contract\'s demo clients and users on an empty database only', async () => {
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
      const before = (await t.db.query('SELECT count(*)::int AS n FROM users'))[0].n;
      await seedOnStart(t.app, t.config);
      expect((await t.db.query('SELECT count(*)::int AS n FROM users'))[0].n).toBe(before);
      expect(DEMO_CLIENTS.find((c) => c.code === 'GLOBEX')?.businessHours.mon).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
