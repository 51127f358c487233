import { expect } from 'chai';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CsvSplitter, type CsvPiece } from '../../../src/core/sync/csvSplitter.js';

function splitAll(
  text: string,
  chunkSizes: number[] = [text.length || 1],
  splitter: CsvSplitter = new CsvSplitter(),
): CsvPiece[] {
  const out: CsvPiece[] = [];
  let pos = 0;
  let k = 0;
  while (pos < text.length) {
    const size = Math.max(1, chunkSizes[k++ % chunkSizes.length]);
    out.push(...splitter.push(text.slice(pos, pos + size)));
    pos += size;
  }
  out.push(...splitter.end());
  return out;
}

const records = (pieces: CsvPiece[]): string[][] =>
  pieces.map((piece) => ('fields' in piece ? piece.fields : ['<error>']));

describe('CSV splitter', () => {
  it('splits plain and quoted fields and numbers the line each record starts on', () => {
    const text = 'a,b,c\n1,"x, y",3\r\n\n"multi\nline",2,"say ""hi"""\nlast,row,no-newline';
    expect(splitAll(text)).to.deep.equal([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', '3'] },
      { line: 4, fields: ['multi\nline', '2', 'say "hi"'] },
      { line: 6, fields: ['last', 'row', 'no-newline'] },
    ]);
  });

  it('cuts plain lines into their fields around quoted ones, empty fields and one-column lines included', () => {
    const text = 'a,,c\n"q,1",x,"y,2"\n,,\nsolo\n3,4,\r\nlast';
    expect(records(splitAll(text))).to.deep.equal([
      ['a', '', 'c'],
      ['q,1', 'x', 'y,2'],
      ['', '', ''],
      ['solo'],
      ['3', '4', ''],
      ['last'],
    ]);
  });

  it('strips a byte-order mark', () => {
    expect(splitAll('\uFEFFa,b\n')).to.deep.equal([{ line: 1, fields: ['a', 'b'] }]);
  });

  it('reports broken quoting with its line and goes on with the next line', () => {
    expect(splitAll('a,b\nx"y,2\n"p"q,3\nok,4\n')).to.deep.equal([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, reason: 'a quote inside a field that does not start with one' },
      { line: 3, reason: 'characters after the closing quote of a field' },
      { line: 4, fields: ['ok', '4'] },
    ]);
  });

  it('reports a quote never closed at the line it opened, and reads the lines after it', () => {
    expect(splitAll('a,b\n1,2\n"3,4\n5,6\n')).to.deep.equal([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, reason: 'a quoted field is not closed before the end of its line' },
      { line: 4, fields: ['5', '6'] },
    ]);
  });

  it('does not let a stray quote swallow rows up to the next quote once the width is known', () => {
    const text = 'id,note,n\n1,"oops,1\n2,fine,2\n3,"a ""quoted"" note",3\n4,x,4\n';
    const splitter = new CsvSplitter();
    splitter.width = 3;
    for (const cuts of [[text.length], [1], [7, 3]]) {
      const fresh = new CsvSplitter();
      fresh.width = 3;
      expect(splitAll(text, cuts, fresh), `chunks of ${cuts.join(', ')}`).to.deep.equal([
        { line: 1, fields: ['id', 'note', 'n'] },
        { line: 2, reason: 'a quoted field is not closed before the end of its line' },
        { line: 3, fields: ['2', 'fine', '2'] },
        { line: 4, fields: ['3', 'a "quoted" note', '3'] },
        { line: 5, fields: ['4', 'x', '4'] },
      ]);
    }
    // Without a width (the header itself), RFC 4180 reading: the quote runs to the next one.
    expect(splitAll(text, [text.length], splitter)[1]).to.deep.equal({
      line: 2,
      reason: 'a quoted field is not closed before the end of its line',
    });
  });

  it('keeps a quoted line break in a record of the right width', () => {
    const splitter = new CsvSplitter();
    splitter.width = 2;
    expect(splitAll('a,b\n"two\nlines",x\ny,z\n', [5], splitter)).to.deep.equal([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['two\nlines', 'x'] },
      { line: 4, fields: ['y', 'z'] },
    ]);
  });

  it('gives up on an open quote past the longest legal record, without waiting for the end of the file', () => {
    const splitter = new CsvSplitter(40);
    const rows = Array.from({ length: 50 }, (unused, i) => `${i},row`);
    const text = `a,b\n"open,1\n${rows.join('\n')}\n`;
    const seen: CsvPiece[] = [];
    // 8-character chunks: the broken record must be reported long before the last chunk.
    let reportedAt = -1;
    for (let at = 0; at < text.length; at += 8) {
      seen.push(...splitter.push(text.slice(at, at + 8)));
      if (reportedAt < 0 && seen.some((piece) => 'reason' in piece)) reportedAt = at;
    }
    seen.push(...splitter.end());
    expect(reportedAt).to.be.within(0, 80);
    expect(seen.filter((piece) => 'reason' in piece)).to.deep.equal([
      { line: 2, reason: 'a quoted field is not closed before the end of its line' },
    ]);
    expect(records(seen.filter((piece) => 'fields' in piece)).slice(1)).to.deep.equal(
      rows.map((row) => row.split(',')),
    );
  });

  it('reports a line longer than the longest legal record without holding it, and reads the next ones', () => {
    const splitter = new CsvSplitter(40);
    const text = `a,b\n${'x'.repeat(1000)},y\nok,1\n"${'q'.repeat(500)}\nlast,2`;
    const seen: CsvPiece[] = [];
    let reportedAt = -1;
    for (let at = 0; at < text.length; at += 8) {
      seen.push(...splitter.push(text.slice(at, at + 8)));
      if (reportedAt < 0 && seen.some((piece) => 'reason' in piece)) reportedAt = at;
    }
    seen.push(...splitter.end());
    expect(reportedAt).to.be.within(0, 60);
    expect(seen).to.deep.equal([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, reason: 'the line is longer than 40 characters' },
      { line: 3, fields: ['ok', '1'] },
      { line: 4, reason: 'the line is longer than 40 characters' },
      { line: 5, fields: ['last', '2'] },
    ]);
  });

  it('gives the records csv-parse gives, however the text is cut into chunks', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('', ',', '"', '""', '\n', '\r\n', 'a"b', ' x ', 'é'),
    );
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        table,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (rows, cuts, crlf) => {
          // Line breaks inside a field are always quoted, as in any CSV a platform writes.
          const text = stringify(rows, { record_delimiter: crlf ? '\r\n' : '\n', quoted_match: /[\r\n]/ });
          const expected = parse(text, {
            relax_column_count: true,
            skip_empty_lines: true,
            record_delimiter: crlf ? '\r\n' : '\n',
          });
          expect(records(splitAll(text, cuts))).to.deep.equal(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('numbers lines like the text has them, quoted line breaks included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('a', 'b\nc', '"q"', ''), { minLength: 2, maxLength: 3 }), {
          minLength: 1,
          maxLength: 6,
        }),
        (rows) => {
          const text = stringify(rows);
          const pieces = splitAll(text, [7]);
          let line = 1;
          const expectedLines: number[] = [];
          for (const row of rows) {
            const recordText = stringify([row]);
            if (recordText.trim() !== '') expectedLines.push(line);
            line += (recordText.match(/\n/g) ?? []).length;
          }
          expect(pieces.map((piece) => piece.line)).to.deep.equal(expectedLines);
        },
      ),
    );
  });
  it('waits for a line of exactly the longest legal length, and reports one character more', () => {
    const splitter = new CsvSplitter(10);
    expect(splitter.push('abcdefghij')).to.deep.equal([]);
    expect(splitter.push('\n')).to.deep.equal([{ line: 1, fields: ['abcdefghij'] }]);
    expect(new CsvSplitter(10).push('abcdefghijk')).to.deep.equal([
      { line: 1, reason: 'the line is longer than 10 characters' },
    ]);
    // Only the unfinished line counts, not the lines before it in the same chunk (5 × 11 + 2 = 57 characters).
    const later = new CsvSplitter(40);
    expect(records(later.push(`${'0123456789\n'.repeat(5)}ab`))).to.have.length(5);
    expect(later.push('c\n')).to.deep.equal([{ line: 6, fields: ['abc'] }]);
  });

  it('takes a record over two lines of exactly the longest legal length, and breaks one character more', () => {
    // '"ab\ncd",e\n' is 10 characters, its line break included.
    const text = '"ab\ncd",e\n';
    expect(new CsvSplitter(10).push(text)).to.deep.equal([{ line: 1, fields: ['ab\ncd', 'e'] }]);
    // At 9 the first line is broken and reading goes on with the second, whose quote is then out of place.
    expect(new CsvSplitter(9).push(text)).to.deep.equal([
      { line: 1, reason: 'a quoted field is not closed before the end of its line' },
      { line: 2, reason: 'a quote inside a field that does not start with one' },
    ]);
  });

  it('strips a byte-order mark only at the very start of the text, an empty first chunk included', () => {
    const splitter = new CsvSplitter();
    expect(splitter.push('')).to.deep.equal([]);
    expect(splitter.push('\uFEFFa,b\n')).to.deep.equal([{ line: 1, fields: ['a', 'b'] }]);
    // A mark at the start of a later chunk is text of its field.
    expect(records(splitAll('a,b\n\uFEFFc,d\n', [4]))).to.deep.equal([
      ['a', 'b'],
      ['\uFEFFc', 'd'],
    ]);
  });

  it('gives a quoted record as soon as its line is in, not at the end', () => {
    expect(new CsvSplitter().push('"a",b\n')).to.deep.equal([{ line: 1, fields: ['a', 'b'] }]);
  });

  it('takes the width from the first record only', () => {
    const splitter = new CsvSplitter();
    splitter.widthFromFirstRecord = true;
    // Line 2 is short, yet the width stays 3: the record over lines 3–4 has 3 fields and is taken.
    expect(splitAll('a,b,c\n1,2\n"x\ny",2,3\n', undefined, splitter)).to.deep.equal([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['x\ny', '2', '3'] },
    ]);
    expect(splitter.width).to.equal(3);
  });

  it('leaves the width of a quoted record on one line to the reader (only records over several lines must match)', () => {
    const splitter = new CsvSplitter();
    splitter.width = 3;
    expect(splitter.push('"a",b\n')).to.deep.equal([{ line: 1, fields: ['a', 'b'] }]);
  });

  it('numbers the lines after broken records the same wherever the chunks are cut', () => {
    const text = 'a,b\nx"y,2\n"p"q,3\nok,4\n"open\nlast,5\n';
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, reason: 'a quote inside a field that does not start with one' },
      { line: 3, reason: 'characters after the closing quote of a field' },
      { line: 4, fields: ['ok', '4'] },
      // No quote closes line 5's: without a width it could run to the end, so it is reported at the end.
      { line: 5, reason: 'a quoted field is not closed before the end of its line' },
      { line: 6, fields: ['last', '5'] },
    ];
    for (let cut = 1; cut < text.length; cut++) {
      expect(splitAll(text, [cut, text.length]), `cut at ${cut}`).to.deep.equal(expected);
    }
  });

  it('cuts the fields of a line with quotes as it cuts a line without', () => {
    // A carriage return that does not end the line stays in its field, on either path.
    expect(records(splitAll('a\r,b\na\r,"b"\n'))).to.deep.equal([
      ['a\r', 'b'],
      ['a\r', 'b'],
    ]);
  });

  it('reads one record at the start of a text with recordAt', () => {
    expect(new CsvSplitter().recordAt('abcd,e\nz\n', false)).to.deep.equal({
      piece: { line: 1, fields: ['abcd', 'e'] },
      end: 7,
    });
    expect(new CsvSplitter().recordAt('a"\nb\n', false)).to.deep.equal({
      piece: { line: 1, reason: 'a quote inside a field that does not start with one' },
      end: 3,
    });
    expect(new CsvSplitter().recordAt('\nb\n', false)).to.deep.equal({ piece: undefined, end: 1 });
    expect(new CsvSplitter().recordAt('ab', false)).to.deep.equal({ piece: undefined, end: -1 });
    expect(new CsvSplitter().recordAt('ab', true)).to.deep.equal({ piece: { line: 1, fields: ['ab'] }, end: 3 });
  });

  it('reports a quote out of place on a short line at the start of a chunk', () => {
    expect(splitAll('a"\nb\n')).to.deep.equal([
      { line: 1, reason: 'a quote inside a field that does not start with one' },
      { line: 2, fields: ['b'] },
    ]);
    expect(splitAll('x,y\na"\nb\n', [4])).to.deep.equal([
      { line: 1, fields: ['x', 'y'] },
      { line: 2, reason: 'a quote inside a field that does not start with one' },
      { line: 3, fields: ['b'] },
    ]);
  });
  it('waits for a record over several lines by its own length, not by the lines before it in the chunk', () => {
    const splitter = new CsvSplitter(40);
    // 3 × 11 = 33 characters of rows, then 10 of an open record: 43 in the chunk, 10 of them the record's.
    expect(records(splitter.push(`${'0123456789\n'.repeat(3)}"ab\ncd",e`))).to.have.length(3);
    expect(splitter.push('\n')).to.deep.equal([{ line: 4, fields: ['ab\ncd', 'e'] }]);
  });
  it('reads a quoted last field at the very end of the text, with or without a carriage return', () => {
    const after = 'characters after the closing quote of a field';
    expect(splitAll('a,"b"')).to.deep.equal([{ line: 1, fields: ['a', 'b'] }]);
    expect(splitAll('x,"a"\r')).to.deep.equal([{ line: 1, fields: ['x', 'a'] }]);
    // Cut right after the carriage return: whether a line feed follows is only known from the next chunk.
    expect(splitAll('x,"a"\r\ny,z\n', [6])).to.deep.equal([
      { line: 1, fields: ['x', 'a'] },
      { line: 2, fields: ['y', 'z'] },
    ]);
    expect(splitAll('"a"x')).to.deep.equal([{ line: 1, reason: after }]);
    expect(splitAll('"p"q,3')).to.deep.equal([{ line: 1, reason: after }]);
    // A carriage return after a closing quote ends the record only before a line feed.
    expect(splitAll('"a"\rb,c\n')).to.deep.equal([{ line: 1, reason: after }]);
  });
});
