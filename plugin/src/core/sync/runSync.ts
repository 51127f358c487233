/**
 * The nightly sync from feed files to Utilization_Snapshot__c rows: read and validate, aggregate,
 * compare with the org by content hash, write what changed. The command only renders this.
 */
import { rm, stat } from 'node:fs/promises';
import { ApiUsageMeter, meteredConnection } from '../org/apiUsage.js';
import { deadlineConnection, type OrgConnection } from '../org/connection.js';
import type { RetryHooks, RetryPolicy } from '../org/retry.js';
import { SnapshotAggregator } from './aggregator.js';
import { recordAssumptionSet, resolveAssumptions, type UsedAssumptions } from './assumptions.js';
import { diffSnapshots } from './diff.js';
import { FEED_CHUNK_BYTES, readFeed, type FeedRow } from './feedReader.js';
import { CsvRecordFile, FAILURE_COLUMNS, REJECT_COLUMNS, type FailureRow, type RejectRow } from './rejectWriter.js';
import { checkEligibilityRow, checkVisitRow, ELIGIBILITY_COLUMNS, VISIT_COLUMNS, type RowIssue } from './rowSchemas.js';
import {
  readOrgState,
  writeSnapshots,
  type SnapshotToWrite,
  type WriteFailure,
  type WriteReport,
} from './snapshotStore.js';
import { VisitIdSet } from './visitIdSet.js';

export const SYNC_STAGES = ['read', 'aggregate', 'compare', 'write'] as const;
export type SyncStage = (typeof SYNC_STAGES)[number];

export type SyncProgress = {
  eligibilityRows?: number;
  visitRows?: number;
  rejected?: number;
  snapshots?: number;
  unchanged?: number;
  toWrite?: number;
  written?: number;
};

export type SyncOptions = {
  eligibilityFile: string;
  visitsFile: string;
  assumptionsFile?: string;
  rejectFile: string;
  failuresFile: string;
  dryRun?: boolean;
  strict?: boolean;
  bulkThreshold?: number;
  /** Longest wait for one answer from the org before the call is retried (uploads get more). */
  requestTimeoutMs?: number;
  policy?: RetryPolicy;
  hooks?: RetryHooks;
  onStage?: (stage: SyncStage, progress: SyncProgress) => void;
  onProgress?: (progress: SyncProgress) => void;
};

/** ok: every valid row landed; rejected: --strict and rows were rejected, nothing written; partial: some writes failed. */
export type SyncStatus = 'ok' | 'rejected' | 'partial';

export type SyncResult = {
  status: SyncStatus;
  dryRun: boolean;
  rowsRead: { eligibility: number; visits: number };
  rowsAggregated: { eligibility: number; visits: number };
  rowsRejected: number;
  snapshots: { computed: number; unchanged: number; written: number; failed: number; pending: number };
  writeMode: 'none' | 'collections' | 'bulk';
  apiCalls: number;
  rejectFile: string | null;
  failuresFile: string | null;
  /** The figures used, their source, the set's name (`set`) and where it came from (`origin`: org, file, defaults). */
  assumptions: UsedAssumptions;
  durationMs: number;
};

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** What reading one feed needs: where rows go, and how to reject one. */
type FeedContext = {
  file: string;
  accounts: ReadonlyMap<string, string>;
  aggregator: SnapshotAggregator;
  rejects: CsvRecordFile<RejectRow>;
  onBatch: (rowsRead: number) => void;
};

type FeedCounts = { read: number; aggregated: number };

const unknownPlan = (planId: string): RowIssue => ({
  field: 'health_plan_id',
  value: planId,
  reason: `no Account in the org has Health_Plan_Id__c = ${planId}`,
});

function eligibilityIssue(values: FeedRow['values'], ctx: FeedContext): RowIssue | undefined {
  const check = checkEligibilityRow(values);
  if (!check.ok) return check.issue;
  if (!ctx.accounts.has(check.value.health_plan_id)) return unknownPlan(check.value.health_plan_id);
  const duplicate = ctx.aggregator.addEligibility(check.value);
  return duplicate ? { field: 'period', value: check.value.period, reason: duplicate } : undefined;
}

function visitIssue(values: FeedRow['values'], ctx: FeedContext, seen: VisitIdSet): RowIssue | undefined {
  const check = checkVisitRow(values);
  if (!check.ok) return check.issue;
  if (!ctx.accounts.has(check.value.health_plan_id)) return unknownPlan(check.value.health_plan_id);
  if (!seen.add(check.value.visit_id)) {
    return {
      field: 'visit_id',
      value: check.value.visit_id,
      reason: 'duplicate visit_id: an earlier row already has it',
    };
  }
  ctx.aggregator.addVisit(check.value);
  return undefined;
}

