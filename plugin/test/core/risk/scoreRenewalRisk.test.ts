import { expect } from 'chai';
import { DEFAULT_RISK_CONFIG } from '../../../src/core/risk/model/index.js';
import { RiskConfigError, scoreRenewalRisk, type RiskRunResult } from '../../../src/core/risk/scoreRenewalRisk.js';
import { fakeOrg, type FakeOrg } from './fakeOrg.js';
import { orgRows } from './orgRows.js';
import { AS_OF } from './fixtures.js';

const SCORED_AT = '2026-11-15T06:00:00.000Z';
const run = (org: FakeOrg, options: { healthPlanIds?: string[]; dryRun?: boolean } = {}): Promise<RiskRunResult> =>
  scoreRenewalRisk(org, { asOf: AS_OF, scoredAt: SCORED_AT, ...options });

const factorRows = (weights: Record<string, number> = {}): Array<Record<string, unknown>> =>
  DEFAULT_RISK_CONFIG.factors.map((factor, index) => ({
    DeveloperName: factor.key,
    MasterLabel: factor.label,
    Weight__c: weights[factor.key] ?? factor.weight,
    Good_Threshold__c: factor.good,
    Bad_Threshold__c: factor.bad,
    Play__c: factor.play,
    Active__c: true,
    Sort_Order__c: index,
  }));

