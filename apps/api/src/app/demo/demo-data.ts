import { CreateClientRequest } from '@complaint-desk/contracts';

const WEEKDAYS_8_17 = {
  mon: [['08:00', '17:00']],
  tue: [['08:00', '17:00']],
  wed: [['08:00', '17:00']],
  thu: [['08:00', '17:00']],
  fri: [['08:00', '17:00']],
  sat: [],
  sun: [],
} as CreateClientRequest['businessHours'];

const NY_WITH_LUNCH = {
  mon: [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ],
  tue: [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ],
  wed: [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ],
  thu: [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ],
  fri: [
    ['09:00', '12:00'],
    ['13:00', '16:00'],
  ],
  sat: [],
  sun: [],
} as CreateClientRequest['businessHours'];

/** Swedish public holidays (and the de facto holidays Midsummer Eve, Christmas Eve, New Year's Eve) 2026–2027. */
const SWEDISH_HOLIDAYS = [
  '2026-01-01',
  '2026-01-06',
  '2026-04-03',
  '2026-04-06',
  '2026-05-01',
  '2026-05-14',
  '2026-06-06',
  '2026-06-19',
  '2026-12-24',
  '2026-12-25',
  '2026-12-26',
  '2026-12-31',
  '2027-01-01',
  '2027-01-06',
  '2027-03-26',
  '2027-03-29',
  '2027-05-01',
  '2027-05-06',
  '2027-06-06',
  '2027-06-25',
  '2027-12-24',
  '2027-12-25',
  '2027-12-26',
  '2027-12-31',
];

/** US federal holidays 2026–2027 (observed dates). */
const US_HOLIDAYS = [
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-10-12',
  '2026-11-11',
  '2026-11-26',
  '2026-12-25',
  '2027-01-01',
  '2027-01-18',
  '2027-02-15',
  '2027-05-31',
  '2027-06-18',
  '2027-07-05',
  '2027-09-06',
  '2027-10-11',
  '2027-11-11',
  '2027-11-25',
  '2027-12-24',
];

