import { TestBed } from '@angular/core/testing';
import { EN } from './en';
import { I18nService, LANGUAGE_STORAGE_KEY } from './i18n.service';
import { SV } from './sv';

describe('I18nService', () => {
  beforeEach(() => localStorage.clear());

  it('translates, fills placeholders and switches language with a signal', () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    const i18n = TestBed.inject(I18nService);
    expect(i18n.t('signIn.submit')).toBe('Sign in');
    expect(i18n.t('signIn.tooManyAttempts', { n: 30 })).toBe('Too many attempts, try again in 30 seconds.');
    i18n.setLanguage('sv');
    expect(i18n.language()).toBe('sv');
    expect(i18n.t('signIn.submit')).toBe('Logga in');
    expect(i18n.locale()).toBe('sv-SE');
    expect(document.documentElement.lang).toBe('sv');
  });

  it('remembers the choice in localStorage', () => {
    TestBed.inject(I18nService).setLanguage('sv');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('sv');
    TestBed.resetTestingModule();
    expect(TestBed.inject(I18nService).language()).toBe('sv');
  });

  it('translates enum values and falls back to the raw value for unknown ones', () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    const i18n = TestBed.inject(I18nService);
    expect(i18n.tk('status', 'acknowledged')).toBe('Acknowledged');
    expect(i18n.tk('event', 'something_new')).toBe('something_new');
  });

  it('has a Swedish text for every English key, and the same placeholders', () => {
    for (const key of Object.keys(EN) as (keyof typeof EN)[]) {
      expect(SV[key]).toBeTruthy();
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect([key, ph(SV[key])]).toEqual([key, ph(EN[key])]);
    }
  });
});
