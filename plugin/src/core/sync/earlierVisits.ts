/**
 * Exact duplicate detection for the parallel visits reader in a few bytes per id. Each valid row's
 * id goes, in file order, into a VisitFingerprints set with the block of lines it was met in (its
 * place: line / 2^k, k grown so that places fit). An id the set turns down has the
 * fingerprint of an id met before: the blocks those were met in are read again (from a record
 * start known to be at or before each block's first id), and their rows compared by id, so the
 * answer is exact: the first valid row of the same id before this one, or none (the set then takes
 * the id as new). No other line is read again.
 *
 * A block without a quote is a run of one-line records: only the lines holding the id's bytes are
 * split and checked (most blocks read for an id met for the first time hold none). A block with a
 * quote is read record by record, as the ranged reader reads it.
 */
import { CsvSplitter, type CsvPiece } from './csvSplitter.js';
import type { VisitRow } from './rowSchemas.js';
import type { VisitFingerprints } from './visitFingerprints.js';
import { ID_WORDS, type RangeResult, type RangeTask } from './visitRange.js';

/** A valid row met before, as the duplicate rule needs it. */
export type FirstVisit = { line: number; row: VisitRow };

/** How the blocks are read again: the ranged reader, and the two ways a row is checked after it. */
export type VisitSource = {
  read: (task: RangeTask) => RangeResult;
  /** Reads the feed's bytes from `offset` into `buffer`; answers how many (0 at its end). */
  readAt: (buffer: Buffer, offset: number) => number;
  /** The valid row at this byte offset, which the ranged reader took for a healthy row. */
  rowAt: (offset: number) => VisitRow;
  /** The row of a record the ranged reader left, when it is valid. */
  valid: (piece: CsvPiece, line: number) => VisitRow | undefined;
};

/** A row of a block read again: a healthy one by its id's hash and offset, any other valid one by its row. */
type BlockRow = { line: number; a: number; b: number; offset: number } | { line: number; row: VisitRow };

/** Blocks read again and kept, for the next duplicates of ids met in them (runs of duplicates are usual). */
const CACHED_BLOCKS = 64;
/** At most this many places, whatever the id set could keep: 1 MiB of anchors. */
const MAX_PLACES = 1 << 16;

export class EarlierVisits {
  /** Lines per place: a power of two. */
  private blockLines = 1;
  /** Per place: a record start at or before its first id, as a byte offset and its line; NaN for none yet. */
  private anchorOffsets: Float64Array;
  private anchorLines: Float64Array;
  private lastOffset = 0;
  private lastLine = 0;
  private bytesPerLine = 64;
  private readonly blocks = new Map<number, BlockRow[]>();
  /** The bytes of the last block looked at without splitting it. */
  private bytes = Buffer.alloc(1 << 14);
  private readonly splitter = new CsvSplitter();
  private readonly places: number;

  public constructor(
    private readonly ids: VisitFingerprints,
    private readonly source: VisitSource,
    private readonly size: number,
  ) {
    this.places = Math.min(MAX_PLACES, ids.places);
    this.anchorOffsets = new Float64Array(this.places).fill(Number.NaN);
    this.anchorLines = new Float64Array(this.places);
  }

  /** Sizes the id set and the blocks for a feed of about `lines` lines of `bytesPerLine` bytes. */
  // Stryker disable next-line BlockStatement: places are merged as lines come, the id set grows itself, and bytesPerLine sizes reads only
  public expect(lines: number, bytesPerLine: number): void {
    // Stryker disable next-line ConditionalExpression: placeOf merges the same places when their lines come, keeping the same anchors
    while (lines >= this.places * this.blockLines) this.coarsen();
    this.ids.expect(lines);
    this.bytesPerLine = bytesPerLine;
  }

  /** Where a record starts: rows met from now on can be read again from here. */
  public recordStart(offset: number, line: number): void {
    this.lastOffset = offset;
    this.lastLine = line;
  }

  /** Fetches the id set's slots for the next `count` ids of `words` (`VisitFingerprints.touch`) before they are added. */
  public touch(words: Uint32Array, from: number, count: number, stride: number): void {
    this.ids.touch(words, from, count, stride);
  }

  /**
   * True when the id hashed `(a, b)` (as int32: `idHash[0] | 0`…) on `line` is new (it is kept);
   * false when `firstOf` must tell.
   */
  public add(a: number, b: number, line: number): boolean {
    const place = this.placeOf(line);
    if (!this.ids.add(a, b, place)) return false;
    this.anchor(place);
    // Stryker disable next-line BooleanLiteral: firstOf then finds no place and inserts the id again, a second entry answering as the first
    return true;
  }

  /**
   * After `add` answered false for `row` (hashed `(a, b)`, on `line`): the first valid row with its
   * id, or undefined when there is none before it (the id is then kept as new).
   */
  public firstOf(row: VisitRow, a: number, b: number, line: number): FirstVisit | undefined {
    // Only one row of the id can come before this one, its first: a second would have made it a
    // duplicate already, whose first row the duplicate rule knows. So any order of places will do.
    for (const place of new Set(this.ids.found)) {
      const end = Math.min(line, (place + 1) * this.blockLines);
      const plain = this.plainBlock(place, end);
      if (plain) {
        const first = this.firstInPlain(plain, this.anchorLines[place], row.visit_id);
        if (first) return first;
        continue;
      }
      for (const earlier of this.block(place)) {
        if (earlier.line >= line) break;
        const found =
          'row' in earlier
            ? earlier.row
            : // Stryker disable next-line LogicalOperator: the row's id is compared below; its hash only spares reading rows again
              earlier.a === a && earlier.b === b
              ? this.source.rowAt(earlier.offset)
              : undefined;
        if (found?.visit_id === row.visit_id) return { line: earlier.line, row: found };
      }
    }
    const place = this.placeOf(line);
    this.ids.insert(a, b, place);
    this.anchor(place);
    return undefined;
  }

