/**
 * A deliberately plain second implementation of the sync's aggregation, for end-to-end tests to compare the
 * org against: whole files parsed with csv-parse, one pass, integer cents, and the costs of DESIGN.md
 * ("Feeds") written down here rather than imported, so an error in the plugin's aggregation or
 * assumptions cannot also be the expectation.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** Public 2024 average costs per visit, in cents (DESIGN.md): ER, urgent care, primary care; telehealth. */
const AVOIDED_CENTS: Record<string, number> = { er: 168_600, urgent_care: 15_600, primary_care: 14_700 };
const TELEHEALTH_CENTS = 9_100;
const BEHAVIORAL = ['behavioral_health', 'psychiatry'];

export type ReferenceSnapshot = {
  Snapshot_Key__c: string;
  planId: string;
  Line_Of_Business__c: string;
  Period_Start__c: string;
  Eligible_Members__c: number | null;
  Registered_Members__c: number | null;
  Visits__c: number;
  Behavioral_Health_Visits__c: number;
  Rated_Visits__c: number;
  Average_Rating__c: number | null;
  Cost_Savings__c: number;
};

type Cell = ReferenceSnapshot & { ratingSum: number; savingsCents: number };

/** `sum / count` rounded half-up to 2 decimals, in integers: no binary fraction can tip 4.475 to 4.47. */
export function averageHalfUp(sum: number, count: number): number {
  const hundredths = Math.floor((200 * sum + count) / (2 * count));
  return hundredths / 100;
}

/** The snapshots that the feeds on disk should produce, sorted by key. Assumes feeds without rejects. */
export function referenceSnapshots(eligibilityFile: string, visitsFile: string): ReferenceSnapshot[] {
  const cells = new Map<string, Cell>();
  const cell = (planId: string, lob: string, month: string): Cell => {
    const key = `${planId}|${lob}|${month}`;
    let found = cells.get(key);
    if (!found) {
      found = {
        Snapshot_Key__c: key,
        planId,
        Line_Of_Business__c: lob,
        Period_Start__c: `${month}-01`,
        Eligible_Members__c: null,
        Registered_Members__c: null,
        Visits__c: 0,
        Behavioral_Health_Visits__c: 0,
        Rated_Visits__c: 0,
        Average_Rating__c: null,
        Cost_Savings__c: 0,
        ratingSum: 0,
        savingsCents: 0,
      };
      cells.set(key, found);
    }
    return found;
  };

  const eligibility = parse<Record<string, string>>(readFileSync(eligibilityFile, 'utf8'), { columns: true });
  for (const row of eligibility) {
    const target = cell(row.health_plan_id, row.line_of_business, row.period);
    target.Eligible_Members__c = Number(row.eligible_members);
    target.Registered_Members__c = Number(row.registered_members);
  }
  const visits = parse<Record<string, string>>(readFileSync(visitsFile, 'utf8'), { columns: true });
  for (const row of visits) {
    const target = cell(row.health_plan_id, row.line_of_business, row.visit_date.slice(0, 7));
    target.Visits__c += 1;
    if (BEHAVIORAL.includes(row.service_line)) target.Behavioral_Health_Visits__c += 1;
    if (row.rating !== '') {
      target.Rated_Visits__c += 1;
      target.ratingSum += Number(row.rating);
    }
    if (Object.hasOwn(AVOIDED_CENTS, row.diverted_from))
      target.savingsCents += AVOIDED_CENTS[row.diverted_from] - TELEHEALTH_CENTS;
  }

  return [...cells.values()]
    .sort((a, b) => (a.Snapshot_Key__c < b.Snapshot_Key__c ? -1 : 1))
    .map(({ ratingSum, savingsCents, ...snapshot }) => ({
      ...snapshot,
      Average_Rating__c: snapshot.Rated_Visits__c ? averageHalfUp(ratingSum, snapshot.Rated_Visits__c) : null,
      Cost_Savings__c: savingsCents / 100,
    }));
}
