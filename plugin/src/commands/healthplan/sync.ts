import { join, resolve } from 'node:path';
import { Global, Messages, SfError } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { MultiStageOutput } from '@oclif/multi-stage-output';
import { AssumptionsError } from '../../core/sync/assumptions.js';
import { FeedFileError } from '../../core/sync/feedReader.js';
import { takeEarlyVisitsRead } from '../../core/sync/earlyVisitsRead.js';
import { ReaderThreadError } from '../../core/sync/visitsReadAhead.js';
import { acquireRunLock, LockedError } from '../../core/sync/runLock.js';
import { runSync, SYNC_STAGES, type SyncProgress, type SyncResult, type SyncStage } from '../../core/sync/runSync.js';
import { DEFAULT_BULK_THRESHOLD, SNAPSHOT_OBJECT } from '../../core/sync/snapshotStore.js';
import type { OrgConnection } from '../../core/org/connection.js';
import { accessContext, accessError, writeRefusal } from '../../core/org/accessError.js';
import { dailyLimitError } from '../../core/org/limitError.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@health-plan-accounts/plugin-healthplan', 'healthplan.sync');

export type { SyncResult };

/** Exit codes, documented in the command's description and the README. */
export const EXIT_CODES = { ok: 0, rejected: 2, partial: 3, locked: 4 } as const;

/** The permission set the nightly job's user needs. */
export const SYNC_PERMISSION_SET = 'Health_Plan_Sync';

const STAGE_LABELS = Object.fromEntries(
  SYNC_STAGES.map((stage) => [stage, messages.getMessage(`stage.${stage}`)]),
) as Record<SyncStage, string>;

type StageDisplay = Pick<MultiStageOutput<SyncProgress>, 'goto' | 'updateData' | 'stop' | 'error'>;

const SILENT_STAGES: StageDisplay = { goto: () => {}, updateData: () => {}, stop: () => {}, error: () => {} };

