import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ClientDto, ROLES, Role, UserDto } from '@complaint-desk/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { toApiFailure } from '../../../core/http/problem';
import { FieldErrorComponent } from '../../../shared/ui/field-error.component';
import { Notifier } from '../../../shared/ui/notifier.service';
import { AdminApi } from '../data/admin.api';

/** A client viewer belongs to exactly one client; agents and leads serve at least one; admins none needed. */
export function clientsForRole(g: AbstractControl): ValidationErrors | null {
  const v = g.value as { role?: Role; clientIds?: string[] };
  const n = v.clientIds?.length ?? 0;
  if (v.role === 'client_viewer' && n !== 1) return { viewerOneClient: true };
  if ((v.role === 'agent' || v.role === 'team_lead') && n < 1) return { atLeastOneClient: true };
  return null;
}

@Component({
  selector: 'cd-users-page',
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
  templateUrl: './users.page.html',
  styleUrl: './users.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly api = inject(AdminApi);
  private readonly notifier = inject(Notifier);
  protected readonly i18n = inject(I18nService);
  protected readonly t = this.i18n.t;
  protected readonly roles = ROLES;

  protected readonly users = signal<UserDto[]>([]);
  protected readonly clients = signal<ClientDto[]>([]);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly banner = signal<string | null>(null);
  /** The user being edited, or null when creating. */
  protected readonly editing = signal<UserDto | null>(null);
  private readonly clientCodes = computed(() => new Map(this.clients().map((c) => [c.id, c.code])));

  protected readonly form = new FormGroup(
    {
      email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email, Validators.maxLength(254)] }),
      password: new FormControl('', { nonNullable: true, validators: [Validators.minLength(12), Validators.maxLength(200)] }),
      role: new FormControl<Role>('agent', { nonNullable: true, validators: [Validators.required] }),
      clientIds: new FormControl<string[]>([], { nonNullable: true }),
    },
    { validators: [clientsForRole] },
  );

  constructor() {
    this.resetForm();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    try {
      const [users, clients] = await Promise.all([this.api.users(), this.api.clients()]);
      this.users.set([...users].sort((a, b) => a.email.localeCompare(b.email)));
      this.clients.set(clients);
    } catch (e) {
      this.banner.set(toApiFailure(e).message);
    } finally {
      this.loading.set(false);
    }
  }

  protected codes(ids: string[]): string {
    return ids.map((id) => this.clientCodes().get(id) ?? '?').join(', ') || this.t('app.none');
  }

  protected edit(u: UserDto): void {
    this.editing.set(u);
    this.form.reset({ email: u.email, password: '', role: u.role, clientIds: [...u.clientIds] });
    this.form.controls.email.disable();
    this.form.controls.password.setValidators([Validators.minLength(12), Validators.maxLength(200)]);
    this.form.controls.password.updateValueAndValidity();
    this.banner.set(null);
  }

  protected resetForm(): void {
    this.editing.set(null);
    this.form.reset({ email: '', password: '', role: 'agent', clientIds: [] });
    this.form.controls.email.enable();
    this.form.controls.password.setValidators([Validators.required, Validators.minLength(12), Validators.maxLength(200)]);
    this.form.controls.password.updateValueAndValidity();
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.saving.set(true);
    this.banner.set(null);
    const v = this.form.getRawValue();
    const clientIds = v.role === 'admin' ? [] : v.clientIds;
    try {
      const current = this.editing();
      if (current) {
        const saved = await this.api.updateUser(current.id, { role: v.role, clientIds, ...(v.password ? { password: v.password } : {}) });
        this.notifier.info(this.t('admin.users.updated', { email: saved.email }));
      } else {
        const saved = await this.api.createUser({ email: v.email.trim(), password: v.password, role: v.role, clientIds });
        this.notifier.info(this.t('admin.users.created', { email: saved.email }));
      }
      this.resetForm();
      await this.load();
    } catch (e) {
      const f = toApiFailure(e);
      let placed = 0;
      for (const fe of f.fieldErrors) {
        const c = this.form.get(fe.field);
        if (c) {
          c.setErrors({ server: fe.message });
          placed++;
        }
      }
      if (!placed) this.banner.set(f.message);
    } finally {
      this.saving.set(false);
    }
  }

  protected async toggleActive(u: UserDto): Promise<void> {
    try {
      const saved = await this.api.updateUser(u.id, { active: u.active === false });
      this.notifier.info(this.t('admin.users.updated', { email: saved.email }));
      await this.load();
    } catch (e) {
      this.banner.set(toApiFailure(e).message);
    }
  }
}
