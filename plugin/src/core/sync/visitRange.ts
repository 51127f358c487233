/**
 * Reads one byte range of an uncompressed CSV visits feed for the parallel reader (parallelVisits.ts),
 * on a worker thread: the counters of its healthy rows with each one's id hash, line, place and plan,
 * and the records it leaves to the main thread.
 *
 * A healthy line (no quote, the header's column count, every value in the usual form that
 * `checkVisitRow` takes without zod) is split and checked on its bytes: no string or object per row.
 * Any other record is split as the single-threaded reader splits it (CsvSplitter) and handed over as
 * its fields, to be checked on the main thread as that reader checks them: this module loads no zod.
 *
 * A range starts at the first line start at or after its first byte, unless told its record start: a
 * line start may be inside a quoted field, so the caller checks that the range before it ended there.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CsvSplitter, MAX_RECORD_CHARS, type CsvPiece } from './csvSplitter.js';
import {
  BEHAVIORAL_SERVICE_LINES,
  FIRST_STORED_YEAR,
  LAST_STORED_YEAR,
  LINES_OF_BUSINESS,
  SERVICE_LINES,
} from './visitFields.js';
import { finishIdHash, ID_HASH_START_A, ID_HASH_START_B, idHash, idHashStepA, idHashStepB } from './visitIdSet.js';
import { BEHAVIORAL, DIVERTED, RATED, RATING_SUM, VISITS, VisitTotals } from './visitTotals.js';

/** What every range of one feed shares. */
export type VisitFeedLayout = {
  file: string;
  /** Columns in the header, and the place of each of VISIT_COLUMNS among them. */
  width: number;
  indexes: number[];
  /**
   * Health_Plan_Id__c of the org's plan Accounts, when known: rows of other plans are left to the main
   * thread. Without them, a range counts the rows of every plan id in the usual form (PlanTable).
   */
  plans?: string[];
};

/**
 * Bytes `[from, end)`: the range reads the records that start in it. `start`: its first record's, if
 * known; `reuse`: the `ids` buffer of a range already merged, to fill again rather than allocate.
 */
export type RangeTask = { index: number; from: number; end: number; start?: number; reuse?: ArrayBuffer };

/** A record left to the main thread, as CsvSplitter split it; `line` counted from the range's first record (0). */
export type RangeRecord = { line: number; piece: CsvPiece };

export type RangeResult = {
  /** Where the range's first record starts, and where the record after its last one does. */
  start: number;
  next: number;
  /** Line breaks from `start` to `next`. */
  lines: number;
  /** Records read, healthy or not (blank lines are not records). */
  rows: number;
  /** The records that are not healthy rows, in file order. */
  others: RangeRecord[];
  /**
   * Per healthy row, ID_WORDS words: the id's hash (2), its line as `RangeRecord.line`, its byte
   * offset from `start`, its plan's number.
   */
  ids: Uint32Array<ArrayBuffer>;
  /** VisitTotals.toArray of the healthy rows. */
  totals: Float64Array<ArrayBuffer>;
  /** The plans by the numbers `ids` and `totals` give them. */
  plans: string[];
};

/** Words per healthy row in `RangeResult.ids`. */
export const ID_WORDS = 5;

/** Bytes after a record's start that always hold more than MAX_RECORD_CHARS characters of UTF-8. */
const WINDOW = 3 * MAX_RECORD_CHARS + 16;
const READ_BYTES = 1 << 20;
/** Bytes read first for one row read again: a usual row is far shorter. */
const ROW_BYTES = 1 << 12;

/** The values a column may hold, as bytes, with the words of each first byte chained for `wordEnd`. */
type Words = {
  /** The words' bytes, one after another: word w's are `bytes[starts[w], starts[w + 1])`. */
  bytes: Uint8Array;
  starts: Int32Array;
  /** The first word starting with a byte, and the next word starting with the same byte as a word; -1 for none. */
  first: Int8Array;
  next: Int8Array;
};

