import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { I18nService } from '../../core/i18n/i18n.service';

/** Short confirmations and warnings in a snackbar (announced politely to screen readers). */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snack = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);

  info(message: string): void {
    this.snack.open(message, this.i18n.t('app.close'), { duration: 6000, politeness: 'polite' });
  }

  warn(message: string): void {
    this.snack.open(message, this.i18n.t('app.close'), { duration: 12000, politeness: 'assertive', panelClass: 'cd-snack-warn' });
  }
}
