/**
 * Reads a big uncompressed CSV visits feed on worker threads, one byte range at a time each
 * (visitRange.ts), and merges the ranges in file order. The workers count the healthy rows; every
 * other record is checked here as the single-threaded reader checks it, and rejects go to the
 * reject file with their lines in the order that reader writes them. Each valid row's id goes
 * through an id set and the duplicate rule in file order too. Counters add up in any order; a
 * healthy row the id set takes for a possible duplicate is read again here, and the lines it may
 * repeat (earlierVisits.ts): when it is one, its count is taken back, as the single-threaded reader
 * never counts such a row.
 *
 * A range's worker guesses its first record (the first line start in the range). When the range
 * before it ends elsewhere (a quoted field with a line break across the boundary), the range is
 * read again here from where that one ended. Gzipped and NDJSON feeds, and CSV whose header is not
 * one plain line, are read by the single-threaded reader (`undefined` here).
 */
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SnapshotAggregator } from './aggregator.js';
import { CsvSplitter, type CsvPiece } from './csvSplitter.js';
import { duplicateVisitIssue, type DuplicateVisits } from './duplicates.js';
import { EarlierVisits, type FirstVisit } from './earlierVisits.js';
import { csvRecordItem, formatOf, normalizeHeader, type FeedRow } from './feedReader.js';
import type { CsvRecordFile, RejectRow } from './rejectWriter.js';
import { validVisit, VISIT_COLUMNS, type RowIssue, type VisitRow } from './rowSchemas.js';
import { VisitFingerprints } from './visitFingerprints.js';
import { hashId, idHash } from './visitIdSet.js';
import { recordAt, VisitRangeReader, type RangeResult, type RangeTask, type VisitFeedLayout } from './visitRange.js';
import { VisitTotals } from './visitTotals.js';

/** Smaller feeds are read on one thread: starting workers costs more than they save. */
export const PARALLEL_MIN_BYTES = 8 << 20;
const MAX_RANGE_BYTES = 2 << 20;
const MIN_RANGE_BYTES = 256 << 10;
const HEADER_BYTES = 1 << 16;
/** The first ranges: a thread's first rows run before its code is compiled, slowly, and a small first range is merged sooner. */
const FIRST_RANGE_BYTES = 64 << 10;
/** Healthy rows whose id set slots are fetched together before they are added (VisitFingerprints.touch). */
const TOUCH_AHEAD = 32;
/** A worker allocates next to nothing per row: a small young generation keeps its memory small. */
// Stryker disable next-line ObjectLiteral: memory only, no result depends on it
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 48 };

/** How the parallel reader splits its work; the defaults suit production, tests force small ranges. */
export type ParallelReadOptions = {
  /** Feeds smaller than this are read on one thread. */
  minBytes?: number;
  /** Worker threads; 0 reads the ranges on this thread, in the same way. */
  threads?: number;
  rangeBytes?: number;
  /** The reader thread's script; tests pass one that fails. */
  worker?: URL;
  /** Bits of each id's hash the id set keeps (VisitFingerprints); tests take few. */
  fingerprintBits?: number;
};

export type VisitsInRanges = ParallelReadOptions & {
  file: string;
  accounts: ReadonlyMap<string, string>;
  aggregator: SnapshotAggregator;
  duplicates: DuplicateVisits;
  rejects: CsvRecordFile<RejectRow>;
  onBatch: (rowsRead: number) => void;
};

type Runner = { run: (task: RangeTask) => Promise<RangeResult>; close: () => Promise<void> };

/** The feed's layout and where its rows start, when its header is one plain line naming every visit column. */
async function headerLayout(
  file: string,
  plans: string[],
): Promise<{ layout: VisitFeedLayout; dataStart: number; size: number } | undefined> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    // A gzipped file's bytes, or a header past these, never name the visit columns; Buffer.alloc
    // zero-fills, so no line break is found past the bytes read. normalizeHeader drops a byte-order
    // mark and a CR as the single-threaded reader does.
    const { buffer } = await handle.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    const newline = buffer.indexOf(10);
    if (newline === -1) return undefined;
    const text = buffer.toString('utf8', 0, newline);
    if (text.includes('"')) return undefined;
    const header = text.split(',').map(normalizeHeader);
    const named = header.filter((name) => name !== '');
    if (new Set(named).size !== named.length || VISIT_COLUMNS.some((column) => !header.includes(column))) {
      return undefined;
    }
    const indexes = VISIT_COLUMNS.map((column) => header.indexOf(column));
    return { layout: { file, width: header.length, indexes, plans }, dataStart: newline + 1, size };
  } finally {
    // Stryker disable next-line BlockStatement: a handle left open changes no result
    await handle.close();
  }
}

