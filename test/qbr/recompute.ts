/**
 * A second, deliberately plain implementation of every QBR figure, straight from the org's records,
 * to check the document against. It shares no code with plugin/src/core/qbr.
 */
import type { Connection } from 'jsforce';

export type OrgSnapshot = {
  Snapshot_Key__c: string;
  Line_Of_Business__c: string;
  Period_Start__c: string;
  Eligible_Members__c: number | null;
  Registered_Members__c: number | null;
  Visits__c: number | null;
  Behavioral_Health_Visits__c: number | null;
  Cost_Savings__c: number | null;
  Average_Rating__c: number | null;
  Rated_Visits__c: number | null;
  Savings_Assumption_Set__c: string | null;
};
export type OrgContract = {
  Line_Of_Business__c: string;
  StartDate: string | null;
  EndDate: string | null;
  PMPM_Fee__c: number | null;
  Per_Visit_Fee__c: number | null;
};
export type OrgPlan = {
  Target_Registration_Rate__c: number | null;
  Target_Visits_Per_1000__c: number | null;
  Target_Cost_Savings__c: number | null;
  Target_Rating__c: number | null;
};
export type OrgFacts = { snapshots: OrgSnapshot[]; contracts: OrgContract[]; plan: OrgPlan | null };

export async function orgFacts(conn: Connection, healthPlanId: string): Promise<OrgFacts> {
  const where = `Account__r.Health_Plan_Id__c = '${healthPlanId}'`;
  const snapshots = await conn.query<OrgSnapshot>(
    'SELECT Snapshot_Key__c, Line_Of_Business__c, Period_Start__c, Eligible_Members__c, Registered_Members__c, Visits__c, ' +
      'Behavioral_Health_Visits__c, Cost_Savings__c, Average_Rating__c, Rated_Visits__c, Savings_Assumption_Set__c ' +
      `FROM Utilization_Snapshot__c WHERE ${where}`,
    { autoFetch: true, maxFetch: 100_000 },
  );
  const contracts = await conn.query<OrgContract>(
    `SELECT Line_Of_Business__c, StartDate, EndDate, PMPM_Fee__c, Per_Visit_Fee__c FROM Contract WHERE Account.Health_Plan_Id__c = '${healthPlanId}'`,
  );
  const plans = await conn.query<OrgPlan>(
    'SELECT Target_Registration_Rate__c, Target_Visits_Per_1000__c, Target_Cost_Savings__c, Target_Rating__c ' +
      `FROM Account_Plan__c WHERE Status__c = 'Active' AND ${where}`,
  );
  return { snapshots: snapshots.records, contracts: contracts.records, plan: plans.records[0] ?? null };
}

