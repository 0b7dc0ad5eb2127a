import { AbstractControl, FormArray, FormControl, FormGroup, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import {
  BusinessHoursDto,
  CategoryDto,
  ClientDto,
  CreateClientRequest,
  DurationUnit,
  PolicyDurationDto,
  WEEKDAYS,
  Weekday,
} from '@complaint-desk/contracts';

const CODE = /^[A-Z0-9][A-Z0-9_.-]{0,59}$/;
const ROOT_CAUSE_CODE = /^[A-Z0-9][A-Z0-9_.-]{0,39}$/;

export function durationGroup(d: PolicyDurationDto) {
  return new FormGroup({
    amount: new FormControl(d.amount, { nonNullable: true, validators: [Validators.required, Validators.min(1), Validators.max(10000)] }),
    unit: new FormControl<DurationUnit>(d.unit, { nonNullable: true, validators: [Validators.required] }),
  });
}

export function intervalGroup(from = '08:00', to = '17:00') {
  return new FormGroup(
    {
      from: new FormControl(from, { nonNullable: true, validators: [Validators.required] }),
      to: new FormControl(to, { nonNullable: true, validators: [Validators.required] }),
    },
    { validators: [intervalOrder] },
  );
}

export function categoryGroup(c: CategoryDto = { code: '', name: '' }, depth = 0): CategoryGroup {
  return new FormGroup({
    code: new FormControl(c.code, { nonNullable: true, validators: [Validators.required, Validators.pattern(CODE)] }),
    name: new FormControl(c.name, { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
    children: new FormArray<CategoryGroup>(depth === 0 ? (c.children ?? []).map((ch) => categoryGroup(ch, 1)) : []),
  });
}
export type CategoryGroup = FormGroup<{
  code: FormControl<string>;
  name: FormControl<string>;
  children: FormArray<CategoryGroup>;
}>;

export function rootCauseGroup(code = '', name = '') {
  return new FormGroup({
    code: new FormControl(code, { nonNullable: true, validators: [Validators.required, Validators.pattern(ROOT_CAUSE_CODE)] }),
    name: new FormControl(name, { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
  });
}

export const DEFAULT_CLIENT: Omit<ClientDto, 'id'> = {
  code: '',
  name: '',
  timezone: 'Europe/Stockholm',
  businessHours: {
    mon: [['08:00', '17:00']],
    tue: [['08:00', '17:00']],
    wed: [['08:00', '17:00']],
    thu: [['08:00', '17:00']],
    fri: [['08:00', '17:00']],
    sat: [],
    sun: [],
  },
  holidays: [],
  policy: {
    acknowledgeWithin: { amount: 1, unit: 'business_days' },
    resolveWithin: { amount: 10, unit: 'business_days' },
    updateEvery: { amount: 5, unit: 'business_days' },
    atRiskAt: 0.8,
    reopenWithinDays: 30,
    rootCauses: [],
  },
  categories: [],
  complaintInfo: '',
};

export function createClientForm(c: Omit<ClientDto, 'id'> = DEFAULT_CLIENT) {
  return new FormGroup({
    code: new FormControl(c.code, { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[A-Z0-9]{2,12}$/)] }),
    name: new FormControl(c.name, { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
    timezone: new FormControl(c.timezone, { nonNullable: true, validators: [Validators.required, timeZoneValidator] }),
    complaintInfo: new FormControl(c.complaintInfo, { nonNullable: true, validators: [Validators.maxLength(10000)] }),
    policy: new FormGroup({
      acknowledgeWithin: durationGroup(c.policy.acknowledgeWithin),
      resolveWithin: durationGroup(c.policy.resolveWithin),
      updateEvery: durationGroup(c.policy.updateEvery),
      atRiskAt: new FormControl(c.policy.atRiskAt, {
        nonNullable: true,
        validators: [Validators.required, Validators.min(0.05), Validators.max(0.99)],
      }),
      reopenWithinDays: new FormControl(c.policy.reopenWithinDays, {
        nonNullable: true,
        validators: [Validators.required, Validators.min(0), Validators.max(3650)],
      }),
      rootCauses: new FormArray((c.policy.rootCauses ?? []).map((r) => rootCauseGroup(r.code, r.name))),
    }),
    businessHours: new FormGroup(
      Object.fromEntries(
        WEEKDAYS.map((d) => [d, new FormArray((c.businessHours[d] ?? []).map(([from, to]) => intervalGroup(from, to)))]),
      ) as Record<Weekday, FormArray<ReturnType<typeof intervalGroup>>>,
    ),
    holidays: new FormArray(c.holidays.map((h) => holidayControl(h))),
    categories: new FormArray<CategoryGroup>(c.categories.map((cat) => categoryGroup(cat))),
  });
}
export type ClientForm = ReturnType<typeof createClientForm>;

export function holidayControl(value = '') {
  return new FormControl(value, { nonNullable: true, validators: [Validators.required, Validators.pattern(/^\d{4}-\d{2}-\d{2}$/)] });
}

export function timeZoneValidator(c: AbstractControl<string>): ValidationErrors | null {
  if (!c.value) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: c.value });
    return null;
  } catch {
    return { timezone: true };
  }
}

export const intervalOrder: ValidatorFn = (g) => {
  const v = g.value as { from?: string; to?: string };
  return v.from && v.to && v.from >= v.to ? { intervalOrder: true } : null;
};

export function toClientRequest(form: ClientForm): CreateClientRequest {
  const v = form.getRawValue();
  const businessHours = Object.fromEntries(
    WEEKDAYS.map((d) => [d, v.businessHours[d].map((i) => [i.from, i.to] as [string, string])]),
  ) as BusinessHoursDto;
  const categories: CategoryDto[] = v.categories.map((c) => ({
    code: c.code.trim(),
    name: c.name.trim(),
    ...(c.children.length ? { children: c.children.map((ch) => ({ code: ch.code.trim(), name: ch.name.trim() })) } : {}),
  }));
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    timezone: v.timezone.trim(),
    complaintInfo: v.complaintInfo,
    businessHours,
    holidays: [...new Set(v.holidays)].sort(),
    categories,
    policy: {
      acknowledgeWithin: { amount: Number(v.policy.acknowledgeWithin.amount), unit: v.policy.acknowledgeWithin.unit },
      resolveWithin: { amount: Number(v.policy.resolveWithin.amount), unit: v.policy.resolveWithin.unit },
      updateEvery: { amount: Number(v.policy.updateEvery.amount), unit: v.policy.updateEvery.unit },
      atRiskAt: Number(v.policy.atRiskAt),
      reopenWithinDays: Number(v.policy.reopenWithinDays),
      rootCauses: v.policy.rootCauses.map((r) => ({ code: r.code.trim(), name: r.name.trim() })),
    },
  };
}
