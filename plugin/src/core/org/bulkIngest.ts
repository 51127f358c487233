/**
 * Upsert through Bulk API 2.0 by hand rather than `conn.bulk2`, so that every call is retried on
 * its own (one 503 while polling must not throw away a 100k-row job) and no call is made that the
 * result does not need (failed results only when something failed).
 */
import { parse } from 'csv-parse/sync';
import { jsonRequest, type OrgConnection } from './connection.js';
import type { RecordOutcome } from './recordResult.js';
import {
  isTransientError,
  sleepMs,
  withRetry,
  type RetryHooks,
  type RetryPolicy,
  DEFAULT_RETRY_POLICY,
} from './retry.js';

type JobInfo = {
  id: string;
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
  errorMessage?: string;
};

export type BulkUpsertOptions = {
  sobjectType: string;
  externalIdField: string;
  /** CSV header names, in order; each record is the values for them. */
  columns: readonly string[];
  policy?: RetryPolicy;
  hooks?: RetryHooks;
  /** The first wait before a status poll and the longest; by default `DEFAULT_POLL_SCHEDULE`. */
  pollIntervalMs?: PollSchedule;
  /** Rows the job has written so far: processed and not failed. */
  onProgress?: (written: number) => void;
};

export type BulkUpsertResult = { jobId: string; outcomes: Map<string, RecordOutcome> };

/** A CSV cell; Bulk API 2.0 only clears a field given `#N/A` (an empty cell leaves it as it was). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '#N/A';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>,
): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

/**
 * Upserts `rows` in one ingest job and returns each row's outcome keyed by external id.
 * Rows the job did not process, or whose job failed as a whole, come back as failures.
 */
export async function bulkUpsert(
  conn: OrgConnection,
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>,
  options: BulkUpsertOptions,
): Promise<BulkUpsertResult> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const hooks = options.hooks ?? {};
  const keyIndex = options.columns.indexOf(options.externalIdField);
  const keys = rows.map((row) => String(row[keyIndex]));
  const retry = <T>(action: () => Promise<T>): Promise<T> => withRetry(action, policy, hooks);

  const job = await createAndUpload(conn, rows, options, policy, hooks, retry);
  const done = await pollUntilDone(conn, job.id, rows.length, retry, options);
  const outcomes = new Map<string, RecordOutcome>();
  for (const key of keys) outcomes.set(key, { ok: true });
  if (done.state !== 'JobComplete') {
    const failure = {
      errorCode: `JOB_${done.state.toUpperCase()}`,
      message: done.errorMessage ?? `the job ended ${done.state}`,
      fields: [],
    };
    for (const key of keys) outcomes.set(key, { ok: false, error: failure });
    return { jobId: job.id, outcomes };
  }
  if ((done.numberRecordsFailed ?? 0) > 0) {
    const failed = await retry(() =>
      conn.request<string>(
        { method: 'GET', url: `/jobs/ingest/${job.id}/failedResults` },
        { responseType: 'text/plain' },
      ),
    );
    for (const record of parseCsv(failed)) {
      const key = record[options.externalIdField];
      // An empty cell is read as no reason at all, like a missing one: Salesforce always fills it.
      const [errorCode, ...rest] = (record.sf__Error || 'UNKNOWN_ERROR').split(':');
      outcomes.set(key, {
        ok: false,
        error: { errorCode: errorCode.trim(), message: rest.join(':').trim() || errorCode, fields: [] },
      });
    }
  }
  if ((done.numberRecordsProcessed ?? rows.length) < rows.length) {
    const unprocessed = await retry(() =>
      conn.request<string>(
        { method: 'GET', url: `/jobs/ingest/${job.id}/unprocessedrecords` },
        { responseType: 'text/plain' },
      ),
    );
    for (const record of parseCsv(unprocessed)) {
      outcomes.set(record[options.externalIdField], {
        ok: false,
        error: { errorCode: 'UNPROCESSED', message: 'the job did not process this row', fields: [] },
      });
    }
  }
  return { jobId: job.id, outcomes };
}

/**
 * A job takes one upload. When an upload's answer is lost, the org may hold the data or not, and
 * uploading again to the same job is refused: so the job is aborted and a new one made instead.
 */
