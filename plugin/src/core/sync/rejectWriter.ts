/**
 * Appends rejected rows (or failed writes) to a CSV file, created on the first row so a clean
 * run leaves no empty file behind. Honors stream backpressure so millions of rejects stay cheap.
 * These files are opened in spreadsheets, and their text comes from feeds and the org: a cell that
 * would start a formula is written with a leading `'` (OWASP, CSV injection).
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(cell: string | number): string | number {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export class CsvRecordFile<Row extends Record<string, string | number>> {
  private stream: WriteStream | undefined;
  private rows = 0;

  public constructor(
    public readonly path: string,
    private readonly columns: ReadonlyArray<keyof Row & string>,
  ) {}

  public get count(): number {
    return this.rows;
  }

  /** Queues one row; call `drain()` now and then (once per batch) so the queue stays short. */
  public write(row: Row): void {
    if (!this.stream) {
      mkdirSync(dirname(this.path), { recursive: true });
      // Stryker disable next-line ObjectLiteral: equivalent, 'w' (replace an earlier run's file) is the default
      this.stream = createWriteStream(this.path, { flags: 'w' });
      this.stream.write(stringify([this.columns as string[]]));
    }
    this.rows++;
    this.stream.write(stringify([this.columns.map((column) => neutralizeFormula(row[column]))]));
  }

  /** Waits until the file has taken what was queued, when the queue has grown past its limit. */
  public async drain(): Promise<void> {
    if (this.stream?.writableNeedDrain) await once(this.stream, 'drain');
  }

  /** Flushes and closes; returns the path when anything was written. */
  public async close(): Promise<string | undefined> {
    if (!this.stream) return undefined;
    const stream = this.stream;
    await new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return this.path;
  }
}

export type RejectRow = { file: string; line: number; field: string; value: string; reason: string };
export const REJECT_COLUMNS: ReadonlyArray<keyof RejectRow> = ['file', 'line', 'field', 'value', 'reason'];

export type FailureRow = { snapshotKey: string; accountId: string; errorCode: string; message: string; fields: string };
export const FAILURE_COLUMNS: ReadonlyArray<keyof FailureRow> = [
  'snapshotKey',
  'accountId',
  'errorCode',
  'message',
  'fields',
];
