import { expect } from 'chai';
import type { OrgConnection } from '../../plugin/src/core/org/connection.js';
import { scoreRenewalRisk } from '../../plugin/src/core/risk/scoreRenewalRisk.js';
import { withLocalOrg } from '../support/localOrg.js';

/**
 * `risk score --health-plan-id` with many long ids, over real HTTP: each query's URI must stay within the
 * 16,384 bytes of URI and headers Salesforce takes (the local org answers 414 past it).
 */
describe('risk score filtered by many long health plan ids', function () {
  this.timeout(120_000);
  const org = withLocalOrg();
  // 40 characters, 37 of them encoded as 6 bytes each: 200 of these would need about 47,000 bytes of URI.
  const ids = Array.from({ length: 250 }, (_, index) => `${'é'.repeat(37)}${String(index).padStart(3, '0')}`);

  before(async () => {
    const conn = org().conn;
    for (let i = 0; i < ids.length; i += 200) {
      await conn.sobject('Account').create(
        ids.slice(i, i + 200).map((id, j) => ({ Name: `Long id plan ${i + j}`, Health_Plan_Id__c: id })),
        { allOrNone: true },
      );
    }
  });

  it('scores every plan asked for, in chunks whose queries the org accepts', async () => {
    const conn = org().conn as unknown as OrgConnection;
    const result = await scoreRenewalRisk(conn, { asOf: '2026-11-15', healthPlanIds: ids, dryRun: true });
    expect(result.notFound).to.deep.equal([]);
    expect(result.assessments.map((summary) => summary.healthPlanId).sort()).to.deep.equal([...ids].sort());
    // 237 bytes per id as sent, 50 ids to a chunk of 12,000 bytes (worked in scoreRenewalRisk.test.ts):
    // 5 chunks of five data queries, plus the two configuration queries.
    expect(result.queries).to.equal(2 + 5 * 5);
  });
});
