import { expect } from 'chai';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import type { AnyJson } from '@salesforce/ts-types';
import RiskScore from '../../../../src/commands/healthplan/risk/score.js';
import type { OrgHttpRequest } from '../../../../src/core/org/connection.js';
import { fakeOrg, type FakeOrg } from '../../../core/risk/fakeOrg.js';
import { orgRows } from '../../../core/risk/orgRows.js';
import { AS_OF } from '../../../core/risk/fixtures.js';

describe('sf healthplan risk score', () => {
  const $$ = new TestContext();
  const testOrg = new MockTestOrgData();
  let org: FakeOrg;
  let ux: ReturnType<typeof stubSfCommandUx>;

  const useOrg = (fake: FakeOrg): void => {
    org = fake;
    $$.fakeConnectionRequest = (request: AnyJson): Promise<AnyJson> => org.request<AnyJson>(request as OrgHttpRequest);
  };

  beforeEach(async () => {
    await $$.stubAuths(testOrg);
    ux = stubSfCommandUx($$.SANDBOX);
    stubSpinner($$.SANDBOX);
    useOrg(fakeOrg(orgRows({ accounts: 6, detractorEvery: 3 })));
  });

  afterEach(() => $$.restore());

  it('scores every account and returns the --json result', async () => {
    const result = await RiskScore.run(['--target-org', testOrg.username, '--as-of', AS_OF, '--json']);
    expect(result.accountsScored).to.equal(6);
    expect(result.written).to.equal(6);
    expect(result.unchanged).to.equal(0);
    const ours = org.requests.filter((request) => request.url.startsWith('/'));
    expect(result.apiCalls).to.equal(ours.length);
    expect(result.assessments).to.have.length(6);
    expect(result.assessments[0].drivers[0].factor).to.equal('Relationship_Health');
  });

  it('shows a table sorted by score with tier, change and top driver, and says the defaults were used', async () => {
    await RiskScore.run(['--target-org', testOrg.username, '--as-of', AS_OF]);
    const table = ux.table.firstCall.args[0] as { data: Array<Record<string, string>> };
    expect(table.data.map((row) => row.plan)).to.deep.equal([
      'HP-0001',
      'HP-0004',
      'HP-0002',
      'HP-0003',
      'HP-0005',
      'HP-0006',
    ]);
    expect(table.data[0].topDriver).to.match(/^1 of 2 High-influence stakeholders is a Skeptic or Detractor/);
    expect(table.data[0].change).to.equal('–');
    expect(table.data[5].score).to.equal('0.0');
    expect(ux.warn.firstCall.args[0]).to.include('shipped default weights');
    expect(ux.log.args.flat().join('\n')).to.include(
      'Scored 6 of 6 accounts. Assessments written: 6, unchanged: 0, failed: 0. Accounts updated: 6.',
    );
  });

  it('scores only the plans asked for, and names those the org does not have', async () => {
    const result = await RiskScore.run([
      '--target-org',
      testOrg.username,
      '--as-of',
      AS_OF,
      '-p',
      'HP-0002',
      '-p',
      'HP-9999',
    ]);
    expect(org.queries.find((soql) => soql.includes('FROM Account WHERE'))).to.include("IN ('HP-0002', 'HP-9999')");
    expect(result.notFound).to.deep.equal(['HP-9999']);
    expect(ux.warn.args.flat().filter((arg) => typeof arg === 'string')).to.include(
      'No Account has Health_Plan_Id__c HP-9999; check the --health-plan-id values.',
    );
  });

  it('rejects an --as-of that is not a calendar date', async () => {
    const error = await RiskScore.run(['--target-org', testOrg.username, '--as-of', '2026-02-30']).catch(
      (caught: Error) => caught,
    );
    expect((error as Error).message).to.include('--as-of must be a calendar date written YYYY-MM-DD, got "2026-02-30"');
    expect(org.requests).to.deep.equal([]);
  });

  it('exits 3 and names the accounts whose writes failed', async () => {
    useOrg(fakeOrg(orgRows({ accounts: 3 }), (record) => record.Assessment_Key__c === `HP-0002|${AS_OF}`));
    const error = (await RiskScore.run(['--target-org', testOrg.username, '--as-of', AS_OF]).catch(
      (caught: Error) => caught,
    )) as Error & {
      exitCode: number;
      data: { failed: number };
    };
    expect(error.message).to.equal('1 of 3 assessments or Account updates could not be written.');
    expect(error.exitCode).to.equal(3);
    expect(error.data.failed).to.equal(1);
    expect(ux.log.args.flat().join('\n')).to.include(
      'Could not store HP-0002 (Plan HP-0002): FIELD_CUSTOM_VALIDATION_EXCEPTION: Rejected by a validation rule',
    );
  });

  it('explains an unusable org config and what to change', async () => {
    const rows = orgRows({ accounts: 1 });
    rows.Risk_Factor__mdt = [
      {
        DeveloperName: 'Utilization_Trend',
        MasterLabel: 'Utilization trend',
        Weight__c: -1,
        Good_Threshold__c: 0,
        Bad_Threshold__c: -0.25,
        Play__c: '',
        Active__c: true,
        Sort_Order__c: 1,
      },
    ];
    useOrg(fakeOrg(rows));
    const error = (await RiskScore.run(['--target-org', testOrg.username, '--as-of', AS_OF]).catch(
      (caught: Error) => caught,
    )) as Error & { actions?: string[] };
    expect(error.message).to.include(
      'Risk_Factor__mdt Utilization_Trend, Weight__c: must be a number of 0 or more, got -1',
    );
    expect(error.actions?.join(' ')).to.include('Setup > Custom Metadata Types > Risk Factor');
  });
});
