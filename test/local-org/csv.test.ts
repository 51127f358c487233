import { expect } from 'chai';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { CsvError, parseCsv } from '../../scripts/local-org/csv.js';

describe('local org CSV reader', () => {
  it('reads what csv-stringify writes, whatever the quotes, delimiters and line breaks inside fields', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', ';', '"', '\n', '\r\n', 'é', '1') });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((width) =>
            fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
          ),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (rows, delimiter, eol, quoted) => {
          // Rows whose only cell is empty are blank lines, which readers skip.
          const kept = rows.filter((r) => !(r.length === 1 && r[0] === ''));
          // csv-stringify quotes only the line break it writes; a lone \n in a CRLF file must be quoted too.
          const text = stringify(kept, {
            delimiter,
            record_delimiter: eol === '\n' ? 'unix' : 'windows',
            quoted,
            quoted_match: /[\r\n]/,
          });
          expect(parseCsv(text, delimiter)).to.deep.equal(kept);
        },
      ),
    );
  });

  it('skips a byte order mark and blank lines', () => {
    expect(parseCsv('\uFEFFa,b\n\n1,2\r\n\r\n', ',')).to.deep.equal([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  const bad: Array<[string, RegExp]> = [
    ['a,b\n"open,1\n', /never closed/],
    ['a,b\n1,2,3\n', /row 2 has 3 columns/],
    ['a,b\n"x"y,1\n', /after a closing quote/],
    ['a,b\nx"y,"1"\n', /quote inside an unquoted field/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      expect(() => parseCsv(text, ',')).to.throw(CsvError, message);
    });
  }
});
