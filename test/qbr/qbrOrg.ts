/**
 * A local org for the QBR tests: three generated plans synced through the real plugin (15 months to
 * 2026-09), plus two hand-made plans with values worked out by hand: HP-ONE (one line of business,
 * an account plan) and HP-NOPLAN (no account plan).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Connection } from 'jsforce';
import { datasetFeeds, PLUGIN_BIN, runSync, seededOrg, type Feeds, type SyncOrg } from '../sync/syncHarness.js';
import { REPO_ROOT } from '../support/localOrg.js';

export const QUARTER = '2026-Q3';
export const SET = 'Public_2024_Averages|1686|156|147|91|Public 2024 averages (test)';

export type QbrOrg = { org: SyncOrg; feeds: Feeds };

type Month = {
  month: string;
  eligible: number;
  registered: number;
  visits: number;
  behavioral: number;
  savings: number;
  rating: number;
  rated: number;
};

/**
 * HP-ONE, Commercial only. The quarter (Jul–Sep 2026) by hand:
 * eligible 1,200 and registered 240 in September (20.0%); visits 30 + 40 + 50 = 120; member-months
 * 1,000 + 1,000 + 1,200 = 3,200, so 120 / 3,200 × 12 × 1,000 = 450.0 visits per 1,000; behavioral
 * 6 + 10 + 12 = 28 of 120 = 23.3%; savings $12,000; fees 0.50 × 3,200 + 20 × 120 = $4,000; ROI 3.00×;
 * rating (4.5 × 10 + 4.0 × 20 + 5.0 × 10) / 40 = 4.375, printed 4.38.
 * The quarter before has June only: 20 visits / 1,000 member-months × 12,000 = 240.0.
 */
export const SOLO_MONTHS: Month[] = [
  { month: '2025-08', eligible: 900, registered: 150, visits: 18, behavioral: 3, savings: 1500, rating: 4.1, rated: 6 },
  { month: '2026-06', eligible: 1000, registered: 180, visits: 20, behavioral: 2, savings: 1000, rating: 4, rated: 5 },
  {
    month: '2026-07',
    eligible: 1000,
    registered: 200,
    visits: 30,
    behavioral: 6,
    savings: 3000,
    rating: 4.5,
    rated: 10,
  },
  {
    month: '2026-08',
    eligible: 1000,
    registered: 210,
    visits: 40,
    behavioral: 10,
    savings: 4000,
    rating: 4,
    rated: 20,
  },
  {
    month: '2026-09',
    eligible: 1200,
    registered: 240,
    visits: 50,
    behavioral: 12,
    savings: 5000,
    rating: 5,
    rated: 10,
  },
];

async function create(conn: Connection, type: string, records: Array<Record<string, unknown>>): Promise<string[]> {
  const results = await conn.sobject(type).create(records);
  return results.map((result) => {
    if (!result.success) throw new Error(`${type}: ${JSON.stringify(result)}`);
    return result.id;
  });
}

async function handMadePlans(conn: Connection): Promise<void> {
  const [solo, noPlan] = await create(conn, 'Account', [
    { Name: 'Solo Commercial Health', Health_Plan_Id__c: 'HP-ONE' },
    { Name: 'No Plan Health', Health_Plan_Id__c: 'HP-NOPLAN' },
  ]);
  await create(conn, 'Contract', [
    {
      AccountId: solo,
      Line_Of_Business__c: 'Commercial',
      StartDate: '2025-01-01',
      ContractTerm: 36,
      EndDate: '2027-12-31',
      PMPM_Fee__c: 0.5,
      Per_Visit_Fee__c: 20,
      Covered_Lives__c: 1000,
      Status: 'Draft',
    },
    {
      AccountId: noPlan,
      Line_Of_Business__c: 'Medicaid',
      StartDate: '2026-01-01',
      ContractTerm: 24,
      EndDate: '2027-12-31',
      PMPM_Fee__c: 1,
      Per_Visit_Fee__c: 0,
      Covered_Lives__c: 500,
      Status: 'Draft',
    },
  ]);
  const [sponsor] = await create(conn, 'Contact', [
    { AccountId: solo, FirstName: 'Dana', LastName: 'Whitfield', Title: 'Chief Medical Officer' },
  ]);
  const [plan] = await create(conn, 'Account_Plan__c', [
    {
      Account__c: solo,
      Name: 'Solo 2026 plan',
      Plan_Year__c: '2026',
      Status__c: 'Active',
      Strategy__c: 'Grow virtual primary care in the Commercial book.',
      Executive_Sponsor__c: sponsor,
      Target_Registration_Rate__c: 25,
      Target_Visits_Per_1000__c: 400,
      Target_Cost_Savings__c: 40000,
      Target_Rating__c: 4.2,
    },
  ]);
  await create(conn, 'Account_Plan_Objective__c', [
    {
      Account_Plan__c: plan,
      Name: 'Launch the member app campaign',
      Category__c: 'Marketing',
      Status__c: 'Done',
      Due_Date__c: '2026-06-30',
    },
    {
      Account_Plan__c: plan,
      Name: 'Add behavioral health to the ID card',
      Category__c: 'Product',
      Status__c: 'On Track',
      Due_Date__c: '2026-12-31',
    },
  ]);
  const snapshot = (account: string, planId: string, line: string, month: Month): Record<string, unknown> => ({
    Account__c: account,
    Snapshot_Key__c: `${planId}|${line}|${month.month}`,
    Line_Of_Business__c: line,
    Period_Start__c: `${month.month}-01`,
    Eligible_Members__c: month.eligible,
    Registered_Members__c: month.registered,
    Visits__c: month.visits,
    Behavioral_Health_Visits__c: month.behavioral,
    Cost_Savings__c: month.savings,
    Average_Rating__c: month.rating,
    Rated_Visits__c: month.rated,
    Savings_Assumption_Set__c: SET,
  });
  await create(conn, 'Utilization_Snapshot__c', [
    ...SOLO_MONTHS.map((month) => snapshot(solo, 'HP-ONE', 'Commercial', month)),
    snapshot(noPlan, 'HP-NOPLAN', 'Medicaid', SOLO_MONTHS[4]),
  ]);
}

export type PluginRun = {
  code: number;
  json: { status: number; result?: Record<string, unknown>; message?: string };
  stdout: string;
  stderr: string;
};

/** The real plugin in a child process against `org`, with `--json`. */
export function plugin(org: SyncOrg, args: string[]): Promise<PluginRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PLUGIN_BIN, ...args, '--target-org', org.alias, '--json'],
      { env: org.env, cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        let json: PluginRun['json'];
        try {
          json = JSON.parse(stdout) as PluginRun['json'];
        } catch {
          json = { status: code, message: stdout + stderr };
        }
        resolve({ code, json, stdout, stderr });
      },
    );
  });
}

export async function startQbrOrg(): Promise<QbrOrg> {
  const feeds = await datasetFeeds({ seed: 7, plans: 3, months: 15, visitScale: 0.01, endMonth: '2026-09' });
  const org = await seededOrg(feeds.dataset);
  const sync = await runSync(org, feeds);
  if (sync.status !== 0) throw new Error(`sync failed: ${sync.stdout}${sync.stderr}`);
  await handMadePlans(org.conn);
  const risk = await plugin(org, ['healthplan', 'risk', 'score', '--as-of', '2026-10-15']);
  if (risk.code !== 0) throw new Error(`risk score failed: ${risk.stdout}${risk.stderr}`);
  return { org, feeds };
}

export const outputDir = (feeds: Feeds): string => path.join(feeds.dir, 'qbr');
