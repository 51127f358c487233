import { monthIndex } from './dates.js';
import type { ContractInput, SnapshotInput } from './types.js';

/**
 * Fees for a set of months, as defined once for the whole product: for every month, every
 * contract active in it earns `PMPM_Fee__c` × eligible members of its line of business that month
 * + `Per_Visit_Fee__c` × visits of its line of business that month.
 */
export function feesForMonths(contracts: ContractInput[], snapshots: SnapshotInput[], months: number[]): number {
  if (!months.length || !contracts.length) return 0;
  const snapshotMonths = snapshots.map((snapshot) => monthIndex(snapshot.periodStart));
  let fees = 0;
  for (const contract of contracts) {
    // A contract is active in a month when its dates overlap any day of it: it starts in or before
    // that month and ends in or after it.
    const from = contract.startDate === null ? -Infinity : monthIndex(contract.startDate);
    const to = contract.endDate === null ? Infinity : monthIndex(contract.endDate);
    // Stryker disable next-line StringLiteral: equivalent, snapshots always name their line of business
    const line = contract.lineOfBusiness ?? '';
    for (let index = 0; index < snapshots.length; index++) {
      const snapshot = snapshots[index];
      const month = snapshotMonths[index];
      if (snapshot.lineOfBusiness !== line || month < from || month > to || !months.includes(month)) continue;
      fees +=
        (contract.pmpmFee ?? 0) * (snapshot.eligibleMembers ?? 0) +
        (contract.perVisitFee ?? 0) * (snapshot.visits ?? 0);
    }
  }
  return fees;
}

/** Return on investment: cost savings ÷ fees for the same months; null when there are no fees. */
export function returnOnInvestment(savings: number, fees: number): number | null {
  return fees > 0 ? savings / fees : null;
}