function wordsOf(words: readonly string[]): Words {
  // Stryker disable next-line StringLiteral: the words are ASCII, the same bytes in every encoding
  const bytes = Buffer.from(words.join(''), 'latin1');
  // Stryker disable next-line ArithmeticOperator: an array too short leaves the last words unmatched: their rows go the slow way, with the same answers
  const starts = new Int32Array(words.length + 1);
  words.forEach((word, w) => (starts[w + 1] = starts[w] + word.length));
  const first = new Int8Array(256).fill(-1);
  const next = new Int8Array(words.length);
  // Stryker disable next-line ArithmeticOperator: past the last word there are no words: those steps set nothing the table reads
  for (let w = words.length - 1; w >= 0; w--) {
    next[w] = first[bytes[starts[w]]];
    first[bytes[starts[w]]] = w;
  }
  return { bytes: new Uint8Array(bytes), starts, first, next };
}

const LOB_WORDS = wordsOf(LINES_OF_BUSINESS);
const SERVICE_WORDS = wordsOf(SERVICE_LINES);
const BEHAVIORAL_INDEXES = SERVICE_LINES.map((line) => BEHAVIORAL_SERVICE_LINES.has(line));
/** The diversions that count, in the order of the DIVERTED counters; `none` and empty count nothing. */
const COUNTED_DIVERSIONS = ['er', 'urgent_care', 'primary_care'];
const DIVERSION_WORDS = wordsOf([...COUNTED_DIVERSIONS, 'none']);
const FNV_OFFSET = 0x81_1c_9d_c5;
const FNV_PRIME = 0x01_00_01_93;
/** What each column holds, by its place in VISIT_COLUMNS plus one; 0 for a column the reader does not use. */
const [ID, PLAN, LINE_OF_BUSINESS, DATE, SERVICE, DIVERSION, RATING] = [1, 2, 3, 4, 5, 6, 7];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value the last `wordEnd` or `ratingEnd` read: a word's place, a rating. */
let valueRead = 0;

/**
 * Where the first of `words` that `bytes` hold from `from` ends, its place in `valueRead`; or -1.
 * The caller checks that a comma or the line's end follows (a longer value is then no word). No word
 * of a column starts another one, so the first found is the only one that can be followed so.
 */
function wordEnd(bytes: Uint8Array, from: number, words: Words): number {
  const { bytes: chars, starts } = words;
  for (let w = words.first[bytes[from]]; w >= 0; w = words.next[w]) {
    const start = starts[w];
    const length = starts[w + 1] - start;
    // The first byte matched: the chain is that byte's.
    let i = 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: past the word's end the next word's bytes, or none, are compared with the byte after the value: a mismatch ends the loop at the same place, a match only sends the row the slow way, with the same answers
    while (i < length && chars[start + i] === bytes[from + i]) i++;
    if (i === length) {
      valueRead = w;
      return from + length;
    }
  }
  return -1;
}

/** Where a rating starting at `from` ends: empty (0 in `valueRead`) or one digit 1–5 (in `valueRead`); or -1. */
function ratingEnd(bytes: Uint8Array, from: number, to: number): number {
  // Stryker disable next-line ConditionalExpression: at the line's end, bytes[from] is its CR or LF: no digit, so the row is read the slow way, with the same result
  if (from === to || bytes[from] === 44) {
    valueRead = 0;
    return from;
  }
  valueRead = bytes[from] - 48;
  return valueRead >= 1 && valueRead <= 5 ? from + 1 : -1;
}

/** Counts a healthy row at `place` of `totals`; a diversion past the counted ones (`none`, empty) counts nothing. */
function count(totals: VisitTotals, place: number, service: number, diversion: number, rating: number): void {
  const counts = totals.counters;
  // Stryker disable next-line ArithmeticOperator: VISITS is 0
  counts[place + VISITS]++;
  if (BEHAVIORAL_INDEXES[service]) counts[place + BEHAVIORAL]++;
  if (rating > 0) {
    counts[place + RATED]++;
    counts[place + RATING_SUM] += rating;
  }
  if (diversion < COUNTED_DIVERSIONS.length) counts[place + DIVERTED + diversion]++;
}

/** Where a field starting at `from` ends (a comma or `to`), or -1 when it holds a quote. */
function plainEnd(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  for (; i < to; i++) {
    const c = bytes[i];
    if (c === 44) break;
    if (c === 34) return -1;
  }
  return i;
}

/** The halves of the hash of the id `idEnd` last read, before `finishIdHash`. */
let idHashA = 0;
let idHashB = 0;

/**
 * Where an id starting at `from` ends: 1 or more printable ASCII characters, no space, no quote; or
 * -1. Hashes it into `idHashA` and `idHashB` on the way.
 */
