/**
 * Puts one health plan's record page into an org: the demo dataset's Account, contracts, contacts,
 * stakeholders, account plan and objectives (seedOrg), plus what the nightly sync and the risk score
 * would have written — monthly utilization snapshots and two risk assessments — so the page has
 * everything to show before those jobs run.
 */
import crypto from 'node:crypto';
import type { Connection } from 'jsforce';
import { generateDataset, seedOrg, type Dataset, type DemoPlan, type MonthlyCell } from '../demo-data/index.js';
import { expectedRating, expectedSavingsPerVisit } from '../demo-data/visitMix.js';

export type SeedPageOptions = {
  /** Dataset seed: the same seed gives the same plan and numbers. */
  seed?: number;
  /** Months of snapshots, the latest ending the month before today (default 36). */
  months?: number;
  /** Lines of business with snapshots (default: all the plan has, which is up to 4). */
  linesOfBusiness?: number;
  /** Which of the dataset's plans with enough lines of business to use (default 0). */
  planIndex?: number;
};

export type SeededPage = {
  accountId: string;
  accountName: string;
  healthPlanId: string;
  plan: DemoPlan;
  linesOfBusiness: string[];
  snapshotCount: number;
  assessmentIds: string[];
};

type SaveResult = { id?: string; success: boolean; errors?: unknown };

const PLANS_IN_DATASET = 14;
const CHUNK = 200;

function throwOnFailure(action: string, object: string, results: SaveResult[]): void {
  const failed = results.find((result) => !result.success);
  if (failed) throw new Error(`${action} ${object} failed: ${JSON.stringify(failed.errors)}`);
}

async function insert(conn: Connection, object: string, records: Array<Record<string, unknown>>): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < records.length; offset += CHUNK) {
    const results = (await conn
      .sobject(object)
      .create(records.slice(offset, offset + CHUNK), { allOrNone: true })) as unknown as SaveResult[];
    throwOnFailure('Creating', object, results);
    ids.push(...results.map((result) => result.id as string));
  }
  return ids;
}

function snapshotRecord(accountId: string, cell: MonthlyCell): Record<string, unknown> {
  const ratedVisits = Math.round(cell.visits * 0.4);
  const values = {
    Snapshot_Key__c: `${cell.healthPlanId}|${cell.lineOfBusiness}|${cell.period}`,
    Account__c: accountId,
    Period_Start__c: `${cell.period}-01`,
    Line_Of_Business__c: cell.lineOfBusiness,
    Eligible_Members__c: cell.eligible,
    Registered_Members__c: cell.registered,
    Visits__c: cell.visits,
    Behavioral_Health_Visits__c: Math.round(cell.visits * 0.18),
    Cost_Savings__c: Math.round(cell.visits * expectedSavingsPerVisit(cell.lineOfBusiness, cell.diversion) * 100) / 100,
    Average_Rating__c: ratedVisits ? Math.round(expectedRating(cell.ratingDecline) * 100) / 100 : null,
    Rated_Visits__c: ratedVisits,
  };
  return { ...values, Content_Hash__c: crypto.createHash('sha256').update(JSON.stringify(values)).digest('hex') };
}

function drivers(plan: DemoPlan, asOf: string, scale: number): string {
  const target = plan.accountPlan;
  const daysToRenewal = Math.round((Date.parse(plan.account.Renewal_Date__c) - Date.parse(asOf)) / 86_400_000);
  return JSON.stringify([
    {
      factor: 'utilizationTrend',
      label: 'Utilization trend',
      value: -0.18 * scale,
      target: 0,
      contribution: Math.round(22 * scale),
      sentence: `Visits per 1,000 fell ${Math.round(18 * scale)}% over the last 3 months.`,
    },
    {
      factor: 'registrationVsTarget',
      label: 'Registration vs target',
      value: target.Target_Registration_Rate__c * 0.8,
      target: target.Target_Registration_Rate__c,
      contribution: Math.round(14 * scale),
      sentence: `Registration is 20% under the plan's target of ${target.Target_Registration_Rate__c}%.`,
    },
    {
      factor: 'daysToRenewal',
      label: 'Days to renewal',
      value: daysToRenewal,
      target: 180,
      contribution: Math.round(9 * scale),
      sentence: `The nearest contract renews in ${daysToRenewal} days.`,
    },
  ]);
}

