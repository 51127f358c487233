/**
 * The nightly sync from feed files to Utilization_Snapshot__c rows: read and validate, aggregate,
 * compare with the org by content hash, write what changed. The command only renders this.
 */
import { rm, stat } from 'node:fs/promises';
import { ApiUsageMeter, meteredConnection } from '../org/apiUsage.js';
import { deadlineConnection, type OrgConnection } from '../org/connection.js';
import type { RetryHooks, RetryPolicy } from '../org/retry.js';
import { SnapshotAggregator } from './aggregator.js';
import { readVisitsInRanges } from './parallelVisits.js';
import { makeSnapshot, type Snapshot } from './snapshot.js';
import { checkSnapshotRow, SNAPSHOT_ROW_COLUMNS, snapshotRowKey, snapshotRowValues } from './snapshotRows.js';
import { assumptionSetOf, resolveAssumptions, type UsedAssumptions } from './assumptions.js';
import { diffSnapshots } from './diff.js';
import { DuplicateVisits, duplicateVisitIssue } from './duplicates.js';
import { FEED_CHUNK_BYTES, readFeed, type FeedRow } from './feedReader.js';
import { CsvRecordFile, FAILURE_COLUMNS, REJECT_COLUMNS, type FailureRow, type RejectRow } from './rejectWriter.js';
import {
  checkEligibilityRow,
  ELIGIBILITY_COLUMNS,
  unknownPlan,
  validVisit,
  VISIT_COLUMNS,
  type RowIssue,
} from './rowSchemas.js';
import {
  readPlanAccounts,
  readSnapshotHashes,
  writeSnapshots,
  type SnapshotToWrite,
  type WriteFailure,
  type WriteReport,
} from './snapshotStore.js';
import { VisitIdSet } from './visitIdSet.js';
import type { ParallelReadOptions, VisitsReadAhead } from './visitsReadAhead.js';

export const SYNC_STAGES = ['read', 'aggregate', 'compare', 'write'] as const;
export type SyncStage = (typeof SYNC_STAGES)[number];

export type SyncProgress = {
  eligibilityRows?: number;
  visitRows?: number;
  snapshotRows?: number;
  rejected?: number;
  snapshots?: number;
  unchanged?: number;
  toWrite?: number;
  written?: number;
};

export type SyncOptions = {
  /** The raw feeds, aggregated here; or `snapshotsFile`, rows aggregated elsewhere. */
  eligibilityFile?: string;
  visitsFile?: string;
  snapshotsFile?: string;
  /** Savings assumptions for aggregating the feeds (with `snapshotsFile`, the rows carry their savings). */
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
  /** How a big visits feed is split between threads (tests force small ranges). */
  parallelRead?: ParallelReadOptions;
  /** The visits feed's read, started before the run (earlyVisitsRead.ts); closed here whether used or not. */
  visitsReadAhead?: Promise<VisitsReadAhead | undefined>;
};

/** ok: every valid row landed; rejected: --strict and rows were rejected, nothing written; partial: some writes failed. */
export type SyncStatus = 'ok' | 'rejected' | 'partial';

export type SyncResult = {
  status: SyncStatus;
  dryRun: boolean;
  rowsRead: RowCounts;
  rowsAggregated: RowCounts;
  rowsRejected: number;
  snapshots: { computed: number; unchanged: number; written: number; failed: number; pending: number };
  writeMode: 'none' | 'collections' | 'bulk';
  apiCalls: number;
  rejectFile: string | null;
  failuresFile: string | null;
  /** The org's error codes for the snapshots it refused, each once. */
  failureCodes: string[];
  /** The figures used, their source, the set's name (`set`) and where it came from (`origin`: org, file,
   * defaults); null when the savings came with the snapshot rows. */
  assumptions: UsedAssumptions | null;
  durationMs: number;
};

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** What reading one file needs: how to reject a row, and whom to tell about progress. */
type FileContext = {
  file: string;
  rejects: CsvRecordFile<RejectRow>;
  onBatch: (rowsRead: number) => void;
};

/** What reading one feed needs: where rows go too. */
type FeedContext = FileContext & {
  accounts: ReadonlyMap<string, string>;
  aggregator: SnapshotAggregator;
};

type FeedCounts = { read: number; aggregated: number };

/** Why a row is not used; `line` when the row to reject is another one than the row just read. */
type Rejection = RowIssue & { line?: number };