function idEnd(bytes: Uint8Array, from: number, to: number): number {
  let a = ID_HASH_START_A;
  let b = ID_HASH_START_B;
  let i = from;
  for (; i < to; i++) {
    const c = bytes[i];
    if (c === 44) break;
    if (c > 126 || c < 33 || c === 34) return -1;
    a = idHashStepA(a, c);
    b = idHashStepB(b, c);
  }
  idHashA = a;
  idHashB = b;
  return i === from ? -1 : i;
}

/** The number the `digits` decimal digits at `from` write, or -1 when a byte is not one. */
function digitsAt(bytes: Uint8Array, from: number, digits: number): number {
  let value = 0;
  for (let i = from; i < from + digits; i++) {
    const digit = bytes[i] - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** YYYYMM of a `YYYY-MM-DD` day that exists at `from`, or -1 (as `isCalendarDate`). */
function calendarMonth(bytes: Uint8Array, from: number, to: number): number {
  // Stryker disable next-line UnaryOperator: a month of 1 is before any storedMonth takes
  if (to - from !== 10 || bytes[from + 4] !== 45 || bytes[from + 7] !== 45) return -1;
  const year = digitsAt(bytes, from, 4);
  const month = digitsAt(bytes, from + 5, 2);
  const day = digitsAt(bytes, from + 8, 2);
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,UnaryOperator: a year of -1 (not digits), or a month of 1, is before any storedMonth takes, and a month outside 1–12 has no DAYS_IN_MONTH entry, so the day check below refuses it too
  if (year < 0 || month < 1 || month > 12 || day < 1) return -1;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // Stryker disable next-line UnaryOperator: as above
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0) ? year * 100 + month : -1;
}

/** A YYYYMM month as it is when Salesforce stores its days (as `isStoredYear`), else -1. */
const storedMonth = (yyyymm: number): number =>
  // Stryker disable next-line EqualityOperator: no month is 00, so none is equal to FIRST_STORED_YEAR * 100
  yyyymm >= FIRST_STORED_YEAR * 100 && yyyymm <= LAST_STORED_YEAR * 100 + 12 ? yyyymm : -1;

/** The hash (PlanTable.hash) of the plan `planEnd` last read. */
let planHash = 0;

/**
 * Where a plan id starting at `from` ends: 1–80 printable ASCII characters, no `|` or quote, space
 * only inside; or -1. Hashes it into `planHash` on the way.
 */
function planEnd(bytes: Uint8Array, from: number, to: number): number {
  let h = FNV_OFFSET;
  let i = from;
  for (; i < to; i++) {
    const c = bytes[i];
    if (c === 44) break;
    if (c > 126 || c < 32 || c === 124 || c === 34) return -1;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  planHash = h >>> 0;
  return i === from || i - from > 80 || bytes[from] === 32 || bytes[i - 1] === 32 ? -1 : i;
}

/** Plans a range may number when the org's are not known yet: rows of any more are left to the main thread. */
export const MAX_RANGE_PLANS = 1 << 12;

/**
 * Numbers plans from their ids' bytes. Given the org's plans, a plan's number is its place among
 * them and any other plan is -1. Without them, each range numbers the plans it meets in the order
 * met (up to MAX_RANGE_PLANS), and its result names them: the main thread maps them to the org's.
 */
class PlanTable {
  /** The number of the plan `read` read last; -1 when it read none. */
  // Stryker disable next-line UnaryOperator: startRange sets it before every range
  public found = -1;
  /** The numbered plans' ids, one after another: plan p's bytes are `pool[starts[p], starts[p + 1])`. */
  private pool = new Uint8Array(1 << 10);
  private starts = new Int32Array(17);
  /** Each numbered plan's hash: a plan whose hash differs is not compared byte by byte. */
  private hashes = new Uint32Array(16);
  private names: string[] = [];
  private table = new Int32Array(16).fill(-1);
  private mask = 15;
  private readonly open: boolean;

  public constructor(plans: readonly string[] | undefined) {
    this.open = plans === undefined;
    // Stryker disable next-line ArrayDeclaration: an open table is emptied before its first range
    for (const plan of plans ?? []) {
      // Stryker disable next-line StringLiteral: UTF-8 is also Buffer.from's default
      const id = Buffer.from(plan, 'utf8');
      this.insert(id, 0, id.length, PlanTable.hash(id, 0, id.length), plan);
    }
  }

  /** The plans numbered, by number. */
  public get plans(): string[] {
    return this.names;
  }

  // Stryker disable next-line BlockStatement: the hash only spreads plans over the table; a constant one gives the same answers, slower
  private static hash(bytes: Uint8Array, from: number, to: number): number {
    let h = FNV_OFFSET;
    // Stryker disable next-line ConditionalExpression: the hash only spreads plans over the table; a constant one gives the same answers, slower
    for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], FNV_PRIME);
    return h >>> 0;
  }

  /** A new range numbers its plans from 0 (the org's plans keep theirs). */
  public startRange(): void {
    // The plan read last may have another number, or none, in this range.
    this.found = -1;
    // Emptying the org's plans sends their rows to the main thread's checks: the same answers, slower.
    // Stryker disable next-line ConditionalExpression: as above
    if (!this.open || this.names.length === 0) return;
    this.names = [];
    this.table.fill(-1);
  }

  /**
   * Where the plan id starting at `from` ends (a comma or `to`), its number in `found`; or -1 when it
   * is not in the usual form (planEnd) or not numbered. A feed's rows of one plan often come one after
   * another: the plan read last is compared first, and an id of the same bytes needs no other check.
   */
  public read(bytes: Uint8Array, from: number, to: number): number {
    const last = this.found;
    // Comparing with the plan of the row before only spares planEnd and find: skipped, or made to match
    // nothing, it leaves them the same answer. What it must never do, take another plan for this one,
    // visitRange.test.ts checks.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: as above
    if (last >= 0) {
      const start = this.starts[last];
      // Stryker disable next-line ArithmeticOperator: as above (a wrong length ends next to a byte that is no comma, or past the line)
      const length = this.starts[last + 1] - start;
      const end = from + length;
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,BlockStatement: as above
      if (end === to || (end < to && bytes[end] === 44)) {
        // From the end: ids of one feed differ most often in their last characters.
        let i = length;
        // Stryker disable next-line EqualityOperator,UpdateOperator: as above (one byte before the id, or after it, is never the other id's)
        while (i > 0 && this.pool[start + i - 1] === bytes[from + i - 1]) i--;
        // Stryker disable next-line ConditionalExpression: as above
        if (i === 0) return end;
      }
    }
    const end = planEnd(bytes, from, to);
    // Stryker disable next-line EqualityOperator: planEnd answers -1 or a place after the plan's first byte, never 0
    this.found = end < 0 ? -1 : this.find(bytes, from, end, planHash);
    return this.found < 0 ? -1 : end;
  }

  /** The number of the plan in `bytes[from, to)` whose hash is `hash`, or -1 for a plan not numbered. */
  private find(bytes: Uint8Array, from: number, to: number, hash: number): number {
    const { table, mask, hashes, starts, pool } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const plan = table[slot];
      if (plan === -1) {
        if (!this.open || this.names.length >= MAX_RANGE_PLANS) return -1;
        // Plan ids in the usual form are printable ASCII (planEnd), which latin1 reads as UTF-8 does.
        return this.insert(
          bytes,
          from,
          to,
          hash,
          Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1'),
        );
      }
      // Stryker disable next-line ConditionalExpression: the bytes are compared below; the hash only spares comparing them
      if (hashes[plan] !== hash) continue;
      const start = starts[plan];
      const length = starts[plan + 1] - start;
      if (length !== to - from) continue;
      let i = 0;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: past the id's end the next id's bytes, or zeros, are compared with the byte after it: a mismatch ends the loop at the same place, a match only sends the row the slow way, with the same answers
      while (i < length && pool[start + i] === bytes[from + i]) i++;
      if (i === length) return plan;
    }
  }

  /** Numbers the plan in `bytes[from, to)` (copied: `bytes` may be a read buffer, filled again). */
  private insert(bytes: Uint8Array, from: number, to: number, hash: number, name: string): number {
    const plan = this.names.length;
    this.names.push(name);
    if (plan === this.hashes.length) {
      this.hashes = extended(this.hashes, 2 * plan);
      this.starts = extended(this.starts, 2 * plan + 1);
    }
    const start = this.starts[plan];
    const end = start + to - from;
    // Stryker disable next-line EqualityOperator: growing a byte sooner changes memory only
    if (end > this.pool.length) this.pool = extended(this.pool, Math.max(end, 2 * this.pool.length));
    this.pool.set(bytes.subarray(from, to), start);
    this.starts[plan + 1] = end;
    this.hashes[plan] = hash;
    // Stryker disable next-line EqualityOperator: a table a slot bigger or smaller gives the same answers
    if (this.names.length * 2 > this.table.length) {
      this.table = new Int32Array(this.table.length * 2).fill(-1);
      this.mask = this.table.length - 1;
      for (let known = 0; known < this.names.length; known++) this.place(known);
    } else this.place(plan);
    return plan;
  }

  private place(plan: number): void {
    let i = this.hashes[plan] & this.mask;
    while (this.table[i] !== -1) i = (i + 1) & this.mask;
    this.table[i] = plan;
  }
}

