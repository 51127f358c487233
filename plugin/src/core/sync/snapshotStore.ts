/**
 * Everything the sync reads from and writes to the org: the plan Accounts, the snapshots it
 * already holds (key and hash only, of the months the feed covers), and the upsert of changed
 * snapshots.
 */
import type { OrgConnection } from '../org/connection.js';
import { eachPageFrom, queryEachPage } from '../org/query.js';
import { upsertCollection, COLLECTIONS_MAX_RECORDS, type SObjectRecord } from '../org/collections.js';
import { bulkUpsert } from '../org/bulkIngest.js';
import { isTransientRecordError, requestFailure, type RecordError, type RecordOutcome } from '../org/recordResult.js';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  sleepMs,
  withRetry,
  type RetryHooks,
  type RetryPolicy,
} from '../org/retry.js';
import { bulkQuery } from '../org/bulkQuery.js';
import { planLanes, orderByParent } from './batching.js';
import { SNAPSHOT_VALUE_FIELDS, type Snapshot } from './snapshot.js';

export const SNAPSHOT_OBJECT = 'Utilization_Snapshot__c';
export const SNAPSHOT_KEY_FIELD = 'Snapshot_Key__c';

/**
 * From this many rows one Bulk API 2.0 job is used instead of sObject Collections. On the local
 * org (`npm run bench -- sync`) Collections was as fast or faster at every size measured up to
 * 5,000 rows, because a job always waits for its first poll (200 rows: 15 vs 269 ms; 2,000: 97
 * vs 331 ms; 5,000: 215 vs 449 ms). What decides is API calls: Collections costs one per 200
 * rows, a job 4–5 whatever its size, so at 2,000 rows Collections already costs twice as many
 * (10) and the daily API limit is what a nightly job must spare.
 */
export const DEFAULT_BULK_THRESHOLD = 2000;

type SnapshotHashRecord = { Snapshot_Key__c: string | null; Content_Hash__c: string | null };
type PlanAccountRecord = { Id: string; Health_Plan_Id__c: string };
type QueryPage<T> = { totalSize: number; done: boolean; records: T[]; nextRecordsUrl?: string };

const PAGE_SIZE = 2000;
/**
 * A Bulk API 2.0 query job costs three calls whatever its size (create, poll, results; more polls
 * on a busy org): worth it once more than this many REST pages are left.
 */
const BULK_AFTER_PAGES = 3;

/** Account Id by Health_Plan_Id__c of every plan Account. */
export async function readPlanAccounts(
  conn: OrgConnection,
  policy?: RetryPolicy,
  hooks?: RetryHooks,
): Promise<Map<string, string>> {
  const accounts = new Map<string, string>();
  await queryEachPage<PlanAccountRecord>(
    conn,
    'SELECT Id, Health_Plan_Id__c FROM Account WHERE Health_Plan_Id__c != null',
    (records) => {
      for (const record of records) accounts.set(record.Health_Plan_Id__c, record.Id);
    },
    policy,
    hooks,
  );
  return accounts;
}

/** The SOQL for the keys and hashes of the snapshots of the given months (`YYYY-MM-01`). */
export function snapshotHashQuery(months: readonly string[]): string {
  const dates = [...new Set(months)].sort().join(', ');
  return `SELECT ${SNAPSHOT_KEY_FIELD}, Content_Hash__c FROM ${SNAPSHOT_OBJECT} WHERE Period_Start__c IN (${dates})`;
}

/**
 * Content_Hash__c by Snapshot_Key__c of the org's snapshots of the given months: key and hash only,
 * so the read costs little whatever else a snapshot holds. The first REST page tells how many rows
 * there are; when many pages would follow, the rest is one Bulk API 2.0 query job instead, so the
 * number of calls stops growing with the number of snapshots.
 */