function eligibilityIssue(values: FeedRow['values'], line: number, ctx: FeedContext): Rejection | undefined {
  const check = checkEligibilityRow(values);
  if (!check.ok) return check.issue;
  const row = check.value;
  if (!ctx.accounts.has(row.health_plan_id)) return unknownPlan(row.health_plan_id);
  const unused = ctx.aggregator.addEligibility(row, line);
  if (unused === undefined) return undefined;
  const key = `${row.health_plan_id}|${row.line_of_business}|${row.period}`;
  return {
    line: unused,
    field: 'period',
    value: row.period,
    reason: `a second eligibility row for ${key}: the row with the fewest eligible (then registered) members is kept`,
  };
}

function visitIssue(
  values: FeedRow['values'],
  line: number,
  ctx: FeedContext,
  seen: VisitIdSet,
  duplicates: DuplicateVisits,
): Rejection | undefined {
  const valid = validVisit(values, ctx.accounts);
  if ('issue' in valid) return valid.issue;
  if (seen.add(valid.row.visit_id)) {
    ctx.aggregator.addVisit(valid.row);
    return undefined;
  }
  const rejected = duplicates.offer(valid.row, line);
  return rejected === undefined ? undefined : { line: rejected, ...duplicateVisitIssue(valid.row) };
}