/** A copy of `array` with room for `size` elements, its first ones those of `array`. */
function extended<T extends Uint8Array | Int32Array | Uint32Array>(array: T, size: number): T {
  const copy = new (array.constructor as new (elements: number) => T)(size);
  copy.set(array);
  return copy;
}

/** The reader's view of the file: a buffer holding the bytes from `offset`, refilled as reading goes on. */
class FileWindow {
  /** File offset of `bytes[0]`, and how many bytes are valid. */
  public offset = 0;
  public length = 0;

  public constructor(
    private readonly fd: number,
    public readonly size: number,
    public readonly bytes: Buffer,
  ) {}

  public get atEof(): boolean {
    return this.offset + this.length >= this.size;
  }

  /** Makes the buffer start at file offset `at` (within or right after the valid bytes) and fill it. */
  public moveTo(at: number): void {
    // Stryker disable next-line ArithmeticOperator: keeping fewer bytes only reads them again from the file
    const keep = Math.max(0, this.offset + this.length - at);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: copying nothing changes no valid byte
    if (keep > 0) this.bytes.copyWithin(0, at - this.offset, this.length);
    this.offset = at;
    this.length = keep;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a read past the end or into a full buffer reads 0 bytes and stops the loop
    while (this.length < this.bytes.length && !this.atEof) {
      const read = readSync(
        this.fd,
        this.bytes,
        this.length,
        this.bytes.length - this.length,
        this.offset + this.length,
      );
      // Stryker disable next-line ConditionalExpression: the loop also stops at the file's end; a read of 0 bytes before it needs a file cut while read
      if (read === 0) break;
      this.length += read;
    }
  }

