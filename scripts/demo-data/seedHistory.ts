/**
 * `seedRenewalHistory`: the renewal history's Accounts, Contracts and snapshots into an org through
 * jsforce, safe to run again: Accounts and snapshots are upserted by their external ids, and
 * contracts are created only where the Account has none with the same line of business and start.
 */
import type { Connection } from 'jsforce';
import type { RenewalHistory } from './renewalHistory.js';

const COLLECTION_SIZE = 200;

type SaveOutcome = { success: boolean; id?: string; errors?: unknown[] };
type Row = Record<string, unknown>;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function check(object: string, results: SaveOutcome[]): void {
  const failed = results.find((result) => !result.success);
  if (failed) throw new Error(`Writing ${object} failed: ${JSON.stringify(failed.errors)}. Deploy force-app first.`);
}

export type HistorySeedResult = { accounts: number; contractsCreated: number; snapshotsCreated: number };

export async function seedRenewalHistory(conn: Connection, history: RenewalHistory): Promise<HistorySeedResult> {
  for (const batch of chunks(history.accounts, COLLECTION_SIZE)) {
    check('Account', await conn.upsert('Account', batch, 'Health_Plan_Id__c', { allOrNone: true }));
  }
  const accountIds = new Map<string, string>();
  const ids = history.accounts.map((account) => account.Health_Plan_Id__c);
  for (const batch of chunks(ids, COLLECTION_SIZE)) {
    const result = await conn.query<{ Id: string; Health_Plan_Id__c: string }>(
      `SELECT Id, Health_Plan_Id__c FROM Account WHERE Health_Plan_Id__c IN (${batch.map((id) => `'${id}'`).join(',')})`,
      { autoFetch: true, maxFetch: 1_000_000 },
    );
    for (const row of result.records) accountIds.set(row.Health_Plan_Id__c, row.Id);
  }
  const accountId = (healthPlanId: string): string => {
    const id = accountIds.get(healthPlanId);
    if (!id) throw new Error(`Account ${healthPlanId} was not found after the upsert.`);
    return id;
  };

  // EndDate is computed from StartDate + ContractTerm in Salesforce: send it only where the org lets us.
  const describe = await conn.describe('Contract');
  const createable = new Set(describe.fields.filter((field) => field.createable).map((field) => field.name));
  const existing = new Set<string>();
  for (const batch of chunks([...accountIds.values()], COLLECTION_SIZE)) {
    const result = await conn.query<{ AccountId: string; Line_Of_Business__c: string; StartDate: string }>(
      `SELECT AccountId, Line_Of_Business__c, StartDate FROM Contract WHERE AccountId IN (${batch.map((id) => `'${id}'`).join(',')})`,
      { autoFetch: true, maxFetch: 1_000_000 },
    );
    for (const row of result.records) existing.add(`${row.AccountId}|${row.Line_Of_Business__c}|${row.StartDate}`);
  }
  const contracts: Row[] = [];
  for (const { healthPlanId, ...contract } of history.contracts) {
    const AccountId = accountId(healthPlanId);
    if (existing.has(`${AccountId}|${contract.Line_Of_Business__c}|${contract.StartDate}`)) continue;
    contracts.push(
      Object.fromEntries(Object.entries({ AccountId, ...contract }).filter(([name]) => createable.has(name))),
    );
  }
  for (const batch of chunks(contracts, COLLECTION_SIZE)) {
    check('Contract', await conn.create('Contract', batch, { allOrNone: true }));
  }

  // Created, not upserted: the master-detail Account__c cannot be sent on an update.
  const stored = new Set<string>();
  const keys = await conn.query<{ Snapshot_Key__c: string }>(
    "SELECT Snapshot_Key__c FROM Utilization_Snapshot__c WHERE Snapshot_Key__c LIKE 'HP-R%'",
    { autoFetch: true, maxFetch: 10_000_000 },
  );
  for (const row of keys.records) stored.add(row.Snapshot_Key__c);
  const snapshots = history.snapshots
    .filter((snapshot) => !stored.has(snapshot.Snapshot_Key__c))
    .map(({ healthPlanId, ...snapshot }) => ({ Account__c: accountId(healthPlanId), ...snapshot }));
  for (const batch of chunks(snapshots, COLLECTION_SIZE)) {
    check('Utilization_Snapshot__c', await conn.create('Utilization_Snapshot__c', batch, { allOrNone: true }));
  }
  return { accounts: history.accounts.length, contractsCreated: contracts.length, snapshotsCreated: snapshots.length };
}
