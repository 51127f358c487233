/**
 * Reads a big uncompressed CSV visits feed on worker threads, one byte range at a time each
 * (visitRange.ts, visitsReadAhead.ts), and merges the ranges in file order. The workers count the
 * healthy rows, numbering the plans they meet, which the merge maps to the org's: a row of a plan
 * the org does not have is read again here and rejected. Every other record is checked here as the
 * single-threaded reader checks it, and rejects go to the reject file with their lines in the order
 * that reader writes them. Each valid row's id goes through an id set and the duplicate rule in
 * file order too. Counters add up in any order; a healthy row the id set takes for a possible
 * duplicate is read again here, and the lines it may repeat (earlierVisits.ts): when it is one, its
 * count is taken back, as the single-threaded reader never counts such a row.
 *
 * A range's worker guesses its first record (the first line start in the range). When the range
 * before it ends elsewhere (a quoted field with a line break across the boundary), the range is
 * read again here from where that one ended. Gzipped and NDJSON feeds, and CSV whose header is not
 * one plain line, are read by the single-threaded reader (`undefined` here).
 */
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { SnapshotAggregator } from './aggregator.js';
import { CsvSplitter, type CsvPiece } from './csvSplitter.js';
import { duplicateVisitIssue, type DuplicateVisits } from './duplicates.js';
import { EarlierVisits, type FirstVisit } from './earlierVisits.js';
import { csvRecordItem, type FeedRow } from './feedReader.js';
import type { CsvRecordFile, RejectRow } from './rejectWriter.js';
import { validVisit, VISIT_COLUMNS, type RowIssue, type VisitRow } from './rowSchemas.js';
import { VisitFingerprints } from './visitFingerprints.js';
import { hashId, idHash } from './visitIdSet.js';
import { ID_WORDS, recordAt, VisitRangeReader, type RangeResult, type VisitFeedLayout } from './visitRange.js';
import { VisitsReadAhead, type ParallelReadOptions } from './visitsReadAhead.js';
import { VisitTotals } from './visitTotals.js';

/** Healthy rows whose id set slots are fetched together before they are added (VisitFingerprints.touch). */
const TOUCH_AHEAD = 32;

export type VisitsInRanges = ParallelReadOptions & {
  file: string;
  accounts: ReadonlyMap<string, string>;
  aggregator: SnapshotAggregator;
  duplicates: DuplicateVisits;
  rejects: CsvRecordFile<RejectRow>;
  onBatch: (rowsRead: number) => void;
  /** The feed's read, when it was started before the org's plans were known (VisitsReadAhead.start of `file`). */
  readAhead?: Promise<VisitsReadAhead | undefined>;
};

/**
 * Reads the visits feed in byte ranges, as the single-threaded reader would have read it (same
 * counters, rejects, duplicate rule); undefined when this feed is for the single-threaded reader.
 */
export async function readVisitsInRanges(
  options: VisitsInRanges,
): Promise<{ read: number; aggregated: number } | undefined> {
  const ahead = await (options.readAhead ?? VisitsReadAhead.start(options.file, options));
  if (!ahead) return undefined;
  // With no plans here, every row goes through the main thread's checks, which take the org's
  // Accounts: the same answers, slower.
  // Stryker disable next-line ArrayDeclaration: as above
  const plans = [...options.accounts.keys()];
  // Stryker disable next-line ArrayDeclaration: as above
  const planNumbers = new Map(plans.map((plan, number) => [plan, number]));
  const { dataStart, size } = ahead;
  /** Reads ranges here again, with the org's plans: a healthy row is then a valid one. */
  const reader = new VisitRangeReader({ ...ahead.layout, plans });
  const totals = new VisitTotals();
  const counts = { read: 0, aggregated: 0 };
  try {
    const file = await open(options.file, 'r');
    const merger = new RangeMerger(options, ahead.layout, file.fd, size, reader);
    try {
      let expected = dataStart;
      let line = 2;
      for (const task of ahead.tasks) {
        // In file order, one range at a time: the merge is what keeps lines and rejects in order.
        let result = await ahead.next(); // eslint-disable-line no-await-in-loop
        // Stryker disable next-line ConditionalExpression: reading every range again here gives the same result, slower
        if (result.start !== expected) result = reader.read({ ...task, start: expected });
        // Stryker disable next-line all: sizing the id set changes its speed and memory, never its answers
        if (task.index === 0 && result.next > result.start) {
          // Stryker disable next-line all: as above
          const bytesPerLine = (result.next - result.start) / Math.max(1, result.lines);
          // Stryker disable next-line all: as above
          merger.earlier.expect(Math.round((size - dataStart) / bytesPerLine), bytesPerLine);
        }
        const orgPlans = Int32Array.from(result.plans, (plan) => planNumbers.get(plan) ?? -1);
        totals.addArray(result.totals, orgPlans);
        const issues = merger.merge(result, line, orgPlans);
        counts.read += result.rows;
        counts.aggregated += result.rows - issues;
        expected = result.next;
        line += result.lines;
        ahead.merged(result);
        await options.rejects.drain(); // eslint-disable-line no-await-in-loop
        options.onBatch(counts.read);
      }
    } finally {
      await file.close();
    }
  } finally {
    await ahead.close();
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

  /**
   * The range's records and healthy rows in line order, from `firstLine`, its plans numbered as the
   * org's by `orgPlans` (-1: not the org's); answers how many were rejected.
   */
  public merge(result: RangeResult, firstLine: number, orgPlans: Int32Array): number {
    const { others, ids } = result;
    let next = 0;
    let issues = 0;
    this.earlier.recordStart(result.start, firstLine);
    for (let i = 0; i < ids.length; i += ID_WORDS) {
      // Stryker disable next-line all: which slots are fetched ahead changes speed, never an answer
      if (i % (ID_WORDS * TOUCH_AHEAD) === 0) {
        // Stryker disable next-line all: as above
        this.earlier.touch(ids, i, Math.min(TOUCH_AHEAD, (ids.length - i) / ID_WORDS), ID_WORDS);
      }
      const line = ids[i + 2];
      // Stryker disable next-line EqualityOperator: a record and a healthy row never share a line
      for (; next < others.length && others[next].line < line; next++) {
        if (this.other(others[next].piece, firstLine + others[next].line)) issues++;
      }
      const offset = result.start + ids[i + 3];
      this.earlier.recordStart(offset, firstLine + line);
      if (orgPlans[ids[i + 4]] < 0) {
        // A plan the org does not have: a worker counted the row, but the org's plans were not known there.
        if (this.other(recordAt(this.fd, this.size, offset, this.splitter)!, firstLine + line)) issues++;
        continue;
      }
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
