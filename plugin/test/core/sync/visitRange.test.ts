/**
 * The byte-range reader on hand-made feeds: which lines it counts on its bytes (with what totals, id
 * hashes, lines and offsets) and which it hands to the main thread as records to check. Every expected
 * value is written down by hand; id hashes come from `hashId`, which hashes the id's text, not its bytes.
 */
import { closeSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { SnapshotAggregator } from '../../../src/core/sync/aggregator.js';
import { CsvSplitter, MAX_RECORD_CHARS } from '../../../src/core/sync/csvSplitter.js';
import { hashId, idHash } from '../../../src/core/sync/visitIdSet.js';
import {
  ID_WORDS,
  MAX_RANGE_PLANS,
  recordAt,
  VisitRangeReader,
  type RangeResult,
  type RangeTask,
} from '../../../src/core/sync/visitRange.js';
import { VisitTotals } from '../../../src/core/sync/visitTotals.js';
import { tempDir } from '../../tempDirs.js';

/** Columns: note, rating, visit_id, health_plan_id, line_of_business, visit_date, service_line, diverted_from. */
const INDEXES = [2, 3, 4, 5, 6, 7, 1];
const P80 = 'P'.repeat(80);
const P81 = 'Q'.repeat(81);
const PLANS = ['HP-A', 'HP-B', 'HP A', P80, P81, 'HP|A', 'HP\tA', '', 'HP-Ä', ' HP-A', 'HP-A '];

type Row = {
  note: string;
  rating: string;
  id: string;
  plan: string;
  lob: string;
  date: string;
  service: string;
  diversion: string;
};

function row(values: Partial<Row>): string {
  const r: Row = {
    note: '',
    rating: '',
    id: 'V',
    plan: 'HP-A',
    lob: 'Commercial',
    date: '2024-01-01',
    service: 'other',
    diversion: '',
    ...values,
  };
  return [r.note, r.rating, r.id, r.plan, r.lob, r.date, r.service, r.diversion].join(',');
}

const dir = tempDir('visit-range-');
let files = 0;

function readRange(text: string, task: Partial<RangeTask> = {}, plans = PLANS): RangeResult {
  const file = join(dir, `feed-${files++}.csv`);
  writeFileSync(file, text);
  const reader = new VisitRangeReader({ file, width: 8, indexes: INDEXES, plans });
  return reader.read({ index: 0, from: 0, end: Buffer.byteLength(text), ...task });
}

/** The range's totals by `plan|line of business|YYYY-MM`: visits, behavioral, rated, rating sum, diverted from er, urgent care, primary care. */
function totalsOf(result: RangeResult, plans = PLANS): Record<string, number[]> {
  const totals = new VisitTotals();
  totals.addArray(
    result.totals,
    Int32Array.from(result.plans, (plan) => plans.indexOf(plan)),
  );
  const out: Record<string, number[]> = {};
  const aggregator = {
    addVisitCounts(plan: string, lob: string, month: string, counts: Float64Array, at: number): void {
      out[`${plan}|${lob}|${month}`] = Array.from(counts.subarray(at, at + 7));
    },
  };
  totals.addTo(aggregator as unknown as SnapshotAggregator, plans);
  return out;
}

/** The healthy rows as [id, line, offset], the id checked against its text's hash. */
function idsOf(result: RangeResult, expectedIds: string[]): Array<[string, number, number]> {
  const words = result.ids;
  expect(words.length).to.equal(ID_WORDS * expectedIds.length);
  return expectedIds.map((id, r) => {
    hashId(id);
    const at = ID_WORDS * r;
    expect([words[at], words[at + 1]], `hash of ${id}`).to.deep.equal([idHash[0], idHash[1]]);
    return [id, words[at + 2], words[at + 3]];
  });
}

/** The records handed over, without the splitter's own line counter (the range's line is the one used). */
function othersOf(result: RangeResult): Array<{ line: number; fields?: string[]; reason?: string }> {
  return result.others.map(({ line, piece }) =>
    'fields' in piece ? { line, fields: piece.fields } : { line, reason: piece.reason },
  );
}

describe('byte-range reader of the visits feed', () => {
  it('counts healthy rows on their bytes: totals, id hashes, lines and offsets', () => {
    const lines = [
      row({
        note: 'n',
        rating: '5',
        id: 'V1',
        lob: 'Commercial',
        date: '2024-02-29',
        service: 'psychiatry',
        diversion: 'er',
      }),
      row({ id: 'V2', plan: 'HP-B', lob: 'Medicare', date: '2023-12-31', service: 'urgent_care' }),
      row({
        note: 'x y',
        rating: '1',
        id: 'V3',
        plan: 'HP A',
        lob: 'Exchange',
        date: '2000-02-29',
        service: 'behavioral_health',
        diversion: 'primary_care',
      }),
      row({ rating: '3', id: 'V4', date: '2024-02-15', service: 'dermatology', diversion: 'urgent_care' }),
      row({ rating: '2', id: 'V5', lob: 'Medicaid', date: '2024-02-01', service: 'other', diversion: 'none' }),
      // A value outside the visit columns is not checked: non-ASCII there is fine.
      row({
        note: 'é',
        rating: '4',
        id: '!V~6',
        plan: 'HP-B',
        lob: 'Medicare',
        date: '2023-12-01',
        service: 'primary_care',
        diversion: 'er',
      }),
      row({
        rating: '1',
        id: 'V7',
        plan: 'HP-B',
        lob: 'Medicare',
        date: '2023-12-09',
        service: 'psychiatry',
        diversion: 'urgent_care',
      }) + '\r',
      // On the first key, after later keys are made: `none` counts nothing, not even next to its counters.
      row({ id: 'V9', date: '2024-02-10', diversion: 'none' }),
      row({
        rating: '5',
        id: 'V8',
        plan: P80,
        lob: 'Commercial',
        date: '1700-01-31',
        service: 'other',
        diversion: 'primary_care',
      }),
    ];
    const text = lines.join('\n'); // no line break after the last row
    const result = readRange(text);
    expect(result.others).to.deep.equal([]);
    expect(result.rows).to.equal(9);
    expect(result.lines).to.equal(8);
    expect(result.start).to.equal(0);
    expect(result.next).to.equal(Buffer.byteLength(text));
    expect(totalsOf(result)).to.deep.equal({
      // V1 + V4 + V9: ratings 5 + 3 (V9 unrated); V1 psychiatry; diverted from er (V1) and urgent care (V4).
      'HP-A|Commercial|2024-02': [3, 1, 2, 8, 1, 1, 0],
      // V2 (unrated, no diversion) + V6 (4, er) + V7 (1, psychiatry, urgent care, CRLF).
      'HP-B|Medicare|2023-12': [3, 1, 2, 5, 1, 1, 0],
      'HP A|Exchange|2000-02': [1, 1, 1, 1, 0, 0, 1],
      // `none` counts no diversion.
      'HP-A|Medicaid|2024-02': [1, 0, 1, 2, 0, 0, 0],
      [`${P80}|Commercial|1700-01`]: [1, 0, 1, 5, 0, 0, 1],
    });
    // Offsets: each line's byte length plus its line break (é is 2 bytes).
    const offsets = lines.reduce<number[]>((at, line, i) => [...at, at[i] + Buffer.byteLength(line) + 1], [0]);
    expect(offsets.slice(0, 3)).to.deep.equal([0, 48, 91]);
    const ids = ['V1', 'V2', 'V3', 'V4', 'V5', '!V~6', 'V7', 'V9', 'V8'];
    expect(idsOf(result, ids)).to.deep.equal(lines.map((line, i) => [ids[i], i, offsets[i]]));
  });

  it('counts the first and the last day Salesforce stores on the byte path', () => {
    const result = readRange([row({ date: '1700-01-01' }), row({ id: 'V2', date: '4000-12-31' })].join('\n'));
    expect(result.others).to.deep.equal([]);
    expect(Object.keys(totalsOf(result)).sort()).to.deep.equal(['HP-A|Commercial|1700-01', 'HP-A|Commercial|4000-12']);
  });

  const unhealthy: Array<[string, string, string[]?]> = [
    [
      'a quote',
      ',1,"V6",HP-A,Commercial,2024-01-01,other,',
      ['', '1', 'V6', 'HP-A', 'Commercial', '2024-01-01', 'other', ''],
    ],
    [
      'a quoted first column',
      '"n",4,V6,HP-A,Commercial,2024-01-01,other,',
      ['n', '4', 'V6', 'HP-A', 'Commercial', '2024-01-01', 'other', ''],
    ],
    ['7 columns', ',V,HP-A,Commercial,2024-01-01,other,'],
    ['9 columns', row({}) + ','],
    ['10 columns', row({}) + ',,'],
    ['a plan the org does not have', row({ plan: 'HP-Z' })],
    ['a plan with a leading space', row({ plan: ' HP-A' })],
    ['a plan with a trailing space', row({ plan: 'HP-A ' })],
    ['a plan with a bar', row({ plan: 'HP|A' })],
    ['a plan with a tab', row({ plan: 'HP\tA' })],
    ['a plan of 81 characters', row({ plan: P81 })],
    ['an empty plan', row({ plan: '' })],
    ['a non-ASCII plan', row({ plan: 'HP-Ä' })],
    ['an empty id', row({ id: '' })],
    ['an id with a space', row({ id: 'V 7' })],
    ['an id with a tab', row({ id: 'V\t7' })],
    ['an id with a DEL', row({ id: 'V\u007f' })],
    ['a non-ASCII id', row({ id: 'Vé' })],
    ['an id with a CR inside', row({ id: 'V\r9' })],
    ['a day before 1700-01-01, which Salesforce does not store', row({ date: '1699-12-31' })],
    ['a day after 4000-12-31, which Salesforce does not store', row({ date: '4001-01-01' })],
    ['a lower-case line of business', row({ lob: 'commercial' })],
    ['a cut line of business', row({ lob: 'Commercia' })],
    ['a longer line of business', row({ lob: 'Commercialx' })],
    ['an empty line of business', row({ lob: '' })],
    ['29 February of a common year', row({ date: '2023-02-29' })],
    ['29 February 1900', row({ date: '1900-02-29' })],
    ['30 February of a leap year', row({ date: '2024-02-30' })],
    ['31 April', row({ date: '2024-04-31' })],
    ['32 December', row({ date: '2024-12-32' })],
    ['month 13', row({ date: '2024-13-01' })],
    ['month 0', row({ date: '2024-00-10' })],
    ['day 0', row({ date: '2024-01-00' })],
    ['slashes', row({ date: '2024/01/01' })],
    ['a slash for the first dash', row({ date: '2024/01-01' })],
    ['a slash for the second dash', row({ date: '2024-01/01' })],
    ['a one-digit month', row({ date: '2024-1-011' })],
    ['a letter', row({ date: '2024-01-1a' })],
    ['a character below 0', row({ date: '2024-01-1/' })],
    ['a character above 9', row({ date: '2024-01-1:' })],
    ['a year with a letter', row({ date: '2o24-01-10' })],
    ['a month with a letter', row({ date: '2024-o1-10' })],
    ['a date too long', row({ date: '2024-01-011' })],
    ['a date too short', row({ date: '2024-01-1' })],
    ['an empty date', row({ date: '' })],
    ['a capitalised service line', row({ service: 'Psychiatry' })],
    ['an unknown service line', row({ service: 'urgent' })],
    ['an empty service line', row({ service: '' })],
    ['ER in capitals', row({ diversion: 'ER' })],
    ['an unknown diversion', row({ diversion: 'nones' })],
    ['rating 0', row({ rating: '0' })],
    ['rating 6', row({ rating: '6' })],
    ['rating 10', row({ rating: '10' })],
    ['rating 5.0', row({ rating: '5.0' })],
    ['a rating below 0', row({ rating: '/' })],
    ['a rating above 9', row({ rating: ':' })],
    ['a rating of a space', row({ rating: ' ' })],
    ['a diversion with more after it', row({ diversion: 'erx' })],
    ['a service line with more after it', row({ service: 'otherwise' })],
  ];

  for (const [what, bad, fields] of unhealthy) {
    it(`hands over, with its line, a row with ${what}`, () => {
      const good = row({ id: 'G1', rating: '4' });
      const text = `${good}\n${bad}\n${good.replace('G1', 'G2')}\n`;
      const result = readRange(text);
      expect(othersOf(result)).to.deep.equal([{ line: 1, fields: fields ?? bad.split(',') }]);
      expect(result.rows).to.equal(3);
      expect(result.lines).to.equal(3);
      expect(idsOf(result, ['G1', 'G2'])).to.deep.equal([
        ['G1', 0, 0],
        ['G2', 2, 2 + Buffer.byteLength(good) + Buffer.byteLength(bad)],
      ]);
      expect(totalsOf(result)).to.deep.equal({ 'HP-A|Commercial|2024-01': [2, 0, 2, 8, 0, 0, 0] });
    });
  }

  // Each column is read as what it must hold: a quote inside any field sends the line the slow way,
  // where the splitter finds it no record.
  const strayQuotes: Array<[string, string]> = [
    ['an id', row({ id: 'V"6' })],
    ['a plan', row({ plan: 'HP"A' })],
    ['a line of business', row({ lob: 'Commercial"' })],
    ['a rating', row({ rating: '4"' })],
    ['a column the reader does not use', row({ note: 'a"b' })],
    ['a diversion', row({ diversion: 'er"' })],
  ];
  for (const [where, bad] of strayQuotes) {
    it(`hands over, with its line, a row with a quote inside ${where}`, () => {
      const good = row({ id: 'G1', rating: '4' });
      const result = readRange(`${good}\n${bad}\n${good.replace('G1', 'G2')}\n`);
      expect(othersOf(result)).to.deep.equal([
        { line: 1, reason: 'a quote inside a field that does not start with one' },
      ]);
      expect(idsOf(result, ['G1', 'G2']).map(([, line]) => line)).to.deep.equal([0, 2]);
      expect(totalsOf(result)).to.deep.equal({ 'HP-A|Commercial|2024-01': [2, 0, 2, 8, 0, 0, 0] });
    });
  }

  it('hands over, with its lines, a quoted record over two lines; the rows after it keep their lines', () => {
    const quoted = ',1,"V\n9",HP-A,Commercial,2024-01-01,other,';
    const text = `${row({ id: 'G1' })}\n${quoted}\n\n${row({ id: 'G2' })}\n`;
    const result = readRange(text);
    expect(othersOf(result)).to.deep.equal([
      { line: 1, fields: ['', '1', 'V\n9', 'HP-A', 'Commercial', '2024-01-01', 'other', ''] },
    ]);
    expect(result.rows).to.equal(3);
    expect(result.lines).to.equal(5);
    // G2 is on line 4 (0: G1, 1–2: the quoted record, 3: blank); its offset: G1's 38 bytes + 1, the record's 42 + 1, 1.
    expect(idsOf(result, ['G1', 'G2'])).to.deep.equal([
      ['G1', 0, 0],
      ['G2', 4, 83],
    ]);
  });

  it('skips blank lines (LF or CRLF) as no records, counting their line breaks', () => {
    const text = `\r\n${row({ id: 'G1' })}\n\r\n\n${row({ id: 'G2' })}\n\n`;
    const result = readRange(text);
    expect(result.others).to.deep.equal([]);
    expect(result.rows).to.equal(2);
    expect(result.lines).to.equal(6);
    // G1 at byte 2 on line 1; G2 after it (38 + 1), `\r\n` and `\n`: 2 + 39 + 2 + 1 = 44, line 4.
    expect(idsOf(result, ['G1', 'G2'])).to.deep.equal([
      ['G1', 1, 2],
      ['G2', 4, 44],
    ]);
    expect(result.next).to.equal(text.length);
  });

  it('ends on a blank last line without a line break, and on a final CR alone', () => {
    const crOnly = readRange(`${row({ id: 'G1' })}\n\r`);
    expect(crOnly.rows).to.equal(1);
    expect(crOnly.lines).to.equal(1);
    expect(crOnly.others).to.deep.equal([]);
    // 39 bytes of G1 and its line break, then the CR.
    expect(crOnly.next).to.equal(40);
  });

  it('counts a line of exactly MAX_RECORD_CHARS bytes and hands over a longer one', () => {
    const base = row({ id: 'G1' }); // 38 bytes: the note makes up the rest
    const longest = 'n'.repeat(MAX_RECORD_CHARS - base.length) + base;
    const tooLong = 'n' + longest.replace('G1', 'G2');
    expect(longest.length).to.equal(MAX_RECORD_CHARS);
    const result = readRange(`${longest}\n${tooLong}\n`);
    expect(idsOf(result, ['G1'])).to.deep.equal([['G1', 0, 0]]);
    expect(result.others.map((o) => o.line)).to.deep.equal([1]);
    const piece = result.others[0].piece;
    expect('fields' in piece && piece.fields[2]).to.equal('G2');
    expect(result.rows).to.equal(2);
    expect(result.lines).to.equal(2);
  });

  it('reads a plan table of many plans of one length, each row to its own plan, unknown ones handed over', () => {
    // 1,500 plans HP-0000…HP-1499 (hundreds colliding in the plan table), rows for HP-0000…HP-1999: 1,500 counted, 500 handed over.
    const plans = Array.from({ length: 1500 }, (_, p) => `HP-${String(p).padStart(4, '0')}`);
    const rows = Array.from({ length: 2000 }, (_, p) =>
      row({ id: `G${p}`, plan: `HP-${String(p).padStart(4, '0')}`, rating: String(1 + (p % 5)) }),
    );
    const result = readRange(rows.join('\n') + '\n', {}, plans);
    expect(result.others.map((o) => o.line)).to.deep.equal(Array.from({ length: 500 }, (_, k) => 1500 + k));
    const expected: Record<string, number[]> = {};
    for (let p = 0; p < 1500; p++) expected[`${plans[p]}|Commercial|2024-01`] = [1, 0, 1, 1 + (p % 5), 0, 0, 0];
    expect(totalsOf(result, plans)).to.deep.equal(expected);
  });

  describe("without the org's plans", () => {
    type OpenReader = { reader: VisitRangeReader; file: string };
    /** One reader for every range of a test, given no plans; each range is the whole of `text`. */
    function readOpen({ reader, file }: OpenReader, text: string): RangeResult {
      writeFileSync(file, text);
      return reader.read({ index: 0, from: 0, end: Buffer.byteLength(text) });
    }
    function openReader(): OpenReader {
      const file = join(dir, `feed-${files++}.csv`);
      return { reader: new VisitRangeReader({ file, width: 8, indexes: INDEXES }), file };
    }

    it('numbers the plans of each range in the order met, and hands over plan ids not in the usual form', () => {
      const reader = openReader();
      const plansMet = ['HP-B', 'HP-A', 'HP-B', 'HP A', P80, P81, 'HP|A', 'HP-Ä', ' HP-A', '', 'HP-A'];
      const first = readOpen(reader, plansMet.map((plan, i) => row({ id: `G${i}`, plan }) + '\n').join(''));
      expect(first.plans).to.deep.equal(['HP-B', 'HP-A', 'HP A', P80]);
      // Rows 0–4 and 10 counted, each with its plan's number; 81 characters, `|`, non-ASCII, a leading space, empty: handed over.
      const rows = Array.from({ length: first.ids.length / ID_WORDS }, (_, r) =>
        first.ids.slice(r * ID_WORDS + 2, r * ID_WORDS + 5),
      );
      expect(rows.map(([line, , plan]) => [line, plan])).to.deep.equal([
        [0, 0],
        [1, 1],
        [2, 0],
        [3, 2],
        [4, 3],
        [10, 1],
      ]);
      expect(first.others.map((o) => o.line)).to.deep.equal([5, 6, 7, 8, 9]);
      expect(totalsOf(first, first.plans)).to.deep.equal({
        'HP-B|Commercial|2024-01': [2, 0, 0, 0, 0, 0, 0],
        'HP-A|Commercial|2024-01': [2, 0, 0, 0, 0, 0, 0],
        'HP A|Commercial|2024-01': [1, 0, 0, 0, 0, 0, 0],
        [`${P80}|Commercial|2024-01`]: [1, 0, 0, 0, 0, 0, 0],
      });
      // The next range numbers its own plans from 0.
      const second = readOpen(reader, [row({ id: 'G0', plan: 'HP-C' }), row({ id: 'G1', plan: 'HP-A' })].join('\n'));
      expect(second.plans).to.deep.equal(['HP-C', 'HP-A']);
      expect([second.ids[4], second.ids[ID_WORDS + 4]]).to.deep.equal([0, 1]);
      // A range that starts with the plan the last one ended with numbers it afresh too.
      const third = readOpen(reader, [row({ id: 'G0', plan: 'HP-A' }), row({ id: 'G1', plan: 'HP-C' })].join('\n'));
      expect(third.plans).to.deep.equal(['HP-A', 'HP-C']);
      expect([third.ids[4], third.ids[ID_WORDS + 4]]).to.deep.equal([0, 1]);
    });

    it('numbers apart two plan ids of one length whose hashes are the same', () => {
      // FNV-1a (32 bits) of both is 1,755,599,531 (see above).
      const plansMet = ['HP-042vu', 'HP-0fuea', 'HP-042vu', 'HP-0fuea'];
      const result = readOpen(openReader(), plansMet.map((plan, i) => row({ id: `G${i}`, plan })).join('\n'));
      expect(result.plans).to.deep.equal(['HP-042vu', 'HP-0fuea']);
      expect(Array.from({ length: 4 }, (_, r) => result.ids[r * ID_WORDS + 4])).to.deep.equal([0, 1, 0, 1]);
    });

    it('tells apart plan ids that start with the one of the row before, in the middle or at the end of a line', () => {
      const plansMet = ['HP-A', 'HP-AB', 'HP-A', 'HP-', 'HP-A', 'HP-A'];
      const numbers = (result: RangeResult): number[] =>
        Array.from({ length: result.ids.length / ID_WORDS }, (_, r) => result.ids[r * ID_WORDS + 4]);
      const middle = readOpen(openReader(), plansMet.map((plan, i) => row({ id: `G${i}`, plan }) + '\n').join(''));
      expect(middle.plans).to.deep.equal(['HP-A', 'HP-AB', 'HP-']);
      expect(numbers(middle)).to.deep.equal([0, 1, 0, 2, 0, 0]);
      // The plan last: visit_id, line_of_business, visit_date, service_line, diverted_from, rating, health_plan_id.
      const file = join(dir, `feed-${files++}.csv`);
      const text = plansMet.map((plan, i) => `G${i},Commercial,2024-01-01,other,,,${plan}\r\n`).join('');
      writeFileSync(file, text);
      const reader = new VisitRangeReader({ file, width: 7, indexes: [0, 6, 1, 2, 3, 4, 5] });
      const last = reader.read({ index: 0, from: 0, end: text.length });
      expect(last.plans).to.deep.equal(['HP-A', 'HP-AB', 'HP-']);
      expect(numbers(last)).to.deep.equal([0, 1, 0, 2, 0, 0]);
    });

    it(`numbers at most ${MAX_RANGE_PLANS} plans a range, and hands over the rows of any more`, () => {
      const reader = openReader();
      const plans = Array.from({ length: MAX_RANGE_PLANS + 2 }, (_, p) => `HP-${p}`);
      const lines = [...plans, 'HP-0'].map((plan, i) => row({ id: `G${i}`, plan }) + '\n');
      const result = readOpen(reader, lines.join(''));
      expect(result.plans).to.deep.equal(plans.slice(0, MAX_RANGE_PLANS));
      expect(result.others.map((o) => o.line)).to.deep.equal([MAX_RANGE_PLANS, MAX_RANGE_PLANS + 1]);
      // The last row is of a plan numbered already (HP-0, number 0): counted, after every other line's bytes.
      const lastOffset = lines.slice(0, -1).join('').length;
      expect(result.ids.slice(-3)).to.deep.equal(Uint32Array.from([MAX_RANGE_PLANS + 2, lastOffset, 0]));
    });
  });

  it('hands over a bad or empty first id whose line goes on with a comma at the first byte read', () => {
    // Each line starts its range, so it is read from the buffer's first byte: the comma after a
    // one-byte id, or the second comma after an empty one, is the buffer's second byte, where the id
    // column would end if the id check answered a place rather than -1 for these ids.
    const visitOrder = { width: 7, indexes: [0, 1, 2, 3, 4, 5, 6], plans: PLANS };
    const read = (line: string): RangeResult => {
      const file = join(dir, `feed-${files++}.csv`);
      writeFileSync(file, line + '\n');
      return new VisitRangeReader({ file, ...visitOrder }).read({ index: 0, from: 0, end: line.length + 1 });
    };
    // A control character is no id of the byte path: the main thread checks the record.
    const control = read('\u0001,HP-A,Commercial,2024-01-01,other,,5');
    expect([control.rows, control.ids.length, control.others.length]).to.deep.equal([1, 0, 1]);
    // An empty id, and 8 fields for 7 columns: read on from the second comma, the rest would fit 6 columns.
    const empty = read(',,HP-A,Commercial,2024-01-01,other,,5');
    expect([empty.rows, empty.ids.length, empty.others.length]).to.deep.equal([1, 0, 1]);
  });

  it("hands over a row whose plan, first on the line and not the org's, is one character followed by a comma", () => {
    // The plan starts the range, so its comma is the buffer's second byte, where the plan column would
    // end if the plan check answered a place rather than -1 for a plan it does not number.
    const file = join(dir, `feed-${files++}.csv`);
    const line = 'Z,G1,Commercial,2024-01-01,other,,5';
    writeFileSync(file, line + '\n');
    const planFirst = new VisitRangeReader({ file, width: 7, indexes: [1, 0, 2, 3, 4, 5, 6], plans: PLANS });
    const result = planFirst.read({ index: 0, from: 0, end: line.length + 1 });
    expect([result.rows, result.ids.length, result.others.length]).to.deep.equal([1, 0, 1]);
  });

  it('tells apart two plan ids of one length whose hashes are the same', () => {
    // FNV-1a (32 bits) of both ids is 1,755,599,531, found by trying ids HP-00000, HP-00001… in base 36.
    const [first, second] = ['HP-042vu', 'HP-0fuea'];
    const lines = [first, second, first, second].map((plan, i) => row({ id: `G${i}`, plan })).join('\n');
    const numbered = readRange(lines, {}, [first, second]);
    expect(Array.from({ length: 4 }, (_, r) => numbered.ids[r * ID_WORDS + 4])).to.deep.equal([0, 1, 0, 1]);
    // Given only the first as the org's, the rows of the second are handed over.
    const handedOver = readRange(lines, {}, [first]);
    expect(handedOver.others.map((o) => o.line)).to.deep.equal([1, 3]);
    expect(totalsOf(handedOver, [first])).to.deep.equal({ [`${first}|Commercial|2024-01`]: [2, 0, 0, 0, 0, 0, 0] });
  });

  it('takes a plan and an id in the last column, up to the line break', () => {
    // Columns: health_plan_id last, visit_id next to last.
    const file = join(dir, `feed-${files++}.csv`);
    const text = 'Commercial,2024-01-01,other,,3,G1,HP-A\nCommercial,2024-01-01,other,,,HP-A,G2\n';
    writeFileSync(file, text);
    const planLast = new VisitRangeReader({ file, width: 7, indexes: [5, 6, 0, 1, 2, 3, 4], plans: PLANS });
    const result = planLast.read({ index: 0, from: 0, end: text.length });
    // Line 1 has the plan G2, which the org does not have.
    expect(idsOf(result, ['G1'])).to.deep.equal([['G1', 0, 0]]);
    expect(othersOf(result)).to.deep.equal([
      { line: 1, fields: ['Commercial', '2024-01-01', 'other', '', '', 'HP-A', 'G2'] },
    ]);
    const idLast = new VisitRangeReader({ file, width: 7, indexes: [6, 5, 0, 1, 2, 3, 4], plans: PLANS });
    const second = idLast.read({ index: 0, from: 0, end: text.length });
    expect(idsOf(second, ['G2'])).to.deep.equal([['G2', 1, 39]]);
  });

  it('reads the date and a column it does not use in the last place, up to the line break', () => {
    // Columns: visit_id, health_plan_id, line_of_business, service_line, diverted_from, rating, note, visit_date.
    const file = join(dir, `feed-${files++}.csv`);
    const dateLast = [
      'G1,HP-A,Medicare,other,er,2,n,2024-03-31',
      'B1,HP-A,Medicare,other,er,2,n,2024-03-3',
      'G2,HP-A,Medicare,other,,,n,2024-03-01\r',
      'B2,HP-A,Medicare,other,er,2,n,2024-03-311',
    ];
    writeFileSync(file, dateLast.join('\n'));
    const reader = new VisitRangeReader({ file, width: 8, indexes: [0, 1, 2, 7, 3, 4, 5], plans: PLANS });
    const result = reader.read({ index: 0, from: 0, end: Buffer.byteLength(dateLast.join('\n')) });
    expect(othersOf(result).map((o) => o.line)).to.deep.equal([1, 3]);
    expect(idsOf(result, ['G1', 'G2']).map(([id, line]) => [id, line])).to.deep.equal([
      ['G1', 0],
      ['G2', 2],
    ]);
    // G1: rated 2, diverted from er; G2: neither.
    expect(totalsOf(result)).to.deep.equal({ 'HP-A|Medicare|2024-03': [2, 0, 1, 2, 1, 0, 0] });

    const noteLast = [
      'G3,HP-B,Exchange,psychiatry,none,5,x y,2024-01-01',
      'B3,HP-B,Exchange,psychiatry,none,5,x,y,2024-01-01',
    ];
    const other = join(dir, `feed-${files++}.csv`);
    writeFileSync(other, noteLast.join('\n') + '\n');
    const notes = new VisitRangeReader({ file: other, width: 8, indexes: [0, 1, 2, 7, 3, 4, 5], plans: PLANS });
    // The note column is the 7th of 8 here; a comma inside it makes 9 columns.
    const second = notes.read({ index: 0, from: 0, end: Buffer.byteLength(noteLast.join('\n')) + 1 });
    expect(othersOf(second).map((o) => o.line)).to.deep.equal([1]);
    expect(totalsOf(second)).to.deep.equal({ 'HP-B|Exchange|2024-01': [1, 1, 1, 5, 0, 0, 0] });
  });

  it('reads only the bytes of its own range when its buffer holds those of an earlier one', () => {
    // Ten rows of 39 bytes, the last without its line break (389 bytes). The same reader reads the whole
    // file, then the last five rows: its buffer then holds their 194 bytes, followed by the first read's
    // bytes, the line break of row 4 first.
    const file = join(dir, `feed-${files++}.csv`);
    const text = Array.from({ length: 10 }, (_, k) => row({ id: `G${k}` })).join('\n');
    writeFileSync(file, text);
    const reader = new VisitRangeReader({ file, width: 8, indexes: INDEXES, plans: PLANS });
    expect(reader.read({ index: 0, from: 0, end: 389 }).rows).to.equal(10);
    const tail = reader.read({ index: 1, from: 195, start: 195, end: 389 });
    expect(tail.start).to.equal(195);
    expect(tail.lines).to.equal(4);
    expect(tail.next).to.equal(389);
    expect(idsOf(tail, ['G5', 'G6', 'G7', 'G8', 'G9']).map(([, line, offset]) => [line, offset])).to.deep.equal([
      [0, 0],
      [1, 39],
      [2, 78],
      [3, 117],
      [4, 156],
    ]);
    // A file rewritten shorter: its last row, without a line break, is followed in the buffer by the quotes
    // of the earlier file's bytes; a healthy one is counted, an unhealthy one split without them.
    writeFileSync(file, `${'"'.repeat(60)}\n${','.repeat(60)}\n`);
    reader.read({ index: 0, from: 0, end: 122 });
    writeFileSync(file, row({ id: 'G1' }));
    expect(idsOf(reader.read({ index: 0, from: 0, end: 38 }), ['G1'])).to.deep.equal([['G1', 0, 0]]);
    writeFileSync(file, row({ id: 'G2', diversion: 'nn' }));
    const last = reader.read({ index: 0, from: 0, end: 40 });
    expect(othersOf(last)).to.deep.equal([
      { line: 0, fields: ['', '', 'G2', 'HP-A', 'Commercial', '2024-01-01', 'other', 'nn'] },
    ]);
  });

  it('reports a line longer than its window and reads on after its line break', () => {
    const long = 'x'.repeat(300_000);
    const text = `${row({ id: 'G1' })}\n${long}\n${row({ id: 'G2' })}\n`;
    const result = readRange(text);
    expect(othersOf(result)).to.deep.equal([
      { line: 1, reason: `the line is longer than ${MAX_RECORD_CHARS} characters` },
    ]);
    expect(result.lines).to.equal(3);
    expect(result.rows).to.equal(3);
    // G2 after G1 (39 bytes) and the long line (300,001).
    expect(idsOf(result, ['G1', 'G2'])).to.deep.equal([
      ['G1', 0, 0],
      ['G2', 2, 300_040],
    ]);
    // The last line, without a line break.
    const atEnd = readRange(`${row({ id: 'G1' })}\n${long}`);
    expect(atEnd.lines).to.equal(1);
    expect(atEnd.next).to.equal(300_039);
    // A range starting inside the long line starts after it.
    const inside = readRange(text, { from: 1000 });
    expect(inside.start).to.equal(300_040);
    expect(idsOf(inside, ['G2'])).to.deep.equal([['G2', 0, 0]]);
  });

  it('reads blank lines where its buffer is refilled', () => {
    // 28,500 rows of 39 bytes (1,111,500 bytes), 300,000 blank lines, a last row: refills land on blank lines.
    const text = `${row({ id: 'G1' })}\n`.repeat(28_500) + '\n'.repeat(300_000) + row({ id: 'G2' });
    const result = readRange(text);
    expect(result.rows).to.equal(28_501);
    expect(result.lines).to.equal(328_500);
    expect(result.others).to.deep.equal([]);
    expect(Array.from(result.ids.subarray(ID_WORDS * 28_500 + 2, ID_WORDS * 28_501))).to.deep.equal([
      328_500, 1_411_500, 0,
    ]);
  });

  it('closes the feed after each range', () => {
    const before = readdirSync('/proc/self/fd').length;
    const file = join(dir, `feed-${files++}.csv`);
    writeFileSync(file, row({ id: 'G1' }));
    const reader = new VisitRangeReader({ file, width: 8, indexes: INDEXES, plans: PLANS });
    for (let k = 0; k < 20; k++) reader.read({ index: k, from: 0, end: 38 });
    expect(readdirSync('/proc/self/fd').length).to.equal(before);
  });

  describe('recordAt', () => {
    it('splits the record at an offset as the single-threaded reader does, however long', () => {
      const quoted = `,1,"${'y'.repeat(5000)}\nz",HP-A,Commercial,2024-01-01,other,`;
      const text = `${row({ id: 'G1' })}\n${quoted}\n${row({ id: 'G2' })}`;
      const file = join(dir, `feed-${files++}.csv`);
      writeFileSync(file, text);
      const fd = openSync(file, 'r');
      try {
        const size = text.length;
        const at = (offset: number): unknown => {
          const piece = recordAt(fd, size, offset, new CsvSplitter());
          return piece && 'fields' in piece ? piece.fields : piece;
        };
        expect(at(0)).to.deep.equal(['', '', 'G1', 'HP-A', 'Commercial', '2024-01-01', 'other', '']);
        expect(at(39)).to.deep.equal([
          '',
          '1',
          `${'y'.repeat(5000)}\nz`,
          'HP-A',
          'Commercial',
          '2024-01-01',
          'other',
          '',
        ]);
        // The last record, without a line break: 39 + the quoted record's 5,041 bytes (4 + 5,000 + 1 + 2 + 34) + 1.
        expect(at(5081)).to.deep.equal(['', '', 'G2', 'HP-A', 'Commercial', '2024-01-01', 'other', '']);
      } finally {
        closeSync(fd);
      }
    });
  });

  describe('range bounds', () => {
    // Four rows of 39 bytes with their line breaks: they start at 0, 39, 78, 117; the file has 156.
    const text = ['G0', 'G1', 'G2', 'G3'].map((id) => row({ id }) + '\n').join('');

    it('starts at the first line start at or after its first byte', () => {
      expect(text.length).to.equal(156);
      const mid = readRange(text, { from: 40, end: 156 });
      expect(mid.start).to.equal(78);
      expect(idsOf(mid, ['G2', 'G3'])).to.deep.equal([
        ['G2', 0, 0],
        ['G3', 1, 39],
      ]);
      expect(mid.lines).to.equal(2);
      expect(mid.rows).to.equal(2);
      const atLineStart = readRange(text, { from: 78, end: 156 });
      expect(atLineStart.start).to.equal(78);
      const oneAfter = readRange(text, { from: 79, end: 156 });
      expect(oneAfter.start).to.equal(117);
      expect(idsOf(oneAfter, ['G3'])).to.deep.equal([['G3', 0, 0]]);
      const fromFirstByte = readRange(text, { from: 1, end: 156 });
      expect(fromFirstByte.start).to.equal(39);
    });

    it('reads every record starting before its end, and tells where the next one starts', () => {
      const upToG2 = readRange(text, { from: 0, end: 78 });
      expect(upToG2.next).to.equal(78);
      expect(idsOf(upToG2, ['G0', 'G1'])).to.deep.equal([
        ['G0', 0, 0],
        ['G1', 1, 39],
      ]);
      const intoG2 = readRange(text, { from: 0, end: 79 });
      expect(intoG2.next).to.equal(117);
      expect(intoG2.rows).to.equal(3);
      expect(intoG2.lines).to.equal(3);
    });

    it('starts at the record start it is told', () => {
      const told = readRange(text, { from: 40, start: 39, end: 156 });
      expect(told.start).to.equal(39);
      expect(idsOf(told, ['G1', 'G2', 'G3']).map(([, line, offset]) => [line, offset])).to.deep.equal([
        [0, 0],
        [1, 39],
        [2, 78],
      ]);
    });

    it('is empty when no line starts in it', () => {
      const last = `${text}${row({ id: 'G4' })}`; // no line break at the end: 194 bytes
      const empty = readRange(last, { from: 160, end: 194 });
      expect(empty.start).to.equal(194);
      expect(empty.next).to.equal(194);
      expect(empty.rows).to.equal(0);
      expect(empty.ids.length).to.equal(0);
      expect(empty.totals.length).to.equal(0);
    });

    it('fills the id buffer it is given back when big enough', () => {
      const big = new ArrayBuffer(4 * ID_WORDS * 256);
      const reused = readRange(text, { reuse: big });
      expect(reused.ids.buffer).to.equal(big);
      expect(idsOf(reused, ['G0', 'G1', 'G2', 'G3'])[3]).to.deep.equal(['G3', 3, 117]);
      const small = new ArrayBuffer(4 * ID_WORDS * 256 - 4);
      expect(readRange(text, { reuse: small }).ids.buffer).not.to.equal(small);
    });
  });

  it('reads a feed longer than its read buffer', () => {
    // 100,000 rows of 39 bytes (3,900,000 bytes, over three times the 1 MiB read buffer, so it is refilled more than once); row 30,840
    // is quoted and has a longer id.
    const rows: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const id = `G${String(i).padStart(5, '0')}`.slice(0, 6);
      rows.push(i === 30_840 ? `,,"${id}",HP-A,Commercial,2024-01-01,other,` : row({ id: id.slice(0, 2) }));
    }
    const text = rows.map((r) => r + '\n').join('');
    const result = readRange(text);
    expect(result.rows).to.equal(100_000);
    expect(result.lines).to.equal(100_000);
    expect(result.ids.length).to.equal(ID_WORDS * 99_999);
    expect(othersOf(result)).to.deep.equal([
      { line: 30_840, fields: ['', '', 'G30840', 'HP-A', 'Commercial', '2024-01-01', 'other', ''] },
    ]);
    // The last row, line 99,999: 99,999 rows before it of 39 bytes, one of them 2 bytes (its quotes) + 4 (a longer id) longer.
    expect(result.ids[ID_WORDS * 99_998 + 2]).to.equal(99_999);
    expect(result.ids[ID_WORDS * 99_998 + 3]).to.equal(99_999 * 39 + 6);
    expect(totalsOf(result)).to.deep.equal({ 'HP-A|Commercial|2024-01': [99_999, 0, 0, 0, 0, 0, 0] });
  });
});
