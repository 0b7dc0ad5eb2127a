import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { ValidationErrors } from '@angular/forms';
import { I18nService } from '../../core/i18n/i18n.service';

/** The first error of a control in words (client-side limits and the server's field message). */
@Component({
  selector: 'cd-field-error',
  template: `{{ message() }}`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldErrorComponent {
  private readonly i18n = inject(I18nService);
  /** The control's `errors` (a new object on every validation run, so OnPush sees changes). */
  readonly errors = input.required<ValidationErrors | null>();

  protected message(): string {
    const e = this.errors();
    if (!e) return '';
    const t = this.i18n.t;
    if (typeof e['server'] === 'string') return e['server'];
    if (e['required']) return t('app.required');
    if (e['maxlength']) return t('app.maxLength', { max: (e['maxlength'] as { requiredLength: number }).requiredLength });
    if (e['minlength']) return t('app.minLength', { min: (e['minlength'] as { requiredLength: number }).requiredLength });
    if (e['email']) return t('app.invalidEmail');
    if (e['future']) return t('register.receivedInFuture');
    if (e['tooOld']) return t('register.receivedTooOld');
    if (e['pattern']) return t('app.invalidFormat');
    const custom = Object.values(e).find((v) => typeof v === 'string');
    return typeof custom === 'string' ? custom : t('app.required');
  }
}
