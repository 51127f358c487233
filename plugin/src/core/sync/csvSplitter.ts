/**
 * Splits CSV text into records as it streams in, with the line each record starts on.
 *
 * The sync reads millions of rows a night; csv-parse tops out near 500k rows/s on our machines and
 * half that once it reports line numbers. Feeds are machine-written and nearly all lines hold no
 * quote, so such a line is split on commas directly; a line with a quote goes through an RFC 4180
 * state machine (quoted commas, doubled quotes, quoted line breaks). The result is checked against
 * csv-parse on generated CSV in csvSplitter.test.ts.
 *
 * A careless producer's stray quote (`"oops`) opens a field that RFC 4180 lets run to the next quote,
 * swallowing the rows between. So a record may run past a line break only while it stays within
 * `maxRecordChars` and, once the header's width is known, ends with that many fields; otherwise its
 * first line is reported broken and splitting goes on with the next line, so no row after it is lost.
 */

export type CsvRecord = { line: number; fields: string[] };
export type CsvRecordError = { line: number; reason: string };
export type CsvPiece = CsvRecord | CsvRecordError;

/** Longer than any legal feed row: a quote still open this far from its record's start was never meant. */
export const MAX_RECORD_CHARS = 1 << 16;

type QuotedOutcome = { fields: string[]; end: number } | { error: string; at: number } | 'incomplete';

const UNCLOSED = 'a quoted field is not closed before the end of its line';

export class CsvSplitter {
  /** Fields a record spanning several lines must have to be taken as one; 0 until the header is read. */
  public width = 0;
  /** Takes the first record's field count for `width` (a feed's header), so the rule holds from the first row on. */
  public widthFromFirstRecord = false;
  private carry = '';
  private line = 1;
  private started = false;
  /** Inside a line already reported as too long, until its line break. */
  private skipping = false;
  /** Next comma in the text being split, at or after the current line; -1: none left, -2: not searched yet. */
  // Stryker disable next-line UnaryOperator: equivalent, split() and recordAt() set it before it is read
  private nextComma = -2;
  /** Next quote in the text being split, searched once per quote rather than once per line; as `nextComma`. */
  // Stryker disable next-line UnaryOperator: equivalent, split() and recordAt() set it before it is read
  private nextQuote = -2;

  public constructor(private readonly maxRecordChars = MAX_RECORD_CHARS) {}

  /** Records completed by `text`; a record cut by the chunk's end waits for the next chunk. */
  public push(text: string): CsvPiece[] {
    return this.split(text, false);
  }

  /** Whatever the last chunk left: a final record without a line break, or an unclosed quote. */
  public end(): CsvPiece[] {
    return this.split('', true);
  }

  /**
   * The record (or empty line) at `text`'s start, which must be a record's start, as `push` reads it
   * when the text holds all of it or more than `maxRecordChars` of it: the piece (none for an empty
   * line) and where the text after it starts; `end` is -1 when the line is too long (the piece says
   * so; the rest of the line is skipped) or the text ends before the record can be told.
   */
  public recordAt(text: string, atEnd: boolean): { piece?: CsvPiece; end: number } {
    const out: CsvPiece[] = [];
    this.skipping = false;
    this.nextQuote = -2;
    this.nextComma = -2;
    const end = this.step(text, 0, atEnd, out);
    return { piece: out[0], end };
  }

  private split(text: string, atEnd: boolean): CsvPiece[] {
    let buffer = this.carry + text;
    if (!this.started && buffer.length) {
      this.started = true;
      if (buffer.charCodeAt(0) === 0xfe_ff) buffer = buffer.slice(1);
    }
    const out: CsvPiece[] = [];
    let pos = this.skipping ? this.endOfSkippedLine(buffer) : 0;
    this.nextQuote = -2;
    this.nextComma = -2;
    while (pos < buffer.length) {
      const next = this.step(buffer, pos, atEnd, out);
      if (next === -1) break;
      pos = next;
    }
    // Stryker disable next-line StringLiteral: equivalent, text carried while skipping is skipped up to the next line break, and a mutant's text holds none
    this.carry = this.skipping ? '' : buffer.slice(pos);
    return out;
  }

