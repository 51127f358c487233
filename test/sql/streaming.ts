/**
 * The two sides the SQL tests compare, as the same plain rows: what the streaming sync writes
 * to an org (the plugin's `runSync` against an in-memory org), and what a query of `sql/`
 * answers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSync, type SyncResult } from '../../plugin/src/core/sync/runSync.js';
import { SNAPSHOT_VALUE_FIELDS } from '../../plugin/src/core/sync/snapshot.js';
import { FakeOrg } from '../../plugin/test/core/sync/fakeOrg.js';
import type { FeedFiles, SqlRow } from './engines.js';

export type ComparableSnapshot = Record<string, string | number | null>;

const num = (text: string | null): number | null => (text === null ? null : Number(text));

/** A row of the snapshot query in the field names and types the sync writes. */
export function fromSql(row: SqlRow): ComparableSnapshot {
  return {
    Snapshot_Key__c: `${row.health_plan_id}|${row.line_of_business}|${row.period}`,
    Line_Of_Business__c: row.line_of_business,
    Period_Start__c: `${row.period}-01`,
    Eligible_Members__c: num(row.eligible_members),
    Registered_Members__c: num(row.registered_members),
    Visits__c: num(row.visits),
    Behavioral_Health_Visits__c: num(row.behavioral_health_visits),
    Rated_Visits__c: num(row.rated_visits),
    Average_Rating__c: num(row.average_rating),
    Cost_Savings__c: num(row.cost_savings),
    Savings_Assumption_Set__c: row.savings_assumption_set,
  };
}

export const byKey = (rows: ComparableSnapshot[]): ComparableSnapshot[] =>
  [...rows].sort((a, b) => (String(a.Snapshot_Key__c) < String(b.Snapshot_Key__c) ? -1 : 1));

/** The snapshots the streaming sync writes for `feeds` to an org holding Accounts for `plans`. */
export async function streamingSnapshots(
  feeds: FeedFiles,
  plans: readonly string[],
  assumptionsFile?: string,
): Promise<{ result: SyncResult; snapshots: ComparableSnapshot[] }> {
  const accounts = Object.fromEntries(plans.map((plan, i) => [plan, `001${String(i).padStart(12, '0')}AAA`]));
  const org = new FakeOrg(accounts);
  const dir = await mkdtemp(path.join(tmpdir(), 'sql-streaming-'));
  let result: SyncResult;
  try {
    result = await runSync(org, {
      eligibilityFile: feeds.eligibility,
      visitsFile: feeds.visits,
      assumptionsFile,
      rejectFile: path.join(dir, 'rejects.csv'),
      failuresFile: path.join(dir, 'failures.csv'),
      bulkThreshold: Number.MAX_SAFE_INTEGER,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const fields = ['Snapshot_Key__c', ...SNAPSHOT_VALUE_FIELDS];
  const snapshots = [...org.snapshots.values()].map((row) =>
    Object.fromEntries(fields.map((field) => [field, row[field] ?? null])),
  );
  return { result, snapshots: byKey(snapshots) };
}
