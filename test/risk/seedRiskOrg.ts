/**
 * Seeds health plan accounts with everything the risk model reads — contracts, an Active account
 * plan with objectives, stakeholders with contacts, 12 months of snapshots — each account healthy
 * except for at most one planted problem. Used by the risk end-to-end tests and the benchmark.
 */
import type { Connection } from 'jsforce';

export const PROBLEMS = [
  'healthy',
  'utilization-collapse',
  'detractor-executive',
  'ratings-falling',
  'savings-under-target',
  'renewal-soon-objectives-off-track',
] as const;
export type Problem = (typeof PROBLEMS)[number];

/** The factors (Risk_Factor__mdt DeveloperNames) that show each planted problem. */
export const PROBLEM_FACTORS: Record<Exclude<Problem, 'healthy'>, string[]> = {
  'utilization-collapse': ['Utilization_Trend', 'Utilization_Vs_Target'],
  'detractor-executive': ['Relationship_Health'],
  'ratings-falling': ['Rating_Vs_Target'],
  'savings-under-target': ['Cost_Savings_Vs_Target'],
  'renewal-soon-objectives-off-track': ['Days_To_Renewal', 'Objectives_Off_Track'],
};

export type SeedOptions = {
  accounts: number;
  asOf: string;
  /** The problem planted in account `index`; default: cycle through PROBLEMS. */
  problem?: (index: number) => Problem;
  /** Health_Plan_Id__c prefix. */
  prefix?: string;
};

export type SeededAccount = { accountId: string; healthPlanId: string; problem: Problem };

const LINES = ['Commercial', 'Medicare'];
const ELIGIBLE = 12_000;
const COLLECTION_SIZE = 200;

type SObject = Record<string, unknown>;

export async function seedRiskOrg(conn: Connection, options: SeedOptions): Promise<SeededAccount[]> {
  const prefix = options.prefix ?? 'HP';
  const problemOf = options.problem ?? ((index: number): Problem => PROBLEMS[index % PROBLEMS.length]);
  const plans = Array.from({ length: options.accounts }, (_, index) => ({
    healthPlanId: `${prefix}-${String(index + 1).padStart(5, '0')}`,
    problem: problemOf(index),
  }));
  const accountIds = await create(
    conn,
    'Account',
    plans.map((plan) => ({
      Name: `Health Plan ${plan.healthPlanId}`,
      Health_Plan_Id__c: plan.healthPlanId,
      Renewal_Date__c: renewalDate(options.asOf, plan.problem),
    })),
  );
  const seeded = plans.map((plan, index) => ({ ...plan, accountId: accountIds[index] }));

  const contactIds = await create(
    conn,
    'Contact',
    seeded.flatMap((plan) =>
      ROLES.map(([role]) => ({ AccountId: plan.accountId, FirstName: role, LastName: `Contact ${plan.healthPlanId}` })),
    ),
  );
  const planIds = await create(
    conn,
    'Account_Plan__c',
    seeded.map((plan) => ({
      Account__c: plan.accountId,
      Name: `${plan.healthPlanId} ${options.asOf.slice(0, 4)} plan`,
      Plan_Year__c: options.asOf.slice(0, 4),
      Status__c: 'Active',
      Target_Registration_Rate__c: 18,
      Target_Visits_Per_1000__c: 60,
      Target_Cost_Savings__c: 500_000,
      Target_Rating__c: 4.5,
    })),
  );
  const children: Array<[string, SObject[]]> = [
    ['Contract', seeded.flatMap((plan) => contracts(plan.accountId, options.asOf, plan.problem))],
    [
      'Account_Plan_Objective__c',
      seeded.flatMap((plan, index) => objectives(planIds[index], options.asOf, plan.problem)),
    ],
    [
      'Plan_Stakeholder__c',
      seeded.flatMap((plan, index) =>
        stakeholders(
          plan.accountId,
          contactIds.slice(index * ROLES.length, (index + 1) * ROLES.length),
          options.asOf,
          plan.problem,
        ),
      ),
    ],
    ['Utilization_Snapshot__c', seeded.flatMap((plan) => snapshots(plan, options.asOf))],
  ];
  for (const [type, records] of children) {
    await create(conn, type, records);
  }
  return seeded;
}

