import { DateTime } from 'luxon';

/**
 * The texts of every e-mail the desk sends, in English and Swedish. Pure functions: the outbox
 * renders a message when the action happens (so it says what was true then) and stores it.
 *
 * Every customer message names the client (R4.5-a: the client's identity is clear in every contact)
 * and the complaint reference, and carries what clause 4.2 / 4.4 promise for its step:
 * - acknowledge: the expected timeframe and the responsible function (R4.2-c a, b; R4.4-d);
 * - update: the message and the date of the next update (R4.2-c c);
 * - extend: the new date, the reason and the action plan (R4.2-c d);
 * - close: how it was addressed, the outcome and where to turn if not satisfied (R4.4-e d, R4.4-c).
 */

export type MailLanguage = 'en' | 'sv';

export const OUTCOME_LABELS: Record<MailLanguage, Record<string, string>> = {
  en: {
    upheld: 'upheld — we agree that we got it wrong',
    partially_upheld: 'partially upheld — we agree with part of your complaint',
    not_upheld: 'not upheld — we have not found that we got it wrong',
    withdrawn: 'withdrawn at your request',
  },
  sv: {
    upheld: 'bifallet — vi håller med om att vi gjorde fel',
    partially_upheld: 'delvis bifallet — vi håller med om en del av ditt klagomål',
    not_upheld: 'inte bifallet — vi har inte funnit att vi gjorde fel',
    withdrawn: 'återkallat på din begäran',
  },
};

/** The template language for a customer's `language` (e.g. "sv", "sv-SE", "en", "de"): Swedish or else English. */
export function mailLanguage(customerLanguage: string | null | undefined): MailLanguage {
  return /^sv\b/i.test((customerLanguage ?? '').trim()) ? 'sv' : 'en';
}

/** The luxon locale for formatting dates: the customer's own English variant (en-US …) when given, else en-GB / sv-SE. */
export function mailLocale(customerLanguage: string | null | undefined): string {
  const lang = mailLanguage(customerLanguage);
  if (lang === 'sv') return 'sv-SE';
  const given = (customerLanguage ?? '').trim();
  return /^en-[A-Za-z]{2}$/.test(given) ? given : 'en-GB';
}

