/** Calendar quarters: `YYYY-Qn`, their months, the quarter before and the same quarter a year earlier. */
import type { QbrPeriod } from './types.js';

const QUARTER = /^(\d{4})-Q([1-4])$/;

export function isQuarter(text: string): boolean {
  return QUARTER.test(text);
}

/** Quarters since year 0; `quarterIndex('2026-Q3')` − 1 is 2026-Q2. */
export function quarterIndex(quarter: string): number {
  const match = QUARTER.exec(quarter);
  if (!match) throw new RangeError(`${quarter} is not a quarter like 2026-Q3`);
  return Number(match[1]) * 4 + Number(match[2]) - 1;
}

export function quarterId(index: number): string {
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

export function quarterPeriod(index: number): QbrPeriod {
  const year = Math.floor(index / 4);
  const first = (index % 4) * 3 + 1;
  const months = [first, first + 1, first + 2].map((month) => `${year}-${String(month).padStart(2, '0')}`);
  return { id: quarterId(index), label: `Q${(index % 4) + 1} ${year}`, months };
}

/** The last quarter that has ended before `day` (`YYYY-MM-DD`). */
export function lastCompleteQuarter(day: string): string {
  const current = Number(day.slice(0, 4)) * 4 + Math.floor((Number(day.slice(5, 7)) - 1) / 3);
  return quarterId(current - 1);
}
