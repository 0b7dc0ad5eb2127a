import type { ComplaintDto } from '@complaint-desk/contracts';
import { ACTION_FIELDS, buildActionBody, configureActionForm, createActionForm } from './action-form';
import { diffComplaint } from './complaint-changes';

const toIso = (v: string) => new Date(`${v}:00Z`).toISOString();

describe('action dialog form', () => {
  it('acknowledge needs a responsible function and a channel; the message is optional', () => {
    const form = createActionForm();
    configureActionForm(form, 'acknowledge', { rootCauses: false });
    expect(form.valid).toBe(false);
    form.patchValue({ responsibleFunction: 'Billing team', via: 'email' });
    expect(form.valid).toBe(true);
    expect(buildActionBody('acknowledge', form.getRawValue(), toIso)).toEqual({ responsibleFunction: 'Billing team', via: 'email' });
  });

  it('update requires a message', () => {
    const form = createActionForm();
    configureActionForm(form, 'update', { rootCauses: false });
    form.patchValue({ via: 'phone', message: '   ' });
    expect(form.valid).toBe(false);
    form.patchValue({ message: 'We are on it' });
    expect(buildActionBody('update', form.getRawValue(), toIso)).toEqual({ via: 'phone', message: 'We are on it' });
  });

  it('close asks for a root cause only when the client policy has root causes', () => {
    const a = createActionForm();
    configureActionForm(a, 'close', { rootCauses: false });
    a.patchValue({ outcome: 'upheld', resolution: 'Refunded', via: 'email' });
    expect(a.valid).toBe(true);
    expect(buildActionBody('close', a.getRawValue(), toIso)).toEqual({ outcome: 'upheld', resolution: 'Refunded', via: 'email' });

    const b = createActionForm();
    configureActionForm(b, 'close', { rootCauses: true });
    b.patchValue({ outcome: 'upheld', resolution: 'Refunded', via: 'email' });
    expect(b.valid).toBe(false);
    b.patchValue({ rootCauseCode: 'BILLING_SYSTEM' });
    expect(buildActionBody('close', b.getRawValue(), toIso)).toMatchObject({ rootCauseCode: 'BILLING_SYSTEM' });
  });

  it('R4.2-c(d) extend sends the new deadline as ISO, both texts and how the customer is told', () => {
    const form = createActionForm();
    configureActionForm(form, 'extend', { rootCauses: false });
    expect(
      Object.entries(form.controls)
        .filter(([, c]) => c.enabled)
        .map(([k]) => k)
        .sort(),
    ).toEqual(['actionPlan', 'newResolveBy', 'reason', 'via']);
    form.patchValue({ newResolveBy: '2026-12-10T12:00', reason: 'Bank', actionPlan: 'Refund requested' });
    expect(form.valid).toBe(false);
    expect(form.controls.via.hasError('required')).toBe(true);
    form.patchValue({ via: 'phone' });
    expect(form.valid).toBe(true);
    expect(buildActionBody('extend', form.getRawValue(), toIso)).toEqual({
      newResolveBy: '2026-12-10T12:00:00.000Z',
      reason: 'Bank',
      actionPlan: 'Refund requested',
      via: 'phone',
    });
  });
});

describe('action dialog form: reopen, satisfaction, categorise', () => {
  it('R4.4-e(d) reopen shows only the reason, requires a non-blank reason and sends it trimmed', () => {
    const form = createActionForm();
    configureActionForm(form, 'reopen', { rootCauses: false });
    expect(ACTION_FIELDS.reopen).toEqual(['reason']);
    expect(
      Object.entries(form.controls)
        .filter(([, c]) => c.enabled)
        .map(([k]) => k),
    ).toEqual(['reason']);
    expect(form.valid).toBe(false);
    form.patchValue({ reason: '   ' });
    expect(form.valid).toBe(false);
    form.patchValue({ reason: 'r'.repeat(1001) });
    expect(form.controls.reason.hasError('maxlength')).toBe(true);
    form.patchValue({ reason: '  Customer disputes the outcome  ', note: 'ignored', score: 3 });
    expect(form.valid).toBe(true);
    expect(buildActionBody('reopen', form.getRawValue(), toIso)).toEqual({ reason: 'Customer disputes the outcome' });
  });

  it.each([0, 6, -1])('R4.3-a satisfaction score %i is out of range (1–5) and invalid', (score) => {
    const form = createActionForm();
    configureActionForm(form, 'satisfaction', { rootCauses: false });
    form.patchValue({ score });
    expect(form.controls.score.valid).toBe(false);
    expect(form.valid).toBe(false);
  });

  it('R4.3-a satisfaction needs a score; 1 and 5 are accepted', () => {
    const form = createActionForm();
    configureActionForm(form, 'satisfaction', { rootCauses: false });
    expect(form.controls.score.hasError('required')).toBe(true);
    for (const score of [1, 5]) {
      form.patchValue({ score });
      expect(form.valid).toBe(true);
    }
  });

  it('R4.3-a satisfaction sends the score, and the comment only when given', () => {
    const form = createActionForm();
    configureActionForm(form, 'satisfaction', { rootCauses: false });
    form.patchValue({ score: 4, comment: '   ', reason: 'not part of this action' });
    expect(buildActionBody('satisfaction', form.getRawValue(), toIso)).toEqual({ score: 4 });
    form.patchValue({ score: 2, comment: ' Slow answer ' });
    expect(buildActionBody('satisfaction', form.getRawValue(), toIso)).toEqual({ score: 2, comment: 'Slow answer' });
  });

  it('R4.4-e(a) categorise requires a category and sends it with an optional note', () => {
    const form = createActionForm();
    configureActionForm(form, 'categorise', { rootCauses: false });
    expect(ACTION_FIELDS.categorise).toEqual(['categoryCode', 'note']);
    expect(form.valid).toBe(false);
    form.patchValue({ categoryCode: 'BILLING.DOUBLE_CHARGE', note: '  ' });
    expect(form.valid).toBe(true);
    expect(buildActionBody('categorise', form.getRawValue(), toIso)).toEqual({ categoryCode: 'BILLING.DOUBLE_CHARGE' });
    form.patchValue({ note: ' Was filed as delivery ' });
    expect(buildActionBody('categorise', form.getRawValue(), toIso)).toEqual({
      categoryCode: 'BILLING.DOUBLE_CHARGE',
      note: 'Was filed as delivery',
    });
  });
});

describe('diffComplaint (what changed in a 409/412 reload)', () => {
  const base = {
    status: 'registered',
    assignee: null,
    escalation: { level: 0, reasons: [] },
    deadlines: { acknowledgeBy: 'a', resolveBy: 'r', nextUpdateBy: null },
    category: null,
    version: 3,
  } as unknown as ComplaintDto;

  it('names status, assignee and escalation changes', () => {
    const after = {
      ...base,
      status: 'acknowledged',
      assignee: { id: 'u', email: 'lead@example.com' },
      escalation: { level: 1, reasons: [] },
      version: 5,
    } as ComplaintDto;
    expect(diffComplaint(base, after)).toEqual([
      { kind: 'status', value: 'acknowledged' },
      { kind: 'assignee', value: 'lead@example.com' },
      { kind: 'escalation', value: 1 },
    ]);
  });

  it('falls back to the version when nothing visible changed', () => {
    expect(diffComplaint(base, { ...base, version: 4 })).toEqual([{ kind: 'other', from: 3, to: 4 }]);
  });
});