/** `2026-Q3` → `['2026-07', '2026-08', '2026-09']`. */
export function monthsOf(quarter: string): string[] {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  return [1, 2, 3].map((i) => `${year}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
}

const lastDay = (month: string): string => {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
};

const total = (rows: OrgSnapshot[], pick: (row: OrgSnapshot) => number | null): number =>
  rows.reduce((sum, row) => sum + (pick(row) ?? 0), 0);

/** Decimals each measure is printed with. */
export const DECIMALS: Record<string, number> = {
  eligible: 0,
  registered: 0,
  registrationRate: 1,
  visits: 0,
  visitsPer1000: 1,
  behavioralShare: 1,
  savings: 0,
  fees: 0,
  roi: 2,
  rating: 2,
  ratedVisits: 0,
  quarterSavings: 0,
  erVisitCost: 0,
  urgentCareVisitCost: 0,
  primaryCareVisitCost: 0,
  telehealthVisitCost: 0,
};

/** The value of the figure `id` (`scope.period.measure`, `target.measure`, `assumption.set.key`) from the org's records. */
export function expectedValue(id: string, facts: OrgFacts): number | null {
  const parts = id.split('.');
  if (parts[0] === 'target') {
    const plan = facts.plan;
    if (!plan) throw new Error(`${id}: a target without an account plan`);
    const targets: Record<string, number | null> = {
      registrationRate: plan.Target_Registration_Rate__c,
      visitsPer1000: plan.Target_Visits_Per_1000__c,
      quarterSavings: plan.Target_Cost_Savings__c === null ? null : plan.Target_Cost_Savings__c / 4,
      rating: plan.Target_Rating__c,
    };
    return targets[parts[1]];
  }
  if (parts[0] === 'assumption') {
    const set = facts.snapshots
      .map((row) => row.Savings_Assumption_Set__c ?? '')
      .find((value) => value.startsWith(`${parts[1]}|`));
    if (!set) throw new Error(`${id}: no snapshot names the set`);
    const position = ['erVisitCost', 'urgentCareVisitCost', 'primaryCareVisitCost', 'telehealthVisitCost'].indexOf(
      parts[2],
    );
    return Number(set.split('|')[1 + position]);
  }
  const [scope, quarter, measure] = parts;
  const months = monthsOf(quarter);
  const rows = facts.snapshots.filter(
    (row) =>
      months.includes(row.Period_Start__c.slice(0, 7)) && (scope === 'All lines' || row.Line_Of_Business__c === scope),
  );
  if (!rows.length) return null;
  const latest = rows
    .map((row) => row.Period_Start__c)
    .sort()
    .at(-1)!;
  const atLatest = rows.filter((row) => row.Period_Start__c === latest);
  const visits = total(rows, (row) => row.Visits__c);
  const rated = rows.filter((row) => row.Average_Rating__c !== null);
  let fees = 0;
  for (const contract of facts.contracts) {
    if (scope !== 'All lines' && contract.Line_Of_Business__c !== scope) continue;
    for (const month of months) {
      const active = (contract.StartDate ?? '0000') <= lastDay(month) && (contract.EndDate ?? '9999') >= `${month}-01`;
      if (!active) continue;
      for (const row of rows) {
        if (row.Line_Of_Business__c !== contract.Line_Of_Business__c || !row.Period_Start__c.startsWith(month))
          continue;
        fees +=
          (contract.PMPM_Fee__c ?? 0) * (row.Eligible_Members__c ?? 0) +
          (contract.Per_Visit_Fee__c ?? 0) * (row.Visits__c ?? 0);
      }
    }
  }
  const savings = total(rows, (row) => row.Cost_Savings__c);
  const ratedVisits = total(rated, (row) => row.Rated_Visits__c);
  const memberMonths = total(rows, (row) => row.Eligible_Members__c);
  const eligible = total(atLatest, (row) => row.Eligible_Members__c);
  const values: Record<string, number | null> = {
    eligible,
    registered: total(atLatest, (row) => row.Registered_Members__c),
    registrationRate: eligible ? (100 * total(atLatest, (row) => row.Registered_Members__c)) / eligible : null,
    visits,
    visitsPer1000: memberMonths ? (visits * 12_000) / memberMonths : null,
    behavioralShare: visits ? (100 * total(rows, (row) => row.Behavioral_Health_Visits__c)) / visits : null,
    savings,
    fees,
    roi: fees > 0 ? savings / fees : null,
    rating: ratedVisits
      ? total(rated, (row) => row.Average_Rating__c! * (row.Rated_Visits__c ?? 0)) / ratedVisits
      : null,
    ratedVisits,
  };
  if (!(measure in values)) throw new Error(`${id}: unknown measure`);
  return values[measure];
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (text: string): string => text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);

/** Every `data-figure` element of the HTML: id and printed text. */
export function printedFigures(html: string): Array<{ id: string; text: string }> {
  return [...html.matchAll(/data-figure="([^"]+)">([^<]*)</g)].map((match) => ({
    id: decode(match[1]),
    text: decode(match[2]),
  }));
}

/** `$12,000` → 12000, `23.3%` → 23.3, `3×` → 3, `—` → null. */
export function parsePrinted(text: string): number | null {
  if (text === '—') return null;
  const number = Number(text.replace(/[$,%×]/g, ''));
  if (!Number.isFinite(number)) throw new Error(`not a printed number: ${text}`);
  return number;
}
