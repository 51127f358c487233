import { execFile } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT, withLocalOrg } from '../support/localOrg.js';
import { PROBLEM_FACTORS, PROBLEMS, seedRiskOrg, type SeededAccount } from './seedRiskOrg.js';

const AS_OF = '2026-11-15';
const ALIAS = 'risk-e2e';
const NEXT_DAY = '2026-11-16';

type Summary = {
  change: number | null;
  changeByFactor: Array<{ factor: string; label: string; change: number }> | null;
  previousScore: number | null;
  healthPlanId: string;
  accountId: string;
  score: number;
  tier: string;
  status: string;
  drivers: Array<{ factor: string; contribution: number }>;
};
type RunJson = {
  status: number;
  result: {
    accountsScored: number;
    written: number;
    unchanged: number;
    apiCalls: number;
    queries: number;
    configSource: string;
    assessments: Summary[];
  };
};

/** Runs the plugin's real command in a child process, as `sf` would; `--json` unless `human`. */
function riskScore(
  env: NodeJS.ProcessEnv,
  args: string[] = ['--as-of', AS_OF],
  human = false,
): Promise<{ code: number; json: RunJson; stdout: string; stderr: string }> {
  const bin = path.join(REPO_ROOT, 'plugin', 'bin', 'dev.js');
  const argv = [bin, 'healthplan', 'risk', 'score', '--target-org', ALIAS, ...args, ...(human ? [] : ['--json'])];
  return new Promise((resolve) => {
    execFile('node', argv, { env, cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      let json = {} as RunJson;
      try {
        json = JSON.parse(stdout) as RunJson;
      } catch {
        json = { status: code, result: {} } as RunJson;
      }
      resolve({ code, json, stdout, stderr });
    });
  });
}