export async function readSnapshotHashes(
  conn: OrgConnection,
  months: readonly string[],
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks?: RetryHooks,
): Promise<Map<string, string | null>> {
  const hashes = new Map<string, string | null>();
  if (months.length === 0) return hashes;
  const add = (records: SnapshotHashRecord[]): void => {
    for (const record of records)
      if (record.Snapshot_Key__c) hashes.set(record.Snapshot_Key__c, record.Content_Hash__c);
  };
  const soql = snapshotHashQuery(months);
  const headers = { 'Sforce-Query-Options': `batchSize=${PAGE_SIZE}` };
  const first = await withRetry(
    () =>
      conn.request<QueryPage<SnapshotHashRecord>>({
        method: 'GET',
        url: `/query?q=${encodeURIComponent(soql)}`,
        headers,
      }),
    policy,
    hooks,
  );
  if (first.done || !first.nextRecordsUrl) {
    add(first.records);
    return hashes;
  }
  if (Math.ceil((first.totalSize - first.records.length) / PAGE_SIZE) > BULK_AFTER_PAGES) {
    const all = await bulkQuery<SnapshotHashRecord>(conn, soql, { policy, hooks });
    if (all) {
      add(all);
      return hashes;
    }
  }
  add(first.records);
  await eachPageFrom<SnapshotHashRecord>(conn, first.nextRecordsUrl, add, policy, hooks, headers);
  return hashes;
}

/**
 * `exists`: the org held this key when compared. The master-detail Account__c can only be set
 * when a row is created (the org refuses it on update), so it is sent for new rows only.
 */
export type SnapshotToWrite = Snapshot & { accountId: string; exists: boolean };

export type WriteFailure = { snapshot: SnapshotToWrite; error: RecordError };

export type WriteOptions = {
  bulkThreshold?: number;
  /** Requests in flight at once over Collections, each on its own set of parent Accounts. */
  lanes?: number;
  policy?: RetryPolicy;
  hooks?: RetryHooks;
  onWritten?: (written: number) => void;
};

export type WriteReport = { written: number; failures: WriteFailure[]; mode: 'none' | 'collections' | 'bulk' };

/** A round's options: `onWritten` takes the round's own count, added to what earlier rounds wrote. */
type RoundOptions = WriteOptions & { onWritten: (written: number) => void };

const UPDATE_COLUMNS = [SNAPSHOT_KEY_FIELD, ...SNAPSHOT_VALUE_FIELDS, 'Content_Hash__c'];
const CREATE_COLUMNS = [SNAPSHOT_KEY_FIELD, 'Account__c', ...SNAPSHOT_VALUE_FIELDS, 'Content_Hash__c'];

function toRecord(snapshot: SnapshotToWrite): SObjectRecord {
  const record: SObjectRecord = { [SNAPSHOT_KEY_FIELD]: snapshot.key };
  if (!snapshot.exists) record.Account__c = snapshot.accountId;
  for (const field of SNAPSHOT_VALUE_FIELDS) record[field] = snapshot.values[field] ?? null;
  record.Content_Hash__c = snapshot.hash;
  return record;
}

const mentionsParent = (error: RecordError): boolean =>
  error.fields.includes('Account__c') || error.message.includes('Account__c');

/**
 * A row sent as new that the org already holds — an earlier attempt landed but its answer was
 * lost — is refused for setting the master-detail on update: send it again as an update.
 */
const createdMeanwhile = (snapshot: SnapshotToWrite, error: RecordError): boolean =>
  !snapshot.exists && error.errorCode === 'INVALID_FIELD_FOR_INSERT_UPDATE' && mentionsParent(error);

/** A row sent as an update that is gone (deleted since the compare) needs its parent to be created. */
const deletedMeanwhile = (snapshot: SnapshotToWrite, error: RecordError): boolean =>
  snapshot.exists && error.errorCode === 'REQUIRED_FIELD_MISSING' && mentionsParent(error);

/**
 * Upserts the snapshots by Snapshot_Key__c. Rows that fail for a passing reason (row lock,
 * request limit) are tried again after a backoff; what still fails is returned with its reason.
 */
