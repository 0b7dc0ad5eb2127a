import { FormControl, FormGroup, Validators } from '@angular/forms';
import type { Channel, ComplaintActionName, Outcome } from '@complaint-desk/contracts';

/** Every field any lifecycle dialog may show; each action enables its own (disabled ones are ignored). */
export function createActionForm() {
  const text = (max: number, required = false) =>
    new FormControl('', {
      nonNullable: true,
      validators: required ? [Validators.required, notBlank, Validators.maxLength(max)] : [Validators.maxLength(max)],
    });
  return new FormGroup({
    via: new FormControl<Channel | ''>('', { nonNullable: true, validators: [Validators.required] }),
    responsibleFunction: text(200, true),
    message: text(5000),
    expectedResolutionBy: new FormControl('', { nonNullable: true }),
    newResolveBy: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    reason: text(200, true),
    actionPlan: text(5000, true),
    note: text(2000),
    categoryCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    assigneeId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    outcome: new FormControl<Outcome | ''>('', { nonNullable: true, validators: [Validators.required] }),
    resolution: text(10_000, true),
    rootCauseCode: new FormControl('', { nonNullable: true }),
    score: new FormControl<number | null>(null, { validators: [Validators.required, Validators.min(1), Validators.max(5)] }),
    comment: text(2000),
  });
}

export type ActionForm = ReturnType<typeof createActionForm>;
export type ActionField = keyof ActionForm['controls'];
export type ActionFormValue = ReturnType<ActionForm['getRawValue']>;

/** Which fields each action's dialog shows, in order. */
export const ACTION_FIELDS: Record<ComplaintActionName, ActionField[]> = {
  acknowledge: ['responsibleFunction', 'via', 'message', 'expectedResolutionBy'],
  update: ['via', 'message'],
  extend: ['newResolveBy', 'reason', 'actionPlan', 'via'],
  escalate: ['reason', 'note'],
  assign: ['assigneeId'],
  categorise: ['categoryCode', 'note'],
  close: ['outcome', 'resolution', 'via', 'rootCauseCode'],
  reopen: ['reason'],
  satisfaction: ['score', 'comment'],
};

/** Per-action adjustments of the shared controls (required message, longer reasons). */
export function configureActionForm(form: ActionForm, action: ComplaintActionName, opts: { rootCauses: boolean }): void {
  const fields = new Set(ACTION_FIELDS[action]);
  if (!opts.rootCauses) fields.delete('rootCauseCode');
  for (const [name, control] of Object.entries(form.controls)) {
    if (fields.has(name as ActionField)) control.enable({ emitEvent: false });
    else control.disable({ emitEvent: false });
  }
  const msg = form.controls.message;
  msg.setValidators(action === 'update' ? [Validators.required, notBlank, Validators.maxLength(5000)] : [Validators.maxLength(5000)]);
  const reason = form.controls.reason;
  reason.setValidators([Validators.required, notBlank, Validators.maxLength(action === 'escalate' ? 200 : 1000)]);
  if (opts.rootCauses && action === 'close') form.controls.rootCauseCode.setValidators([Validators.required]);
  else form.controls.rootCauseCode.clearValidators();
  for (const c of Object.values(form.controls)) c.updateValueAndValidity({ emitEvent: false });
}

/** The request body of an action from the dialog's values (only that action's fields). */
export function buildActionBody(
  action: ComplaintActionName,
  v: ActionFormValue,
  toIso: (local: string) => string | null,
): Record<string, unknown> {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  switch (action) {
    case 'acknowledge':
      return strip({
        responsibleFunction: v.responsibleFunction.trim(),
        via: v.via,
        message: opt(v.message),
        expectedResolutionBy: v.expectedResolutionBy ? (toIso(v.expectedResolutionBy) ?? undefined) : undefined,
      });
    case 'update':
      return { via: v.via, message: v.message.trim() };
    case 'extend':
      return { newResolveBy: toIso(v.newResolveBy), reason: v.reason.trim(), actionPlan: v.actionPlan.trim(), via: v.via };
    case 'escalate':
      return strip({ reason: v.reason.trim(), note: opt(v.note) });
    case 'assign':
      return { assigneeId: v.assigneeId };
    case 'categorise':
      return strip({ categoryCode: v.categoryCode, note: opt(v.note) });
    case 'close':
      return strip({ outcome: v.outcome, resolution: v.resolution.trim(), via: v.via, rootCauseCode: opt(v.rootCauseCode) });
    case 'reopen':
      return { reason: v.reason.trim() };
    case 'satisfaction':
      return strip({ score: v.score, comment: opt(v.comment) });
  }
}

function strip(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function notBlank(c: { value: unknown }) {
  return typeof c.value === 'string' && c.value.length > 0 && c.value.trim() === '' ? { required: true } : null;
}
