import { customerSender, retryDelaySeconds, safeFailureReason } from './outbox-worker.service';

describe('outbox delivery rules', () => {
  it('backs off exponentially from the base, capped at an hour', () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelaySeconds(a, 30))).toEqual([30, 60, 120, 240, 480]);
    expect(retryDelaySeconds(20, 30)).toBe(3600);
  });

  it('keeps the error code and SMTP status but never an address in the failure reason (R4.5-f)', () => {
    const err = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <eva@example.org>: no such user"), {
      code: 'EENVELOPE',
      responseCode: 550,
    });
    const reason = safeFailureReason(err, 'eva@example.org');
    expect(reason).toMatch(/^EENVELOPE 550: /);
    expect(reason).not.toContain('eva@example.org');
    expect(reason).not.toMatch(/@/);
    expect(safeFailureReason(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' }))).toBe(
      'ESOCKET: connect ECONNREFUSED 127.0.0.1:2525',
    );
  });
});

describe('customer e-mail sender (R4.5-a)', () => {
  it("names the client in the display name, with MAIL_FROM's address", () => {
    expect(customerSender('Complaint desk <no-reply@ccc.example>', 'Acme Energy')).toBe(
      '"Acme Energy (Complaint desk)" <no-reply@ccc.example>',
    );
    expect(customerSender('"Desk" <d@ccc.example>', 'Globex "Retail"')).toBe('"Globex Retail (Desk)" <d@ccc.example>');
    expect(customerSender('no-reply@ccc.example', 'Acme Energy')).toBe('"Acme Energy" <no-reply@ccc.example>');
  });
});
