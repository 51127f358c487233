import {
  dayNumber,
  isoFromDayNumber,
  monthIndex,
  monthStart,
  type AccountRiskInput,
  type SnapshotInput,
  type StakeholderInput,
} from '../../../src/core/risk/model/index.js';

export const AS_OF = '2026-11-15';
export const LINES = ['Commercial', 'Medicare'];

export type MonthShape = {
  eligible: number;
  registered: number;
  visitsPer1000: number;
  savings: number;
  rating: number;
  ratedShare: number;
};

export const HEALTHY_MONTH: MonthShape = {
  eligible: 12_000,
  registered: 2400,
  visitsPer1000: 60,
  savings: 25_000,
  rating: 4.7,
  ratedShare: 0.5,
};

export function daysFrom(asOf: string, days: number): string {
  return isoFromDayNumber(dayNumber(asOf) + days);
}

/** Twelve months of snapshots per line of business up to the as-of month; `shape(monthsAgo)` per month. */
export function snapshots(
  asOf: string,
  shape: (monthsAgo: number) => MonthShape = (): MonthShape => HEALTHY_MONTH,
): SnapshotInput[] {
  const rows: SnapshotInput[] = [];
  const last = monthIndex(asOf);
  for (let monthsAgo = 11; monthsAgo >= 0; monthsAgo--) {
    const month = shape(monthsAgo);
    const visits = Math.round((month.visitsPer1000 * month.eligible) / 12_000);
    for (const lineOfBusiness of LINES) {
      rows.push({
        lineOfBusiness,
        periodStart: monthStart(last - monthsAgo),
        eligibleMembers: month.eligible,
        registeredMembers: month.registered,
        visits,
        costSavings: month.savings,
        averageRating: month.rating,
        ratedVisits: Math.round(visits * month.ratedShare),
      });
    }
  }
  return rows;
}

const ROLE_NAMES: Array<[string, string, string]> = [
  ['Executive', 'Avery Stone', 'Champion'],
  ['Clinical', 'Blake Ruiz', 'Supporter'],
  ['Network', 'Casey Lin', 'Supporter'],
  ['Product', 'Drew Park', 'Neutral'],
  ['Benefits', 'Emery Shah', 'Supporter'],
  ['Marketing', 'Finley Cho', 'Neutral'],
  ['Finance', 'Gray Adams', 'Supporter'],
  ['Operations', 'Harper Diaz', 'Neutral'],
];

export function stakeholders(asOf: string): StakeholderInput[] {
  return ROLE_NAMES.map(([role, name, sentiment], index) => ({
    name,
    role,
    influence: index < 2 ? 'High' : 'Medium',
    sentiment,
    lastEngagementDate: daysFrom(asOf, -10 - index),
  }));
}

/** An account with every factor measured and nothing wrong: all badnesses are 0. */
export function healthyAccount(asOf = AS_OF): AccountRiskInput {
  return {
    asOf,
    snapshots: snapshots(asOf),
    contracts: LINES.map((lineOfBusiness) => ({
      lineOfBusiness,
      startDate: daysFrom(asOf, -700),
      endDate: daysFrom(asOf, 400),
      coveredLives: 10_000,
      pmpmFee: 0.5,
      perVisitFee: 10,
    })),
    renewalDate: daysFrom(asOf, 400),
    plan: {
      name: 'FY2026 plan',
      targetRegistrationRate: 18,
      targetVisitsPer1000: 60,
      targetCostSavings: 500_000,
      targetRating: 4.5,
      objectives: ['Grow Medicare', 'Launch behavioral health', 'Raise registration', 'QBR cadence'].map((name) => ({
        name,
        status: 'On Track',
        dueDate: daysFrom(asOf, 90),
      })),
    },
    stakeholders: stakeholders(asOf),
    previous: null,
  };
}
