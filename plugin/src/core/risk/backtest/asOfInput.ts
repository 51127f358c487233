/**
 * What the org knew `horizon` days before a renewal: only snapshots of months that had ended by
 * then, and only contracts that had started. Stakeholders, account plans and objectives are left
 * out (`LEFT_OUT`): their current values would leak what happened after.
 */
import {
  dayNumber,
  isoFromDayNumber,
  monthIndex,
  type AccountRiskInput,
  type ContractInput,
  type IsoDate,
  type SnapshotInput,
} from '../model/index.js';

export type AccountHistory = {
  snapshots: SnapshotInput[];
  contracts: Array<ContractInput & { startDate: IsoDate | null }>;
};

/** Factors the backtest cannot score without leaking, and why. */
export const LEFT_OUT: Record<string, string> = {
  Relationship_Health:
    'stakeholder sentiment and engagement are read as they are today; without their field history the past values are unknown',
  Objectives_Off_Track:
    'objective status is read as it is today; without its field history the past values are unknown',
};

export function asOfDate(endDate: IsoDate, horizonDays: number): IsoDate {
  return isoFromDayNumber(dayNumber(endDate) - horizonDays);
}

export function inputAsOf(history: AccountHistory, asOf: IsoDate): AccountRiskInput {
  const current = monthIndex(asOf);
  return {
    asOf,
    // A month's snapshot exists once the month is over: the as-of month itself is not known yet.
    snapshots: history.snapshots.filter((row) => row.periodStart !== '' && monthIndex(row.periodStart) < current),
    contracts: history.contracts.filter((row) => row.startDate !== null && row.startDate <= asOf),
    renewalDate: null,
    plan: null,
    stakeholders: [],
    previous: null,
  };
}