/** A date and time as the customer reads it: in the client's timezone, in the customer's language, with the zone. */
export function formatMailDate(at: Date | string, timezone: string, locale: string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return DateTime.fromJSDate(d, { zone: timezone }).setLocale(locale).toLocaleString({
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

export interface MailContext {
  clientName: string;
  timezone: string;
  reference: string;
  customerName: string;
  /** The customer's `language` as registered (chooses the template and the date format). */
  customerLanguage: string | null;
}

export type CustomerMail =
  | { kind: 'acknowledged'; responsibleFunction: string; expectedResolutionBy: string; nextUpdateBy: string | null; message: string | null }
  | { kind: 'updated'; message: string; nextUpdateBy: string | null }
  | { kind: 'extended'; newResolveBy: string; reason: string; actionPlan: string }
  | { kind: 'closed'; outcome: string; resolution: string; complaintInfo: string };

export interface RenderedMail {
  language: MailLanguage;
  subject: string;
  text: string;
}

type Texts = {
  subject: (m: CustomerMail, c: MailContext) => string;
  greeting: (name: string) => string;
  intro: (c: MailContext) => string;
  body: (m: CustomerMail, c: MailContext, date: (d: string) => string) => string[];
  referenceNote: (ref: string) => string;
  signOff: (client: string) => string;
  footer: (client: string) => string;
};

const EN: Texts = {
  subject: (m, c) =>
    ({
      acknowledged: `${c.clientName}: we have received your complaint ${c.reference}`,
      updated: `${c.clientName}: an update on your complaint ${c.reference}`,
      extended: `${c.clientName}: a new date for your complaint ${c.reference}`,
      closed: `${c.clientName}: our answer to your complaint ${c.reference}`,
    })[m.kind],
  greeting: (name) => `Dear ${name},`,
  intro: (c) => `This message is about your complaint to ${c.clientName}, reference ${c.reference}.`,
  body: (m, _c, date) => {
    switch (m.kind) {
      case 'acknowledged':
        return [
          'Thank you for telling us. We have received your complaint and will look into it.',
          `Your complaint is handled by: ${m.responsibleFunction}`,
          `You can expect our answer by: ${date(m.expectedResolutionBy)}`,
          ...(m.nextUpdateBy ? [`We will update you on the progress by: ${date(m.nextUpdateBy)}`] : []),
          ...(m.message ? ['', m.message] : []),
        ];
      case 'updated':
        return [
          'Here is the latest on your complaint:',
          '',
          m.message,
          '',
          ...(m.nextUpdateBy ? [`Your next update will come by: ${date(m.nextUpdateBy)}`] : []),
        ];
      case 'extended':
        return [
          'We are sorry: we need more time to finish handling your complaint.',
          `New date for our answer: ${date(m.newResolveBy)}`,
          `Reason for the delay: ${m.reason}`,
          `What we are doing (action plan): ${m.actionPlan}`,
        ];
      case 'closed':
        return [
          'We have finished handling your complaint.',
          '',
          `How we addressed it: ${m.resolution}`,
          `Outcome: ${OUTCOME_LABELS.en[m.outcome] ?? m.outcome}`,
          '',
          'If you are not satisfied with this answer, this is where to turn:',
          m.complaintInfo,
        ];
    }
  },
  referenceNote: (ref) => `Please quote the reference ${ref} whenever you contact us about this complaint.`,
  signOff: (client) => `Kind regards,\n${client}`,
  footer: (client) => `This message was sent on behalf of ${client} by its customer service.`,
};

const SV: Texts = {
  subject: (m, c) =>
    ({
      acknowledged: `${c.clientName}: vi har tagit emot ditt klagomål ${c.reference}`,
      updated: `${c.clientName}: lägesuppdatering om ditt klagomål ${c.reference}`,
      extended: `${c.clientName}: nytt datum för ditt klagomål ${c.reference}`,
      closed: `${c.clientName}: vårt svar på ditt klagomål ${c.reference}`,
    })[m.kind],
  greeting: (name) => `Hej ${name},`,
  intro: (c) => `Det här meddelandet gäller ditt klagomål till ${c.clientName}, referensnummer ${c.reference}.`,
  body: (m, _c, date) => {
    switch (m.kind) {
      case 'acknowledged':
        return [
          'Tack för att du hörde av dig. Vi har tagit emot ditt klagomål och kommer att utreda det.',
          `Ditt klagomål hanteras av: ${m.responsibleFunction}`,
          `Du kan räkna med vårt svar senast: ${date(m.expectedResolutionBy)}`,
          ...(m.nextUpdateBy ? [`Vi meddelar dig hur arbetet går senast: ${date(m.nextUpdateBy)}`] : []),
          ...(m.message ? ['', m.message] : []),
        ];
      case 'updated':
        return [
          'Här är det senaste om ditt klagomål:',
          '',
          m.message,
          '',
          ...(m.nextUpdateBy ? [`Nästa lägesuppdatering får du senast: ${date(m.nextUpdateBy)}`] : []),
        ];
      case 'extended':
        return [
          'Vi beklagar: vi behöver mer tid för att slutföra hanteringen av ditt klagomål.',
          `Nytt datum för vårt svar: ${date(m.newResolveBy)}`,
          `Orsak till förseningen: ${m.reason}`,
          `Det här gör vi (åtgärdsplan): ${m.actionPlan}`,
        ];
      case 'closed':
        return [
          'Vi har avslutat hanteringen av ditt klagomål.',
          '',
          `Så här har vi hanterat det: ${m.resolution}`,
          `Resultat: ${OUTCOME_LABELS.sv[m.outcome] ?? m.outcome}`,
          '',
          'Om du inte är nöjd med svaret kan du vända dig hit:',
          m.complaintInfo,
        ];
    }
  },
  referenceNote: (ref) => `Ange referensnumret ${ref} när du kontaktar oss om det här klagomålet.`,
  signOff: (client) => `Med vänliga hälsningar\n${client}`,
  footer: (client) => `Meddelandet skickas för ${client} räkning av dess kundtjänst.`,
};

const TEXTS: Record<MailLanguage, Texts> = { en: EN, sv: SV };

/** Renders a customer e-mail in the customer's language (Swedish for `sv*`, else English). */
export function renderCustomerMail(mail: CustomerMail, ctx: MailContext): RenderedMail {
  const language = mailLanguage(ctx.customerLanguage);
  const locale = mailLocale(ctx.customerLanguage);
  const t = TEXTS[language];
  const date = (d: string) => formatMailDate(d, ctx.timezone, locale);
  const lines = [
    t.greeting(ctx.customerName),
    '',
    t.intro(ctx),
    '',
    ...t.body(mail, ctx, date),
    '',
    t.referenceNote(ctx.reference),
    '',
    t.signOff(ctx.clientName),
    '',
    '--',
    t.footer(ctx.clientName),
  ];
  return { language, subject: truncate(oneLine(t.subject(mail, ctx)), 300), text: lines.join('\n') + '\n' };
}

// ---------------------------------------------------------------------------------------------
// Team-lead notices (English: the desk's working language)
// ---------------------------------------------------------------------------------------------

export const STEP_LABEL: Record<string, string> = {
  acknowledge: 'acknowledgement',
  update: 'status update',
  resolve: 'resolution',
};

export const ESCALATION_REASON_LABEL: Record<string, string> = {
  acknowledge_overdue: 'the acknowledgement deadline passed',
  update_overdue: 'the status-update deadline passed',
  resolve_overdue: 'the resolution deadline passed',
};

/** What a customer e-mail was about (the outbox kind without `customer_`), for team-lead notices. */
export const CUSTOMER_MESSAGE_LABEL: Record<string, string> = {
  acknowledged: 'acknowledgement',
  updated: 'status update',
  extended: 'new date for the answer',
  closed: 'answer (outcome)',
};

export type LeadNotice =
  | { kind: 'escalated'; reason: string; note: string | null; levelAfter: number; deadline: string | null; automatic: boolean }
  | { kind: 'at_risk'; step: string; deadline: string }
  /** A customer e-mail finally failed (R4.2-c, R4.4-e d): `message` is what it was about; `reason` has no address. */
  | { kind: 'customer_not_reached'; message: string; attempts: number; reason: string | null };

export interface LeadNoticeContext {
  clientName: string;
  timezone: string;
  reference: string;
}

/** One line for the in-app feed; no customer data. */
export function leadNoticeMessage(n: LeadNotice, ctx: LeadNoticeContext): string {
  const date = (d: string) => formatMailDate(d, ctx.timezone, 'en-GB');
  if (n.kind === 'escalated') {
    const why = ESCALATION_REASON_LABEL[n.reason] ?? n.reason;
    const by = n.automatic ? 'automatically' : 'by an agent';
    const when = n.deadline ? ` (deadline ${date(n.deadline)})` : '';
    return truncate(`${ctx.reference} (${ctx.clientName}) escalated ${by} to level ${n.levelAfter}: ${why}${when}`, 500);
  }
  if (n.kind === 'customer_not_reached') {
    const what = CUSTOMER_MESSAGE_LABEL[n.message] ?? n.message;
    return truncate(
      `${ctx.reference} (${ctx.clientName}): the customer was not reached — the ${what} e-mail could not be delivered; tell them another way and record it`,
      500,
    );
  }
  return truncate(`${ctx.reference} (${ctx.clientName}) is at risk: the ${STEP_LABEL[n.step] ?? n.step} is due ${date(n.deadline)}`, 500);
}

/** The e-mail to a team lead for a feed notice. */
export function renderLeadMail(n: LeadNotice, ctx: LeadNoticeContext): RenderedMail {
  const subject =
    n.kind === 'escalated'
      ? `[${ctx.clientName}] ${ctx.reference} escalated to level ${n.levelAfter}`
      : n.kind === 'customer_not_reached'
        ? `[${ctx.clientName}] ${ctx.reference}: customer not reached`
        : `[${ctx.clientName}] ${ctx.reference} at risk: ${STEP_LABEL[n.step] ?? n.step} due soon`;
  const lines = [leadNoticeMessage(n, ctx) + '.'];
  if (n.kind === 'escalated' && n.note) lines.push('', `Note: ${n.note}`);
  if (n.kind === 'customer_not_reached' && n.reason) lines.push('', `Delivery error after ${n.attempts} attempt(s): ${n.reason}`);
  lines.push('', `Open the complaint ${ctx.reference} in the Complaint desk console to act on it.`, '', '--', 'Complaint desk');
  return { language: 'en', subject: oneLine(truncate(subject, 300)), text: lines.join('\n') + '\n' };
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').trim();
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
