import { atRiskAtTime } from './deadline-steps';
import { complaintSla, slaStatus } from './sla';

const t = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000);

describe('slaStatus (R4.4-e b: addressed within the set response time)', () => {
  const base = { start: t(0), deadline: t(10), atRiskAt: 0.8 };
  it.each([
    ['pending before the at-risk point', { doneAt: null, now: t(7.9) }, 'pending'],
    ['at_risk exactly at the at-risk point', { doneAt: null, now: t(8) }, 'at_risk'],
    ['at_risk at the deadline itself', { doneAt: null, now: t(10) }, 'at_risk'],
    ['breached after the deadline', { doneAt: null, now: t(10.001) }, 'breached'],
    ['met when done at the deadline', { doneAt: t(10), now: t(50) }, 'met'],
    ['met when done early, whatever now', { doneAt: t(1), now: t(50) }, 'met'],
    ['breached when done late', { doneAt: t(11), now: t(11) }, 'breached'],
  ] as const)('%s', (_t, input, expected) => {
    expect(slaStatus({ ...base, ...input })).toBe(expected);
  });

  it('atRiskAtTime is start + atRiskAt × allowed time', () => {
    expect(atRiskAtTime(t(0), t(10), 0.8)).toEqual(t(8));
  });
});

describe('complaintSla', () => {
  const state = {
    receivedAt: t(0),
    acknowledgedAt: null as Date | null,
    closedAt: null as Date | null,
    lastUpdateAt: null as Date | null,
    deadlines: { acknowledgeBy: t(10), resolveBy: t(100), nextUpdateBy: null as Date | null },
  };
  it('R4.4-d: a new complaint is pending on all steps; update pending without nextUpdateBy', () => {
    expect(complaintSla(state, t(1), 0.8)).toEqual({ acknowledge: 'pending', resolve: 'pending', update: 'pending' });
  });
  it('R4.4-d: acknowledged on time is met; update window starts at the acknowledgement', () => {
    const s = { ...state, acknowledgedAt: t(5), deadlines: { ...state.deadlines, nextUpdateBy: t(15) } };
    expect(complaintSla(s, t(13), 0.8)).toEqual({ acknowledge: 'met', resolve: 'pending', update: 'at_risk' });
    expect(complaintSla(s, t(12.9), 0.8).update).toBe('pending');
    expect(complaintSla(s, t(16), 0.8).update).toBe('breached');
  });
  it('R4.2-c c: the update window starts at the last update', () => {
    const s = { ...state, acknowledgedAt: t(5), lastUpdateAt: t(14), deadlines: { ...state.deadlines, nextUpdateBy: t(24) } };
    expect(complaintSla(s, t(21.9), 0.8).update).toBe('pending');
    expect(complaintSla(s, t(22), 0.8).update).toBe('at_risk');
  });
  it('R4.4-e b: closed late is breached', () => {
    const s = { ...state, acknowledgedAt: t(11), closedAt: t(101) };
    expect(complaintSla(s, t(200), 0.8)).toEqual({ acknowledge: 'breached', resolve: 'breached', update: 'pending' });
  });
});
