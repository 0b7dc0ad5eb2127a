import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { DURATION_UNITS, WEEKDAYS, Weekday } from '@complaint-desk/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { toApiFailure } from '../../../core/http/problem';
import { ClientsStore } from '../../../shared/data/clients.store';
import { FieldErrorComponent } from '../../../shared/ui/field-error.component';
import { Notifier } from '../../../shared/ui/notifier.service';
import { AdminApi } from '../data/admin.api';
import {
  CategoryGroup,
  categoryGroup,
  createClientForm,
  holidayControl,
  intervalGroup,
  rootCauseGroup,
  toClientRequest,
} from '../data/client-form';

/** Create or edit a client: agreed complaint policy, business calendar, categories, published info. */
@Component({
  selector: 'cd-client-edit-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    FieldErrorComponent,
  ],
  templateUrl: './client-edit.page.html',
  styleUrl: './client-edit.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClientEditPage {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly clients = inject(ClientsStore);
  protected readonly i18n = inject(I18nService);
  protected readonly t = this.i18n.t;
  protected readonly units = DURATION_UNITS;
  protected readonly weekdays = WEEKDAYS;
  protected readonly durations = ['acknowledgeWithin', 'resolveWithin', 'updateEvery'] as const;

  /** Route parameter; absent on /admin/clients/new. */
  readonly id = input<string | undefined>();

  protected form = createClientForm();
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly banner = signal<string | null>(null);
  protected readonly editing = signal(false);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  private async load(id: string | undefined): Promise<void> {
    this.editing.set(!!id);
    if (!id) return;
    this.loading.set(true);
    try {
      const c = await this.api.client(id);
      this.form = createClientForm(c);
      this.form.controls.code.disable();
    } catch (e) {
      this.banner.set(toApiFailure(e).message);
    } finally {
      this.loading.set(false);
    }
  }

  protected day(d: Weekday) {
    return this.form.controls.businessHours.controls[d];
  }
  protected addInterval(d: Weekday): void {
    const list = this.day(d);
    const last = list.at(list.length - 1)?.getRawValue();
    list.push(last ? intervalGroup(last.to, last.to < '23:00' ? '23:00' : '23:59') : intervalGroup());
  }
  protected addHoliday(): void {
    this.form.controls.holidays.push(holidayControl(''));
  }
  protected addRootCause(): void {
    this.form.controls.policy.controls.rootCauses.push(rootCauseGroup());
  }
  protected addCategory(parent?: CategoryGroup): void {
    if (parent) parent.controls.children.push(categoryGroup({ code: `${parent.controls.code.value}.`, name: '' }, 1));
    else this.form.controls.categories.push(categoryGroup());
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) {
      this.banner.set(this.t('register.fixErrors'));
      return;
    }
    this.saving.set(true);
    this.banner.set(null);
    const body = toClientRequest(this.form);
    try {
      const id = this.id();
      const saved = id ? await this.api.updateClient(id, (({ code: _code, ...rest }) => rest)(body)) : await this.api.createClient(body);
      this.clients.reset();
      this.notifier.info(this.t('admin.clients.saved', { code: saved.code ?? body.code }));
      await this.router.navigate(['/admin/clients']);
    } catch (e) {
      const f = toApiFailure(e);
      let placed = 0;
      for (const fe of f.fieldErrors) {
        const control = this.form.get(fe.field);
        if (control) {
          control.setErrors({ server: fe.message });
          control.markAsTouched();
          placed++;
        }
      }
      const others = f.fieldErrors.filter((fe) => !this.form.get(fe.field)).map((fe) => `${fe.field}: ${fe.message}`);
      this.banner.set(placed && !others.length ? this.t('register.fixErrors') : [f.message, ...others].filter(Boolean).join(' — '));
    } finally {
      this.saving.set(false);
    }
  }
}