export async function writeSnapshots(
  conn: OrgConnection,
  snapshots: readonly SnapshotToWrite[],
  options: WriteOptions = {},
): Promise<WriteReport> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const threshold = options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD;
  const mode = snapshots.length === 0 ? 'none' : snapshots.length >= threshold ? 'bulk' : 'collections';
  let pending = [...snapshots];
  let written = 0;
  const failures: WriteFailure[] = [];
  for (
    let round = 0;
    pending.length &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the last round retries nothing, so pending is empty after it and this bound is never what stops the loop
    round < policy.maxAttempts;
    round++
  ) {
    if (round > 0) {
      // eslint-disable-next-line no-await-in-loop
      await (options.hooks?.sleep ?? sleepMs)(backoffDelayMs(round, policy, options.hooks?.random));
    }
    const write = pending.length >= threshold ? writeByBulk : writeByCollections;
    const before = written;
    const onWritten = (count: number): void => options.onWritten?.(before + count);
    // eslint-disable-next-line no-await-in-loop
    const outcomes = await write(conn, pending, { ...options, onWritten }, policy);
    const retryable: SnapshotToWrite[] = [];
    const lastRound = round + 1 >= policy.maxAttempts;
    for (const snapshot of pending) {
      // Stryker disable ObjectLiteral,BooleanLiteral,StringLiteral,ArrayDeclaration: unreachable, both writers give
      // every row they were handed an outcome; kept so a writer that missed one would report the row, not throw.
      const outcome = outcomes.get(snapshot.key) ?? {
        ok: false,
        error: { errorCode: 'NO_RESULT', message: 'no result for this row', fields: [] },
      };
      // Stryker restore ObjectLiteral,BooleanLiteral,StringLiteral,ArrayDeclaration
      if (outcome.ok) written++;
      else if (!lastRound && isTransientRecordError(outcome.error)) retryable.push(snapshot);
      else if (!lastRound && createdMeanwhile(snapshot, outcome.error)) retryable.push({ ...snapshot, exists: true });
      else if (!lastRound && deletedMeanwhile(snapshot, outcome.error)) retryable.push({ ...snapshot, exists: false });
      else failures.push({ snapshot, error: outcome.error });
    }
    options.onWritten?.(written);
    pending = retryable;
  }
  return { written, failures, mode };
}

async function writeByCollections(
  conn: OrgConnection,
  snapshots: readonly SnapshotToWrite[],
  options: RoundOptions,
  policy: RetryPolicy,
): Promise<Map<string, RecordOutcome>> {
  const outcomes = new Map<string, RecordOutcome>();
  const lanes = planLanes(snapshots, COLLECTIONS_MAX_RECORDS, options.lanes ?? 4);
  let written = 0;
  await Promise.all(
    lanes.map(async (batches) => {
      for (const batch of batches) {
        // eslint-disable-next-line no-await-in-loop
        const results = await upsertCollection(
          conn,
          SNAPSHOT_OBJECT,
          SNAPSHOT_KEY_FIELD,
          batch.map(toRecord),
          policy,
          options.hooks,
        );
        batch.forEach((snapshot, i) => outcomes.set(snapshot.key, results[i]));
        written += results.filter((result) => result.ok).length;
        options.onWritten(written);
      }
    }),
  );
  return outcomes;
}

async function writeByBulk(
  conn: OrgConnection,
  snapshots: readonly SnapshotToWrite[],
  options: RoundOptions,
  policy: RetryPolicy,
): Promise<Map<string, RecordOutcome>> {
  const outcomes = new Map<string, RecordOutcome>();
  // New rows carry Account__c, existing ones must not: one job per shape.
  for (const exists of [false, true]) {
    const earlier = [...outcomes.values()].filter((outcome) => outcome.ok).length;
    const part = snapshots.filter((snapshot) => snapshot.exists === exists);
    if (!part.length) continue;
    const columns = exists ? UPDATE_COLUMNS : CREATE_COLUMNS;
    const rows = orderByParent(part).map((snapshot) => {
      const record = toRecord(snapshot);
      return columns.map((column) => record[column]);
    });
    try {
      // eslint-disable-next-line no-await-in-loop
      const result = await bulkUpsert(conn, rows, {
        sobjectType: SNAPSHOT_OBJECT,
        externalIdField: SNAPSHOT_KEY_FIELD,
        columns,
        policy,
        hooks: options.hooks,
        onProgress: (written) => options.onWritten(earlier + written),
      });
      for (const [key, outcome] of result.outcomes) outcomes.set(key, outcome);
    } catch (error) {
      const failure = requestFailure(error);
      for (const snapshot of part) outcomes.set(snapshot.key, { ok: false, error: failure });
    }
  }
  return outcomes;
}