async function create(conn: Connection, type: string, records: SObject[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < records.length; start += COLLECTION_SIZE) {
    const batch = records.slice(start, start + COLLECTION_SIZE);
    const results = await conn.sobject(type).create(batch, { allOrNone: true });
    for (const result of results) {
      if (!result.success) throw new Error(`Creating ${type} failed: ${JSON.stringify(result.errors)}`);
      ids.push(result.id);
    }
  }
  return ids;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function renewalDate(asOf: string, problem: Problem): string {
  return addDays(asOf, problem === 'renewal-soon-objectives-off-track' ? 30 : 400);
}

function contracts(accountId: string, asOf: string, problem: Problem): SObject[] {
  return LINES.map((line) => ({
    AccountId: accountId,
    Line_Of_Business__c: line,
    Status: 'Draft',
    StartDate: addDays(asOf, -700),
    EndDate: renewalDate(asOf, problem),
    Covered_Lives__c: ELIGIBLE,
    PMPM_Fee__c: 0.5,
    Per_Visit_Fee__c: 10,
  }));
}

function objectives(planId: string, asOf: string, problem: Problem): SObject[] {
  const troubled = problem === 'renewal-soon-objectives-off-track';
  return ['Grow Medicare', 'Launch behavioral health', 'Raise registration', 'Quarterly reviews'].map(
    (name, index) => ({
      Account_Plan__c: planId,
      Name: name,
      Status__c: troubled && index < 3 ? 'Off Track' : 'On Track',
      Due_Date__c: addDays(asOf, 90),
    }),
  );
}

const ROLES: Array<[string, string, string]> = [
  ['Executive', 'High', 'Champion'],
  ['Clinical', 'High', 'Supporter'],
  ['Finance', 'Medium', 'Neutral'],
];

function stakeholders(accountId: string, contactIds: string[], asOf: string, problem: Problem): SObject[] {
  return ROLES.map(([role, influence, sentiment], index) => ({
    Account__c: accountId,
    Contact__c: contactIds[index],
    Role__c: role,
    Influence__c: influence,
    Sentiment__c: problem === 'detractor-executive' && role === 'Executive' ? 'Detractor' : sentiment,
    Last_Engagement_Date__c: addDays(asOf, -10 - index),
  }));
}

function snapshots(plan: { accountId: string; healthPlanId: string; problem: Problem }, asOf: string): SObject[] {
  const rows: SObject[] = [];
  const [year, month] = asOf.split('-').map(Number);
  for (let monthsAgo = 11; monthsAgo >= 0; monthsAgo--) {
    const start = new Date(Date.UTC(year, month - 1 - monthsAgo, 1)).toISOString().slice(0, 10);
    const recent = monthsAgo < 3;
    const visitsPer1000 = plan.problem === 'utilization-collapse' && recent ? 20 : 60;
    const visits = Math.round((visitsPer1000 * ELIGIBLE) / 12_000);
    for (const line of LINES) {
      rows.push({
        Account__c: plan.accountId,
        Snapshot_Key__c: `${plan.healthPlanId}|${line}|${start.slice(0, 7)}`,
        Period_Start__c: start,
        Line_Of_Business__c: line,
        Eligible_Members__c: ELIGIBLE,
        Registered_Members__c: 2_400,
        Visits__c: visits,
        Cost_Savings__c: plan.problem === 'savings-under-target' ? 5_000 : 25_000,
        Average_Rating__c: plan.problem === 'ratings-falling' && recent ? 3.8 : 4.7,
        Rated_Visits__c: Math.round(visits / 2),
      });
    }
  }
  return rows;
}
