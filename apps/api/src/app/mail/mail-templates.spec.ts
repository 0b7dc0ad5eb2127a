import { formatMailDate, leadNoticeMessage, mailLanguage, mailLocale, renderCustomerMail, renderLeadMail } from './mail-templates';

const ctx = (language: string | null) => ({
  clientName: 'Acme Energy',
  timezone: 'Europe/Stockholm',
  reference: 'ACME-2026-000123',
  customerName: 'Eva Svensson',
  customerLanguage: language,
});

describe('mail templates (R4.2-c, R4.4-e d, R4.5-a)', () => {
  it('chooses Swedish for sv* and English otherwise', () => {
    expect(mailLanguage('sv')).toBe('sv');
    expect(mailLanguage('SV-se')).toBe('sv');
    expect(mailLanguage('en')).toBe('en');
    expect(mailLanguage('de')).toBe('en');
    expect(mailLanguage(null)).toBe('en');
    expect(mailLocale('en-US')).toBe('en-US');
    expect(mailLocale('fr')).toBe('en-GB');
    expect(mailLocale('sv')).toBe('sv-SE');
  });

  it("formats dates in the client's timezone and the customer's language", () => {
    // 16:00 UTC is 17:00 in Stockholm in winter (CET).
    expect(formatMailDate('2026-12-04T16:00:00Z', 'Europe/Stockholm', 'sv-SE')).toBe('fredag 4 december 2026 kl. 17:00 CET');
    expect(formatMailDate('2026-12-04T16:00:00Z', 'Europe/Stockholm', 'en-GB')).toBe('Friday, 4 December 2026 at 17:00 CET');
    expect(formatMailDate('2026-12-04T16:00:00Z', 'America/New_York', 'en-US')).toBe('Friday, December 4, 2026 at 11:00 AM EST');
  });

  it('acknowledge (R4.2-c a, b): client name, reference, expected timeframe, responsible function — English', () => {
    const m = renderCustomerMail(
      {
        kind: 'acknowledged',
        responsibleFunction: 'Billing team',
        expectedResolutionBy: '2026-12-04T16:00:00Z',
        nextUpdateBy: '2026-11-27T16:00:00Z',
        message: 'We are checking your invoices.',
      },
      ctx('en'),
    );
    expect(m.language).toBe('en');
    expect(m.subject).toContain('Acme Energy');
    expect(m.subject).toContain('ACME-2026-000123');
    expect(m.text).toContain('Dear Eva Svensson,');
    expect(m.text).toContain('Your complaint is handled by: Billing team');
    expect(m.text).toContain('You can expect our answer by: Friday, 4 December 2026 at 17:00 CET');
    expect(m.text).toContain('We are checking your invoices.');
    expect(m.text).toContain('Kind regards,\nAcme Energy');
  });

  it('acknowledge in Swedish', () => {
    const m = renderCustomerMail(
      {
        kind: 'acknowledged',
        responsibleFunction: 'Faktureringsgruppen',
        expectedResolutionBy: '2026-12-04T16:00:00Z',
        nextUpdateBy: null,
        message: null,
      },
      ctx('sv'),
    );
    expect(m.language).toBe('sv');
    expect(m.subject).toBe('Acme Energy: vi har tagit emot ditt klagomål ACME-2026-000123');
    expect(m.text).toContain('Hej Eva Svensson,');
    expect(m.text).toContain('Ditt klagomål hanteras av: Faktureringsgruppen');
    expect(m.text).toContain('Du kan räkna med vårt svar senast: fredag 4 december 2026 kl. 17:00 CET');
    expect(m.text).toContain('Med vänliga hälsningar\nAcme Energy');
  });

  it('update (R4.2-c c): the message and the next update date, in both languages', () => {
    const mail = { kind: 'updated' as const, message: 'The meter reading is being checked.', nextUpdateBy: '2026-12-11T16:00:00Z' };
    const en = renderCustomerMail(mail, ctx('en'));
    expect(en.text).toContain('The meter reading is being checked.');
    expect(en.text).toContain('Your next update will come by: Friday, 11 December 2026 at 17:00 CET');
    const sv = renderCustomerMail(mail, ctx('sv-SE'));
    expect(sv.text).toContain('The meter reading is being checked.');
    expect(sv.text).toContain('Nästa lägesuppdatering får du senast: fredag 11 december 2026 kl. 17:00 CET');
    expect(sv.subject).toContain('ACME-2026-000123');
  });

  it('extend (R4.2-c d): the new date, the reason and the action plan, in both languages', () => {
    const mail = {
      kind: 'extended' as const,
      newResolveBy: '2026-12-18T16:00:00Z',
      reason: 'Waiting for the grid operator',
      actionPlan: 'We chase them daily',
    };
    const en = renderCustomerMail(mail, ctx('en'));
    expect(en.text).toContain('New date for our answer: Friday, 18 December 2026 at 17:00 CET');
    expect(en.text).toContain('Reason for the delay: Waiting for the grid operator');
    expect(en.text).toContain('What we are doing (action plan): We chase them daily');
    const sv = renderCustomerMail(mail, ctx('sv'));
    expect(sv.text).toContain('Nytt datum för vårt svar: fredag 18 december 2026 kl. 17:00 CET');
    expect(sv.text).toContain('Orsak till förseningen: Waiting for the grid operator');
    expect(sv.text).toContain('Det här gör vi (åtgärdsplan): We chase them daily');
  });

  it('close (R4.4-e d): how it was addressed, the outcome, and where to turn (complaintInfo), in both languages', () => {
    const mail = {
      kind: 'closed' as const,
      outcome: 'partially_upheld',
      resolution: 'We refunded the double charge.',
      complaintInfo: 'Turn to ARN.',
    };
    const en = renderCustomerMail(mail, ctx('en'));
    expect(en.text).toContain('How we addressed it: We refunded the double charge.');
    expect(en.text).toContain('Outcome: partially upheld');
    expect(en.text).toContain('If you are not satisfied with this answer, this is where to turn:\nTurn to ARN.');
    const sv = renderCustomerMail(mail, ctx('sv'));
    expect(sv.text).toContain('Så här har vi hanterat det: We refunded the double charge.');
    expect(sv.text).toContain('Resultat: delvis bifallet');
    expect(sv.text).toContain('Om du inte är nöjd med svaret kan du vända dig hit:\nTurn to ARN.');
  });

  it('keeps the subject on one line even if the client name had a line break', () => {
    const m = renderCustomerMail({ kind: 'updated', message: 'x', nextUpdateBy: null }, { ...ctx('en'), clientName: 'Acme\r\nBcc: x@y' });
    expect(m.subject).not.toMatch(/[\r\n]/);
  });

  it('team-lead notices carry no customer data and say why', () => {
    const l = { clientName: 'Acme Energy', timezone: 'Europe/Stockholm', reference: 'ACME-2026-000123' };
    const esc = leadNoticeMessage(
      { kind: 'escalated', reason: 'acknowledge_overdue', note: null, levelAfter: 1, deadline: '2026-11-19T16:00:00Z', automatic: true },
      l,
    );
    expect(esc).toBe(
      'ACME-2026-000123 (Acme Energy) escalated automatically to level 1: the acknowledgement deadline passed (deadline Thursday, 19 November 2026 at 17:00 CET)',
    );
    const risk = renderLeadMail({ kind: 'at_risk', step: 'resolve', deadline: '2026-12-02T16:00:00Z' }, l);
    expect(risk.subject).toBe('[Acme Energy] ACME-2026-000123 at risk: resolution due soon');
    expect(risk.text).toContain('the resolution is due Wednesday, 2 December 2026 at 17:00 CET');
  });
});
