/**
 * What deciding permissions per request costs: the same calls as the org's admin (Modify All Data, no
 * per-object lookups) and as a Health_Plan_Sync user (profile plus permission set read from the org on
 * every request), interleaved so both see the same machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'jsforce';
import { connect } from '../local-org/connect.js';
import { startLocalOrg } from '../local-org/server.js';
import { connectedAppKeys, CONSUMER_KEY, ensureUser, jwtAccessToken } from '../demo/users.js';
import type { BenchRow } from './types.js';

const ROUNDS = 5;
const QUERIES_PER_ROUND = 200;
const BULK_ROWS = 20_000;
const USER = 'bench-sync@local-org.test';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function queryMs(conn: Connection): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < QUERIES_PER_ROUND; i++) await conn.query('SELECT Id, Health_Plan_Id__c FROM Account LIMIT 1');
  return (performance.now() - start) / QUERIES_PER_ROUND;
}

async function upsertRate(conn: Connection, accountId: string, round: string): Promise<number> {
  const lines = ['Snapshot_Key__c,Account__c,Line_Of_Business__c,Visits__c'];
  for (let i = 0; i < BULK_ROWS; i++) lines.push(`B|${round}|${i},${accountId},Commercial,${i % 97}`);
  const start = performance.now();
  const result = await conn.bulk2.loadAndWaitForResults({
    object: 'Utilization_Snapshot__c',
    operation: 'upsert',
    externalIdFieldName: 'Snapshot_Key__c',
    input: lines.join('\n') + '\n',
    pollInterval: 20,
    pollTimeout: 120_000,
  });
  if (result.failedResults.length) throw new Error(`bench upsert failed: ${String(result.failedResults[0].sf__Error)}`);
  return BULK_ROWS / ((performance.now() - start) / 1000);
}

export async function run(): Promise<BenchRow[]> {
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'bench-jwt-'));
  const keys = connectedAppKeys(keysDir);
  const org = await startLocalOrg({ connectedApps: [{ consumerKey: CONSUMER_KEY, certificate: keys.certificate }] });
  try {
    const admin = connect(org);
    const userId = await ensureUser(admin, USER, 'Bench', 'Minimum Access - Salesforce');
    const set = await admin.query<{ Id: string }>("SELECT Id FROM PermissionSet WHERE Name = 'Health_Plan_Sync'");
    await admin.sobject('PermissionSetAssignment').create({ AssigneeId: userId, PermissionSetId: set.records[0].Id });
    const user = connect({
      instanceUrl: org.instanceUrl,
      accessToken: await jwtAccessToken(org.instanceUrl, keys, USER),
    });
    const account = await admin.sobject('Account').create({ Name: 'Bench Plan', Health_Plan_Id__c: 'BENCH' });

    const adminQuery: number[] = [];
    const userQuery: number[] = [];
    const adminBulk: number[] = [];
    const userBulk: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      adminQuery.push(await queryMs(admin));
      userQuery.push(await queryMs(user));
      adminBulk.push(await upsertRate(admin, account.id!, `a${round}`));
      userBulk.push(await upsertRate(user, account.id!, `u${round}`));
    }
    const spread = (values: number[]): string =>
      `min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)}`;
    return [
      { name: `query as admin, ms per call (${spread(adminQuery)})`, value: median(adminQuery), unit: 'ms' },
      {
        name: `query as Health_Plan_Sync user (${spread(userQuery)})`,
        value: median(userQuery),
        unit: 'ms',
        baseline: { name: 'admin', value: median(adminQuery) },
        aim: '≤ 1.5× admin',
      },
      { name: `Bulk 2.0 upsert 20k rows as admin (${spread(adminBulk)})`, value: median(adminBulk), unit: 'rows/s' },
      {
        name: `Bulk 2.0 upsert 20k rows as Health_Plan_Sync user (${spread(userBulk)})`,
        value: median(userBulk),
        unit: 'rows/s',
        baseline: { name: 'admin', value: median(adminBulk) },
        aim: '≥ 0.9× admin',
      },
    ];
  } finally {
    await org.stop();
    rmSync(keysDir, { recursive: true, force: true });
  }
}