function inThisThread(reader: VisitRangeReader): Runner {
  return { run: (task) => Promise.resolve(reader.read(task)), close: () => Promise.resolve() };
}

/** A reader thread failed (threw, ran out of memory, stopped): the feed cannot be read in ranges. */
export class ReaderThreadError extends Error {
  public constructor(
    public readonly file: string,
    public readonly reason: Error,
  ) {
    super(`${file}: a visits reader thread failed: ${reason.message}`);
    this.name = 'ReaderThreadError';
  }
}

function onWorkers(layout: VisitFeedLayout, threads: number, script?: URL): Runner {
  // Under tsx (tests) this module is TypeScript, and so is its worker, which then needs tsx too.
  const extension = extname(fileURLToPath(import.meta.url));
  const url = script ?? new URL(`./visitRangeWorker${extension}`, import.meta.url);
  const workers = Array.from({ length: threads }, () => {
    const worker =
      extension === '.ts'
        ? new Worker(
            `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`,
            { eval: true, workerData: layout, resourceLimits: WORKER_LIMITS },
          )
        : new Worker(url, { workerData: layout, resourceLimits: WORKER_LIMITS });
    const thread = {
      worker,
      waiting: [] as Array<{ resolve: (result: RangeResult) => void; reject: (error: Error) => void }>,
      /** Why the thread stopped: its ranges waiting now, and any sent to it later, fail with this. */
      failure: undefined as Error | undefined,
    };
    const fail = (error: Error): void => {
      thread.failure ??= error;
      thread.waiting.splice(0).forEach((w) => w.reject(thread.failure!));
    };
    worker.on('message', (result: RangeResult) => thread.waiting.shift()?.resolve(result));
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`it stopped with exit code ${code}`)));
    return thread;
  });
  let turn = 0;
  return {
    run: (task): Promise<RangeResult> =>
      new Promise((resolve, reject) => {
        const thread = workers[turn++ % threads];
        if (thread.failure) {
          reject(thread.failure);
          return;
        }
        thread.waiting.push({ resolve, reject });
        thread.worker.postMessage(task, task.reuse ? [task.reuse] : []);
      }),
    close: async (): Promise<void> => {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}

/**
 * Byte ranges of about equal size, a few per thread so that none waits long for the last; the first
 * range of each thread is FIRST_RANGE_BYTES, and each thread's next one twice its last, up to that size.
 */
function rangesOf(dataStart: number, size: number, threads: number, rangeBytes?: number): RangeTask[] {
  // The range size changes speed, never a result (parallelVisits.test.ts varies it).
  // Stryker disable ArithmeticOperator,MethodExpression
  const bytes = size - dataStart;
  const each =
    rangeBytes ?? Math.min(MAX_RANGE_BYTES, Math.max(MIN_RANGE_BYTES, Math.ceil(bytes / (4 * Math.max(1, threads)))));
  const tasks: RangeTask[] = [];
  for (let from = dataStart, index = 0; from < size; index++) {
    const end = Math.min(
      size,
      from + Math.min(each, FIRST_RANGE_BYTES * 2 ** Math.floor(index / Math.max(1, threads))),
    );
    tasks.push({ index, from, end, ...(index === 0 ? { start: from } : {}) });
    from = end;
  }
  // Stryker restore ArithmeticOperator,MethodExpression
  return tasks;
}

/**
 * Reads the visits feed in byte ranges, as the single-threaded reader would have read it (same
 * counters, rejects, duplicate rule); undefined when this feed is for the single-threaded reader.
 */
export async function readVisitsInRanges(
  options: VisitsInRanges,
): Promise<{ read: number; aggregated: number } | undefined> {
  if (formatOf(options.file) === 'ndjson') return undefined;
  const plans = [...options.accounts.keys()];
  const found = await headerLayout(options.file, plans);
  if (!found || found.size < (options.minBytes ?? PARALLEL_MIN_BYTES)) return undefined;
  const { layout, dataStart, size } = found;
  // Stryker disable next-line MethodExpression,LogicalOperator: the thread count changes speed, never a result
  const threads = options.threads ?? Math.min(4, os.availableParallelism());
  const reader = new VisitRangeReader(layout);
  const runner = threads === 0 ? inThisThread(reader) : onWorkers(layout, threads, options.worker);
  const tasks = rangesOf(dataStart, size, threads, options.rangeBytes);
  // Stryker disable next-line ArithmeticOperator: how far ahead ranges are read changes speed and memory, never a result
  const ahead = 2 * Math.max(1, threads);
  const results = new Map<number, Promise<RangeResult>>();
  const schedule = (index: number, reuse?: ArrayBuffer): void => {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a range past the last is read empty and never awaited
    if (index >= tasks.length) return;
    const result = runner.run({ ...tasks[index], reuse });
    // Awaited in order below; a failure is seen there.
    result.catch(() => undefined);
    results.set(index, result);
  };
  // Stryker disable next-line EqualityOperator: one range more read ahead changes no result
  for (let index = 0; index < ahead; index++) schedule(index);

  const totals = new VisitTotals();
  const counts = { read: 0, aggregated: 0 };
  const file = await open(options.file, 'r');
  const merger = new RangeMerger(options, layout, file.fd, size, reader);
  try {
    let expected = dataStart;
    let line = 2;
    for (const task of tasks) {
      // In file order, one range at a time: the merge is what keeps lines and rejects in order.
      // eslint-disable-next-line no-await-in-loop
      let result = await results.get(task.index)!.catch((error: Error) => {
        throw new ReaderThreadError(options.file, error);
      });
      results.delete(task.index);
      // Stryker disable next-line ConditionalExpression: reading every range again here gives the same result, slower
      if (result.start !== expected) result = reader.read({ ...task, start: expected });
      // Stryker disable next-line all: sizing the id set changes its speed and memory, never its answers
      if (task.index === 0 && result.next > result.start) {
        // Stryker disable next-line all: as above
        const bytesPerLine = (result.next - result.start) / Math.max(1, result.lines);
        // Stryker disable next-line all: as above
        merger.earlier.expect(Math.round((size - dataStart) / bytesPerLine), bytesPerLine);
      }
      totals.addArray(result.totals);
      const issues = merger.merge(result, line);
      counts.read += result.rows;
      counts.aggregated += result.rows - issues;
      expected = result.next;
      line += result.lines;
      // The next range on the same thread fills this one's id buffer again.
      schedule(task.index + ahead, result.ids.buffer);
      await options.rejects.drain(); // eslint-disable-line no-await-in-loop
      options.onBatch(counts.read);
    }
  } finally {
    await Promise.all([file.close(), runner.close()]);
  }
  totals.addTo(options.aggregator, plans);
  return counts;
}

/** Takes the ranges' records in file order, as the single-threaded reader meets them. */
class RangeMerger {
  /** The ids met so far, and the exact check of a possible duplicate. */
  public readonly earlier: EarlierVisits;
  /** Reads healthy rows again: no quotes, so no width is needed to tell where they end. */
  private readonly splitter = new CsvSplitter();

  public constructor(
    private readonly options: VisitsInRanges,
    private readonly layout: VisitFeedLayout,
    private readonly fd: number,
    private readonly size: number,
    reader: VisitRangeReader,
  ) {
    this.earlier = new EarlierVisits(
      new VisitFingerprints(options.fingerprintBits),
      {
        read: (task): RangeResult => reader.read(task),
        readAt: (buffer, offset): number => readSync(this.fd, buffer, 0, buffer.length, offset),
        rowAt: (offset): VisitRow => this.healthyRowAt(offset),
        valid: (piece, line): VisitRow | undefined => {
          const checked = this.check(piece, line);
          return 'row' in checked ? checked.row : undefined;
        },
      },
      size,
    );
  }

  /** The range's records and healthy rows in line order, from `firstLine`; answers how many were rejected. */
  public merge(result: RangeResult, firstLine: number): number {
    const { others, ids } = result;
    let next = 0;
    let issues = 0;
    this.earlier.recordStart(result.start, firstLine);
    for (let i = 0; i < ids.length; i += 4) {
      // Stryker disable next-line all: which slots are fetched ahead changes speed, never an answer
      if (i % (4 * TOUCH_AHEAD) === 0) this.earlier.touch(ids, i, Math.min(TOUCH_AHEAD, (ids.length - i) / 4), 4);
      const line = ids[i + 2];
      // Stryker disable next-line EqualityOperator: a record and a healthy row never share a line
      for (; next < others.length && others[next].line < line; next++) {
        if (this.other(others[next].piece, firstLine + others[next].line)) issues++;
      }
      const offset = result.start + ids[i + 3];
      this.earlier.recordStart(offset, firstLine + line);
      // As int32, which calls pass without boxing (an id set answers the same for either form).
      const a = ids[i] | 0;
      const b = ids[i + 1] | 0;
      if (this.earlier.add(a, b, firstLine + line)) continue;
      const row = this.healthyRowAt(offset);
      const first = this.firstOf(row, a, b, firstLine + line);
      if (!first) continue;
      // A duplicate: the single-threaded reader holds or rejects this row and never counts it.
      this.options.aggregator.removeVisit(row);
      if (this.duplicate(row, firstLine + line, first)) issues++;
    }
    for (; next < others.length; next++) if (this.other(others[next].piece, firstLine + others[next].line)) issues++;
    return issues;
  }

  /** A record the worker left: checked, counted or rejected as the single-threaded reader does; true when rejected. */
  private other(piece: CsvPiece, line: number): boolean {
    const checked = this.check(piece, line);
    if ('issue' in checked) return this.reject(line, checked.issue);
    const { row } = checked;
    hashId(row.visit_id);
    const a = idHash[0] | 0;
    const b = idHash[1] | 0;
    const first = this.earlier.add(a, b, line) ? undefined : this.firstOf(row, a, b, line);
    if (!first) {
      this.options.aggregator.addVisit(row);
      return false;
    }
    return this.duplicate(row, line, first);
  }

  /** The record as a visit row, or why it is rejected. */
  private check(piece: CsvPiece, line: number): { row: VisitRow } | { issue: RowIssue } {
    const item = csvRecordItem({ ...piece, line }, VISIT_COLUMNS, this.layout.indexes, this.layout.width);
    return 'error' in item ? { issue: item.error } : validVisit(item.row.values, this.options.accounts);
  }

  /** The first row of the id of `row` (the id set turned it down), if it is a duplicate. */
  private firstOf(row: VisitRow, a: number, b: number, line: number): FirstVisit | undefined {
    return this.options.duplicates.firstOf(row.visit_id) ?? this.earlier.firstOf(row, a, b, line);
  }

  /** A valid row whose id was seen before, held or rejected by the duplicate rule; true when it rejects a row. */
  private duplicate(row: VisitRow, line: number, first: FirstVisit): boolean {
    const rejected = this.options.duplicates.offer(row, line, first);
    return rejected !== undefined && this.reject(rejected, duplicateVisitIssue(row));
  }

  private reject(line: number, issue: RowIssue): true {
    const { file, rejects } = this.options;
    rejects.write({ file, line, field: issue.field, value: issue.value, reason: issue.reason });
    return true;
  }

  /** The healthy row at file offset `offset`, read again. */
  private healthyRowAt(offset: number): VisitRow {
    // A worker read this row as healthy: it is one record of the header's width, valid for a known plan.
    const piece = recordAt(this.fd, this.size, offset, this.splitter)!;
    const item = csvRecordItem(piece, VISIT_COLUMNS, this.layout.indexes, this.layout.width) as { row: FeedRow };
    return (validVisit(item.row.values, this.options.accounts) as { row: VisitRow }).row;
  }
}
