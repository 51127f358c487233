import { monthIndex } from './dates.js';
import type { IsoDate, SnapshotInput } from './types.js';

/** One month of utilization, all lines of business added up. */
export type MonthUsage = {
  month: number;
  eligible: number;
  registered: number;
  visits: number;
  costSavings: number;
  savingsReported: boolean;
  ratingPoints: number;
  ratedVisits: number;
};

export type UsageWindow = {
  /** Months of the 12-month window that have snapshots with eligible members, oldest first. */
  months: MonthUsage[];
  /** Latest month with data; the trend and target windows end here. */
  anchor: number | null;
};

export const WINDOW_MONTHS = 12;

/** Adds the snapshots of the 12 months up to the as-of month into monthly totals. */
export function usageWindow(snapshots: SnapshotInput[], asOf: IsoDate): UsageWindow {
  const last = monthIndex(asOf);
  const first = last - (WINDOW_MONTHS - 1);
  const byMonth = new Map<number, MonthUsage>();
  for (const snapshot of snapshots) {
    const month = monthIndex(snapshot.periodStart);
    if (month < first || month > last) continue;
    const eligible = snapshot.eligibleMembers ?? 0;
    if (eligible <= 0) continue;
    const usage = byMonth.get(month) ?? emptyMonth(month);
    usage.eligible += eligible;
    usage.registered += snapshot.registeredMembers ?? 0;
    usage.visits += snapshot.visits ?? 0;
    if (snapshot.costSavings !== null) {
      usage.costSavings += snapshot.costSavings;
      usage.savingsReported = true;
    }
    if (snapshot.averageRating !== null && (snapshot.ratedVisits ?? 0) > 0) {
      usage.ratingPoints += snapshot.averageRating * (snapshot.ratedVisits ?? 0);
      usage.ratedVisits += snapshot.ratedVisits ?? 0;
    }
    byMonth.set(month, usage);
  }
  const months = [...byMonth.values()].sort((a, b) => a.month - b.month);
  return { months, anchor: months.length ? months[months.length - 1].month : null };
}

export function monthsBetween(window: UsageWindow, from: number, to: number): MonthUsage[] {
  return window.months.filter((usage) => usage.month >= from && usage.month <= to);
}

/** Visits per 1,000 members, annualized: visits per member-month × 12,000. */
export function visitsPer1000(months: MonthUsage[]): number | null {
  const memberMonths = months.reduce((sum, usage) => sum + usage.eligible, 0);
  if (memberMonths <= 0) return null;
  const visits = months.reduce((sum, usage) => sum + usage.visits, 0);
  return (visits / memberMonths) * 12_000;
}

function emptyMonth(month: number): MonthUsage {
  return {
    month,
    eligible: 0,
    registered: 0,
    visits: 0,
    costSavings: 0,
    savingsReported: false,
    ratingPoints: 0,
    ratedVisits: 0,
  };
}