  /**
   * The bytes of the place's lines before line `end` (from its anchor), when none is a quote: then
   * each line is one record. Undefined when one is.
   */
  private plainBlock(place: number, end: number): { bytes: Buffer; atEnd: boolean } | undefined {
    const start = this.anchorOffsets[place];
    const lines = end - this.anchorLines[place];
    let length = 0;
    let stop = 0;
    let breaks = 0;
    for (;;) {
      for (let at = this.bytes.indexOf(10, stop); breaks < lines && at !== -1 && at < length;) {
        breaks++;
        stop = at + 1;
        at = this.bytes.indexOf(10, stop);
      }
      if (breaks >= lines) break;
      if (length === this.bytes.length) {
        const grown = Buffer.alloc(2 * length);
        this.bytes.copy(grown, 0, 0, length);
        this.bytes = grown;
      }
      const read = this.source.readAt(this.bytes.subarray(length), start + length);
      // Stryker disable next-line BlockStatement: never reached: the lines before the row being checked all end in a line break before it
      if (read === 0) {
        stop = length;
        break;
      }
      length += read;
    }
    const bytes = this.bytes.subarray(0, stop);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: the bytes end at a line break before the row being checked, and a line with its break splits the same at the end or not
    return bytes.includes(34) ? undefined : { bytes, atEnd: start + stop >= this.size };
  }

  /** The first valid row with id `id` among one-line records `bytes`, the first on line `firstLine`. */
  private firstInPlain(
    block: { bytes: Buffer; atEnd: boolean },
    firstLine: number,
    id: string,
  ): FirstVisit | undefined {
    const { bytes } = block;
    const needle = Buffer.from(id);
    for (let i = bytes.indexOf(needle); i !== -1;) {
      const from = i === 0 ? 0 : bytes.lastIndexOf(10, i - 1) + 1;
      const lineBreak = bytes.indexOf(10, i);
      const to = lineBreak === -1 ? bytes.length : lineBreak + 1;
      let line = firstLine;
      for (let at = bytes.indexOf(10); at !== -1 && at < from; at = bytes.indexOf(10, at + 1)) line++;
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: the text ends with its line break, which ends the record at the end or not
      const { piece } = this.splitter.recordAt(bytes.toString('utf8', from, to), block.atEnd && to === bytes.length);
      const row = piece ? this.source.valid(piece, line) : undefined;
      if (row?.visit_id === id) return { line, row };
      i = bytes.indexOf(needle, to);
    }
    return undefined;
  }

  private placeOf(line: number): number {
    while (line >= this.places * this.blockLines) this.coarsen();
    return Math.floor(line / this.blockLines);
  }

  private anchor(place: number): void {
    if (Number.isNaN(this.anchorOffsets[place])) {
      this.anchorOffsets[place] = this.lastOffset;
      this.anchorLines[place] = this.lastLine;
    }
  }

  /** Two neighbouring places become one, keeping the earlier anchor. */
  private coarsen(): void {
    this.ids.coarsen();
    const offsets = new Float64Array(this.places).fill(Number.NaN);
    const lines = new Float64Array(this.places);
    // Stryker disable next-line ArithmeticOperator: the places past the end read as undefined, written as NaN to places the merge leaves NaN
    for (let place = this.places - 1; place >= 0; place--) {
      if (Number.isNaN(this.anchorOffsets[place])) continue;
      offsets[place >>> 1] = this.anchorOffsets[place];
      lines[place >>> 1] = this.anchorLines[place];
    }
    this.anchorOffsets = offsets;
    this.anchorLines = lines;
    this.blockLines *= 2;
    this.blocks.clear();
  }

  /** The valid rows from the place's anchor to the end of its block of lines, in line order. */
  private block(place: number): BlockRow[] {
    const cached = this.blocks.get(place);
    if (cached) return cached;
    const rows: BlockRow[] = [];
    const end = (place + 1) * this.blockLines;
    // Rows are read in steps of about one block's bytes, so a block costs one read of the file.
    // Stryker disable next-line ArithmeticOperator: under the 4 KiB floor any step reads the block to its end, in more or fewer reads
    const step = Math.max(1 << 12, Math.ceil(this.blockLines * this.bytesPerLine * 1.25));
    let offset = this.anchorOffsets[place];
    let line = this.anchorLines[place];
    while (line < end && offset < this.size) {
      const result = this.source.read({ index: 0, from: offset, end: offset + step, start: offset });
      this.collect(result, line, end, rows);
      offset = result.next;
      line += result.lines;
    }
    if (this.blocks.size >= CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    this.blocks.set(place, rows);
    return rows;
  }

  /** The valid rows of a read before line `end`, in line order, from `firstLine`. */
  private collect(result: RangeResult, firstLine: number, end: number, rows: BlockRow[]): void {
    const { ids, others } = result;
    let next = 0;
    const other = (index: number): void => {
      const line = firstLine + others[index].line;
      const row = line < end ? this.source.valid(others[index].piece, line) : undefined;
      if (row) rows.push({ line, row });
    };
    for (let i = 0; i < ids.length; i += ID_WORDS) {
      const line = firstLine + ids[i + 2];
      for (; next < others.length && others[next].line < ids[i + 2]; next++) other(next);
      if (line < end) rows.push({ line, a: ids[i] | 0, b: ids[i + 1] | 0, offset: result.start + ids[i + 3] });
    }
    for (; next < others.length; next++) other(next);
  }
}
