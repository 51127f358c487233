import { expect } from 'chai';
import { ApiUsageMeter, meteredConnection } from '../../plugin/src/core/org/apiUsage.js';
import type { OrgConnection } from '../../plugin/src/core/org/connection.js';
import { readPlanAccounts, readSnapshotHashes } from '../../plugin/src/core/sync/snapshotStore.js';
import { withLocalOrg } from '../support/localOrg.js';

const PLANS = 50;
/** Ten months of 1,000 snapshots each (50 plans × 20 lines of business), plus one month the feed does not cover. */
const MONTHS = Array.from({ length: 11 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`);
const PER_MONTH = 1000;

const keyOf = (plan: number, lob: number, month: string): string => `HP-S${plan}|LOB${lob}|${month.slice(0, 7)}`;
const hashOf = (key: string): string => `h${key.length}${key.replace(/\W/g, '')}`.slice(0, 32);

/**
 * The sync's read of the org's state, counted through the org's own Sforce-Limit-Info header: the
 * plan Accounts, then key and hash of the snapshots of the feed's months only, as REST pages when
 * they are few and one Bulk API 2.0 query job when they are many.
 */
describe('reading the org state for a sync', function () {
  this.timeout(120_000);
  const org = withLocalOrg();
  const ids: string[] = [];

  before(async () => {
    const conn = org().conn;
    for (let i = 0; i < PLANS; i += 200) {
      const created = await conn.sobject('Account').create(
        Array.from({ length: Math.min(200, PLANS - i) }, (_, j) => ({
          Name: `State plan ${i + j}`,
          Health_Plan_Id__c: `HP-S${i + j}`,
        })),
        { allOrNone: true },
      );
      ids.push(...created.map((c) => c.id!));
    }
    const lines = ['Account__c,Snapshot_Key__c,Period_Start__c,Content_Hash__c'];
    for (const month of MONTHS) {
      for (let n = 0; n < PER_MONTH; n++) {
        const key = keyOf(n % PLANS, Math.floor(n / PLANS), month);
        lines.push(`${ids[n % PLANS]},${key},${month},${hashOf(key)}`);
      }
    }
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Utilization_Snapshot__c',
      operation: 'insert',
      input: lines.join('\n') + '\n',
      pollInterval: 50,
    });
    if (results.failedResults.length) throw new Error(JSON.stringify(results.failedResults[0]));
  });

  const counted = async <T>(read: (conn: OrgConnection) => Promise<T>): Promise<{ value: T; calls: number }> => {
    const meter = new ApiUsageMeter(org().conn);
    const value = await read(meteredConnection(org().conn, meter));
    return { value, calls: meter.calls };
  };

  const expected = (months: string[]): Map<string, string> =>
    new Map(
      months.flatMap((month) =>
        Array.from({ length: PER_MONTH }, (_, n) => {
          const key = keyOf(n % PLANS, Math.floor(n / PLANS), month);
          return [key, hashOf(key)] as [string, string];
        }),
      ),
    );

  it('reads the plan Accounts in one call', async () => {
    const { value, calls } = await counted((conn) => readPlanAccounts(conn));
    expect(calls).to.equal(1);
    expect([...value.values()].sort()).to.deep.equal([...ids].sort());
  });

  it('reads 1,000 snapshots of one month in one REST call', async () => {
    const { value, calls } = await counted((conn) => readSnapshotHashes(conn, [MONTHS[0]]));
    expect(calls).to.equal(1);
    expect(value).to.deep.equal(expected([MONTHS[0]]));
  });

  it('reads 10,000 snapshots of ten months through one Bulk API 2.0 job, not six REST pages', async () => {
    const feedMonths = MONTHS.slice(0, 10);
    const { value, calls } = await counted((conn) => readSnapshotHashes(conn, feedMonths));
    // First REST page (which shows 8,000 more rows to come), then create, poll, results: 4, or 5 with a second poll.
    expect(calls).to.be.within(4, 5);
    expect(value).to.deep.equal(expected(feedMonths));
  });
});