  /** Splits the record or empty line at `pos` into `out`; answers where the next one starts, or -1 to wait for more text. */
  private step(buffer: string, pos: number, atEnd: boolean, out: CsvPiece[]): number {
    const newline = this.lineBreakAfter(buffer, pos, atEnd, out);
    if (newline === -1) return -1;
    let lineEnd = newline;
    if (lineEnd > pos && buffer.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    if (lineEnd === pos) {
      // Empty line.
      this.line++;
      return newline + 1;
    }
    // Stryker disable next-line LogicalOperator,UnaryOperator: equivalent, a position found again is the same, and a stale one only sends the line to the quoted-record parser, which cuts it the same way
    if (this.nextQuote !== -1 && this.nextQuote < pos) this.nextQuote = buffer.indexOf('"', pos);
    if (this.nextQuote === -1 || this.nextQuote >= lineEnd) {
      this.record(out, this.plainFields(buffer, pos, lineEnd));
      this.line++;
      return newline + 1;
    }
    const outcome = parseQuotedRecord(buffer, pos, atEnd);
    if (outcome === 'incomplete' && !atEnd && buffer.length - pos <= this.maxRecordChars) return -1;
    const broken = this.brokenAt(buffer, pos, newline, outcome);
    if (broken) {
      out.push({ line: this.line, reason: broken.reason });
      this.line += countLines(buffer, pos, broken.resume);
      return broken.resume;
    }
    const record = outcome as { fields: string[]; end: number };
    this.record(out, record.fields);
    this.line += countLines(buffer, pos, record.end);
    return record.end;
  }

  private record(out: CsvPiece[], fields: string[]): void {
    out.push({ line: this.line, fields });
    if (this.width === 0 && this.widthFromFirstRecord) this.width = fields.length;
  }

  /**
   * The line break ending the line at `pos` (the text's end once the input ended), or -1 to wait for
   * more text; a line already longer than any legal record is reported and skipped instead.
   */
  private lineBreakAfter(buffer: string, pos: number, atEnd: boolean, out: CsvPiece[]): number {
    const newline = buffer.indexOf('\n', pos);
    if (newline !== -1) return newline;
    if (atEnd) return buffer.length;
    if (buffer.length - pos > this.maxRecordChars) {
      out.push({ line: this.line, reason: `the line is longer than ${this.maxRecordChars} characters` });
      this.skipping = true;
    }
    return -1;
  }

  /** Where `buffer` goes on after the rest of an overlong line, already reported and dropped as it streams in. */
  private endOfSkippedLine(buffer: string): number {
    const newline = buffer.indexOf('\n');
    if (newline === -1) return buffer.length;
    this.skipping = false;
    this.line++;
    return newline + 1;
  }

  /**
   * Why the quoted record at `start` (first line ending at `newline`) is not taken, and where splitting
   * resumes: a record confined to its line resumes after the broken line; one that ran past its line
   * resumes on the line after its first, so the rows it swallowed are read after all.
   */
  private brokenAt(
    buffer: string,
    start: number,
    newline: number,
    outcome: QuotedOutcome,
  ): { reason: string; resume: number } | undefined {
    const nextLine = Math.min(buffer.length, newline + 1);
    if (outcome === 'incomplete') return { reason: UNCLOSED, resume: nextLine };
    if ('error' in outcome) {
      if (outcome.at > newline) return { reason: UNCLOSED, resume: nextLine };
      const end = buffer.indexOf('\n', outcome.at);
      return { reason: outcome.error, resume: end === -1 ? buffer.length : end + 1 };
    }
    const multiLine = outcome.end > nextLine;
    if (!multiLine) return undefined;
    if (outcome.end - start > this.maxRecordChars || (this.width > 0 && outcome.fields.length !== this.width)) {
      return { reason: UNCLOSED, resume: nextLine };
    }
    return undefined;
  }

  /**
   * The fields of a line without quotes, cut straight out of the chunk: no line string to split,
   * and each comma searched once (the next one, past this line, is kept for the lines after).
   */
  private plainFields(buffer: string, from: number, to: number): string[] {
    const fields: string[] = [];
    let start = from;
    let comma = this.nextComma;
    // Stryker disable next-line LogicalOperator,UnaryOperator: equivalent, a comma found again is the same, and a cached one lies past a line break, so never at 1 with a line after it
    if (comma !== -1 && comma < from) comma = buffer.indexOf(',', from);
    while (comma !== -1 && comma < to) {
      fields.push(buffer.slice(start, comma));
      start = comma + 1;
      comma = buffer.indexOf(',', start);
    }
    fields.push(buffer.slice(start, to));
    this.nextComma = comma;
    return fields;
  }
}

function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) lines++;
  // A record that ends at the end of the file without a line break still took its line.
  if (to === text.length && (to === from || text.charCodeAt(to - 1) !== 10)) lines++;
  return lines;
}

