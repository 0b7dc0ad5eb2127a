import {
  CHANNELS,
  COMPLAINT_ACTIONS,
  COMPLAINT_STATUSES,
  DURATION_UNITS,
  ESCALATION_REASONS_SYSTEM,
  OUTCOMES,
  PRIORITIES,
  ROLES,
  SLA_STATUSES,
  STATS_EXPORT_COLUMNS,
  SUBJECTS,
  TIMELINE_EVENT_TYPES,
  WEEKDAYS,
} from '../index';

/**
 * The wire vocabulary both the API (validation, OpenAPI enums) and the console (pickers, labels) take
 * from this lib. These are the values `contract.md` names; renaming one silently would break every
 * stored complaint and every integration, so a change here must be deliberate.
 */
describe('contract vocabulary', () => {
  it.each([
    ['channels', CHANNELS, ['phone', 'email', 'webchat', 'letter', 'social', 'in_person']],
    ['subjects', SUBJECTS, ['ccc', 'client']],
    ['outcomes (R4.4-d)', OUTCOMES, ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn']],
    ['SLA statuses', SLA_STATUSES, ['pending', 'at_risk', 'breached', 'met']],
    ['roles', ROLES, ['agent', 'team_lead', 'client_viewer', 'admin']],
    ['duration units', DURATION_UNITS, ['business_days', 'business_hours', 'calendar_days', 'hours']],
    ['system escalation reasons (R4.4-e)', ESCALATION_REASONS_SYSTEM, ['acknowledge_overdue', 'update_overdue', 'resolve_overdue']],
  ])('%s are exactly the contract values', (_name, actual, expected) => {
    expect([...actual]).toEqual(expected);
  });

  it('complaint statuses, priorities and weekdays match the contract', () => {
    expect([...COMPLAINT_STATUSES]).toEqual(['registered', 'acknowledged', 'closed']);
    expect([...PRIORITIES]).toEqual(['low', 'normal', 'high', 'urgent']);
    expect([...WEEKDAYS]).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  });

  it('every lifecycle action of the contract exists, each once', () => {
    expect([...COMPLAINT_ACTIONS].sort()).toEqual(
      ['acknowledge', 'assign', 'categorise', 'close', 'escalate', 'extend', 'reopen', 'satisfaction', 'update'].sort(),
    );
  });

  it('the timeline has the contract event types (and the notification events of R4.4-b/d)', () => {
    const contractTypes = [
      'registered',
      'categorised',
      'acknowledged',
      'updated',
      'deadline_extended',
      'escalated',
      'assigned',
      'closed',
      'reopened',
      'satisfaction_recorded',
    ];
    for (const t of contractTypes) expect(TIMELINE_EVENT_TYPES).toContain(t);
    expect(TIMELINE_EVENT_TYPES).toContain('notification_sent');
    expect(TIMELINE_EVENT_TYPES).toContain('notification_failed');
    expect(new Set(TIMELINE_EVENT_TYPES).size).toBe(TIMELINE_EVENT_TYPES.length);
  });

  it('R4.5-f: the statistics export declares no column that could carry personal data', () => {
    const personal = /customer|name$|email|phone|summary|description|comment|message|address|resolution/;
    const offending = STATS_EXPORT_COLUMNS.filter((c) => personal.test(c) && c !== 'category_name');
    expect(offending).toEqual([]);
    expect(new Set(STATS_EXPORT_COLUMNS).size).toBe(STATS_EXPORT_COLUMNS.length);
    expect(STATS_EXPORT_COLUMNS[0]).toBe('reference');
  });
});
