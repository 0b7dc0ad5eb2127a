import { TestBed } from '@angular/core/testing';
import { LocaleDateAdapter } from './locale-date-adapter';

describe('LocaleDateAdapter: a typed date is read as the locale writes it, as a local day', () => {
  const adapter = TestBed.runInInjectionContext(() => new LocaleDateAdapter());
  const day = (d: Date | null) => (d && adapter.isValid(d) ? [d.getFullYear(), d.getMonth() + 1, d.getDate()] : null);

  it('reads day/month/year in en-GB and year-month-day in sv-SE (and ISO in any locale)', () => {
    adapter.setLocale('en-GB');
    expect(day(adapter.parse('28/11/2026', null))).toEqual([2026, 11, 28]);
    expect(day(adapter.parse('2026-11-28', null))).toEqual([2026, 11, 28]);
    adapter.setLocale('sv-SE');
    expect(day(adapter.parse('2026-11-28', null))).toEqual([2026, 11, 28]);
  });

  it('refuses impossible days and stray text; an empty field is no date', () => {
    adapter.setLocale('en-GB');
    expect(day(adapter.parse('31/02/2026', null))).toBeNull();
    expect(day(adapter.parse('soon', null))).toBeNull();
    expect(adapter.parse('  ', null)).toBeNull();
  });
});
