import { malformedQuery } from '../errors.js';

/** A half-open range [start, end) of UTC milliseconds that a date literal stands for. */
export type DateRange = { start: number; end: number };

const DAY = 86_400_000;

function startOfDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

function monthStart(now: Date, offset: number): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1);
}

function yearStart(now: Date, offset: number): number {
  return Date.UTC(now.getUTCFullYear() + offset, 0, 1);
}

function weekStart(now: Date, offset: number): number {
  const today = startOfDay(now);
  return today - now.getUTCDay() * DAY + offset * 7 * DAY;
}

/** Resolves TODAY, THIS_MONTH, LAST_N_DAYS:n and the other common date literals (times in UTC). */
export function dateLiteralRange(literal: string, now = new Date()): DateRange {
  const [name, argument] = literal.toUpperCase().split(':');
  const n = argument === undefined ? 0 : Number(argument);
  if (argument !== undefined && (!Number.isInteger(n) || n < 0)) {
    throw malformedQuery(`Invalid date literal: ${literal}`);
  }
  const today = startOfDay(now);
  switch (name) {
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'THIS_WEEK':
      return { start: weekStart(now, 0), end: weekStart(now, 1) };
    case 'LAST_WEEK':
      return { start: weekStart(now, -1), end: weekStart(now, 0) };
    case 'NEXT_WEEK':
      return { start: weekStart(now, 1), end: weekStart(now, 2) };
    case 'THIS_MONTH':
      return { start: monthStart(now, 0), end: monthStart(now, 1) };
    case 'LAST_MONTH':
      return { start: monthStart(now, -1), end: monthStart(now, 0) };
    case 'NEXT_MONTH':
      return { start: monthStart(now, 1), end: monthStart(now, 2) };
    case 'THIS_YEAR':
      return { start: yearStart(now, 0), end: yearStart(now, 1) };
    case 'LAST_YEAR':
      return { start: yearStart(now, -1), end: yearStart(now, 0) };
    case 'NEXT_YEAR':
      return { start: yearStart(now, 1), end: yearStart(now, 2) };
    case 'LAST_N_DAYS':
      return { start: today - n * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return { start: today + DAY, end: today + (n + 1) * DAY };
    case 'LAST_N_MONTHS':
      return { start: monthStart(now, -n), end: monthStart(now, 0) };
    case 'NEXT_N_MONTHS':
      return { start: monthStart(now, 1), end: monthStart(now, n + 1) };
    case 'LAST_N_YEARS':
      return { start: yearStart(now, -n), end: yearStart(now, 0) };
    case 'NEXT_N_YEARS':
      return { start: yearStart(now, 1), end: yearStart(now, n + 1) };
    default:
      throw malformedQuery(`The date literal ${literal} is not supported by the local org`);
  }
}