export default class Sync extends SfCommand<SyncResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    eligibility: Flags.file({
      char: 'e',
      summary: messages.getMessage('flags.eligibility.summary'),
      exists: true,
      exactlyOne: ['eligibility', 'snapshots'],
      dependsOn: ['visits'],
    }),
    visits: Flags.file({
      char: 'v',
      summary: messages.getMessage('flags.visits.summary'),
      exists: true,
      dependsOn: ['eligibility'],
    }),
    snapshots: Flags.file({
      summary: messages.getMessage('flags.snapshots.summary'),
      description: messages.getMessage('flags.snapshots.description'),
      exists: true,
      exclusive: ['eligibility', 'visits', 'assumptions'],
    }),
    assumptions: Flags.file({
      summary: messages.getMessage('flags.assumptions.summary'),
      description: messages.getMessage('flags.assumptions.description'),
      exists: true,
    }),
    'reject-file': Flags.file({
      summary: messages.getMessage('flags.reject-file.summary'),
      default: 'healthplan-sync-rejects.csv',
    }),
    'failures-file': Flags.file({
      summary: messages.getMessage('flags.failures-file.summary'),
      default: 'healthplan-sync-failures.csv',
    }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    strict: Flags.boolean({ summary: messages.getMessage('flags.strict.summary') }),
    'bulk-threshold': Flags.integer({
      summary: messages.getMessage('flags.bulk-threshold.summary'),
      min: 1,
      default: DEFAULT_BULK_THRESHOLD,
    }),
  };

  public async run(): Promise<SyncResult> {
    const { flags } = await this.parse(Sync);
    const org = flags['target-org'];
    const conn = org.getConnection(flags['api-version']) as unknown as OrgConnection;
    const lockPath = join(Global.SF_DIR, 'healthplan', `sync-${org.getOrgId()}.lock`);
    const lock = await acquireRunLock(lockPath).catch((error: unknown) => {
      if (error instanceof LockedError) {
        throw messages.createError(
          'error.locked',
          [error.holder.pid, error.holder.hostname ?? 'this host', error.holder.startedAt],
          [lockPath],
          EXIT_CODES.locked,
        );
      }
      throw error;
    });

    const stages = await this.stagesOutput();
    let result: SyncResult;
    try {
      result = await runSync(conn, {
        eligibilityFile: flags.eligibility,
        visitsFile: flags.visits,
        snapshotsFile: flags.snapshots,
        assumptionsFile: flags.assumptions,
        rejectFile: resolve(flags['reject-file']),
        failuresFile: resolve(flags['failures-file']),
        dryRun: flags['dry-run'],
        strict: flags.strict,
        bulkThreshold: flags['bulk-threshold'],
        visitsReadAhead: flags.visits ? takeEarlyVisitsRead(flags.visits) : undefined,
        onStage: (stage, progress) => stages.goto(STAGE_LABELS[stage], progress),
        onProgress: (progress) => stages.updateData(progress),
      });
      stages.stop();
    } catch (error) {
      stages.error();
      const context = accessContext(org, SYNC_PERMISSION_SET);
      throw accessError(error, context) ?? dailyLimitError(error, context.targetOrg) ?? toSfError(error);
    } finally {
      await lock.release();
    }

    this.logSummary(result);
    if (result.status === 'rejected') {
      throw messages
        .createError('error.rejectedStrict', [result.rowsRejected, result.rejectFile], [], EXIT_CODES.rejected)
        .setData(result);
    }
    if (result.status === 'partial') {
      const refused = writeRefusal(
        result.failureCodes,
        accessContext(org, SYNC_PERMISSION_SET),
        SNAPSHOT_OBJECT,
        result.failuresFile,
        EXIT_CODES.partial,
      );
      if (refused) throw refused.setData(result);
      const changed = result.snapshots.written + result.snapshots.failed;
      throw messages
        .createError(
          'error.writeFailures',
          [result.snapshots.failed, changed, result.failuresFile],
          [],
          EXIT_CODES.partial,
        )
        .setData(result);
    }
    return result;
  }

  /** The progress display, loaded only when shown: with --json it is never drawn. */
  private async stagesOutput(): Promise<StageDisplay> {
    if (this.jsonEnabled()) return SILENT_STAGES;
    const { MultiStageOutput: Display } = await import('@oclif/multi-stage-output');
    return new Display<SyncProgress>({
      title: messages.getMessage('title'),
      stages: Object.values(STAGE_LABELS),
      jsonEnabled: this.jsonEnabled(),
      postStagesBlock: [
        {
          type: 'dynamic-key-value',
          label: messages.getMessage('progress.rows'),
          get: (data) =>
            data?.snapshotRows === undefined ? `${data?.eligibilityRows ?? 0} / ${data?.visitRows ?? 0}` : undefined,
        },
        {
          type: 'dynamic-key-value',
          label: messages.getMessage('progress.snapshotRows'),
          get: (data) => (data?.snapshotRows === undefined ? undefined : String(data.snapshotRows)),
        },
        {
          type: 'dynamic-key-value',
          label: messages.getMessage('progress.rejected'),
          get: (data) => String(data?.rejected ?? 0),
        },
        {
          type: 'dynamic-key-value',
          label: messages.getMessage('progress.snapshots'),
          get: (data) => (data?.snapshots === undefined ? undefined : String(data.snapshots)),
        },
        {
          type: 'dynamic-key-value',
          label: messages.getMessage('progress.toWrite'),
          get: (data) => (data?.toWrite === undefined ? undefined : `${data.toWrite} / ${data.unchanged ?? 0}`),
        },
        {
          type: 'dynamic-key-value',
          label: messages.getMessage('progress.written'),
          get: (data) => (data?.written === undefined ? undefined : String(data.written)),
        },
      ],
    });
  }

  private logSummary(result: SyncResult): void {
    const read = result.rowsRead.eligibility + result.rowsRead.visits;
    const aggregated = result.rowsAggregated.eligibility + result.rowsAggregated.visits;
    if (result.assumptions) {
      this.log(
        messages.getMessage('summary.rows', [
          read,
          result.rowsRead.eligibility,
          result.rowsRead.visits,
          aggregated,
          result.rowsRejected,
        ]),
      );
    } else {
      const { snapshots } = result.rowsRead;
      this.log(
        messages.getMessage('summary.snapshotRows', [snapshots, result.rowsAggregated.snapshots, result.rowsRejected]),
      );
    }
    if (result.rejectFile) this.log(messages.getMessage('summary.rejects', [result.rejectFile]));
    const { computed, unchanged, written, failed, pending } = result.snapshots;
    this.log(messages.getMessage('summary.snapshots', [computed, unchanged, written, failed]));
    if (result.dryRun) this.log(messages.getMessage('summary.dryRun', [pending]));
    if (result.failuresFile) this.log(messages.getMessage('summary.failures', [result.failuresFile]));
    this.log(
      result.assumptions
        ? messages.getMessage('summary.assumptions', [
            result.assumptions.set,
            messages.getMessage(`origin.${result.assumptions.origin}`),
            result.assumptions.source,
          ])
        : messages.getMessage('summary.assumptionsFromRows'),
    );
    this.log(messages.getMessage('summary.calls', [result.apiCalls, result.durationMs]));
  }
}

function toSfError(error: unknown): Error {
  if (error instanceof FeedFileError) {
    return messages.createError('error.feed', [error.file, error.line, error.field, error.message]);
  }
  if (error instanceof ReaderThreadError) {
    return messages.createError('error.readerThread', [error.file, error.reason.message], [], undefined, error);
  }
  if (error instanceof AssumptionsError) {
    return messages.createError('error.assumptions', [error.file, error.field, error.message]);
  }
  return error instanceof Error ? error : new SfError(String(error));
}