  /** The buffer index of file offset `at`, after refilling if fewer than WINDOW bytes follow it there. */
  public index(at: number): number {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator,ArithmeticOperator: reading goes forward only (no `at` before the window), and refilling more often reads the same bytes
    if (at < this.offset || (!this.atEof && this.offset + this.length - at < WINDOW)) this.moveTo(at);
    return at - this.offset;
  }

  /** File offset of the first line break at or after `at`, or the file's size. */
  public lineBreakFrom(at: number): number {
    for (let from = at; ;) {
      const i = this.index(from);
      const found = this.bytes.indexOf(10, i);
      if (found !== -1 && found < this.length) return this.offset + found;
      if (this.atEof) return this.size;
      from = this.offset + this.length;
    }
  }
}

/** Per healthy row, ID_WORDS words: the id's hash (2), its line, its byte offset from the range's start, its plan. */
class IdList {
  public words: Uint32Array<ArrayBuffer>;
  public length = 0;

  /** Room for about a row per 32 bytes of `task`, in its `reuse` buffer when that is big enough. */
  public constructor(task: RangeTask) {
    // Stryker disable next-line ArithmeticOperator: more room than needed changes no word sent
    const words = ID_WORDS * Math.max(256, Math.ceil((task.end - (task.start ?? task.from)) / 32));
    this.words =
      task.reuse && task.reuse.byteLength >= 4 * words ? new Uint32Array(task.reuse) : new Uint32Array(words);
  }

  /** The words pushed, over the whole buffer (sent as it is, no copy to its used length). */
  public get used(): Uint32Array<ArrayBuffer> {
    return new Uint32Array(this.words.buffer, 0, this.length);
  }

  /** Adds the row whose id was just hashed into `idHash`. */
  public push(line: number, offset: number, plan: number): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,BlockStatement: a healthy row takes 32 bytes or more (7 commas, 8 of a line of business, 10 of a date, 5 of a service line, 1 each of id and plan, its line break), so a range's rows fit the room made for them
    if (this.length + ID_WORDS > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const words = this.words;
    words[this.length] = idHash[0];
    words[this.length + 1] = idHash[1];
    words[this.length + 2] = line;
    words[this.length + 3] = offset;
    words[this.length + 4] = plan;
    this.length += ID_WORDS;
  }
}