/** Streams one feed: each row is aggregated (`issueOf` answers undefined) or a row is rejected with its reason. */
async function readOneFeed(
  ctx: FileContext,
  columns: readonly string[],
  issueOf: (values: FeedRow['values'], line: number) => Rejection | undefined,
): Promise<FeedCounts> {
  const counts: FeedCounts = { read: 0, aggregated: 0 };
  for await (const batch of readFeed(ctx.file, columns)) {
    for (const item of batch) {
      counts.read++;
      const issue = 'error' in item ? item.error : issueOf(item.row.values, item.row.line);
      if (issue) {
        // Stryker disable next-line StringLiteral: equivalent, a feed error always carries its line in `issue.line`
        const line = issue.line ?? ('error' in item ? item.error.line : item.row.line);
        ctx.rejects.write({ file: ctx.file, line, field: issue.field, value: issue.value, reason: issue.reason });
      } else counts.aggregated++;
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

/** What reading the input needs from the run: the org's plans, the reject file, progress. */
type ReadContext = {
  accounts: ReadonlyMap<string, string>;
  rejects: CsvRecordFile<RejectRow>;
  progress: SyncProgress;
  report: () => void;
};

type RowCounts = { eligibility: number; visits: number; snapshots: number };

type ReadOutcome = { snapshots: Snapshot[]; read: RowCounts; aggregated: RowCounts };

/** The raw feeds, validated and aggregated by the streaming sync. */
async function snapshotsFromFeeds(
  files: { eligibility: string; visits: string },
  assumptions: UsedAssumptions,
  input: ReadContext,
  onAggregate: () => void,
  parallel: Pick<SyncOptions, 'parallelRead' | 'visitsReadAhead'>,
): Promise<ReadOutcome> {
  const aggregator = new SnapshotAggregator();
  const { accounts, rejects, progress, report } = input;
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
  const eligibilityContext = context(files.eligibility, (rows) => (progress.eligibilityRows = rows));
  const eligibility = await readOneFeed(eligibilityContext, ELIGIBILITY_COLUMNS, (values, line) =>
    eligibilityIssue(values, line, eligibilityContext),
  );
  const visitBytes = (await stat(files.visits)).size;
  const duplicates = new DuplicateVisits();
  /** The single-threaded reader, for the feeds the parallel one leaves; only it needs this id set. */
  const readVisitsOnOneThread = (): Promise<FeedCounts> => {
    const seenVisits = new VisitIdSet();
    const visitContext = context(files.visits, (rows) => {
      // The first chunk tells the row width, hence about how many ids the file holds (fewer if gzipped).
      if (!progress.visitRows && visitBytes > FEED_CHUNK_BYTES) {
        seenVisits.expect(Math.round((visitBytes / FEED_CHUNK_BYTES) * rows));
      }
      progress.visitRows = rows;
    });
    return readOneFeed(visitContext, VISIT_COLUMNS, (values, line) =>
      visitIssue(values, line, visitContext, seenVisits, duplicates),
    );
  };
  const visits =
    (await readVisitsInRanges({
      ...parallel.parallelRead,
      readAhead: parallel.visitsReadAhead,
      file: files.visits,
      accounts,
      aggregator,
      duplicates,
      rejects,
      onBatch: (rows) => {
        progress.visitRows = rows;
        report();
      },
    })) ?? (await readVisitsOnOneThread());
  visits.aggregated -= await duplicates.settle({
    file: files.visits,
    accept: (values) => {
      const valid = validVisit(values, accounts);
      return 'row' in valid ? valid.row : undefined;
    },
    add: (row) => aggregator.addVisit(row),
    remove: (row) => aggregator.removeVisit(row),
    reject: (line, issue) => rejects.write({ file: files.visits, line, ...issue }),
  });
  await rejects.drain();

  onAggregate();
  return {
    snapshots: aggregator.snapshots(assumptions, assumptionSetOf(assumptions)),
    read: { eligibility: eligibility.read, visits: visits.read, snapshots: 0 },
    aggregated: { eligibility: eligibility.aggregated, visits: visits.aggregated, snapshots: 0 },
  };
}

function feedFiles(options: SyncOptions): { eligibility: string; visits: string } {
  if (!options.eligibilityFile || !options.visitsFile) {
    throw new Error('runSync needs eligibilityFile and visitsFile, or snapshotsFile');
  }
  return { eligibility: options.eligibilityFile, visits: options.visitsFile };
}

/** Rows aggregated elsewhere (the SQL of `sql/`): each valid, for a known plan, once per key. */
async function snapshotsFromFile(file: string, input: ReadContext): Promise<ReadOutcome> {
  const { accounts, rejects, progress, report } = input;
  const snapshots = new Map<string, Snapshot>();
  const counts = await readOneFeed(
    {
      file,
      rejects,
      onBatch: (rows) => {
        progress.snapshotRows = rows;
        report();
      },
    },
    SNAPSHOT_ROW_COLUMNS,
    (values) => {
      const check = checkSnapshotRow(values);
      if (!check.ok) return check.issue;
      const row = check.value;
      if (!accounts.has(row.health_plan_id)) return unknownPlan(row.health_plan_id);
      const key = snapshotRowKey(row);
      if (snapshots.has(key)) {
        return { field: 'period', value: row.period, reason: `a second row for ${key}: an earlier row has it` };
      }
      snapshots.set(key, makeSnapshot(row.health_plan_id, key, snapshotRowValues(row)));
      return undefined;
    },
  );
  // Stryker disable next-line EqualityOperator: equivalent, `<=` only differs for equal keys, and a Map's keys never are
  const sorted = [...snapshots.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    snapshots: sorted,
    read: { eligibility: 0, visits: 0, snapshots: counts.read },
    aggregated: { eligibility: 0, visits: 0, snapshots: counts.aggregated },
  };
}

export async function runSync(orgConnection: OrgConnection, options: SyncOptions): Promise<SyncResult> {
  try {
    return await syncOnce(orgConnection, options);
  } finally {
    // Its threads stop, whether the read was merged or not (an error came first).
    await (await options.visitsReadAhead)?.close();
  }
}

async function syncOnce(orgConnection: OrgConnection, options: SyncOptions): Promise<SyncResult> {
  const started = Date.now();
  const meter = new ApiUsageMeter(orgConnection);
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const conn = meteredConnection(deadlineConnection(orgConnection, timeout), meter);
  // Both reads go out at once: on a real org each is a round trip. A failure of the assumptions is
  // still the one reported when both fail, as when they were read first.
  const plansRead = readPlanAccounts(conn, options.policy, options.hooks);
  plansRead.catch(() => undefined);
  const assumptions = options.snapshotsFile
    ? null
    : // Stryker disable next-line MethodExpression: equivalent, the day is only compared with Effective_Date__c, a YYYY-MM-DD Date, which is <= the instant exactly when it is <= its day
      await resolveAssumptions(conn, new Date().toISOString().slice(0, 10), options.assumptionsFile);
  await Promise.all([rm(options.rejectFile, { force: true }), rm(options.failuresFile, { force: true })]);
  const rejects = new CsvRecordFile<RejectRow>(options.rejectFile, REJECT_COLUMNS);
  const progress: SyncProgress = { eligibilityRows: 0, visitRows: 0, rejected: 0 };
  const report = (): void => options.onProgress?.({ ...progress, rejected: rejects.count });
  const stage = (name: SyncStage): void => options.onStage?.(name, { ...progress, rejected: rejects.count });

  stage('read');
  const accounts = await plansRead;
  const input: ReadContext = { accounts, rejects, progress, report };
  const read = options.snapshotsFile
    ? await snapshotsFromFile(options.snapshotsFile, input)
    : await snapshotsFromFeeds(feedFiles(options), assumptions!, input, () => stage('aggregate'), options);
  const { snapshots } = read;
  progress.snapshots = snapshots.length;
  report();

  stage('compare');
  const months = snapshots.map((snapshot) => snapshot.values.Period_Start__c);
  const existing = await readSnapshotHashes(conn, months, options.policy, options.hooks);
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
    stage('write');
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
    rowsRead: read.read,
    rowsAggregated: read.aggregated,
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
    failureCodes: [...new Set(outcome.failures.map((failure) => failure.error.errorCode))],
    assumptions,
    durationMs: Date.now() - started,
  };
}
