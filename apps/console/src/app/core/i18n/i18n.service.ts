import { Injectable, computed, signal } from '@angular/core';
import { EN, TranslationKey } from './en';
import { SV } from './sv';

export const LANGUAGES = ['en', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

const DICTIONARIES: Record<Language, Record<TranslationKey, string>> = { en: EN, sv: SV };
/** BCP 47 locale used for dates and numbers in each language. */
const LOCALES: Record<Language, string> = { en: 'en-GB', sv: 'sv-SE' };
export const LANGUAGE_STORAGE_KEY = 'complaint-desk.language';

export type TranslationParams = Record<string, string | number>;

/**
 * The console's texts: a typed dictionary per language, switched with a signal and remembered in
 * localStorage. Templates call `t('key')`; a template reading the signal re-renders on a switch.
 */
@Injectable({ providedIn: 'root' })
export class I18nService {
  private readonly lang = signal<Language>(readStoredLanguage());
  readonly language = this.lang.asReadonly();
  readonly locale = computed(() => LOCALES[this.lang()]);

  constructor() {
    setDocumentLanguage(this.lang());
  }

  setLanguage(language: Language): void {
    this.lang.set(language);
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      /* storage unavailable (private mode): the choice lasts for this page only */
    }
    setDocumentLanguage(language);
  }

  /** The text for `key` in the current language, with `{name}` placeholders filled from `params`. */
  readonly t = (key: TranslationKey, params?: TranslationParams): string => {
    const text = DICTIONARIES[this.lang()][key] ?? EN[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };

  /** Like `t`, for keys built at run time (enum values); falls back to the raw value. */
  readonly tk = (prefix: string, value: string | null | undefined): string => {
    if (value === null || value === undefined || value === '') return '';
    const key = `${prefix}.${value}`;
    return isKey(key) ? this.t(key) : value;
  };
}

export function isKey(key: string): key is TranslationKey {
  return Object.prototype.hasOwnProperty.call(EN, key);
}

function readStoredLanguage(): Language {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (stored === 'en' || stored === 'sv') return stored;
  } catch {
    /* ignore */
  }
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('sv') ? 'sv' : 'en';
}

function setDocumentLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
