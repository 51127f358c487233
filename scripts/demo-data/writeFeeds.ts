/** `writeFeeds`: the dataset's eligibility and visit feeds as files, streamed with backpressure. */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { FeedFormat } from '../../plugin/src/core/sync/feedReader.js';
import type { Dataset, EligibilityRow, VisitRow } from './types.js';

export type { FeedFormat };
export type WriteFeedsOptions = { format?: FeedFormat; gzip?: boolean };
export type WrittenFeeds = {
  eligibility: string;
  visits: string;
  rows: { eligibility: number; visits: number };
};

export const ELIGIBILITY_COLUMNS = [
  'health_plan_id',
  'line_of_business',
  'period',
  'eligible_members',
  'registered_members',
] as const satisfies ReadonlyArray<keyof EligibilityRow>;

export const VISIT_COLUMNS = [
  'visit_id',
  'health_plan_id',
  'line_of_business',
  'visit_date',
  'service_line',
  'diverted_from',
  'rating',
] as const satisfies ReadonlyArray<keyof VisitRow>;

/** Lines are joined into chunks of about this many characters before they reach the stream. */
const CHUNK_CHARS = 64 * 1024;

// Feed values are ids, picklist codes, dates and numbers: none needs CSV quoting.
const eligibilityCsv = (row: EligibilityRow): string =>
  `${row.health_plan_id},${row.line_of_business},${row.period},${row.eligible_members},${row.registered_members}\n`;

const visitCsv = (row: VisitRow): string =>
  `${row.visit_id},${row.health_plan_id},${row.line_of_business},${row.visit_date},${row.service_line},${
    row.diverted_from
  },${row.rating ?? ''}\n`;

const eligibilityJson = (row: EligibilityRow): string => `${JSON.stringify(row)}\n`;

/** NDJSON writes the feed's "empty" as null. */
const visitJson = (row: VisitRow): string =>
  `${JSON.stringify({ ...row, diverted_from: row.diverted_from === '' ? null : row.diverted_from })}\n`;

function* chunks<T>(
  header: string,
  rows: Iterable<T>,
  line: (row: T) => string,
  count: { rows: number },
): Generator<string> {
  let chunk = header;
  for (const row of rows) {
    chunk += line(row);
    count.rows++;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function writeFeed(path: string, source: Iterable<string>, gzip: boolean): Promise<void> {
  const output = createWriteStream(path);
  const input = Readable.from(source);
  await (gzip ? pipeline(input, createGzip(), output) : pipeline(input, output));
}

export async function writeFeeds(
  dataset: Dataset,
  dir: string,
  options: WriteFeedsOptions = {},
): Promise<WrittenFeeds> {
  const format = options.format ?? 'csv';
  const suffix = `.${format}${options.gzip ? '.gz' : ''}`;
  const eligibility = join(dir, `eligibility${suffix}`);
  const visits = join(dir, `visits${suffix}`);
  const csv = format === 'csv';
  const eligibilityCount = { rows: 0 };
  const visitCount = { rows: 0 };
  await mkdir(dir, { recursive: true });
  await writeFeed(
    eligibility,
    chunks(
      csv ? `${ELIGIBILITY_COLUMNS.join(',')}\n` : '',
      dataset.eligibility,
      csv ? eligibilityCsv : eligibilityJson,
      eligibilityCount,
    ),
    options.gzip ?? false,
  );
  await writeFeed(
    visits,
    chunks(csv ? `${VISIT_COLUMNS.join(',')}\n` : '', dataset.visits(), csv ? visitCsv : visitJson, visitCount),
    options.gzip ?? false,
  );
  return { eligibility, visits, rows: { eligibility: eligibilityCount.rows, visits: visitCount.rows } };
}