describe('sf healthplan risk score on the local org', function () {
  this.timeout(180_000);
  const org = withLocalOrg({ alias: ALIAS });
  let seeded: SeededAccount[];
  let first: RunJson['result'];

  before(async () => {
    seeded = await seedRiskOrg(org().conn, { accounts: PROBLEMS.length * 2, asOf: AS_OF });
    const run = await riskScore(org().env);
    expect(run.code, run.stderr + run.stdout).to.equal(0);
    first = run.json.result;
  });

  it('writes one assessment per account, keyed PLANID|as-of, and the Account risk fields', async () => {
    expect(first.accountsScored).to.equal(seeded.length);
    expect(first.written).to.equal(seeded.length);
    const assessments = await org().conn.query<{
      Assessment_Key__c: string;
      Account__c: string;
      Score__c: number;
      Tier__c: string;
    }>('SELECT Assessment_Key__c, Account__c, Score__c, Tier__c FROM Renewal_Risk_Assessment__c');
    expect(assessments.records.map((row) => row.Assessment_Key__c).sort()).to.deep.equal(
      seeded.map((plan) => `${plan.healthPlanId}|${AS_OF}`).sort(),
    );
    const accounts = await org().conn.query<{
      Id: string;
      Renewal_Risk_Score__c: number;
      Renewal_Risk_Tier__c: string;
      Renewal_Risk_Scored_At__c: string;
    }>('SELECT Id, Renewal_Risk_Score__c, Renewal_Risk_Tier__c, Renewal_Risk_Scored_At__c FROM Account');
    for (const account of accounts.records) {
      const assessment = assessments.records.find((row) => row.Account__c === account.Id);
      expect(account.Renewal_Risk_Score__c).to.equal(assessment?.Score__c);
      expect(account.Renewal_Risk_Tier__c).to.equal(assessment?.Tier__c);
      expect(account.Renewal_Risk_Scored_At__c).to.be.a('string');
    }
  });

  it('finds each planted problem as the top driver, and scores healthy accounts lowest', () => {
    for (const plan of seeded) {
      const summary = first.assessments.find((entry) => entry.healthPlanId === plan.healthPlanId)!;
      if (plan.problem === 'healthy') {
        expect(summary.score, plan.healthPlanId).to.equal(0);
        continue;
      }
      expect(PROBLEM_FACTORS[plan.problem], `${plan.healthPlanId} ${plan.problem}`).to.include(
        summary.drivers[0].factor,
      );
      expect(summary.score).to.be.greaterThan(0);
    }
    expect(first.configSource).to.equal('org');
  });

  it("rerun the same day writes nothing, and the rep's override survives", async () => {
    const target = seeded.find((plan) => plan.problem === 'detractor-executive')!;
    await org().conn.sobject('Account').update({
      Id: target.accountId,
      Renewal_Risk_Override__c: 'Low',
      Renewal_Risk_Override_Reason__c: 'New CFO is a champion',
    });
    const before = org().apiUsage();
    const rerun = await riskScore(org().env);
    expect(rerun.code, rerun.stderr).to.equal(0);
    expect(rerun.json.result.written).to.equal(0);
    expect(rerun.json.result.unchanged).to.equal(seeded.length);
    expect(org().apiUsage() - before).to.be.at.least(rerun.json.result.apiCalls);
    const count = await org().conn.query('SELECT Id FROM Renewal_Risk_Assessment__c');
    expect(count.totalSize).to.equal(seeded.length);
    const account = await org().conn.sobject('Account').retrieve(target.accountId);
    expect(account.Renewal_Risk_Override__c).to.equal('Low');
    expect(account.Renewal_Risk_Override_Reason__c).to.equal('New CFO is a champion');
  });

  it('reads the org in the same number of queries whatever the number of accounts', () => {
    expect(first.queries).to.equal(7);
  });

  it('--dry-run scores the next day without writing', async () => {
    const dry = await riskScore(org().env, ['--as-of', NEXT_DAY, '--dry-run']);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.json.result.accountsScored).to.equal(seeded.length);
    expect(dry.json.result.written).to.equal(0);
    expect(dry.json.result.assessments.every((summary) => summary.status === 'dry run')).to.equal(true);
    const count = await org().conn.query('SELECT Id FROM Renewal_Risk_Assessment__c');
    expect(count.totalSize).to.equal(seeded.length);
  });

  it('scores one plan the next day as a new assessment with the change, and the override still stands', async () => {
    // The plan whose override the rep set: its executive has come round.
    const target = seeded.find((plan) => plan.problem === 'detractor-executive')!;
    const before = first.assessments.find((summary) => summary.healthPlanId === target.healthPlanId)!;
    await org()
      .conn.sobject('Plan_Stakeholder__c')
      .update(
        (
          await org().conn.query<{ Id: string }>(
            `SELECT Id FROM Plan_Stakeholder__c WHERE Account__c = '${target.accountId}' AND Role__c = 'Executive'`,
          )
        ).records.map((row) => ({ Id: row.Id, Sentiment__c: 'Supporter' })),
      );
    const next = await riskScore(org().env, ['--as-of', NEXT_DAY, '--health-plan-id', target.healthPlanId]);
    expect(next.code, next.stderr).to.equal(0);
    expect(next.json.result.written).to.equal(1);
    const [summary] = next.json.result.assessments;
    expect(summary.healthPlanId).to.equal(target.healthPlanId);
    expect(summary.previousScore).to.equal(before.score);
    expect(summary.score).to.be.lessThan(before.score);
    expect(summary.change).to.equal(Math.round((summary.score - before.score) * 10) / 10);
    // By factor, from the stored contributions of the day before: relationship health moved, and the
    // moves add up to the change (contributions add up to each score).
    const byFactor = summary.changeByFactor ?? [];
    expect(byFactor.map((move) => move.factor)).to.include('Relationship_Health');
    const beforeOf = new Map(before.drivers.map((driver) => [driver.factor, driver.contribution]));
    for (const move of byFactor) {
      const now = summary.drivers.find((driver) => driver.factor === move.factor)?.contribution ?? 0;
      expect(move.change, move.factor).to.equal(Math.round((now - (beforeOf.get(move.factor) ?? 0)) * 10) / 10);
    }
    expect(Math.round(byFactor.reduce((sum, move) => sum + move.change * 10, 0))).to.equal(
      Math.round((summary.change ?? Number.NaN) * 10),
    );
    const keys = await org().conn.query<{ Assessment_Key__c: string }>(
      `SELECT Assessment_Key__c FROM Renewal_Risk_Assessment__c WHERE Account__c = '${target.accountId}' ORDER BY Assessed_On__c`,
    );
    expect(keys.records.map((row) => row.Assessment_Key__c)).to.deep.equal([
      `${target.healthPlanId}|${AS_OF}`,
      `${target.healthPlanId}|${NEXT_DAY}`,
    ]);
    const account = await org().conn.sobject('Account').retrieve(target.accountId);
    expect(account.Renewal_Risk_Score__c).to.equal(summary.score);
    expect(account.Renewal_Risk_Override__c).to.equal('Low');
    expect(account.Renewal_Risk_Override_Reason__c).to.equal('New CFO is a champion');
  });

  it('prints a table by score with tier, change and top driver for people', async () => {
    const shown = await riskScore(org().env, ['--as-of', AS_OF], true);
    expect(shown.code, shown.stderr).to.equal(0);
    const scores = new Map<string, number>();
    for (const line of shown.stdout.split('\n')) {
      const match = /(HP-\d{5})\D.*?\b(\d{1,3}\.\d)\b/.exec(line);
      if (match && !scores.has(match[1])) scores.set(match[1], Number(match[2]));
    }
    expect([...scores.keys()].sort()).to.deep.equal(seeded.map((plan) => plan.healthPlanId).sort());
    const shownScores = [...scores.values()];
    expect(shownScores).to.deep.equal([...shownScores].sort((a, b) => b - a));
    expect(shownScores[0]).to.be.greaterThan(0);
    // The stakeholder change of the previous test rescored one plan for this day too.
    expect(shown.stdout).to.include('Scored 12 of 12 accounts. Assessments written: 1, unchanged: 11, failed: 0.');
  });
});
