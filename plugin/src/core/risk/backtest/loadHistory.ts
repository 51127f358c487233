/**
 * Everything the backtest reads, in three queries whatever the number of accounts: the health plan
 * Accounts, all their Contracts, and all their snapshots (Bulk API 2.0 when there are many).
 */
import { dateOrNull, numberOrNull, stringOrNull } from '../fields.js';
import type { RiskReader } from '../reader.js';
import type { BacktestAccount } from './evaluate.js';
import type { ContractFact } from './renewals.js';

type AccountRow = { Id: string; Name: string; Health_Plan_Id__c: string };
type Row = Record<string, unknown>;

export type LoadedHistory = { accounts: Map<string, BacktestAccount>; contracts: ContractFact[] };

const ACCOUNT_SOQL = 'SELECT Id, Name, Health_Plan_Id__c FROM Account WHERE Health_Plan_Id__c != null';
const CONTRACT_SOQL =
  'SELECT AccountId, Line_Of_Business__c, StartDate, EndDate, Covered_Lives__c, PMPM_Fee__c, Per_Visit_Fee__c FROM Contract WHERE Account.Health_Plan_Id__c != null';
const SNAPSHOT_SOQL =
  'SELECT Account__c, Line_Of_Business__c, Period_Start__c, Eligible_Members__c, Registered_Members__c, Visits__c, ' +
  'Cost_Savings__c, Average_Rating__c, Rated_Visits__c FROM Utilization_Snapshot__c WHERE Account__r.Health_Plan_Id__c != null';

export async function loadHistory(reader: RiskReader): Promise<LoadedHistory> {
  const [accountRows, contractRows, snapshotRows] = await Promise.all([
    reader.query<AccountRow>(ACCOUNT_SOQL),
    reader.query<Row>(CONTRACT_SOQL, { bulk: true }),
    reader.query<Row>(SNAPSHOT_SOQL, { bulk: true }),
  ]);
  const accounts = new Map<string, BacktestAccount>(
    accountRows.map((row) => [
      row.Id,
      {
        accountId: row.Id,
        healthPlanId: row.Health_Plan_Id__c,
        name: row.Name,
        history: { snapshots: [], contracts: [] },
      },
    ]),
  );
  const contracts: ContractFact[] = [];
  for (const row of contractRows) {
    const accountId = String(row.AccountId);
    const contract = {
      lineOfBusiness: stringOrNull(row.Line_Of_Business__c),
      startDate: dateOrNull(row.StartDate),
      endDate: dateOrNull(row.EndDate),
      coveredLives: numberOrNull(row.Covered_Lives__c),
      pmpmFee: numberOrNull(row.PMPM_Fee__c),
      perVisitFee: numberOrNull(row.Per_Visit_Fee__c),
    };
    contracts.push({ accountId, ...contract });
    accounts.get(accountId)?.history.contracts.push(contract);
  }
  for (const row of snapshotRows) {
    accounts.get(String(row.Account__c))?.history.snapshots.push({
      lineOfBusiness: stringOrNull(row.Line_Of_Business__c) ?? '',
      periodStart: dateOrNull(row.Period_Start__c) ?? '',
      eligibleMembers: numberOrNull(row.Eligible_Members__c),
      registeredMembers: numberOrNull(row.Registered_Members__c),
      visits: numberOrNull(row.Visits__c),
      costSavings: numberOrNull(row.Cost_Savings__c),
      averageRating: numberOrNull(row.Average_Rating__c),
      ratedVisits: numberOrNull(row.Rated_Visits__c),
    });
  }
  return { accounts, contracts };
}
