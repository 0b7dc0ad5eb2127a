import { Injectable, inject } from '@angular/core';
import { I18nService, TranslationParams } from './i18n.service';
import type { TranslationKey } from './en';

/** Dates, times and durations in the user's locale (and, for deadlines, the client's time zone). */
@Injectable({ providedIn: 'root' })
export class FormatService {
  private readonly i18n = inject(I18nService);

  /** The user's own time zone (the browser's). */
  readonly userZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  dateTime(iso: string | null | undefined, timeZone?: string): string {
    if (!iso) return this.i18n.t('app.none');
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return new Intl.DateTimeFormat(this.i18n.locale(), {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    }).format(d);
  }

  date(iso: string | null | undefined): string {
    if (!iso) return this.i18n.t('app.none');
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return new Intl.DateTimeFormat(this.i18n.locale(), { dateStyle: 'medium' }).format(d);
  }

  /** A count or measure in the user's locale ("1 234", "12.5"); "—" for null. */
  number(n: number | null | undefined, maximumFractionDigits = 0): string {
    if (n === null || n === undefined || Number.isNaN(n)) return this.i18n.t('app.none');
    return new Intl.NumberFormat(this.i18n.locale(), { maximumFractionDigits }).format(n);
  }

  /** A fraction in [0, 1] as a percentage in the user's locale ("87.5%", "87,5 %"); "—" for null. */
  percent(rate: number | null | undefined): string {
    if (rate === null || rate === undefined || Number.isNaN(rate)) return this.i18n.t('app.none');
    return new Intl.NumberFormat(this.i18n.locale(), { style: 'percent', maximumFractionDigits: 1 }).format(rate);
  }

  /** True when `zone` shows a different wall-clock time than the user's zone at `iso`. */
  differsFromUserZone(zone: string | null | undefined, iso: string): boolean {
    if (!zone || zone === this.userZone) return false;
    try {
      const at = new Date(iso);
      const fmt = (tz: string) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' }).format(at);
      return fmt(zone) !== fmt(this.userZone);
    } catch {
      return false;
    }
  }

  /** "2 d 4 h", "3 h 20 min", "12 min" for a span in milliseconds (sign ignored). */
  duration(ms: number): string {
    const t = (key: TranslationKey, params?: TranslationParams) => this.i18n.t(key, params);
    const totalMinutes = Math.floor(Math.abs(ms) / 60000);
    if (totalMinutes < 1) return t('duration.lessThanMinute');
    const days = Math.floor(totalMinutes / 1440);
    const hours = Math.floor((totalMinutes % 1440) / 60);
    const minutes = totalMinutes % 60;
    const parts: string[] = [];
    if (days) parts.push(t('duration.days', { n: days }));
    if (hours) parts.push(t('duration.hours', { n: hours }));
    if (!days && minutes) parts.push(t('duration.minutes', { n: minutes }));
    return parts.join(' ');
  }

  /** "3 h left" before a deadline, "overdue by 2 d" after it. */
  countdown(deadlineIso: string, now: number): string {
    const diff = new Date(deadlineIso).getTime() - now;
    return diff >= 0
      ? this.i18n.t('sla.timeLeft', { time: this.duration(diff) })
      : this.i18n.t('sla.overdueBy', { time: this.duration(diff) });
  }

  /** A value for `<input type="datetime-local">` in the user's zone. */
  toLocalInput(date: Date): string {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }

  /** The instant an `<input type="datetime-local">` value means in the user's zone, as ISO UTC. */
  fromLocalInput(value: string): string | null {
    if (!value) return null;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
}
