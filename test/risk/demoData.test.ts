import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { OrgConnection } from '../../plugin/src/core/org/connection.js';
import { scoreRenewalRisk, type RiskRunResult } from '../../plugin/src/core/risk/scoreRenewalRisk.js';
import { runSync } from '../../plugin/src/core/sync/runSync.js';
import { generateDataset, seedOrg, writeFeeds, type Dataset } from '../../scripts/demo-data/index.js';
import { withLocalOrg } from '../support/localOrg.js';
import { PROBLEM_FACTORS } from './seedRiskOrg.js';

describe('renewal risk on the demo data, after the sync', function () {
  this.timeout(600_000);
  const org = withLocalOrg();
  let dataset: Dataset;
  let result: RiskRunResult;
  let dir: string;

  before(async () => {
    dataset = generateDataset({ seed: 11, endMonth: '2026-10', asOf: '2026-11-01' });
    dir = mkdtempSync(path.join(tmpdir(), 'risk-demo-'));
    const feeds = await writeFeeds(dataset, dir);
    const conn = org().conn as unknown as OrgConnection;
    await seedOrg(org().conn, dataset);
    const sync = await runSync(conn, {
      eligibilityFile: feeds.eligibility,
      visitsFile: feeds.visits,
      rejectFile: path.join(dir, 'rejects.csv'),
      failuresFile: path.join(dir, 'failures.csv'),
    });
    expect(sync.status).to.equal('ok');
    result = await scoreRenewalRisk(conn, { asOf: dataset.asOf });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scores every plan with every factor measured', () => {
    expect(result.accountsScored).to.equal(dataset.plans.length);
    for (const summary of result.assessments) expect(summary.missing, summary.healthPlanId).to.deep.equal([]);
  });

  it('finds each planted problem as the top driver', () => {
    for (const plan of dataset.plans) {
      if (plan.scenario === 'healthy') continue;
      const summary = result.assessments.find((entry) => entry.healthPlanId === plan.healthPlanId)!;
      expect(
        PROBLEM_FACTORS[plan.scenario],
        `${plan.healthPlanId} ${plan.scenario}: ${summary.topDriver ?? ''}`,
      ).to.include(summary.drivers[0].factor);
    }
  });

  it('ranks every plan with a planted problem above every healthy plan', () => {
    const scenarioOf = new Map(dataset.plans.map((plan) => [plan.healthPlanId, plan.scenario]));
    const scores = (healthy: boolean): number[] =>
      result.assessments
        .filter((summary) => (scenarioOf.get(summary.healthPlanId) === 'healthy') === healthy)
        .map((summary) => summary.score ?? 0);
    expect(Math.min(...scores(false))).to.be.greaterThan(Math.max(...scores(true)));
  });
});
