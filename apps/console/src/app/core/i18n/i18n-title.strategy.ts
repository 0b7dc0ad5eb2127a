import { Injectable, effect, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { I18nService, isKey } from './i18n.service';

/** Route `title`s are dictionary keys: the tab title follows the page and the chosen language. */
@Injectable({ providedIn: 'root' })
export class I18nTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly i18n = inject(I18nService);
  private lastKey: string | undefined;

  constructor() {
    super();
    effect(() => {
      this.i18n.language();
      this.apply();
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.lastKey = this.buildTitle(snapshot);
    this.apply();
  }

  private apply(): void {
    const app = this.i18n.t('app.title');
    const key = this.lastKey;
    this.title.setTitle(key && isKey(key) ? `${this.i18n.t(key)} · ${app}` : app);
  }
}
