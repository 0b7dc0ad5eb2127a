import { TestBed } from '@angular/core/testing';
import { FormatService } from './format.service';
import { I18nService, LANGUAGE_STORAGE_KEY } from './i18n.service';

const AT = '2026-11-21T16:00:00Z';

describe('FormatService', () => {
  beforeEach(() => localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en'));
  afterEach(() => localStorage.clear());

  /** The service as seen by a user whose browser runs in `zone`. */
  function serviceIn(zone: string): FormatService {
    const fmt = TestBed.inject(FormatService);
    (fmt as { userZone: string }).userZone = zone;
    return fmt;
  }

  it('R4.2-a dateTime formats in the UI locale and follows a language switch', () => {
    const fmt = TestBed.inject(FormatService);
    expect(fmt.dateTime(AT, 'UTC')).toBe('21 Nov 2026, 16:00');
    TestBed.inject(I18nService).setLanguage('sv');
    expect(fmt.dateTime(AT, 'UTC')).toBe('21 nov. 2026 16:00');
  });

  it('R4.2-c dateTime shows the wall time of the given (client) time zone', () => {
    const fmt = TestBed.inject(FormatService);
    expect(fmt.dateTime(AT, 'Australia/Sydney')).toBe('22 Nov 2026, 03:00');
    expect(fmt.dateTime(AT, 'America/New_York')).toBe('21 Nov 2026, 11:00');
  });

  it('dateTime shows "—" for a missing value and the raw text for an unparseable one', () => {
    const fmt = TestBed.inject(FormatService);
    expect(fmt.dateTime(null)).toBe('—');
    expect(fmt.dateTime(undefined)).toBe('—');
    expect(fmt.dateTime('soon')).toBe('soon');
  });

  it('R4.2-c differsFromUserZone is true when the client zone shows another wall-clock time', () => {
    const fmt = serviceIn('Europe/Stockholm');
    expect(fmt.differsFromUserZone('Australia/Sydney', AT)).toBe(true);
    expect(fmt.differsFromUserZone('Europe/London', AT)).toBe(true);
  });

  it('differsFromUserZone is false for the same zone, a zone with the same time, no zone or an unknown zone', () => {
    const fmt = serviceIn('Europe/Stockholm');
    expect(fmt.differsFromUserZone('Europe/Stockholm', AT)).toBe(false);
    // Berlin and Stockholm share their offset (CET in November): nothing extra to show.
    expect(fmt.differsFromUserZone('Europe/Berlin', AT)).toBe(false);
    expect(fmt.differsFromUserZone(null, AT)).toBe(false);
    expect(fmt.differsFromUserZone(undefined, AT)).toBe(false);
    expect(fmt.differsFromUserZone('Mars/Olympus_Mons', AT)).toBe(false);
  });
});
