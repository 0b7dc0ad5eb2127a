import { createTestApp } from '../../testing/test-app';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Clock } from './clock';
import { ComplaintEventBus } from './complaint-event-bus';

/** CoreModule is not global: every module imports it, and each app gets its own config, clock and bus. */
describe('CoreModule (config, clock and event bus of one app)', () => {
  it('two apps created at the same time in one process each get their own config and clock, and one bus per app', async () => {
    const [a, b] = await Promise.all([
      createTestApp({ now: '2026-01-05T09:00:00Z', env: { WRITE_RATE_LIMIT_PER_MINUTE: '111' } }),
      createTestApp({ now: '2027-06-07T12:00:00Z', env: { WRITE_RATE_LIMIT_PER_MINUTE: '222' } }),
    ]);
    try {
      expect(a.app.get(Clock)).toBe(a.clock);
      expect(b.app.get(Clock)).toBe(b.clock);
      expect(a.app.get<AppConfig>(APP_CONFIG).writeRateLimitPerMinute).toBe(111);
      expect(b.app.get<AppConfig>(APP_CONFIG).writeRateLimitPerMinute).toBe(222);
      expect(a.app.get(ComplaintEventBus)).not.toBe(b.app.get(ComplaintEventBus));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
