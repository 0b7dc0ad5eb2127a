import { FormControl, FormGroup } from '@angular/forms';
import { LIMITS, contactRequired, createRegisterForm, receivedAtValidator } from './register-form';

const DAY = 86_400_000;

/** A `datetime-local` value (user's zone) for an instant. */
function local(t: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A form filled with valid values, so each case changes exactly one thing. */
function validForm() {
  const form = createRegisterForm(local(Date.now() - 60 * 60_000));
  form.patchValue({
    clientId: 'client-1',
    channel: 'email',
    subject: 'client',
    summary: 'Charged twice',
    description: 'The invoice for March was charged twice.',
    customer: { name: 'Anna Andersson', email: 'anna@example.com' },
  });
  return form;
}

describe('register form (R4.4-e(a) registration)', () => {
  it('R4.4-a a fully filled form is valid (baseline for the cases below)', () => {
    expect(validForm().valid).toBe(true);
  });

  it('R4.4-e(a) has the contract limits: summary 200, description 10 000, customer name 200', () => {
    expect(LIMITS.summary).toBe(200);
    expect(LIMITS.description).toBe(10_000);
    expect(LIMITS.customerName).toBe(200);
  });

  it.each([
    ['summary', LIMITS.summary],
    ['description', LIMITS.description],
  ] as const)('R4.4-e(a) %s accepts %i characters and rejects one more', (field, max) => {
    const form = validForm();
    const control = form.controls[field];
    control.setValue('x'.repeat(max));
    expect(control.valid).toBe(true);
    control.setValue('x'.repeat(max + 1));
    expect(control.hasError('maxlength')).toBe(true);
    expect(form.valid).toBe(false);
  });

  it('R4.4-e(a) customer name accepts 200 characters and rejects 201', () => {
    const form = validForm();
    const name = form.controls.customer.controls.name;
    name.setValue('n'.repeat(LIMITS.customerName));
    expect(name.valid).toBe(true);
    name.setValue('n'.repeat(LIMITS.customerName + 1));
    expect(name.hasError('maxlength')).toBe(true);
    expect(form.valid).toBe(false);
  });

  it.each(['summary', 'description'] as const)('R4.4-e(a) blank %s (only whitespace) is rejected as required', (field) => {
    const form = validForm();
    form.controls[field].setValue('   \n\t ');
    expect(form.controls[field].hasError('required')).toBe(true);
    expect(form.valid).toBe(false);
  });

  it('R4.4-e(a) a blank customer name is rejected as required', () => {
    const form = validForm();
    form.controls.customer.controls.name.setValue('   ');
    expect(form.controls.customer.controls.name.hasError('required')).toBe(true);
    expect(form.valid).toBe(false);
  });

  it('R4.2-c the customer needs an e-mail or a phone number to be reachable (contactRequired)', () => {
    const form = validForm();
    const customer = form.controls.customer;
    customer.patchValue({ email: '', phone: '' });
    expect(customer.hasError('contactRequired')).toBe(true);
    expect(form.valid).toBe(false);

    customer.patchValue({ email: '', phone: '+46 8 123 456' });
    expect(customer.hasError('contactRequired')).toBe(false);
    expect(form.valid).toBe(true);

    customer.patchValue({ email: 'anna@example.com', phone: '' });
    expect(customer.hasError('contactRequired')).toBe(false);
    expect(form.valid).toBe(true);
  });

  it('R4.2-c contactRequired treats whitespace-only e-mail and phone as missing', () => {
    const g = new FormGroup({ email: new FormControl('  '), phone: new FormControl(' ') });
    expect(contactRequired(g)).toEqual({ contactRequired: true });
    g.setValue({ email: '', phone: '0701234567' });
    expect(contactRequired(g)).toBeNull();
  });
});

describe('receivedAtValidator (R4.4-e(b) the response clock starts when the complaint was received)', () => {
  const now = new Date('2026-06-15T12:00:00').getTime();
  const validate = (value: string) => receivedAtValidator(() => now)(new FormControl(value));

  it('accepts now', () => {
    expect(validate(local(now))).toBeNull();
  });

  it('rejects a time in the future', () => {
    expect(validate(local(now + 60 * 60_000))).toEqual({ future: true });
    expect(validate(local(now + 2 * DAY))).toEqual({ future: true });
  });

  it('rejects a time more than 365 days ago but accepts 364 days ago', () => {
    expect(validate(local(now - 366 * DAY))).toEqual({ tooOld: true });
    expect(validate(local(now - 364 * DAY))).toBeNull();
  });

  it('rejects an unparseable date and leaves an empty value to the required validator', () => {
    expect(validate('not a date')).toEqual({ invalidDate: true });
    expect(validate('')).toBeNull();
  });

  it('is wired into the form: a future receivedAt makes the form invalid', () => {
    const form = validForm();
    form.controls.receivedAt.setValue(local(Date.now() + 3 * DAY));
    expect(form.controls.receivedAt.hasError('future')).toBe(true);
    expect(form.valid).toBe(false);
    form.controls.receivedAt.setValue(local(Date.now()));
    expect(form.controls.receivedAt.valid).toBe(true);
  });
});