describe('scoreRenewalRisk against a fake org', () => {
  it('upserts one assessment per account by Assessment_Key__c, ≤200 a call, and sets only the Account risk fields', async () => {
    const org = fakeOrg(orgRows({ accounts: 450, detractorEvery: 3 }));
    const result = await run(org);
    expect(result.accountsScored).to.equal(450);
    expect(result.written).to.equal(450);
    expect(result.accountsUpdated).to.equal(450);
    const upserts = org.writes.filter(
      (write) => write.url === '/composite/sobjects/Renewal_Risk_Assessment__c/Assessment_Key__c',
    );
    expect(upserts.map((write) => write.records.length)).to.deep.equal([200, 200, 50]);
    const keys = upserts.flatMap((write) => write.records.map((record) => record.Assessment_Key__c));
    expect(new Set(keys).size).to.equal(450);
    expect(keys[0]).to.equal(`HP-0001|${AS_OF}`);
    const updates = org.writes.filter((write) => write.url === '/composite/sobjects');
    expect(updates.map((write) => write.records.length)).to.deep.equal([200, 200, 50]);
    for (const record of updates.flatMap((write) => write.records)) {
      expect(Object.keys(record).sort()).to.deep.equal(
        ['Id', 'Renewal_Risk_Score__c', 'Renewal_Risk_Scored_At__c', 'Renewal_Risk_Tier__c', 'attributes'].sort(),
      );
    }
    const detractor = upserts[0].records[0];
    expect(detractor.Tier__c).to.be.oneOf(['Low', 'Moderate', 'High', 'Critical']);
    const drivers = JSON.parse(String(detractor.Drivers__c)) as Array<{ factor: string; contribution: number }>;
    expect(drivers[0].factor).to.equal('Relationship_Health');
    expect(drivers.reduce((sum, driver) => sum + driver.contribution * 10, 0)).to.be.closeTo(
      Number(detractor.Score__c) * 10,
      1e-6,
    );
    expect(String(detractor.Recommended_Actions__c)).to.match(/^Relationship health: /);
  });

  it('names the savings assumptions the scored snapshots were computed with', async () => {
    const rows = orgRows({ accounts: 2 });
    const [first] = rows.Utilization_Snapshot__c;
    for (const row of rows.Utilization_Snapshot__c) {
      row.Savings_Assumption_Set__c =
        row.Account__c === first.Account__c ? 'Claims_2026|1500|150|140|100|Our 2026 claims study' : null;
    }
    const result = await run(fakeOrg(rows));
    const byPlan = new Map(result.assessments.map((summary) => [summary.accountId, summary.savingsAssumptions]));
    expect(byPlan.get(String(first.Account__c))).to.deep.equal([
      { set: 'Claims_2026', source: 'Our 2026 claims study' },
    ]);
    expect([...byPlan.values()].filter((sets) => sets.length === 0)).to.have.length(1);
  });

  it('reads in 7 queries and at most 16 calls whether 10, 900 or 1,800 accounts; only the write grows', async () => {
    const orgs = [10, 900, 1800].map((accounts) => fakeOrg(orgRows({ accounts })));
    const results: RiskRunResult[] = [];
    // One run at a time, so each fake org sees only its own run's requests.
    // eslint-disable-next-line no-await-in-loop
    for (const org of orgs) results.push(await run(org));
    expect(results.map((result) => result.queries)).to.deep.equal([7, 7, 7]);
    expect(orgs[1].queries).to.deep.equal(orgs[2].queries);
    const reads = orgs.map((org) => org.requests.filter((request) => !request.url.startsWith('/composite')).length);
    // Each of the three queries without a subquery costs at most its first page + a Bulk job (create, poll, results).
    const bound = 7 + 3 * 3;
    expect(reads[0]).to.equal(7);
    for (const count of reads) expect(count).to.be.at.most(bound);
    expect(results.map((result) => result.bulkQueries)).to.deep.equal([0, 1, 2]);
    // Writes: assessments and Account updates, 200 a call.
    expect(results.map((result, index) => result.apiCalls - reads[index])).to.deep.equal([1 + 1, 5 + 5, 9 + 9]);
  });

  it('writes nothing when rerun on the same day with the same facts', async () => {
    const first = fakeOrg(orgRows({ accounts: 12, detractorEvery: 4 }));
    await run(first);
    const existing = first.writes
      .filter((write) => write.url.includes('Renewal_Risk_Assessment__c'))
      .flatMap((write) => write.records);
    const rows = orgRows({ accounts: 12, detractorEvery: 4, existing });
    for (const account of rows.Account) {
      const own = existing.find((record) => record.Account__c === account.Id)!;
      Object.assign(account, {
        Renewal_Risk_Score__c: own.Score__c,
        Renewal_Risk_Tier__c: own.Tier__c,
        Renewal_Risk_Scored_At__c: SCORED_AT,
      });
    }
    const second = fakeOrg(rows);
    const result = await run(second);
    expect(result.written).to.equal(0);
    expect(result.unchanged).to.equal(12);
    expect(result.accountsUpdated).to.equal(0);
    expect(second.writes).to.deep.equal([]);

    // The facts of one account change the same day: its assessment is updated, without reparenting it.
    const executiveOfSecondAccount = rows.Plan_Stakeholder__c.find(
      (row) => row.Account__c === rows.Account[1].Id && row.Role__c === 'Executive',
    )!;
    executiveOfSecondAccount.Sentiment__c = 'Detractor';
    const third = fakeOrg(rows);
    const changed = await run(third);
    expect(changed.written).to.equal(1);
    const [upsert] = third.writes.filter((write) => write.url.includes('Renewal_Risk_Assessment__c'));
    expect(upsert.records).to.have.length(1);
    expect(upsert.records[0].Assessment_Key__c).to.equal(`HP-0002|${AS_OF}`);
    expect(upsert.records[0]).to.not.have.property('Account__c');
  });

  it("reports the change since the previous day's assessment", async () => {
    const rows = orgRows({ accounts: 1, detractorEvery: 1 });
    const previous = {
      Assessment_Key__c: 'HP-0001|2026-11-14',
      Score__c: 5,
      Tier__c: 'Low',
      Assessed_On__c: '2026-11-14',
    };
    rows.Account[0].Renewal_Risk_Assessments__r = { done: true, totalSize: 1, records: [previous] };
    const result = await run(fakeOrg(rows));
    const [summary] = result.assessments;
    expect(summary.previousScore).to.equal(5);
    expect(summary.change).to.equal(Math.round(((summary.score ?? 0) - 5) * 10) / 10);
  });

  it('uses the shipped defaults only when the org has no Risk_Factor__mdt, and says so', async () => {
    const noType = orgRows({ accounts: 2 });
    delete noType.Risk_Factor__mdt;
    delete noType.Risk_Tier__mdt;
    expect((await run(fakeOrg(noType))).configSource).to.equal('defaults');
    expect((await run(fakeOrg(orgRows({ accounts: 2 })))).configSource).to.equal('defaults');
  });

  it("scores with the org's weights when it has them", async () => {
    const rows = orgRows({ accounts: 3, detractorEvery: 3 });
    const onlyRelationship = Object.fromEntries(
      DEFAULT_RISK_CONFIG.factors.map((factor) => [factor.key, factor.key === 'Relationship_Health' ? 4 : 0]),
    );
    rows.Risk_Factor__mdt = factorRows(onlyRelationship);
    rows.Risk_Tier__mdt = [
      { DeveloperName: 'Low', Min_Score__c: 0, Base_Rate__c: 0.1 },
      { DeveloperName: 'Moderate', Min_Score__c: 10 },
      { DeveloperName: 'High', Min_Score__c: 20 },
      { DeveloperName: 'Critical', Min_Score__c: 30 },
    ];
    const result = await run(fakeOrg(rows));
    expect(result.configSource).to.equal('org');
    const detractor = result.assessments.find((summary) => summary.healthPlanId === 'HP-0001')!;
    expect(detractor.drivers.map((driver) => driver.factor)).to.deep.equal(['Relationship_Health']);
    // Odds of not renewing: base 0.1 / 0.9, times e^(4 × badness); the score rescales that chance from 0.1–1 to 0–100.
    const odds = (0.1 / 0.9) * Math.exp(4 * detractor.drivers[0].badness);
    const chance = odds / (1 + odds);
    expect(detractor.score).to.equal(Math.round(((chance - 0.1) / 0.9) * 1000) / 10);
    expect(detractor.tier).to.equal('Critical');
  });

  it('refuses an unusable org config, naming the record and field', async () => {
    const rows = orgRows({ accounts: 1 });
    rows.Risk_Factor__mdt = factorRows();
    rows.Risk_Factor__mdt[1].Bad_Threshold__c = rows.Risk_Factor__mdt[1].Good_Threshold__c;
    rows.Risk_Factor__mdt.push({ ...rows.Risk_Factor__mdt[0], DeveloperName: 'Churn_Signal', Sort_Order__c: 99 });
    rows.Risk_Factor__mdt[2].Weight__c = null;
    const org = fakeOrg(rows);
    const error = await run(org).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(RiskConfigError);
    expect((error as Error).message).to.include(
      'Risk_Factor__mdt Utilization_Vs_Target, Bad_Threshold__c: must differ from good (both 1)',
    );
    expect((error as Error).message).to.include('Risk_Factor__mdt Churn_Signal, DeveloperName: unknown factor');
    expect((error as Error).message).to.include(
      'Risk_Factor__mdt Registration_Vs_Target, Weight__c: must be a number of 0 or more, got a blank value',
    );
    expect(org.writes).to.deep.equal([]);
  });

  it('--dry-run scores without writing', async () => {
    const org = fakeOrg(orgRows({ accounts: 5 }));
    const result = await run(org, { dryRun: true });
    expect(result.accountsScored).to.equal(5);
    expect(result.assessments.every((summary) => summary.status === 'dry run')).to.equal(true);
    expect(org.writes).to.deep.equal([]);
  });

  it('filters by health plan id in chunks of 200, five data queries per chunk', async () => {
    const org = fakeOrg(orgRows({ accounts: 2 }));
    const ids = Array.from({ length: 250 }, (_, index) => `HP-${index}`);
    const result = await run(org, { healthPlanIds: ids, dryRun: true });
    expect(result.queries).to.equal(2 + 5 * 2);
    const accountQueries = org.queries.filter((soql) => soql.includes('FROM Account WHERE'));
    expect(accountQueries[0]).to.include("Health_Plan_Id__c IN ('HP-0', 'HP-1'");
    expect(org.queries.filter((soql) => soql.includes("Account__r.Health_Plan_Id__c IN ('HP-200'")).length).to.equal(3);
  });

  it('puts fewer long ids in a chunk, so that each query stays under the URI limit', async () => {
    const org = fakeOrg(orgRows({ accounts: 2 }));
    // Each id adds 237 bytes as sent: quotes %27 (2 × 3), é as %C3%A9 (37 × 6), 3 digits, and ", " as %2C%20 (6).
    // 50 × 237 = 11,850 fits in 12,000 bytes, 51 × 237 = 12,087 does not: 250 ids make 5 chunks of 50.
    const ids = Array.from({ length: 250 }, (_, index) => `${'é'.repeat(37)}${String(index).padStart(3, '0')}`);
    const result = await run(org, { healthPlanIds: ids, dryRun: true });
    expect(result.queries).to.equal(2 + 5 * 5);
    const accountQueries = org.queries.filter((soql) => soql.includes('FROM Account WHERE'));
    expect(accountQueries.map((soql) => soql.split("', '").length)).to.deep.equal([50, 50, 50, 50, 50]);
  });

  it('fills a chunk up to exactly 12,000 bytes of ids', async () => {
    const org = fakeOrg(orgRows({ accounts: 2 }));
    // 6 digits instead of 3: 240 bytes per id, and 50 × 240 = 12,000 bytes exactly, which still fits.
    const ids = Array.from({ length: 100 }, (_, index) => `${'é'.repeat(37)}${String(index).padStart(6, '0')}`);
    await run(org, { healthPlanIds: ids, dryRun: true });
    const accountQueries = org.queries.filter((soql) => soql.includes('FROM Account WHERE'));
    expect(accountQueries.map((soql) => soql.split("', '").length)).to.deep.equal([50, 50]);
  });
});
