import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AcknowledgeDto, AssignDto, CloseDto, ExtendDto, SatisfactionDto } from './action.dto';
import { ListComplaintsQuery } from './list-complaints.query';
import { RegisterComplaintDto } from './register-complaint.dto';

const OPTS = { whitelist: true, forbidNonWhitelisted: true };

async function errorsOf<T extends object>(cls: new () => T, plain: unknown): Promise<string[]> {
  const errs = await validate(plainToInstance(cls, plain) as object, OPTS);
  const fields: string[] = [];
  const walk = (es: typeof errs, parent: string) => {
    for (const e of es) {
      const f = parent ? `${parent}.${e.property}` : e.property;
      if (e.constraints) fields.push(f);
      walk(e.children ?? [], f);
    }
  };
  walk(errs, '');
  return fields;
}

const GOOD = {
  clientId: '5b0c3a52-6f3e-4a53-9a40-0f0a4b8e8c11',
  channel: 'phone',
  receivedAt: '2026-11-20T09:30:00+01:00',
  subject: 'client',
  summary: 'Charged twice for November',
  description: 'The invoice was charged twice.',
  categoryCode: 'BILLING.OVERCHARGE',
  priority: 'normal',
  customer: {
    name: 'Eva Svensson',
    email: 'eva@example.org',
    phone: '+46701234567',
    preferredChannel: 'email',
    language: 'sv',
    accessibilityNeeds: 'large print',
  },
};

describe('RegisterComplaintDto (contract limits)', () => {
  it('accepts the contract example, a phone-only customer, Unicode text at the limits', async () => {
    expect(await errorsOf(RegisterComplaintDto, GOOD)).toEqual([]);
    expect(await errorsOf(RegisterComplaintDto, { ...GOOD, customer: { name: 'Åsa', phone: '070-123 45 67' } })).toEqual([]);
    expect(
      await errorsOf(RegisterComplaintDto, {
        ...GOOD,
        summary: 'ö'.repeat(200),
        description: '😀'.repeat(10_000),
        receivedAt: '2026-11-20T08:30:00Z',
      }),
    ).toEqual([]);
  });

  it.each([
    ['summary', { summary: '' }],
    ['summary', { summary: 'x'.repeat(201) }],
    ['summary', { summary: '   ' }],
    ['description', { description: 'x'.repeat(10_001) }],
    ['customer', { customer: { name: 'Eva' } }],
    ['customer.name', { customer: { name: '', email: 'a@b.se' } }],
    ['customer.name', { customer: { name: 'x'.repeat(201), email: 'a@b.se' } }],
    ['customer.email', { customer: { name: 'Eva', email: 'eva(at)example.org' } }],
    ['customer.phone', { customer: { name: 'Eva', phone: 'ring mig' } }],
    ['customer.language', { customer: { name: 'Eva', phone: '+4670', language: 'svenska!' } }],
    ['customer.preferredChannel', { customer: { name: 'Eva', email: 'a@b.se', preferredChannel: 'fax' } }],
    ['customer.shoeSize', { customer: { name: 'Eva', email: 'a@b.se', shoeSize: 42 } }],
    ['channel', { channel: 'fax' }],
    ['subject', { subject: 'both' }],
    ['priority', { priority: 'asap' }],
    ['receivedAt', { receivedAt: '2026-11-20 09:30' }],
    ['receivedAt', { receivedAt: '2026-11-20T09:30:00' }],
    ['clientId', { clientId: 'ACME' }],
    ['categoryCode', { categoryCode: 'x'.repeat(61) }],
    ['extra', { extra: true }],
  ])('rejects bad %s', async (field, over) => {
    expect(await errorsOf(RegisterComplaintDto, { ...GOOD, ...over })).toContain(field);
  });
});

describe('action DTOs', () => {
  it('acknowledge: via, responsibleFunction required; expectedResolutionBy with offset', async () => {
    expect(await errorsOf(AcknowledgeDto, { via: 'email', responsibleFunction: 'Billing' })).toEqual([]);
    expect(await errorsOf(AcknowledgeDto, { via: 'email' })).toEqual(['responsibleFunction']);
    expect(await errorsOf(AcknowledgeDto, { via: 'email', responsibleFunction: 'B', expectedResolutionBy: '2026-12-01' })).toEqual([
      'expectedResolutionBy',
    ]);
  });
  it('extend, close, satisfaction, assign', async () => {
    expect(await errorsOf(ExtendDto, { newResolveBy: '2026-12-01T10:00:00Z', reason: 'r', actionPlan: 'p' })).toEqual([]);
    expect(await errorsOf(ExtendDto, { newResolveBy: 'soon', reason: 'r', actionPlan: '' })).toEqual(['newResolveBy', 'actionPlan']);
    expect(await errorsOf(CloseDto, { outcome: 'upheld', resolution: 'Refunded', via: 'email' })).toEqual([]);
    expect(await errorsOf(CloseDto, { outcome: 'won', resolution: 'Refunded', via: 'email' })).toEqual(['outcome']);
    expect(await errorsOf(SatisfactionDto, { score: 5 })).toEqual([]);
    for (const score of [0, 6, 2.5, '4']) expect(await errorsOf(SatisfactionDto, { score })).toEqual(['score']);
    expect(await errorsOf(AssignDto, { assigneeId: null })).toEqual([]);
    expect(await errorsOf(AssignDto, { assigneeId: 'bob' })).toEqual(['assigneeId']);
    expect(await errorsOf(AssignDto, {})).toEqual(['assigneeId']);
  });
});

describe('ListComplaintsQuery (query strings are strings)', () => {
  it('converts limit and booleans strictly', async () => {
    expect(
      await errorsOf(ListComplaintsQuery, {
        limit: '25',
        overdue: 'true',
        atRisk: 'false',
        status: 'registered,closed',
        assignee: 'me',
        sort: '-receivedAt',
      }),
    ).toEqual([]);
    expect(plainToInstance(ListComplaintsQuery, { limit: '25', overdue: 'true' })).toMatchObject({ limit: 25, overdue: true });
    expect(await errorsOf(ListComplaintsQuery, { limit: '101' })).toEqual(['limit']);
    expect(await errorsOf(ListComplaintsQuery, { limit: '1e2' })).toEqual(['limit']);
    expect(await errorsOf(ListComplaintsQuery, { overdue: '1' })).toEqual(['overdue']);
    expect(await errorsOf(ListComplaintsQuery, { status: 'open' })).toEqual(['status']);
    expect(await errorsOf(ListComplaintsQuery, { receivedFrom: '2026-11-01', receivedTo: '2026-11-30T00:00:00+01:00' })).toEqual([]);
    expect(await errorsOf(ListComplaintsQuery, { receivedFrom: 'November' })).toEqual(['receivedFrom']);
  });
});