/** `at`: where the broken field's own line goes on, to skip to the end of it. */
type FieldEnd = { value: string; next: number; endsRecord: boolean } | { error: string; at: number } | 'incomplete';

/** A field that starts with a quote, at `i`: its value and where the text goes on. */
function quotedField(text: string, start: number, atEnd: boolean): FieldEnd {
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = text.indexOf('"', i);
    if (close === -1 || (close + 1 >= text.length && !atEnd)) return 'incomplete';
    value += text.slice(i, close);
    if (text.charCodeAt(close + 1) !== 34) {
      i = close + 1;
      break;
    }
    value += '"';
    i = close + 2;
  }
  if (i >= text.length) return { value, next: i, endsRecord: true };
  const next = text.charCodeAt(i);
  if (next === 44) return { value, next: i + 1, endsRecord: false };
  if (next === 10) return { value, next: i + 1, endsRecord: true };
  if (next === 13 && i + 1 >= text.length) return atEnd ? { value, next: i + 1, endsRecord: true } : 'incomplete';
  if (next === 13 && text.charCodeAt(i + 1) === 10) return { value, next: i + 2, endsRecord: true };
  return { error: 'characters after the closing quote of a field', at: i };
}

/** A field without quotes, at `i`, up to the next comma or line break. */
function plainField(text: string, start: number, atEnd: boolean): FieldEnd {
  let stop = start;
  while (stop < text.length) {
    const c = text.charCodeAt(stop);
    if (c === 44 || c === 10) break;
    stop++;
  }
  if (stop >= text.length && !atEnd) return 'incomplete';
  const endsRecord = stop >= text.length || text.charCodeAt(stop) === 10;
  let value = text.slice(start, stop);
  if (endsRecord && value.endsWith('\r')) value = value.slice(0, -1);
  if (value.includes('"')) return { error: 'a quote inside a field that does not start with one', at: start };
  return { value, next: Math.min(text.length, stop + 1), endsRecord };
}

/** One record with quotes in it, possibly over several lines; a broken one tells where it broke. */
function parseQuotedRecord(text: string, start: number, atEnd: boolean): QuotedOutcome {
  const fields: string[] = [];
  let i = start;
  for (;;) {
    const field = text.charCodeAt(i) === 34 ? quotedField(text, i, atEnd) : plainField(text, i, atEnd);
    if (field === 'incomplete') return field;
    if ('error' in field) {
      // The rest of the broken line must be here, so that the record resumes after it.
      return !text.includes('\n', field.at) && !atEnd ? 'incomplete' : field;
    }
    fields.push(field.value);
    if (field.endsRecord) return { fields, end: field.next };
    i = field.next;
  }
}
