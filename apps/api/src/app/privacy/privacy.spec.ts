import { ERASED } from '@complaint-desk/contracts';
import { ConfigError, loadConfig } from '../config/config';
import { customerQuery, matchesCustomer, phoneDigitsTail, toE164 } from './customer-match';
import { escapeHtml, renderExportHtml } from './export-html';
import { assertIdentityChecked, assertNotErased, tellingChannel } from './privacy-rules';

describe('privacy: phone matching in E.164 (R4.5-f)', () => {
  it.each([
    ['+46701234567', 'SE', '+46701234567'],
    ['070-123 45 67', 'SE', '+46701234567'],
    ['0046 70 123 45 67', 'SE', '+46701234567'],
    ['(070) 123.45.67', null, '+46701234567'],
    ['020 7946 0018', 'GB', '+442079460018'],
    ['12', 'SE', null],
    ['call me', 'SE', null],
  ])('%s read in %s → %s', (raw, region, e164) => {
    expect(toE164(raw, region)).toBe(e164);
  });

  it('a search needs an e-mail or a phone (400 naming both); a phone that is none → 400 naming phone', () => {
    expect(() => customerQuery(undefined, undefined, 'SE')).toThrow(
      expect.objectContaining({
        status: 400,
        errors: [
          { field: 'email', message: expect.any(String) },
          { field: 'phone', message: expect.any(String) },
        ],
      }),
    );
    expect(() => customerQuery(undefined, '12', 'SE')).toThrow(
      expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'phone' })] }),
    );
    expect(customerQuery('A@B.se', '070-123 45 67', 'SE')).toEqual({ email: 'A@B.se', phone: '+46701234567' });
  });

  it('matches e-mail case-insensitively and phones in any format; the SQL pre-filter takes the last six digits', () => {
    const q = { email: 'eva@example.org', phone: '+46701234567' };
    expect(matchesCustomer({ customer_email: 'EVA@Example.org', customer_phone: null }, q, 'SE')).toBe(true);
    expect(matchesCustomer({ customer_email: null, customer_phone: '070 123 45 67' }, q, 'SE')).toBe(true);
    expect(matchesCustomer({ customer_email: 'other@example.org', customer_phone: '070 123 45 68' }, q, 'SE')).toBe(false);
    expect(phoneDigitsTail('+46701234567')).toBe('234567');
  });
});

describe('privacy: the printable export escapes every value (R4.5-f)', () => {
  it('escapes & < > " \'', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('renders keys and values of every store escaped, with no markup of the data', () => {
    const html = renderExportHtml({
      clientId: 'c',
      clientName: 'Acme <Energy>',
      generatedAt: '2026-11-18T10:00:00.000Z',
      query: { email: 'x@y.z', phone: null },
      complaints: [
        {
          id: '1',
          reference: 'ACME-2026-000001',
          status: 'closed',
          receivedAt: 'r',
          closedAt: null,
          erasedAt: null,
          personalData: {
            complaint: { summary: '<script>x</script>', '<b>key</b>': 1 },
            timeline: [{ type: 'registered', data: { note: '"q"' } }],
          },
        },
      ],
    });
    expect(html).toContain('Acme &lt;Energy&gt;');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;key&lt;/b&gt;');
    expect(html).toContain('&quot;q&quot;');
    expect(html).not.toMatch(/<script|<b>/);
  });
});

describe('privacy rules of the write path (R4.5-b, R4.5-f)', () => {
  const row = { identity_verified_at: null, customer_email: 'eva@example.org', customer_preferred_channel: null };

  it('an erased complaint → 409 PERSONAL_DATA_ERASED', () => {
    expect(() => assertNotErased({ erased_at: new Date('2026-11-18T10:00:00Z') })).toThrow(
      expect.objectContaining({ status: 409, code: 'PERSONAL_DATA_ERASED' }),
    );
    expect(() => assertNotErased({ erased_at: null })).not.toThrow();
  });

  it('the channel an action tells the customer over: via; extend without via e-mails a reachable customer, else their channel', () => {
    expect(tellingChannel({ action: 'update', via: 'phone', message: 'm' }, row)).toBe('phone');
    expect(tellingChannel({ action: 'extend', newResolveBy: new Date(), reason: 'r', actionPlan: 'p' }, row)).toBe('email');
    expect(
      tellingChannel(
        { action: 'extend', newResolveBy: new Date(), reason: 'r', actionPlan: 'p' },
        { ...row, customer_email: null, customer_preferred_channel: 'letter' },
      ),
    ).toBe('letter');
    expect(tellingChannel({ action: 'escalate', reason: 'r' }, row)).toBeNull();
  });

  it('requireIdentityCheck: update/extend/close over another channel than e-mail without a check → 409; with a check, by e-mail, or without the policy → allowed', () => {
    const phone = { action: 'close', outcome: 'upheld', resolution: 'r', via: 'phone' } as const;
    expect(() => assertIdentityChecked(row, phone, true)).toThrow(expect.objectContaining({ status: 409, code: 'IDENTITY_NOT_VERIFIED' }));
    expect(() => assertIdentityChecked({ ...row, identity_verified_at: new Date() }, phone, true)).not.toThrow();
    expect(() => assertIdentityChecked(row, { ...phone, via: 'email' }, true)).not.toThrow();
    expect(() => assertIdentityChecked(row, phone, false)).not.toThrow();
    expect(() => assertIdentityChecked(row, phone, null)).not.toThrow();
    expect(() => assertIdentityChecked(row, { action: 'categorise', categoryCode: 'X' }, true)).not.toThrow();
  });

  it('the tombstone is one constant of the contract', () => {
    expect(ERASED).toBe('[erased]');
  });
});

describe('privacy configuration', () => {
  it('RETENTION_INTERVAL_SECONDS defaults to 3600; a bad value stops the start naming it', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/cd-privacy-config', JWT_SECRET: 'x'.repeat(40) }).retentionIntervalSeconds).toBe(3600);
    for (const bad of ['0', '59', '86401', 'hourly']) {
      expect(() => loadConfig({ DATA_DIR: '/tmp/cd-privacy-config', JWT_SECRET: 'x'.repeat(40), RETENTION_INTERVAL_SECONDS: bad })).toThrow(
        ConfigError,
      );
      expect(() => loadConfig({ DATA_DIR: '/tmp/cd-privacy-config', JWT_SECRET: 'x'.repeat(40), RETENTION_INTERVAL_SECONDS: bad })).toThrow(
        /RETENTION_INTERVAL_SECONDS/,
      );
    }
  });
});
