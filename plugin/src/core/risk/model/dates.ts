import type { IsoDate } from './types.js';

const DAY_MS = 86_400_000;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Months since year 0 for a `YYYY-MM...` string; the integer makes month arithmetic trivial. */
export function monthIndex(date: IsoDate): number {
  // Digit arithmetic: this runs for every snapshot of every account.
  const digit = (at: number): number => date.charCodeAt(at) - 48;
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const month = digit(5) * 10 + digit(6);
  return year * 12 + (month - 1);
}

export function monthStart(index: number): IsoDate {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Last calendar day of the month. */
export function monthEnd(index: number): IsoDate {
  const year = Math.floor(index / 12);
  const month = index % 12;
  const leap = month === 1 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return `${monthStart(index).slice(0, 8)}${DAYS_IN_MONTH[month] + (leap ? 1 : 0)}`;
}

export function monthLabel(index: number): string {
  return `${MONTH_NAMES[index % 12]} ${Math.floor(index / 12)}`;
}

/** Days since 1970-01-01 (UTC) for a calendar date. */
export function dayNumber(date: IsoDate): number {
  return Math.round(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS,
  );
}

export function isoFromDayNumber(days: number): IsoDate {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return isoFromDayNumber(dayNumber(value)) === value;
}
