/** Dates as the feeds and the org write them: periods `YYYY-MM`, days `YYYY-MM-DD`, all UTC. */

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parsePeriod(period: string): { year: number; month: number } {
  const match = PERIOD.exec(period);
  if (!match) throw new Error(`Period "${period}" is not a month in the form YYYY-MM.`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

function formatPeriod(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function addMonths(period: string, count: number): string {
  const { year, month } = parsePeriod(period);
  const index = year * 12 + (month - 1) + count;
  return formatPeriod(Math.floor(index / 12), (index % 12) + 1);
}

/** The `count` periods ending with `endPeriod`, oldest first. */
export function periodsEnding(endPeriod: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(endPeriod, i - count + 1));
}

export function daysInMonth(period: string): number {
  const { year, month } = parsePeriod(period);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of the week of a day in a period: 0 is Sunday. */
export function weekday(period: string, day: number): number {
  const { year, month } = parsePeriod(period);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function parseDay(day: string): Date {
  const date = new Date(`${day}T00:00:00Z`);
  if (!DAY.test(day) || Number.isNaN(date.getTime()))
    throw new Error(`Date "${day}" is not a day in the form YYYY-MM-DD.`);
  return date;
}

export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, count: number): string {
  const date = parseDay(day);
  date.setUTCDate(date.getUTCDate() + count);
  return formatDay(date);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / 86_400_000);
}

/** The last full month before `today`. */
export function lastFullMonth(today: string): string {
  return addMonths(today.slice(0, 7), -1);
}

/** The first day after `period` ends. */
export function dayAfter(period: string): string {
  return `${addMonths(period, 1)}-01`;
}