/** Objectives and relationships belong to the org's user, as a rep's own would. */
async function assignOwners(conn: Connection, accountId: string): Promise<void> {
  const [user] = (await conn.query<{ Id: string }>('SELECT Id FROM User LIMIT 1')).records;
  if (!user) return;
  const objectives = await conn.query<{ Id: string }>(
    `SELECT Id FROM Account_Plan_Objective__c WHERE Account_Plan__r.Account__c = '${accountId}'`,
  );
  const stakeholders = await conn.query<{ Id: string }>(
    `SELECT Id FROM Plan_Stakeholder__c WHERE Account__c = '${accountId}'`,
  );
  for (const [object, records, field] of [
    ['Account_Plan_Objective__c', objectives.records, 'Owner__c'],
    ['Plan_Stakeholder__c', stakeholders.records, 'Relationship_Owner__c'],
  ] as const) {
    if (records.length === 0) continue;
    const results = (await conn.sobject(object).update(
      records.map((record) => ({ Id: record.Id, [field]: user.Id })),
      { allOrNone: true },
    )) as unknown as SaveResult[];
    throwOnFailure('Updating', object, results);
  }
}

function lastPeriods(dataset: Dataset, months: number): string[] {
  return dataset.periods.slice(-months);
}

/** Seeds one plan's record page and answers the ids and facts tests compare the page with. */
export async function seedRecordPage(conn: Connection, options: SeedPageOptions = {}): Promise<SeededPage> {
  const months = options.months ?? 36;
  const dataset = generateDataset({ seed: options.seed ?? 7, plans: PLANS_IN_DATASET, months: Math.max(months, 6) });
  const wanted = options.linesOfBusiness ?? 4;
  const candidates = dataset.plans.filter((candidate) => candidate.linesOfBusiness.length >= wanted);
  const plan = candidates[options.planIndex ?? 0];
  if (!plan) throw new Error(`No plan in the dataset has ${wanted} lines of business; try another seed.`);

  const { accountIds } = await seedOrg(conn, { ...dataset, plans: [plan] });
  const accountId = accountIds[plan.healthPlanId];
  await assignOwners(conn, accountId);
  const linesOfBusiness = plan.linesOfBusiness.slice(0, wanted);
  const periods = new Set(lastPeriods(dataset, months));
  const cells = dataset.monthly.filter(
    (cell) =>
      cell.healthPlanId === plan.healthPlanId &&
      linesOfBusiness.includes(cell.lineOfBusiness) &&
      periods.has(cell.period),
  );
  await insert(
    conn,
    'Utilization_Snapshot__c',
    cells.map((cell) => snapshotRecord(accountId, cell)),
  );

  const today = dataset.asOf;
  const monthAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  const assessments = [
    // Renewal percent as the model gives it with the shipped base rate of 5%: 100 × (1 − (0.05 + 0.95 × score / 100)).
    { on: monthAgo, score: 48, tier: 'Moderate', scale: 0.7, renewalPercent: 49 },
    { on: today, score: 67, tier: 'High', scale: 1, renewalPercent: 31 },
  ];
  const assessmentIds = await insert(
    conn,
    'Renewal_Risk_Assessment__c',
    assessments.map((assessment) => ({
      Assessment_Key__c: `${plan.healthPlanId}|${assessment.on}`,
      Account__c: accountId,
      Score__c: assessment.score,
      Tier__c: assessment.tier,
      Renewal_Percent__c: assessment.renewalPercent,
      Assessed_On__c: assessment.on,
      Model_Version__c: '1.0.0',
      Drivers__c: drivers(plan, assessment.on, assessment.scale),
      Recommended_Actions__c:
        'Utilization trend: Run a member re-engagement campaign with the plan.\n' +
        'Registration vs target: Add registration prompts to the plan portal.',
    })),
  );
  const latest = assessments[assessments.length - 1];
  await conn.sobject('Account').update({
    Id: accountId,
    Renewal_Risk_Score__c: latest.score,
    Renewal_Risk_Tier__c: latest.tier,
    Renewal_Risk_Scored_At__c: `${today}T06:00:00.000Z`,
  });

  return {
    accountId,
    accountName: plan.account.Name,
    healthPlanId: plan.healthPlanId,
    plan,
    linesOfBusiness,
    snapshotCount: cells.length,
    assessmentIds,
  };
}
