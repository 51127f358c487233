/**
 * Renewals as Salesforce records them: a Contract ends on its EndDate and is renewed when a
 * successor Contract for the same Account and line of business starts within a month of it; none
 * means it was not renewed. A plan's renewal is lost when any of its contracts ending that day is.
 */
import { dayNumber, type IsoDate } from '../model/index.js';

export type ContractFact = {
  accountId: string;
  lineOfBusiness: string | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
};

export type RenewalEvent = {
  accountId: string;
  endDate: IsoDate;
  renewed: boolean;
  /** Lines of business whose contract had no successor. */
  lostLines: string[];
};

/** A successor may start up to this many days after the end (or before it, for early renewals). */
export const SUCCESSOR_WINDOW_DAYS = 31;

/**
 * Every renewal that came due in [from, to] and whose outcome is known on `today` (the successor
 * window has passed), oldest first.
 */
export function renewalEvents(
  contracts: ContractFact[],
  range: { from: IsoDate; to: IsoDate; today: IsoDate },
): RenewalEvent[] {
  const byAccount = new Map<string, ContractFact[]>();
  for (const contract of contracts) {
    const list = byAccount.get(contract.accountId);
    if (list) list.push(contract);
    else byAccount.set(contract.accountId, [contract]);
  }
  const known = dayNumber(range.today) - SUCCESSOR_WINDOW_DAYS;
  const events: RenewalEvent[] = [];
  for (const [accountId, own] of byAccount) {
    const endDates = new Set(
      own
        .map((contract) => contract.endDate)
        .filter(
          (end): end is string => end !== null && end >= range.from && end <= range.to && dayNumber(end) <= known,
        ),
    );
    for (const endDate of endDates) {
      const ending = own.filter((contract) => contract.endDate === endDate);
      const lostLines = ending
        .filter((contract) => !own.some((other) => isSuccessor(contract, other, endDate)))
        .map((contract) => contract.lineOfBusiness ?? 'no line of business');
      events.push({ accountId, endDate, renewed: lostLines.length === 0, lostLines });
    }
  }
  return events.sort((a, b) => a.endDate.localeCompare(b.endDate) || a.accountId.localeCompare(b.accountId));
}

function isSuccessor(contract: ContractFact, other: ContractFact, endDate: IsoDate): boolean {
  if (other === contract || other.startDate === null || other.lineOfBusiness !== contract.lineOfBusiness) return false;
  const gap = dayNumber(other.startDate) - dayNumber(endDate);
  return gap >= -SUCCESSOR_WINDOW_DAYS && gap <= SUCCESSOR_WINDOW_DAYS && other.startDate > (contract.startDate ?? '');
}
