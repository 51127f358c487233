/**
 * Everything the model needs for every account, in a fixed number of queries whatever the number
 * of accounts: one per object (accounts with their latest assessments, contracts, active plans
 * with objectives, stakeholders, snapshots), repeated only per chunk of `--health-plan-id` values.
 */
import { monthIndex, monthStart, type AccountRiskInput, type PlanInput, type Tier } from './model/index.js';
import { childRecords, dateOrNull, numberOrNull, soqlString, stringOrNull } from './fields.js';
import type { RiskReader } from './reader.js';

/**
 * Plan ids per query when filtering: at most 200, and no more than fit in 12,000 bytes of URI as sent
 * (percent-encoded, quotes as %27, each id with its `, `), which leaves the rest of the longest query
 * and the headers well under the 16,384 bytes of URI and headers Salesforce takes.
 */
const PLAN_IDS_PER_QUERY = 200;
const PLAN_LIST_URI_BYTES = 12_000;

/** Bytes a value adds to the query's URI: its SOQL literal percent-encoded, plus `, ` (%2C%20). */
const uriBytes = (id: string): number => encodeURIComponent(soqlString(id)).replace(/'/g, '%27').length + 6;

function planIdChunks(ids: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let bytes = 0;
  for (const id of ids) {
    const cost = uriBytes(id);
    const current = chunks.at(-1);
    if (!current || current.length === PLAN_IDS_PER_QUERY || bytes + cost > PLAN_LIST_URI_BYTES) {
      chunks.push([id]);
      bytes = cost;
    } else {
      current.push(id);
      bytes += cost;
    }
  }
  return chunks;
}

export type ExistingAssessment = {
  key: string;
  score: number | null;
  tier: string | null;
  renewalPercent: number | null;
  modelVersion: string | null;
  drivers: string | null;
  recommendedActions: string | null;
};

export type LoadedAccount = {
  accountId: string;
  healthPlanId: string;
  name: string;
  /** The Account risk fields as they are now. */
  current: { score: number | null; tier: string | null; scoredAt: string | null };
  /** The assessment already written for the as-of day, if any. */
  existing: ExistingAssessment | null;
  /** `Savings_Assumption_Set__c` values of the snapshots scored: the assumptions behind their savings. */
  savingsAssumptionSets: string[];
  input: AccountRiskInput;
};

type AssessmentRow = {
  Assessment_Key__c: string | null;
  Score__c: unknown;
  Tier__c: string | null;
  Renewal_Percent__c: unknown;
  Assessed_On__c: string | null;
  Model_Version__c: string | null;
  Drivers__c: string | null;
  Recommended_Actions__c: string | null;
};
type AccountRow = {
  Id: string;
  Name: string;
  Health_Plan_Id__c: string;
  Renewal_Date__c: string | null;
  Renewal_Risk_Score__c: unknown;
  Renewal_Risk_Tier__c: string | null;
  Renewal_Risk_Scored_At__c: string | null;
  Renewal_Risk_Assessments__r: unknown;
};
type ContractRow = Record<string, unknown> & { AccountId: string };
type PlanRow = Record<string, unknown> & { Account__c: string; Objectives__r: unknown };
type StakeholderRow = Record<string, unknown> & {
  Account__c: string;
  Contact__r: { FirstName?: string | null; LastName?: string | null } | null;
};
type SnapshotRow = Record<string, unknown> & { Account__c: string };

export type LoadOptions = { asOf: string; healthPlanIds?: string[] };

export async function loadAccounts(reader: RiskReader, options: LoadOptions): Promise<LoadedAccount[]> {
  const filters = planFilters(options.healthPlanIds);
  const accounts: AccountRow[] = [];
  const contracts: ContractRow[] = [];
  const plans: PlanRow[] = [];
  const stakeholders: StakeholderRow[] = [];
  const snapshots: SnapshotRow[] = [];
  for (const filter of filters) {
    // eslint-disable-next-line no-await-in-loop
    const [a, c, p, s, u] = await Promise.all([
      reader.query<AccountRow>(accountSoql(filter.account, options.asOf)),
      reader.query<ContractRow>(contractSoql(filter.viaAccountId), { bulk: true }),
      reader.query<PlanRow>(planSoql(filter.viaAccount)),
      reader.query<StakeholderRow>(stakeholderSoql(filter.viaAccount), { bulk: true }),
      reader.query<SnapshotRow>(snapshotSoql(filter.viaAccount, options.asOf), { bulk: true }),
    ]);
    accounts.push(...a);
    contracts.push(...c);
    plans.push(...p);
    stakeholders.push(...s);
    snapshots.push(...u);
  }
  const contractsOf = groupBy(contracts, (row) => row.AccountId);
  const plansOf = groupBy(plans, (row) => row.Account__c);
  const stakeholdersOf = groupBy(stakeholders, (row) => row.Account__c);
  const snapshotsOf = groupBy(snapshots, (row) => row.Account__c);
  return accounts.map((account) =>
    toLoadedAccount(account, options.asOf, {
      contracts: contractsOf.get(account.Id) ?? [],
      plans: plansOf.get(account.Id) ?? [],
      stakeholders: stakeholdersOf.get(account.Id) ?? [],
      snapshots: snapshotsOf.get(account.Id) ?? [],
    }),
  );
}

type Filter = { account: string; viaAccount: string; viaAccountId: string };

function planFilters(healthPlanIds: string[] | undefined): Filter[] {
  if (!healthPlanIds?.length) {
    return [
      {
        account: 'Health_Plan_Id__c != null',
        viaAccount: 'Account__r.Health_Plan_Id__c != null',
        viaAccountId: 'Account.Health_Plan_Id__c != null',
      },
    ];
  }
  return planIdChunks([...new Set(healthPlanIds)]).map((ids) => {
    const list = `(${ids.map(soqlString).join(', ')})`;
    return {
      account: `Health_Plan_Id__c IN ${list}`,
      viaAccount: `Account__r.Health_Plan_Id__c IN ${list}`,
      viaAccountId: `Account.Health_Plan_Id__c IN ${list}`,
    };
  });
}

/** The latest two assessments up to the as-of day: today's (to compare with) and the previous one. */
function accountSoql(where: string, asOf: string): string {
  return (
    'SELECT Id, Name, Health_Plan_Id__c, Renewal_Date__c, Renewal_Risk_Score__c, Renewal_Risk_Tier__c, Renewal_Risk_Scored_At__c, ' +
    '(SELECT Assessment_Key__c, Score__c, Tier__c, Renewal_Percent__c, Assessed_On__c, Model_Version__c, Drivers__c, Recommended_Actions__c ' +
    `FROM Renewal_Risk_Assessments__r WHERE Assessed_On__c <= ${asOf} ORDER BY Assessed_On__c DESC LIMIT 2) ` +
    `FROM Account WHERE ${where} ORDER BY Health_Plan_Id__c`
  );
}

function contractSoql(where: string): string {
  return `SELECT AccountId, Line_Of_Business__c, StartDate, EndDate, Covered_Lives__c, PMPM_Fee__c, Per_Visit_Fee__c FROM Contract WHERE ${where}`;
}

function planSoql(where: string): string {
  return (
    'SELECT Account__c, Name, Plan_Year__c, Target_Registration_Rate__c, Target_Visits_Per_1000__c, Target_Cost_Savings__c, Target_Rating__c, ' +
    '(SELECT Name, Status__c, Due_Date__c FROM Objectives__r) ' +
    `FROM Account_Plan__c WHERE Status__c = 'Active' AND ${where}`
  );
}

function stakeholderSoql(where: string): string {
  return `SELECT Account__c, Contact__r.FirstName, Contact__r.LastName, Role__c, Influence__c, Sentiment__c, Last_Engagement_Date__c FROM Plan_Stakeholder__c WHERE ${where}`;
}

/** The 12 months up to the as-of month. */
function snapshotSoql(where: string, asOf: string): string {
  const last = monthIndex(asOf);
  return (
    'SELECT Account__c, Line_Of_Business__c, Period_Start__c, Eligible_Members__c, Registered_Members__c, Visits__c, ' +
    'Cost_Savings__c, Average_Rating__c, Rated_Visits__c, Savings_Assumption_Set__c FROM Utilization_Snapshot__c ' +
    `WHERE Period_Start__c >= ${monthStart(last - 11)} AND Period_Start__c <= ${monthStart(last)} AND ${where}`
  );
}

type Children = {
  contracts: ContractRow[];
  plans: PlanRow[];
  stakeholders: StakeholderRow[];
  snapshots: SnapshotRow[];
};

function toLoadedAccount(account: AccountRow, asOf: string, children: Children): LoadedAccount {
  const assessments = childRecords<AssessmentRow>(account.Renewal_Risk_Assessments__r);
  const todays = assessments.find((row) => dateOrNull(row.Assessed_On__c) === asOf) ?? null;
  const previous =
    assessments.find((row) => (dateOrNull(row.Assessed_On__c) ?? asOf) < asOf && numberOrNull(row.Score__c) !== null) ??
    null;
  return {
    accountId: account.Id,
    healthPlanId: account.Health_Plan_Id__c,
    name: account.Name,
    current: {
      score: numberOrNull(account.Renewal_Risk_Score__c),
      tier: stringOrNull(account.Renewal_Risk_Tier__c),
      scoredAt: stringOrNull(account.Renewal_Risk_Scored_At__c),
    },
    existing: todays && {
      key: todays.Assessment_Key__c ?? '',
      score: numberOrNull(todays.Score__c),
      tier: stringOrNull(todays.Tier__c),
      renewalPercent: numberOrNull(todays.Renewal_Percent__c),
      modelVersion: stringOrNull(todays.Model_Version__c),
      drivers: stringOrNull(todays.Drivers__c),
      recommendedActions: stringOrNull(todays.Recommended_Actions__c),
    },
    savingsAssumptionSets: [
      ...new Set(
        children.snapshots.flatMap((row) => {
          const value = stringOrNull(row.Savings_Assumption_Set__c);
          return value ? [value] : [];
        }),
      ),
    ].sort(),
    input: {
      asOf,
      snapshots: children.snapshots.map((row) => ({
        lineOfBusiness: stringOrNull(row.Line_Of_Business__c) ?? '',
        periodStart: dateOrNull(row.Period_Start__c) ?? '',
        eligibleMembers: numberOrNull(row.Eligible_Members__c),
        registeredMembers: numberOrNull(row.Registered_Members__c),
        visits: numberOrNull(row.Visits__c),
        costSavings: numberOrNull(row.Cost_Savings__c),
        averageRating: numberOrNull(row.Average_Rating__c),
        ratedVisits: numberOrNull(row.Rated_Visits__c),
      })),
      contracts: children.contracts.map((row) => ({
        lineOfBusiness: stringOrNull(row.Line_Of_Business__c),
        startDate: dateOrNull(row.StartDate),
        endDate: dateOrNull(row.EndDate),
        coveredLives: numberOrNull(row.Covered_Lives__c),
        pmpmFee: numberOrNull(row.PMPM_Fee__c),
        perVisitFee: numberOrNull(row.Per_Visit_Fee__c),
      })),
      renewalDate: dateOrNull(account.Renewal_Date__c),
      plan: activePlan(children.plans, asOf),
      stakeholders: children.stakeholders.map((row) => ({
        name: contactName(row),
        role: stringOrNull(row.Role__c),
        influence: stringOrNull(row.Influence__c),
        sentiment: stringOrNull(row.Sentiment__c),
        lastEngagementDate: dateOrNull(row.Last_Engagement_Date__c),
      })),
      previous: previous && {
        score: numberOrNull(previous.Score__c) ?? 0,
        tier: (stringOrNull(previous.Tier__c) as Tier | null) ?? null,
        assessedOn: dateOrNull(previous.Assessed_On__c) ?? '',
        contributions: storedContributions(previous.Drivers__c),
      },
    },
  };
}

/** Contribution by factor from a stored `Drivers__c`; null when it is missing or not the JSON the scorer writes. */
export function storedContributions(drivers: string | null): Record<string, number> | null {
  if (!drivers) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(drivers);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const contributions: Record<string, number> = {};
  for (const entry of parsed as Array<{ factor?: unknown; contribution?: unknown }>) {
    if (typeof entry?.factor !== 'string' || typeof entry.contribution !== 'number') return null;
    contributions[entry.factor] = entry.contribution;
  }
  return contributions;
}

/** One Active plan per account is the rule; if there are more, the one for the as-of year, else the latest. */
function activePlan(rows: PlanRow[], asOf: string): PlanInput | null {
  if (!rows.length) return null;
  const year = asOf.slice(0, 4);
  const planYear = (plan: PlanRow): string => stringOrNull(plan.Plan_Year__c) ?? '';
  const sorted = [...rows].sort((a, b) => planYear(b).localeCompare(planYear(a)));
  const row = sorted.find((plan) => planYear(plan) === year) ?? sorted[0];
  return {
    name: stringOrNull(row.Name) ?? 'Account plan',
    targetRegistrationRate: numberOrNull(row.Target_Registration_Rate__c),
    targetVisitsPer1000: numberOrNull(row.Target_Visits_Per_1000__c),
    targetCostSavings: numberOrNull(row.Target_Cost_Savings__c),
    targetRating: numberOrNull(row.Target_Rating__c),
    objectives: childRecords<Record<string, unknown>>(row.Objectives__r).map((objective) => ({
      name: stringOrNull(objective.Name) ?? 'Objective',
      status: stringOrNull(objective.Status__c),
      dueDate: dateOrNull(objective.Due_Date__c),
    })),
  };
}

/**
 * First and last name (`Name` is compound in Salesforce, so the parts are what every org can select),
 * nested from REST or flattened (`Contact__r.FirstName`) from a Bulk API CSV.
 */
function contactName(row: StakeholderRow): string {
  const part = (field: 'FirstName' | 'LastName'): unknown => row.Contact__r?.[field] ?? row[`Contact__r.${field}`];
  const name = [part('FirstName'), part('LastName')].filter((value) => typeof value === 'string' && value).join(' ');
  return name || 'Unnamed contact';
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
