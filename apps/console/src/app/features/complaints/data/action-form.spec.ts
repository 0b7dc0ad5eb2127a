import type { ComplaintDto } from '@complaint-desk/contracts';
import { buildActionBody, configureActionForm, createActionForm } from './action-form';
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

  it('extend sends the new deadline as ISO and both texts', () => {
    const form = createActionForm();
    configureActionForm(form, 'extend', { rootCauses: false });
    form.patchValue({ newResolveBy: '2026-12-10T12:00', reason: 'Bank', actionPlan: 'Refund requested' });
    expect(form.valid).toBe(true);
    expect(buildActionBody('extend', form.getRawValue(), toIso)).toEqual({
      newResolveBy: '2026-12-10T12:00:00.000Z',
      reason: 'Bank',
      actionPlan: 'Refund requested',
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
    const after = { ...base, status: 'acknowledged', assignee: { id: 'u', email: 'lead@example.com' }, escalation: { level: 1, reasons: [] }, version: 5 } as ComplaintDto;
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
