import { Injectable } from '@angular/core';
import { NativeDateAdapter } from '@angular/material/core';

/**
 * The native adapter, but a typed date is read the way the user's locale writes it
 * (28/11/2026 in en-GB, 2026-11-28 in sv-SE) and always as a LOCAL calendar day — the native
 * `Date.parse` would read `2026-11-28` as UTC midnight and `28/11/2026` not at all.
 */
@Injectable()
export class LocaleDateAdapter extends NativeDateAdapter {
  override parse(value: unknown, parseFormat?: unknown): Date | null {
    if (typeof value !== 'string') return super.parse(value, parseFormat);
    const text = value.trim();
    if (!text) return null;
    const nums = text.split(/\D+/).filter(Boolean).map(Number);
    if (nums.length !== 3) return this.invalid();
    const order: Array<'year' | 'month' | 'day'> = /^\d{4}\D/.test(text) ? ['year', 'month', 'day'] : fieldOrder(this.locale);
    const at = (f: 'year' | 'month' | 'day') => nums[order.indexOf(f)];
    const [y, m, d] = [at('year'), at('month'), at('day')];
    const date = new Date(y, m - 1, d);
    return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? date : this.invalid();
  }
}

function fieldOrder(locale: string): Array<'year' | 'month' | 'day'> {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(
    new Date(2000, 10, 22),
  );
  const order = parts.map((p) => p.type).filter((t): t is 'year' | 'month' | 'day' => t === 'year' || t === 'month' || t === 'day');
  return order.length === 3 ? order : ['day', 'month', 'year'];
}