export const DEMO_CLIENTS: CreateClientRequest[] = [
  {
    code: 'ACME',
    name: 'Acme Energy',
    timezone: 'Europe/Stockholm',
    businessHours: WEEKDAYS_8_17,
    holidays: SWEDISH_HOLIDAYS,
    policy: {
      acknowledgeWithin: { amount: 1, unit: 'business_days' },
      resolveWithin: { amount: 10, unit: 'business_days' },
      updateEvery: { amount: 5, unit: 'business_days' },
      atRiskAt: 0.8,
      reopenWithinDays: 30,
      rootCauses: [
        { code: 'BILLING_SYSTEM', name: 'Billing system error' },
        { code: 'METER_READING', name: 'Wrong or missing meter reading' },
        { code: 'PROCESS', name: 'Process not followed' },
        { code: 'COMMUNICATION', name: 'Unclear or missing information' },
        { code: 'AGENT_BEHAVIOUR', name: 'Agent behaviour' },
        { code: 'THIRD_PARTY', name: 'Third party (grid operator, carrier)' },
        { code: 'NO_FAULT', name: 'No fault found' },
      ],
    },
    categories: [
      {
        code: 'BILLING',
        name: 'Billing',
        children: [
          { code: 'BILLING.OVERCHARGE', name: 'Overcharge' },
          { code: 'BILLING.DOUBLE', name: 'Charged twice' },
          { code: 'BILLING.LATE_FEE', name: 'Late payment fee' },
          { code: 'BILLING.REFUND', name: 'Refund not received' },
        ],
      },
      {
        code: 'METERING',
        name: 'Metering',
        children: [
          { code: 'METERING.ESTIMATED', name: 'Estimated reading' },
          { code: 'METERING.FAULTY', name: 'Faulty meter' },
        ],
      },
      {
        code: 'CONTRACT',
        name: 'Contract',
        children: [
          { code: 'CONTRACT.TERMS', name: 'Terms and price changes' },
          { code: 'CONTRACT.SWITCHING', name: 'Switching supplier' },
          { code: 'CONTRACT.CANCELLATION', name: 'Cancellation' },
        ],
      },
      {
        code: 'SUPPLY',
        name: 'Supply and outages',
        children: [
          { code: 'SUPPLY.OUTAGE', name: 'Power outage' },
          { code: 'SUPPLY.CONNECTION', name: 'New connection delayed' },
        ],
      },
      {
        code: 'SERVICE',
        name: 'Service by the contact centre',
        children: [
          { code: 'SERVICE.WAIT_TIME', name: 'Waiting time' },
          { code: 'SERVICE.AGENT', name: 'Agent conduct' },
          { code: 'SERVICE.WRONG_INFO', name: 'Wrong information given' },
          { code: 'SERVICE.NO_CALLBACK', name: 'Promised call-back not made' },
        ],
      },
    ],
    complaintInfo:
      'You can complain to Acme Energy by phone (0771-123 456, weekdays 08–17), by e-mail to klagomal@acme-energy.example, ' +
      'by letter or in our web chat. We confirm receipt within one business day, tell you who handles your complaint and when ' +
      'to expect an answer, update you at least every five business days and answer within ten business days. If you are not ' +
      'satisfied with our answer you can ask for a review by our complaints manager, or turn to the National Board for Consumer ' +
      'Disputes (ARN), which is free of charge.',
  },
  {
    code: 'GLOBEX',
    name: 'Globex Retail',
    timezone: 'America/New_York',
    businessHours: NY_WITH_LUNCH,
    holidays: US_HOLIDAYS,
    policy: {
      acknowledgeWithin: { amount: 24, unit: 'hours' },
      resolveWithin: { amount: 30, unit: 'calendar_days' },
      updateEvery: { amount: 16, unit: 'business_hours' },
      atRiskAt: 0.75,
      reopenWithinDays: 60,
      rootCauses: [
        { code: 'CARRIER', name: 'Carrier delay or damage' },
        { code: 'STOCK', name: 'Stock or catalogue error' },
        { code: 'POLICY', name: 'Returns policy' },
        { code: 'TRAINING', name: 'Staff training' },
        { code: 'NO_FAULT', name: 'No fault found' },
      ],
    },
    categories: [
      {
        code: 'DELIVERY',
        name: 'Delivery',
        children: [
          { code: 'DELIVERY.LATE', name: 'Late delivery' },
          { code: 'DELIVERY.DAMAGED', name: 'Damaged item' },
          { code: 'DELIVERY.MISSING', name: 'Missing item' },
        ],
      },
      {
        code: 'PRODUCT',
        name: 'Product',
        children: [
          { code: 'PRODUCT.QUALITY', name: 'Quality' },
          { code: 'PRODUCT.SAFETY', name: 'Safety concern' },
        ],
      },
      {
        code: 'RETURNS',
        name: 'Returns and refunds',
        children: [
          { code: 'RETURNS.REFUSED', name: 'Return refused' },
          { code: 'RETURNS.REFUND_DELAY', name: 'Refund delayed' },
        ],
      },
      { code: 'PAYMENT', name: 'Payment', children: [{ code: 'PAYMENT.CARD', name: 'Card charged incorrectly' }] },
      {
        code: 'SERVICE',
        name: 'Service by the contact centre',
        children: [
          { code: 'SERVICE.WAIT_TIME', name: 'Waiting time' },
          { code: 'SERVICE.AGENT', name: 'Agent conduct' },
        ],
      },
    ],
    complaintInfo:
      'Complain to Globex Retail by phone (1-800-555-0100, Mon–Fri 9–5 ET), by e-mail to complaints@globex.example, in chat ' +
      'or by mail. We acknowledge within 24 hours, keep you updated at least every 16 business hours and give a final answer ' +
      "within 30 days. If you are not satisfied, ask for an escalation to our customer relations team or contact your state's " +
      'consumer protection office.',
  },
];

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_USERS: Array<{ email: string; role: 'admin' | 'team_lead' | 'agent' | 'client_viewer'; clients: string[] }> = [
  { email: 'admin@example.com', role: 'admin', clients: [] },
  { email: 'lead@example.com', role: 'team_lead', clients: ['ACME', 'GLOBEX'] },
  { email: 'agent@example.com', role: 'agent', clients: ['ACME', 'GLOBEX'] },
  { email: 'agent.acme@example.com', role: 'agent', clients: ['ACME'] },
  { email: 'viewer.acme@example.com', role: 'client_viewer', clients: ['ACME'] },
  { email: 'viewer.globex@example.com', role: 'client_viewer', clients: ['GLOBEX'] },
];
