import { monthEnd, monthIndex, monthStart } from './dates.js';
import type { ContractInput, SnapshotInput } from './types.js';

type LineMonth = { eligible: number; visits: number };

/**
 * Fees for a set of months, as defined once for the whole product: for every month, every
 * contract active in it earns `PMPM_Fee__c` × eligible members of its line of business that month
 * + `Per_Visit_Fee__c` × visits of its line of business that month.
 */
export function feesForMonths(contracts: ContractInput[], snapshots: SnapshotInput[], months: number[]): number {
  const wanted = new Set(months);
  const byLine = new Map<string, Map<number, LineMonth>>();
  for (const snapshot of snapshots) {
    const month = monthIndex(snapshot.periodStart);
    // Stryker disable next-line ConditionalExpression: equivalent, only the wanted months are read below
    if (!wanted.has(month)) continue;
    let line = byLine.get(snapshot.lineOfBusiness);
    if (!line) {
      line = new Map<number, LineMonth>();
      byLine.set(snapshot.lineOfBusiness, line);
    }
    const row = line.get(month) ?? { eligible: 0, visits: 0 };
    row.eligible += snapshot.eligibleMembers ?? 0;
    row.visits += snapshot.visits ?? 0;
    line.set(month, row);
  }
  const bounds = months.map((month) => ({ month, first: monthStart(month), last: monthEnd(month) }));
  let fees = 0;
  for (const contract of contracts) {
    // Stryker disable next-line StringLiteral: equivalent, no line of business has any name a mutant gives
    const line = byLine.get(contract.lineOfBusiness ?? '');
    if (!line) continue;
    for (const { month, first, last } of bounds) {
      const row = line.get(month);
      if (!row || !overlaps(contract, first, last)) continue;
      fees += (contract.pmpmFee ?? 0) * row.eligible + (contract.perVisitFee ?? 0) * row.visits;
    }
  }
  return fees;
}

/** A contract is active in a month when its dates overlap any day of it. */
function overlaps(contract: ContractInput, first: string, last: string): boolean {
  return (
    (contract.startDate === null || contract.startDate <= last) &&
    (contract.endDate === null || contract.endDate >= first)
  );
}

/** Return on investment: cost savings ÷ fees for the same months; null when there are no fees. */
export function returnOnInvestment(savings: number, fees: number): number | null {
  return fees > 0 ? savings / fees : null;
}
