/**
 * Streams the rows of a feed file — CSV or NDJSON, either of them gzipped — as plain
 * `name → text` records with their line number. Columns are matched by header name, so their
 * order in the file does not matter. Rows come in batches (one per chunk read), and nothing but
 * the current chunk is kept in memory.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvSplitter, type CsvPiece, type CsvRecord } from './csvSplitter.js';
import { ndjsonMembers } from './ndjsonRecord.js';

export type FeedFormat = 'csv' | 'ndjson';

export type FeedRow = {
  /** 1-based line number in the (uncompressed) file where the row starts. */
  line: number;
  /** Values of the expected columns by name; `undefined` when the row lacks the column. */
  values: Record<string, string | undefined>;
};

/** A row that could not even be split into fields. */
export type FeedRowError = { line: number; field: string; value: string; reason: string };

export type FeedItem = { row: FeedRow } | { error: FeedRowError };

/** The file cannot be read as a feed at all (missing column, unreadable file). */
export class FeedFileError extends Error {
  public constructor(
    public readonly file: string,
    public readonly line: number,
    public readonly field: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'FeedFileError';
  }
}

/** Bytes of text (uncompressed, for a gzipped file) behind each batch of rows but the last. */
export const FEED_CHUNK_BYTES = 1 << 16;

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** NDJSON when the name says so (`.ndjson`, `.jsonl`, `.json`, before any `.gz`), CSV otherwise. */
export function formatOf(file: string): FeedFormat {
  return /\.(ndjson|jsonl|json)(\.gz)?$/i.test(file) ? 'ndjson' : 'csv';
}

/**
 * The file's text. The stream is made after the gzip check, so that a file that cannot be opened fails
 * that check rather than a stream nobody listens to yet; `pipeline` passes a read error on to the text
 * and closes the file when the text is destroyed before its end.
 */
async function openText(file: string): Promise<Readable> {
  const gzip = await isGzip(file);
  // Stryker disable next-line ObjectLiteral: equivalent, a file stream reads 64 KiB at a time by default, as FEED_CHUNK_BYTES
  const raw = createReadStream(file, { highWaterMark: FEED_CHUNK_BYTES });
  const text = gzip ? pipeline(raw, createGunzip({ chunkSize: FEED_CHUNK_BYTES }), () => {}) : raw;
  // Stryker disable next-line StringLiteral: equivalent, Node takes an empty encoding name as utf8
  text.setEncoding('utf8');
  return text;
}

export const normalizeHeader = (name: string): string =>
  name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** Reads `file` and yields its rows in batches; `columns` are the names the caller needs. */
export async function* readFeed(file: string, columns: readonly string[]): AsyncGenerator<FeedItem[]> {
  let stream: Readable;
  try {
    stream = await openText(file);
  } catch (error) {
    throw new FeedFileError(file, 0, '(file)', `cannot open the file: ${(error as Error).message}`);
  }
  try {
    yield* formatOf(file) === 'ndjson' ? readNdjson(stream, columns) : readCsv(file, stream, columns);
  } catch (error) {
    if (error instanceof FeedFileError) throw error;
    throw new FeedFileError(file, 0, '(file)', `cannot read the file: ${(error as Error).message}`);
  } finally {
    stream.destroy();
  }
}

async function* readCsv(
  file: string,
  stream: AsyncIterable<string>,
  columns: readonly string[],
): AsyncGenerator<FeedItem[]> {
  const splitter = new CsvSplitter();
  splitter.widthFromFirstRecord = true;
  let indexes: number[] | undefined;
  let width = 0;

  const toItems = (pieces: CsvPiece[]): FeedItem[] => {
    const items: FeedItem[] = [];
    for (const piece of pieces) {
      if (!indexes && 'reason' in piece) {
        throw new FeedFileError(file, piece.line, '(header)', `the header row is not valid CSV: ${piece.reason}`);
      }
      if (!indexes) {
        const { fields, line } = piece as CsvRecord;
        const header = fields.map(normalizeHeader);
        const twice = header.find((name, index) => name !== '' && header.indexOf(name) !== index);
        if (twice !== undefined) {
          throw new FeedFileError(file, line, twice, `the header has the column ${twice} twice`);
        }
        const missing = columns.filter((column) => !header.includes(column));
        if (missing.length) {
          const list = missing.join(', ');
          throw new FeedFileError(
            file,
            line,
            list,
            `the header lacks the column${missing.length > 1 ? 's' : ''} ${list}`,
          );
        }
        indexes = columns.map((column) => header.indexOf(column));
        width = header.length;
        continue;
      }
      items.push(csvRecordItem(piece, columns, indexes, width));
    }
    return items;
  };

  for await (const chunk of stream) {
    const items = toItems(splitter.push(chunk));
    if (items.length) yield items;
  }
  const last = toItems(splitter.end());
  if (last.length) yield last;
  if (!indexes) throw new FeedFileError(file, 1, '(header)', 'the file is empty: a header row is expected');
}

/**
 * The item of a CSV record after the header: its values by column name (`indexes`: each column's
 * place in the header, `width` the header's), or why the record cannot be read.
 */
export function csvRecordItem(
  piece: CsvPiece,
  columns: readonly string[],
  indexes: readonly number[],
  width: number,
): FeedItem {
  if ('reason' in piece) {
    return { error: { line: piece.line, field: '(record)', value: '', reason: `not valid CSV: ${piece.reason}` } };
  }
  const { fields, line } = piece;
  if (fields.length !== width) {
    return {
      error: {
        line,
        field: '(record)',
        value: fields.join(',').slice(0, 200),
        reason: `expected ${width} columns as in the header, found ${fields.length}`,
      },
    };
  }
  const values: Record<string, string | undefined> = {};
  for (let i = 0; i < columns.length; i++) values[columns[i]] = fields[indexes[i]];
  return { row: { line, values } };
}

async function* readNdjson(stream: AsyncIterable<string>, columns: readonly string[]): AsyncGenerator<FeedItem[]> {
  let carry = '';
  let line = 0;
  const toItems = (lines: string[]): FeedItem[] => {
    const items: FeedItem[] = [];
    for (const raw of lines) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfe_ff ? raw.slice(1) : raw;
      if (!text.trim()) continue;
      const item = ndjsonItem(text, line, columns);
      items.push(item);
    }
    return items;
  };
  for await (const chunk of stream) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop()!;
    const items = toItems(lines);
    if (items.length) yield items;
  }
  const last = toItems([carry]);
  if (last.length) yield last;
}

function ndjsonItem(text: string, line: number, columns: readonly string[]): FeedItem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      error: {
        line,
        field: '(record)',
        value: text.slice(0, 200),
        reason: `not valid JSON: ${(error as Error).message}`,
      },
    };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      error: { line, field: '(record)', value: text.slice(0, 200), reason: 'expected one JSON object per line' },
    };
  }
  const read = ndjsonMembers(text, normalizeHeader);
  if ('duplicate' in read) {
    return {
      error: {
        line,
        field: read.duplicate,
        value: text.slice(0, 200),
        reason: `the key ${read.duplicate} appears twice in the record`,
      },
    };
  }
  const source = new Map(read.members);
  const values: Record<string, string | undefined> = {};
  for (const column of columns) values[column] = source.get(column);
  return { row: { line, values } };
}
