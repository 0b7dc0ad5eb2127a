import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router } from '@angular/router';
import { CHANNELS, PRIORITIES, SUBJECTS } from '@complaint-desk/contracts';
import { FormatService } from '../../../core/i18n/format.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { ClientsStore, flattenCategories } from '../../../shared/data/clients.store';
import { Notifier } from '../../../shared/ui/notifier.service';
import { FieldErrorComponent } from '../../../shared/ui/field-error.component';
import { LIMITS, controlForField, createRegisterForm, toRegisterRequest } from '../data/register-form';
import { RegisterComplaintService } from '../data/register-complaint.service';

@Component({
  selector: 'cd-register-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    FieldErrorComponent,
  ],
  templateUrl: './register.page.html',
  styleUrl: './register.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegisterPage {
  private readonly router = inject(Router);
  private readonly registrar = inject(RegisterComplaintService);
  private readonly notifier = inject(Notifier);
  private readonly fmt = inject(FormatService);
  protected readonly clients = inject(ClientsStore);
  protected readonly i18n = inject(I18nService);
  protected readonly t = this.i18n.t;
  protected readonly channels = CHANNELS;
  protected readonly subjects = SUBJECTS;
  protected readonly priorities = PRIORITIES;
  protected readonly limits = LIMITS;

  protected readonly form = createRegisterForm(this.fmt.toLocalInput(new Date()));
  protected readonly busy = signal(false);
  protected readonly banner = signal<string | null>(null);
  protected readonly maxReceived = this.fmt.toLocalInput(new Date(Date.now() + 60_000));

  private readonly clientId = toSignal(this.form.controls.clientId.valueChanges, { initialValue: '' });
  protected readonly client = computed(() => this.clients.byId().get(this.clientId()) ?? null);
  protected readonly categories = computed(() => flattenCategories(this.client()?.categories ?? []));

  constructor() {
    void this.clients.load().then((list) => {
      if (list.length === 1 && !this.form.controls.clientId.value) this.form.controls.clientId.setValue(list[0].id);
    });
    this.form.controls.clientId.valueChanges.subscribe(() => this.form.controls.categoryCode.setValue(''));
    // Any edit after a failed attempt is a new attempt (a new Idempotency-Key if the body differs).
  }

  protected async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) {
      this.banner.set(this.t('register.fixErrors'));
      focusFirstInvalid();
      return;
    }
    this.busy.set(true);
    this.banner.set(null);
    const result = await this.registrar.submit(toRegisterRequest(this.form.getRawValue()));
    this.busy.set(false);
    if (result.ok) {
      this.notifier.info(this.t('register.registered', { reference: result.complaint.reference }));
      await this.router.navigate(['/complaints', result.complaint.id]);
      return;
    }
    const f = result.failure;
    if (f.status === 0) {
      this.banner.set(this.t('app.networkError'));
      return;
    }
    let placed = 0;
    for (const fe of f.fieldErrors) {
      const control = controlForField(this.form, fe.field);
      if (control) {
        control.setErrors({ ...(control.errors ?? {}), server: fe.message });
        control.markAsTouched();
        placed++;
      }
    }
    this.banner.set(placed ? this.t('register.fixErrors') : this.t('app.unexpectedError', { detail: f.message }));
    if (placed) focusFirstInvalid();
  }
}

function focusFirstInvalid(): void {
  setTimeout(() => {
    const el = document.querySelector<HTMLElement>('form .ng-invalid:not(form):not([formgroupname]) , form .mat-mdc-form-field-error');
    const input = el?.closest('mat-form-field')?.querySelector<HTMLElement>('input, textarea, mat-select') ?? el;
    input?.focus();
  });
}
