import { AbstractControl, FormControl, FormGroup, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import type { Channel, ComplaintSubject, Priority, RegisterComplaintRequest } from '@complaint-desk/contracts';

/** The contract's limits (POST /api/complaints), mirrored in the form. */
export const LIMITS = {
  summary: 200,
  description: 10_000,
  customerName: 200,
  customerEmail: 254,
  customerPhone: 40,
  language: 16,
  accessibilityNeeds: 1000,
  receivedMaxAgeDays: 365,
} as const;

export function createRegisterForm(nowLocal: string) {
  return new FormGroup({
    clientId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    channel: new FormControl<Channel | ''>('', { nonNullable: true, validators: [Validators.required] }),
    receivedAt: new FormControl(nowLocal, { nonNullable: true, validators: [Validators.required, receivedAtValidator()] }),
    subject: new FormControl<ComplaintSubject | ''>('', { nonNullable: true, validators: [Validators.required] }),
    summary: new FormControl('', { nonNullable: true, validators: [Validators.required, notBlank, Validators.maxLength(LIMITS.summary)] }),
    description: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, notBlank, Validators.maxLength(LIMITS.description)],
    }),
    categoryCode: new FormControl('', { nonNullable: true }),
    priority: new FormControl<Priority>('normal', { nonNullable: true }),
    customer: new FormGroup(
      {
        name: new FormControl('', {
          nonNullable: true,
          validators: [Validators.required, notBlank, Validators.maxLength(LIMITS.customerName)],
        }),
        email: new FormControl('', { nonNullable: true, validators: [Validators.email, Validators.maxLength(LIMITS.customerEmail)] }),
        phone: new FormControl('', {
          nonNullable: true,
          validators: [Validators.maxLength(LIMITS.customerPhone), Validators.pattern(/^\+?[0-9][0-9 ()./-]{3,38}$/)],
        }),
        preferredChannel: new FormControl<Channel | ''>('', { nonNullable: true }),
        language: new FormControl('', {
          nonNullable: true,
          validators: [Validators.maxLength(LIMITS.language), Validators.pattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/)],
        }),
        accessibilityNeeds: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(LIMITS.accessibilityNeeds)] }),
      },
      { validators: [contactRequired] },
    ),
  });
}

export type RegisterForm = ReturnType<typeof createRegisterForm>;
export type RegisterFormValue = ReturnType<RegisterForm['getRawValue']>;

function notBlank(c: AbstractControl<string>): ValidationErrors | null {
  return typeof c.value === 'string' && c.value.length > 0 && c.value.trim() === '' ? { required: true } : null;
}

/** A customer needs at least one of e-mail and phone. */
export function contactRequired(g: AbstractControl): ValidationErrors | null {
  const v = g.value as { email?: string; phone?: string };
  return (v.email ?? '').trim() || (v.phone ?? '').trim() ? null : { contactRequired: true };
}

/** Not in the future, at most 365 days ago (the value is local wall time of the user). */
export function receivedAtValidator(now: () => number = Date.now): ValidatorFn {
  return (c: AbstractControl<string>) => {
    if (!c.value) return null;
    const t = new Date(c.value).getTime();
    if (Number.isNaN(t)) return { invalidDate: true };
    // datetime-local has minute precision: allow the current minute.
    if (t > now() + 60_000) return { future: true };
    if (t < now() - LIMITS.receivedMaxAgeDays * 86_400_000) return { tooOld: true };
    return null;
  };
}

/** The form → the request body: trimmed text, empty optionals left out, receivedAt as UTC ISO. */
export function toRegisterRequest(v: RegisterFormValue): RegisterComplaintRequest {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const received = new Date(v.receivedAt);
  return {
    clientId: v.clientId,
    channel: v.channel as Channel,
    receivedAt: Number.isNaN(received.getTime()) ? undefined : received.toISOString(),
    subject: v.subject as ComplaintSubject,
    summary: v.summary.trim(),
    description: v.description,
    categoryCode: opt(v.categoryCode),
    priority: v.priority,
    customer: {
      name: v.customer.name.trim(),
      email: opt(v.customer.email),
      phone: opt(v.customer.phone),
      preferredChannel: (opt(v.customer.preferredChannel) as Channel | undefined) ?? undefined,
      language: opt(v.customer.language),
      accessibilityNeeds: opt(v.customer.accessibilityNeeds),
    },
  };
}

/** The form control a server field error ("customer.email") belongs to, if any. */
export function controlForField(form: RegisterForm, field: string): AbstractControl | null {
  const path = field.replace(/\[(\d+)\]/g, '.$1');
  return form.get(path);
}