/** Streams one feed: each row is aggregated (`issueOf` answers undefined) or rejected with its reason. */
async function readOneFeed(
  ctx: FeedContext,
  columns: readonly string[],
  issueOf: (values: FeedRow['values']) => RowIssue | undefined,
): Promise<FeedCounts> {
  const counts: FeedCounts = { read: 0, aggregated: 0 };
  for await (const batch of readFeed(ctx.file, columns)) {
    for (const item of batch) {
      counts.read++;
      const line = 'error' in item ? item.error.line : item.row.line;
      const issue = 'error' in item ? item.error : issueOf(item.row.values);
      if (issue)
        ctx.rejects.write({ file: ctx.file, line, field: issue.field, value: issue.value, reason: issue.reason });
      else counts.aggregated++;
    }
    await ctx.rejects.drain();
    ctx.onBatch(counts.read);
  }
  return counts;
}

async function writeFailures(file: CsvRecordFile<FailureRow>, failures: WriteFailure[]): Promise<void> {
  for (const failure of failures) {
    file.write({
      snapshotKey: failure.snapshot.key,
      accountId: failure.snapshot.accountId,
      errorCode: failure.error.errorCode,
      message: failure.error.message,
      fields: failure.error.fields.join(';'),
    });
  }
  await file.drain();
}

export async function runSync(orgConnection: OrgConnection, options: SyncOptions): Promise<SyncResult> {
  const started = Date.now();
  const meter = new ApiUsageMeter(orgConnection);
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const conn = meteredConnection(deadlineConnection(orgConnection, timeout), meter);
  const assumptions = await resolveAssumptions(conn, new Date().toISOString().slice(0, 10), options.assumptionsFile);
  await Promise.all([rm(options.rejectFile, { force: true }), rm(options.failuresFile, { force: true })]);
  const rejects = new CsvRecordFile<RejectRow>(options.rejectFile, REJECT_COLUMNS);
  const progress: SyncProgress = { eligibilityRows: 0, visitRows: 0, rejected: 0 };
  const report = (): void => options.onProgress?.({ ...progress, rejected: rejects.count });

  options.onStage?.('read', progress);
  const { accounts, hashes: existing } = await readOrgState(conn, options.policy, options.hooks);
  const aggregator = new SnapshotAggregator();
  const context = (file: string, onRows: (rows: number) => void): FeedContext => ({
    file,
    accounts,
    aggregator,
    rejects,
    onBatch: (rows): void => {
      onRows(rows);
      report();
    },
  });
  const eligibilityContext = context(options.eligibilityFile, (rows) => (progress.eligibilityRows = rows));
  const eligibility = await readOneFeed(eligibilityContext, ELIGIBILITY_COLUMNS, (values) =>
    eligibilityIssue(values, eligibilityContext),
  );
  const seenVisits = new VisitIdSet();
  const visitBytes = (await stat(options.visitsFile)).size;
  const visitContext = context(options.visitsFile, (rows) => {
    // The first chunk tells the row width, hence about how many ids the file holds (fewer if gzipped).
    if (!progress.visitRows && visitBytes > FEED_CHUNK_BYTES) {
      seenVisits.expect(Math.round((visitBytes / FEED_CHUNK_BYTES) * rows));
    }
    progress.visitRows = rows;
  });
  const visits = await readOneFeed(visitContext, VISIT_COLUMNS, (values) =>
    visitIssue(values, visitContext, seenVisits),
  );

  options.onStage?.('aggregate', progress);
  const snapshots = recordAssumptionSet(aggregator.snapshots(assumptions), assumptions);
  progress.snapshots = snapshots.length;
  report();

  options.onStage?.('compare', progress);
  const { changed, unchanged } = diffSnapshots(snapshots, existing);
  progress.unchanged = unchanged;
  progress.toWrite = changed.length;
  report();

  const rowsRejected = rejects.count;
  const rejectFile = (await rejects.close()) ?? null;
  const stopForRejects = Boolean(options.strict) && rowsRejected > 0;
  const writing = !options.dryRun && !stopForRejects;
  const failures = new CsvRecordFile<FailureRow>(options.failuresFile, FAILURE_COLUMNS);
  let outcome: WriteReport = { written: 0, failures: [], mode: 'none' };
  if (writing) {
    options.onStage?.('write', progress);
    const toWrite: SnapshotToWrite[] = changed.map((snapshot) => ({
      ...snapshot,
      accountId: accounts.get(snapshot.planId)!,
      exists: existing.has(snapshot.key),
    }));
    outcome = await writeSnapshots(conn, toWrite, {
      bulkThreshold: options.bulkThreshold,
      policy: options.policy,
      hooks: options.hooks,
      onWritten: (count) => {
        progress.written = count;
        report();
      },
    });
    await writeFailures(failures, outcome.failures);
  }
  const failed = failures.count;
  return {
    status: stopForRejects ? 'rejected' : failed > 0 ? 'partial' : 'ok',
    dryRun: Boolean(options.dryRun),
    rowsRead: { eligibility: eligibility.read, visits: visits.read },
    rowsAggregated: { eligibility: eligibility.aggregated, visits: visits.aggregated },
    rowsRejected,
    snapshots: {
      computed: snapshots.length,
      unchanged,
      written: outcome.written,
      failed,
      pending: writing ? 0 : changed.length,
    },
    writeMode: outcome.mode,
    apiCalls: meter.calls,
    rejectFile,
    failuresFile: (await failures.close()) ?? null,
    assumptions,
    durationMs: Date.now() - started,
  };
}