/** A record split as the single-threaded reader splits it; `end`: the file offset after it. */
type SplitRecord = { piece: CsvPiece; end: number; lineBreaks: number };

/**
 * The record starting at file offset `offset` of the open feed `fd`, as CsvSplitter splits it
 * there: a few KiB are read, the whole window only for a record longer than that.
 */
export function recordAt(fd: number, size: number, offset: number, splitter: CsvSplitter): CsvPiece | undefined {
  for (let want = ROW_BYTES; ; want = WINDOW) {
    // Stryker disable next-line MethodExpression,ArithmeticOperator: a longer buffer is read as far as the file goes (`read`)
    const bytes = Buffer.alloc(Math.min(want, size - offset));
    const read = readSync(fd, bytes, 0, bytes.length, offset);
    const { piece } = splitter.recordAt(bytes.toString('utf8', 0, read), offset + read >= size);
    // Stryker disable next-line LogicalOperator,ConditionalExpression: reading a found record again over the whole window finds it again
    if (piece ?? want === WINDOW) return piece;
  }
}

export class VisitRangeReader {
  private readonly planTable: PlanTable;
  private readonly splitter = new CsvSplitter();
  /** The read buffer, one for all the ranges this reader reads. */
  // Stryker disable next-line ArithmeticOperator: any buffer over WINDOW bytes reads the same, refilled more often
  private readonly buffer = Buffer.alloc(READ_BYTES + WINDOW);
  /** What each column holds (ID…RATING, 0 for others), in the header's order. */
  private readonly kinds: Uint8Array;
  /** The length of the id, and the plan's number, of the line `healthyRow` last took. */
  private idLength = 0;
  private plan = 0;

  public constructor(private readonly layout: VisitFeedLayout) {
    this.planTable = new PlanTable(layout.plans);
    this.splitter.width = layout.width;
    this.kinds = new Uint8Array(layout.width);
    layout.indexes.forEach((column, kind) => (this.kinds[column] = kind + 1));
  }

  public read(task: RangeTask): RangeResult {
    const fd = openSync(this.layout.file, 'r');
    try {
      return this.readFrom(new FileWindow(fd, fstatSync(fd).size, this.buffer), task);
    } finally {
      closeSync(fd);
    }
  }

  private readFrom(window: FileWindow, task: RangeTask): RangeResult {
    const start = task.start ?? (task.from === 0 ? 0 : Math.min(window.size, window.lineBreakFrom(task.from - 1) + 1));
    // Counters for as many plans as the org has, or as the last range numbered.
    const totals = new VisitTotals(this.planTable.plans.length);
    this.planTable.startRange();
    const others: RangeRecord[] = [];
    const ids = new IdList(task);
    let lines = 0;
    let rows = 0;
    let pos = start;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a range ends at or before the file's end, where an empty line counting nothing would be read
    while (pos < task.end && pos < window.size) {
      const i = window.index(pos);
      const bytes = window.bytes;
      const found = bytes.indexOf(10, i);
      const newline = found !== -1 && found < window.length ? found : -1;
      const lineBreak = newline === -1 ? window.length : newline;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the byte before a line's start is the previous line's LF, never a CR
      const lineEnd = lineBreak > i && bytes[lineBreak - 1] === 13 ? lineBreak - 1 : lineBreak;
      // Stryker disable next-line ConditionalExpression: a line cut by the window is over WINDOW bytes: neither blank nor healthy either way
      const whole = newline !== -1 || window.atEof;
      if (lineEnd === i && whole) {
        lines += newline === -1 ? 0 : 1;
        pos = window.offset + lineBreak + 1;
        continue;
      }
      rows++;
      if (whole && lineEnd - i <= MAX_RECORD_CHARS && this.healthyRow(bytes, i, lineEnd, totals)) {
        finishIdHash(idHashA, idHashB, this.idLength);
        ids.push(lines, pos - start, this.plan);
        lines += newline === -1 ? 0 : 1;
        pos = window.offset + lineBreak + 1;
        continue;
      }
      const record = this.split(window, i);
      others.push({ line: lines, piece: record.piece });
      lines += record.lineBreaks;
      pos = record.end;
    }
    return {
      start,
      next: Math.min(pos, window.size),
      lines,
      rows,
      others,
      ids: ids.used,
      totals: totals.toArray(),
      plans: this.planTable.plans,
    };
  }

