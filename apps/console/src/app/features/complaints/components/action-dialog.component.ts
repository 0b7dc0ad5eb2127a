import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { CHANNELS, ClientDto, ComplaintActionName, ComplaintDto, OUTCOMES, ProblemField, UserDto } from '@complaint-desk/contracts';
import { FormatService } from '../../../core/i18n/format.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { flattenCategories } from '../../../shared/data/clients.store';
import { FieldErrorComponent } from '../../../shared/ui/field-error.component';
import { ACTION_FIELDS, ActionField, buildActionBody, configureActionForm, createActionForm } from '../data/action-form';

export interface ActionDialogData {
  action: ComplaintActionName;
  complaint: ComplaintDto;
  client: ClientDto | null;
  assignable?: UserDto[];
  /** Performs the action; resolves to field errors to show, or closes the dialog on success/conflict. */
  submit: (body: Record<string, unknown>) => Promise<{ fieldErrors: ProblemField[]; message?: string } | null>;
}

/**
 * One dialog for every lifecycle action: the fields of that action, validated like the API.
 * MatDialog traps focus inside and gives it back to the button that opened it.
 */
@Component({
  selector: 'cd-action-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    MatSelectModule,
    FieldErrorComponent,
  ],
  templateUrl: './action-dialog.component.html',
  styles: `
    form { display: flex; flex-direction: column; gap: 4px; min-width: min(520px, 80vw); }
    .cd-error-banner { margin-top: 0; }
    .scores { display: flex; gap: 8px; flex-wrap: wrap; }
    fieldset { border: none; padding: 0; margin: 0 0 12px; }
    legend { font: var(--mat-sys-body-medium); margin-bottom: 4px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActionDialogComponent {
  protected readonly data = inject<ActionDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<ActionDialogComponent, boolean>);
  private readonly fmt = inject(FormatService);
  protected readonly i18n = inject(I18nService);
  protected readonly t = this.i18n.t;
  protected readonly channels = CHANNELS;
  protected readonly outcomes = OUTCOMES;
  protected readonly scores = [1, 2, 3, 4, 5];

  protected readonly rootCauses = this.data.client?.policy.rootCauses ?? [];
  protected readonly categories = flattenCategories(this.data.client?.categories ?? []);
  protected readonly form = createActionForm();
  protected readonly fields = new Set<ActionField>(ACTION_FIELDS[this.data.action]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly minDate = this.fmt.toLocalInput(new Date());
  protected readonly needsCategory = this.data.action === 'close' && !this.data.complaint.category;

  constructor() {
    configureActionForm(this.form, this.data.action, { rootCauses: this.rootCauses.length > 0 });
    const c = this.data.complaint;
    const preferred = c.customer.preferredChannel ?? (c.customer.email ? 'email' : c.customer.phone ? 'phone' : c.channel);
    this.form.controls.via.setValue(preferred);
    if (c.category) this.form.controls.categoryCode.setValue(c.category.code);
    if (c.assignee) this.form.controls.assigneeId.setValue(c.assignee.id);
  }

  protected show(field: ActionField): boolean {
    return this.fields.has(field) && this.form.controls[field].enabled;
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.busy.set(true);
    this.error.set(null);
    const body = buildActionBody(this.data.action, this.form.getRawValue(), (v) => this.fmt.fromLocalInput(v));
    try {
      const problem = await this.data.submit(body);
      if (!problem) {
        this.ref.close(true);
        return;
      }
      let placed = 0;
      for (const fe of problem.fieldErrors) {
        const control = this.form.get(fe.field);
        if (control) {
          control.setErrors({ server: fe.message });
          control.markAsTouched();
          placed++;
        }
      }
      if (!placed || problem.message) this.error.set(problem.message ?? problem.fieldErrors.map((f) => f.message).join(' '));
    } finally {
      this.busy.set(false);
    }
  }
}