async function createAndUpload(
  conn: OrgConnection,
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>,
  options: BulkUpsertOptions,
  policy: RetryPolicy,
  hooks: RetryHooks,
  retry: <T>(action: () => Promise<T>) => Promise<T>,
): Promise<JobInfo> {
  const csv = toCsv(options.columns, rows);
  // Each attempt is a new job; only the backoff is shared with the caller's hooks.
  return withRetry(
    async () => {
      const job = await retry(() =>
        conn.request<JobInfo>(
          jsonRequest('POST', '/jobs/ingest', {
            object: options.sobjectType,
            operation: 'upsert',
            externalIdFieldName: options.externalIdField,
            contentType: 'CSV',
            lineEnding: 'LF',
          }),
        ),
      );
      try {
        await conn.request(
          { method: 'PUT', url: `/jobs/ingest/${job.id}/batches`, body: csv, headers: { 'Content-Type': 'text/csv' } },
          // jsforce would resend the body it already streamed and then wait forever.
          { retry: { maxRetries: 0 } },
        );
        await closeJob(conn, job.id, retry);
        return job;
      } catch (error) {
        await conn.request(jsonRequest('PATCH', `/jobs/ingest/${job.id}`, { state: 'Aborted' })).catch(() => undefined);
        throw error;
      }
    },
    policy,
    { sleep: hooks.sleep, random: hooks.random },
  );
}

function parseCsv(body: unknown): Array<Record<string, string>> {
  if (Array.isArray(body)) return body as Array<Record<string, string>>;
  if (typeof body !== 'string' || !body.trim()) return [];
  return parse<Record<string, string>>(body, { columns: true, skip_empty_lines: true });
}

/** Closing twice is an error on Salesforce; after a dropped reply, look before closing again. */
async function closeJob(
  conn: OrgConnection,
  jobId: string,
  retry: <T>(action: () => Promise<T>) => Promise<T>,
): Promise<void> {
  try {
    await conn.request(jsonRequest('PATCH', `/jobs/ingest/${jobId}`, { state: 'UploadComplete' }));
  } catch (error) {
    if (!isTransientError(error)) throw error;
    const job = await retry(() => conn.request<JobInfo>({ method: 'GET', url: `/jobs/ingest/${jobId}` }));
    if (job.state === 'Open') {
      await retry(() => conn.request(jsonRequest('PATCH', `/jobs/ingest/${jobId}`, { state: 'UploadComplete' })));
    }
  }
}

export type PollSchedule = { first: number; max: number };

/** The first look comes early: a small job on a fast org is done by then. */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = { first: 100, max: 5000 };
/** Each wait is at least this much longer than the one before, so the number of polls grows with the log of the job's time. */
const POLL_GROWTH = 1.5;
/** Aim a little past the estimated end, so that the poll after an estimate usually finds the job done. */
const ESTIMATE_MARGIN = 1.15;

/**
 * The wait before the next poll: when the job has made progress, about the time it needs for the
 * rest at the rate seen so far; never less than `POLL_GROWTH` times the last wait (so polls stay
 * few on a slow or queued job), never more than `schedule.max`.
 */
export function nextPollWaitMs(
  job: { rows: number; processed: number; elapsedMs: number },
  lastWaitMs: number,
  schedule: PollSchedule,
): number {
  const floor = lastWaitMs * POLL_GROWTH;
  let wait = floor;
  if (job.processed > 0) {
    const left = Math.max(0, job.rows - job.processed);
    wait = Math.max(floor, ((left * job.elapsedMs) / job.processed) * ESTIMATE_MARGIN);
  }
  return Math.round(Math.min(schedule.max, wait));
}

async function pollUntilDone(
  conn: OrgConnection,
  jobId: string,
  rows: number,
  retry: <T>(action: () => Promise<T>) => Promise<T>,
  options: BulkUpsertOptions,
): Promise<JobInfo> {
  const schedule = options.pollIntervalMs ?? DEFAULT_POLL_SCHEDULE;
  const pause = options.hooks?.sleep ?? sleepMs;
  const started = Date.now();
  let wait = schedule.first;
  for (;;) {
    // Every poll is an API call: the schedule adapts to the progress seen (see nextPollWaitMs).
    // eslint-disable-next-line no-await-in-loop
    await pause(wait);
    // eslint-disable-next-line no-await-in-loop
    const job = await retry(() => conn.request<JobInfo>({ method: 'GET', url: `/jobs/ingest/${jobId}` }));
    const processed = job.numberRecordsProcessed ?? 0;
    // Get Job Info counts failed rows among the processed ones (numberRecordsFailed of numberRecordsProcessed).
    options.onProgress?.(processed - (job.numberRecordsFailed ?? 0));
    if (job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted') return job;
    wait = nextPollWaitMs({ rows, processed, elapsedMs: Date.now() - started }, wait, schedule);
  }
}
