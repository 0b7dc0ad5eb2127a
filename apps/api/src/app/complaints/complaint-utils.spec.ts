import { register, type BusinessCalendar, type ComplaintPolicy } from '@complaint-desk/domain';
import { bodyHash, canonicalJson } from './complaint-register.service';
import { deadlineColumns } from './complaint-row';
import { parseIfMatch } from './complaint-errors';
import { decodeCursor, encodeCursor } from './list-cursor.util';

describe('canonical body hash (Idempotency-Key)', () => {
  it('ignores key order at every level, not values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'é' } })).toBe('{"a":{"c":"é","d":[1,{"x":1,"y":2}]},"b":1}');
    expect(bodyHash({ a: 1, b: 2 })).toBe(bodyHash({ b: 2, a: 1 }));
    expect(bodyHash({ a: 1 })).not.toBe(bodyHash({ a: '1' }));
  });
});

describe('keyset cursor', () => {
  it('round-trips and rejects tampering or another sort', () => {
    const c = {
      sort: 'dueAt' as const,
      phase: 'open' as const,
      key: '2026-11-19T16:00:00.000Z',
      id: '5b0c3a52-6f3e-4a53-9a40-0f0a4b8e8c11',
    };
    expect(decodeCursor(encodeCursor(c), 'dueAt')).toEqual(c);
    expect(() => decodeCursor(encodeCursor(c), 'receivedAt')).toThrow();
    expect(() => decodeCursor('not-a-cursor', 'dueAt')).toThrow();
    expect(() => decodeCursor(Buffer.from('["dueAt","open","x","y"]').toString('base64url'), 'dueAt')).toThrow();
  });
});

describe('If-Match', () => {
  it('accepts 3, "3", W/"3", * and absent; rejects anything else', () => {
    expect([parseIfMatch('3'), parseIfMatch('"3"'), parseIfMatch('W/"3"'), parseIfMatch('*'), parseIfMatch(undefined)]).toEqual([
      3,
      3,
      3,
      null,
      null,
    ]);
    expect(() => parseIfMatch('abc')).toThrow();
  });
});

describe('derived columns', () => {
  const calendar: BusinessCalendar = {
    timezone: 'Europe/Stockholm',
    businessHours: {
      mon: [['08:00', '17:00']],
      tue: [['08:00', '17:00']],
      wed: [['08:00', '17:00']],
      thu: [['08:00', '17:00']],
      fri: [['08:00', '17:00']],
      sat: [],
      sun: [],
    },
    holidays: [],
  };
  const policy: ComplaintPolicy = {
    acknowledgeWithin: { amount: 1, unit: 'business_days' },
    resolveWithin: { amount: 10, unit: 'business_days' },
    updateEvery: { amount: 5, unit: 'business_days' },
    atRiskAt: 0.8,
    reopenWithinDays: 30,
  };
  it('due_at = earliest pending deadline; at_risk_at = earliest at-risk moment (atRiskAt of the allowed time)', () => {
    const r = register({ receivedAt: new Date('2026-11-18T08:00:00Z') }, { now: new Date('2026-11-18T08:00:00Z'), calendar, policy });
    if (!r.ok) throw new Error('register failed');
    const d = deadlineColumns(r.state, policy.atRiskAt);
    expect(d.due_at?.toISOString()).toBe('2026-11-19T16:00:00.000Z');
    // 32 h allowed; 80 % = 25.6 h after receipt.
    expect(d.at_risk_at?.toISOString()).toBe('2026-11-19T09:36:00.000Z');
    // each pending step's own instant: acknowledge as above, resolve 80 % of its 10 business days; no update step yet
    expect(d.acknowledge_at_risk_at).toEqual(d.at_risk_at);
    expect(d.update_at_risk_at).toBeNull();
    expect(d.resolve_at_risk_at?.getTime()).toBeGreaterThan(d.acknowledge_at_risk_at?.getTime() ?? 0);
    expect(deadlineColumns({ ...r.state, status: 'closed', closedAt: new Date() }, 0.8)).toEqual({
      due_at: null,
      at_risk_at: null,
      acknowledge_at_risk_at: null,
      update_at_risk_at: null,
      resolve_at_risk_at: null,
    });
  });
});