  /**
   * Checks a line on its bytes and counts it, field by field in the header's order, each read as
   * what its column must hold, in one pass; false, counting nothing, when any value is not in its
   * usual form, a field holds a quote, or the line has another column count (the record is then
   * read the slow way). Every byte of a line taken is in a field checked here or is a comma.
   */
  private healthyRow(bytes: Uint8Array, from: number, to: number, totals: VisitTotals): boolean {
    const kinds = this.kinds;
    const last = kinds.length - 1;
    // Each is set by its column: the header names every visit column once.
    let plan = 0;
    let lineOfBusiness = 0;
    let month = 0;
    let service = 0;
    let diversion = 0;
    let rating = 0;
    let at = from;
    for (let column = 0; column <= last; column++) {
      let end: number;
      switch (kinds[column]) {
        case ID:
          end = idEnd(bytes, at, to);
          this.idLength = end - at;
          break;
        case PLAN:
          end = this.planTable.read(bytes, at, to);
          plan = this.planTable.found;
          break;
        case LINE_OF_BUSINESS:
          end = wordEnd(bytes, at, LOB_WORDS);
          lineOfBusiness = valueRead;
          break;
        case DATE:
          month = storedMonth(calendarMonth(bytes, at, Math.min(to, at + 10)));
          end = month < 0 ? -1 : at + 10;
          break;
        case SERVICE:
          end = wordEnd(bytes, at, SERVICE_WORDS);
          service = valueRead;
          break;
        case DIVERSION:
          end = at === to || bytes[at] === 44 ? at : wordEnd(bytes, at, DIVERSION_WORDS);
          diversion = end === at ? COUNTED_DIVERSIONS.length : valueRead;
          break;
        case RATING:
          end = ratingEnd(bytes, at, to);
          rating = valueRead;
          break;
        default:
          end = plainEnd(bytes, at, to);
      }
      if (end < 0 || (column === last ? end !== to : end === to || bytes[end] !== 44)) return false;
      at = end + 1;
    }
    count(totals, totals.at(plan, lineOfBusiness, month), service, diversion, rating);
    this.plan = plan;
    return true;
  }

  /**
   * The record at buffer index `i`, split as the single-threaded reader splits it. Its fields are cut
   * from text holding this record only: a field cut from a longer text keeps all of that text alive,
   * which for a feed of records that all take this path (every plan unknown, every field quoted)
   * would hold a window of text per record.
   */
  private split(window: FileWindow, i: number): SplitRecord {
    const lineBreak = window.bytes.indexOf(10, i);
    if (lineBreak !== -1 && lineBreak < window.length && lineBreak - i <= MAX_RECORD_CHARS) {
      // Most records end at their first line break; only one that does not, or a line too long, needs the window.
      const { piece } = this.splitter.recordAt(window.bytes.toString('utf8', i, lineBreak + 1), false);
      if (piece) return { piece, end: window.offset + lineBreak + 1, lineBreaks: 1 };
    }
    const stop = Math.min(window.length, i + WINDOW);
    const text = window.bytes.toString('utf8', i, stop);
    const { piece, end } = this.splitter.recordAt(text, window.atEof && stop === window.length);
    if (!piece) throw new Error(`the record at byte ${window.offset + i} of ${this.layout.file} could not be told`);
    if (end === -1) {
      // A line too long for any record: it is reported, and reading goes on after its line break.
      const lineEnd = window.lineBreakFrom(window.offset + i);
      return { piece, end: Math.min(window.size, lineEnd + 1), lineBreaks: lineEnd < window.size ? 1 : 0 };
    }
    const to = i + Buffer.byteLength(text.slice(0, end));
    const record = this.splitter.recordAt(window.bytes.toString('utf8', i, to), window.atEof && to === window.length);
    let lineBreaks = 0;
    for (let b = window.bytes.indexOf(10, i); b !== -1 && b < to; b = window.bytes.indexOf(10, b + 1)) lineBreaks++;
    return { piece: record.piece ?? piece, end: window.offset + to, lineBreaks };
  }
}
