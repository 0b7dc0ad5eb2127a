import { createTestApp } from '../../testing/test-app';
import { seedOnStart } from './seed';

describe('start-up seed with several instances', () => {
  it('two instances starting together on an empty database: both start, the first admin exists once', async () => {
    const env = { DEMO: 'false', ADMIN_EMAIL: 'boss@ccc.example', ADMIN_PASSWORD: 'a-very-long-password' };
    const a = await createTestApp({ seed: false, env });
    const b = await createTestApp({ databaseUrl: a.databaseUrl, env });
    try {
      const results = await Promise.allSettled([seedOnStart(a.app, a.config), seedOnStart(b.app, b.config)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(await a.db.query('SELECT email, role FROM users')).toEqual([{ email: 'boss@ccc.example', role: 'admin' }]);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
