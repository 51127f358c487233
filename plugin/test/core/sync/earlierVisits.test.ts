/**
 * The exact duplicate check of the parallel reader (earlierVisits.ts) on feeds written by hand: few
 * places for many lines (places merged as the file goes on), blocks with and without quotes, an
 * id whose bytes stand in other rows. Each against the single-threaded reader and a hand count.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { CsvPiece } from '../../../src/core/sync/csvSplitter.js';
import { DUPLICATE_VISIT_REASON } from '../../../src/core/sync/duplicates.js';
import { EarlierVisits, type VisitSource } from '../../../src/core/sync/earlierVisits.js';
import type { ParallelReadOptions } from '../../../src/core/sync/visitsReadAhead.js';
import { VISIT_COLUMNS, type VisitRow } from '../../../src/core/sync/rowSchemas.js';
import { runSync } from '../../../src/core/sync/runSync.js';
import { VisitFingerprints } from '../../../src/core/sync/visitFingerprints.js';
import { ID_WORDS, type RangeResult, type RangeTask } from '../../../src/core/sync/visitRange.js';
import { tempDir } from '../../tempDirs.js';
import { FakeOrg } from './fakeOrg.js';

const ACCOUNTS = { 'HP-1': '001000000000001AAA' };
const HEADER = VISIT_COLUMNS.join(',');
const duplicate = `"${DUPLICATE_VISIT_REASON}"`;

describe('the parallel reader’s exact duplicate check', () => {
  let dir: string;

  beforeEach(async () => {
    dir = tempDir('earlier-visits-');
    await writeFile(
      join(dir, 'eligibility.csv'),
      'health_plan_id,line_of_business,period,eligible_members,registered_members\n',
    );
  });

  async function rejects(
    name: string,
    parallelRead?: ParallelReadOptions,
  ): Promise<{ lines: string[]; aggregated: number }> {
    const result = await runSync(new FakeOrg(ACCOUNTS), {
      eligibilityFile: join(dir, 'eligibility.csv'),
      visitsFile: join(dir, 'visits.csv'),
      rejectFile: join(dir, `${name}-rejects.csv`),
      failuresFile: join(dir, `${name}-failures.csv`),
      hooks: { sleep: async (): Promise<void> => {} },
      parallelRead,
    });
    const text = result.rejectFile ? await readFile(result.rejectFile, 'utf8') : '';
    const lines = text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.slice(line.indexOf(',') + 1));
    return { lines, aggregated: result.rowsAggregated.visits };
  }

  /** The feed read in ranges with the id set given, and by the single-threaded reader: the same rejects, answered. */
  async function both(feed: string[], fingerprintBits: number): Promise<{ lines: string[]; aggregated: number }> {
    await writeFile(join(dir, 'visits.csv'), [HEADER, ...feed].join('\n') + '\n');
    const reference = await rejects('one');
    const ranged = await rejects('ranged', { minBytes: 0, threads: 0, rangeBytes: 97, fingerprintBits });
    expect(ranged).to.deep.equal(reference);
    return ranged;
  }

  const row = (id: string, date = '2024-01-15', service = 'urgent_care'): string =>
    `${id},HP-1,Commercial,${date},${service},,`;

  it('finds first rows when few places are shared by many lines (places merged as the file goes on)', async () => {
    // 31 bits of fingerprint leave 2 places: 600 lines merge them 9 times (blocks of 512 lines).
    const feed = Array.from({ length: 600 }, (_, i) => row(`V${i}`));
    feed[300] = row('V7', '2024-01-20'); // line 302: V7 again (first on line 9), later: rejected then
    feed[598] = row('V450', '2024-01-01'); // line 600: V450 again (first on line 452), earlier: kept
    const { lines, aggregated } = await both(feed, 31);
    // 600 rows, 2 of them overwritten: 598 distinct ids, 2 duplicates. Line 302 loses to line 9 when
    // settled; line 452 loses to line 600.
    expect(lines).to.deep.equal([`302,visit_id,V7,${duplicate}`, `452,visit_id,V450,${duplicate}`]);
    expect(aggregated).to.equal(598);
  });

  it('has the id set fetch the slots of the ids it is shown', () => {
    const fingerprints = new VisitFingerprints(16);
    const source = {} as VisitSource; // touch reads no row
    const earlier = new EarlierVisits(fingerprints, source, 0);
    earlier.expect(0, 64); // 1,024 slots: a = k · 2^22 has home slot k
    earlier.recordStart(0, 2);
    expect(earlier.add(3 * 2 ** 22, 5 * 2 ** 16, 2)).to.equal(true); // slot 3 holds 5 · 2^16 + place 2
    earlier.touch(new Uint32Array([0, 0, 3 * 2 ** 22, 0]), 2, 1, 2);
    expect(fingerprints.touched).to.equal(5 * 2 ** 16 + 2);
  });

  it('checks only the lines of a block that hold the id’s bytes, and only their id field', async () => {
    // 1 bit of fingerprint: nearly every id is a maybe. "V1" stands in V10, V11, V100 and in a plan
    // the org lacks; only line 2 holds the id V1.
    const feed = [
      row('V1'), // line 2
      row('V10'), // 3
      row('V11'), // 4
      'X,V1,Commercial,2024-01-15,urgent_care,,', // 5: plan V1 is unknown: rejected
      row('V100'), // 6
      row('V1', '2024-01-16'), // 7: V1 again, later: rejected
      row('V10', '2024-01-16', 'psychiatry'), // 8: V10 again, later: rejected
    ];
    const { lines, aggregated } = await both(feed, 1);
    expect(lines[0]).to.match(/^5,health_plan_id,V1,/);
    expect(lines.slice(1)).to.deep.equal([`7,visit_id,V1,${duplicate}`, `8,visit_id,V10,${duplicate}`]);
    expect(aggregated).to.equal(4);
  });

  it('reads a block with quotes record by record, a record over two lines included', async () => {
    const feed = [
      row('Q1'), // line 2
      '"Q2",HP-1,Commercial,2024-01-15,"urgent_care",,', // 3
      'Q3,HP-1,Commercial,2024-01-15,urgent_care,"er",', // 4
      '"Q4\nQ4",HP-1,Commercial,2024-01-15,urgent_care,,', // 5-6: one record, id "Q4\nQ4"
      row('Q5'), // 7
      '"Q2",HP-1,Commercial,2024-01-16,urgent_care,,', // 8: Q2 again, later: rejected
      row('Q3', '2024-01-14'), // 9: Q3 again, earlier: kept, line 4 rejected when settled
      row('Q5', '2024-01-16'), // 10: Q5 again, later: rejected
    ];
    for (const bits of [1, 2, 31]) {
      // eslint-disable-next-line no-await-in-loop
      const { lines, aggregated } = await both(feed, bits);
      // Each id has one later row, held; settled in the order of the first rows (lines 3, 4, 7).
      expect(lines, `${bits} bits`).to.deep.equal([
        `8,visit_id,Q2,${duplicate}`,
        `4,visit_id,Q3,${duplicate}`,
        `10,visit_id,Q5,${duplicate}`,
      ]);
      expect(aggregated, `${bits} bits`).to.equal(5);
    }
  });
});

/**
 * The check alone, with an id set that lists the places of ids sharing a fingerprint newest first
 * (the order is left to the set): the block of the row being checked is then read before the
 * block holding the id's first row, and it holds later rows of the id.
 */
describe('the exact duplicate check when a later block is read first', () => {
  /** Every id has one fingerprint: each row after the first is a maybe, at every place met so far. */
  class NewestFirst {
    public readonly found: number[] = [];
    public readonly places = 4;
    private readonly kept: number[] = [];

    // eslint-disable-next-line class-methods-use-this -- sizing is the real set's business
    public expect(): void {}

    public add(a: number, b: number, place: number): boolean {
      this.found.length = 0;
      this.found.push(...[...this.kept].reverse());
      if (this.found.length) return false;
      this.insert(a, b, place);
      return true;
    }

    public insert(a: number, b: number, place: number): void {
      this.kept.push(place);
    }

    public coarsen(): void {
      for (let i = 0; i < this.kept.length; i++) this.kept[i] >>>= 1;
    }
  }

  /** The id first and the date second, or (`idLast`) the other way round; spaces around a value are dropped. */
  const rowOf = (fields: string[], idLast: boolean): VisitRow => {
    const [id, date] = (idLast ? [...fields].reverse() : fields).map((field) => field.trim());
    return { visit_id: id, visit_date: date } as unknown as VisitRow;
  };
  const fieldsOf = (line: string): string[] => line.split(',').map((field) => field.replaceAll('"', ''));
  /** A row of two fields is valid. */
  const validRow = (fields: string[], idLast: boolean): VisitRow | undefined =>
    fields.length === 2 ? rowOf(fields, idLast) : undefined;
  /** A valid line the ranged reader takes as a healthy row: no quote, and no value in an unusual form (a space). */
  const healthy = (line: string, idLast: boolean): boolean =>
    !/["\s]/.test(line) && validRow(fieldsOf(line), idLast) !== undefined;

  type Outcomes = { outcomes: string[]; reads: number; rowsRead: number };

  /**
   * The outcome per line, as the parallel reader drives the check: "new", "known", "invalid", or the
   * first row's line and date; and how often blocks and single rows were read again. `expected` is
   * the number of lines the check is told to expect; `idLast`: the header puts the id last. As the
   * parallel reader, a record start is told at the first line and at each healthy row, not at a record.
   */
  function outcomes(lines: string[], expected: number, idLast = false): Outcomes {
    const text = Buffer.from(lines.map((line) => line + '\n').join(''));
    const starts = lines.map((_, i) => lines.slice(0, i).reduce((total, line) => total + line.length + 1, 0));
    const hash = (id: string): number => id.charCodeAt(0);
    let reads = 0;
    let rowsRead = 0;
    const source: VisitSource = {
      // The ranged reader's answer: valid lines without a quote as healthy rows, the others as records.
      read: (task: RangeTask): RangeResult => {
        reads++;
        const first = starts.findIndex((start) => start >= task.from);
        const ids: number[] = [];
        const others: RangeResult['others'] = [];
        for (let i = first; i < lines.length && starts[i] < task.end; i++) {
          const fields = fieldsOf(lines[i]);
          if (!healthy(lines[i], idLast)) others.push({ line: i - first, piece: { line: i, fields } });
          else ids.push(hash(rowOf(fields, idLast).visit_id), 1, i - first, starts[i] - task.from, 0);
        }
        const last = first + others.length + ids.length / ID_WORDS;
        return {
          start: task.from,
          next: last < lines.length ? starts[last] : text.length,
          lines: last - first,
          rows: last - first,
          others,
          ids: Uint32Array.from(ids),
          totals: new Float64Array(0),
          plans: [],
        };
      },
      // As readSync: an offset that is not a whole number is refused, not read as 0.
      readAt: (buffer: Buffer, offset: number): number => {
        if (!Number.isSafeInteger(offset)) throw new RangeError(`offset ${offset}`);
        return text.copy(buffer, 0, offset);
      },
      rowAt: (offset: number): VisitRow => {
        rowsRead++;
        return rowOf(fieldsOf(lines[starts.indexOf(offset)]), idLast);
      },
      valid: (piece: CsvPiece): VisitRow | undefined =>
        'fields' in piece ? validRow(piece.fields, idLast) : undefined,
    };
    const earlier = new EarlierVisits(new NewestFirst() as unknown as VisitFingerprints, source, text.length);
    earlier.expect(expected, 16);
    const duplicates = new Set<string>();
    earlier.recordStart(0, 0);
    const answers = lines.map((line, i) => {
      const row = validRow(fieldsOf(line), idLast);
      if (!row) return 'invalid';
      // The duplicate rule knows an id once it has two rows: the check is not asked again.
      if (duplicates.has(row.visit_id)) return 'known';
      if (healthy(line, idLast)) earlier.recordStart(starts[i], i);
      if (earlier.add(hash(row.visit_id), 1, i)) return 'new';
      const first = earlier.firstOf(row, hash(row.visit_id), 1, i);
      if (!first) return 'new';
      duplicates.add(row.visit_id);
      return `${first.line} ${(first.row as unknown as { visit_date: string }).visit_date}`;
    });
    return { outcomes: answers, reads, rowsRead };
  }

  // 8 lines, 4 places: blocks of 4 lines (8 ≥ 4 × 2: merged twice), lines 0-3 place 0, 4-7 place 1.
  // X is first on line 0 (place 0); checked on line 5 (place 1), whose block is read first and holds
  // X again on lines 5 and 6. Only line 0 comes before line 5: the answer is line 0, dated 01-01.
  // Line 2 holds E's byte but has 3 fields: not a row, passed over when E is checked on line 7.
  const feed = (a: string, d: string): string[] => [
    'X,01-01',
    `${a},01-02`,
    'B,01-03,E',
    'C,01-04',
    `${d},01-05`,
    'X,01-06',
    'X,01-07',
    'E,01-08',
  ];
  const answers = ['new', 'new', 'invalid', 'new', 'new', '0 01-01', 'known', 'new'];

  it('answers the first row, not the row checked or one after it, in blocks without quotes', () => {
    const { outcomes: lines, reads, rowsRead } = outcomes(feed('A', 'D'), 8);
    expect(lines).to.deep.equal(answers);
    // Blocks without quotes are searched for the id's bytes: the ranged reader is never asked.
    expect([reads, rowsRead]).to.deep.equal([0, 0]);
  });

  it('answers the first row, not the row checked or one after it, in blocks read record by record', () => {
    // Quotes on lines 1 and 4 make both places blocks read by the ranged reader, each once (kept for
    // the next checks): place 0 on the check of line 3 (lines 0-2 hold a quote), place 1 on line 5.
    // One row is read again: X on line 0, the only healthy row before line 5 with X's hash.
    const { outcomes: lines, reads, rowsRead } = outcomes(feed('"A"', '"D"'), 8);
    expect(lines).to.deep.equal(answers);
    expect([reads, rowsRead]).to.deep.equal([2, 1]);
  });

  it('answers the same when places are merged as the lines go on', () => {
    // Told to expect 2 lines: blocks of 1 line, merged into blocks of 2 when line 4 comes.
    expect(outcomes(feed('A', 'D'), 2).outcomes).to.deep.equal(answers);
    expect(outcomes(feed('"A"', '"D"'), 2).outcomes).to.deep.equal(answers);
  });

  it('answers a first row the ranged reader left as a record, before or after the block’s healthy rows', () => {
    // Told to expect 4 lines: blocks of 2 (4 ≥ 4 × 1: merged once). X is first on line 2, quoted (a
    // record), and again on line 3 in the same block: healthy there, or quoted too (no healthy row
    // in the block). Either way the answer is line 2, dated 01-03.
    for (const again of ['X,01-04', '"X",01-04']) {
      const lines = ['A,01-01', 'B,01-02', '"X",01-03', again];
      expect(outcomes(lines, 4).outcomes, again).to.deep.equal(['new', 'new', 'new', '2 01-03']);
    }
  });

  it('finds a one-character id that ends its line, when the header puts the id last', () => {
    // 8 lines expected, 4 places: blocks of 4. Every row is in place 0. X is first on line 1; on
    // line 2 the block's lines 0-1 ("01-01,A\n01-02,X\n") are searched for "X": found at byte 14,
    // right before line 1's line break. Its line starts after the break before it (byte 8): line 1,
    // dated 01-02. Taking the line break after the id as the line's start would pass it over.
    const lines = ['01-01,A', '01-02,X', '01-03,X'];
    expect(outcomes(lines, 8, true).outcomes).to.deep.equal(['new', 'new', '1 01-02']);
  });

  it('searches on past a line that is only the id, not a row', () => {
    // Blocks of 4: all in place 0. Line 0 ("X", one field) is no row; line 1 is X's first row, left
    // to the main thread as a record (a value with a space), so place 0 keeps the first record start,
    // line 0. On line 2 the block's lines 0-1 ("X\nX, 01-02\n") are searched: "X" at byte 0 is
    // line 0, no row, then "X" at byte 2 is line 1, the answer, dated 01-02.
    const lines = ['X', 'X, 01-02', 'X,01-03'];
    expect(outcomes(lines, 8).outcomes).to.deep.equal(['invalid', 'new', '1 01-02']);
  });

  it('counts only the line breaks of the block being read, not those left from the block read before', () => {
    // Blocks of 4: lines 0-3 place 0, lines 4-7 place 1. Line 0 is blank and line 1 (A) a record,
    // so place 0 starts at byte 0, a line break; it is read on lines 2, 3 and 4. Place 1 starts at
    // line 4 (X, a healthy row). On line 5 place 1 is read first, its one line before line 5
    // ("X,01-05\n"): X's first row, line 4, dated 01-05. The line break at byte 0 of the bytes last
    // read is not this block's.
    const lines = ['', 'A, 01-02', 'B,01-03', 'C,01-04', 'X,01-05', 'X,01-06'];
    expect(outcomes(lines, 8).outcomes).to.deep.equal(['invalid', 'new', 'new', 'new', 'new', '4 01-05']);
  });

  it('keeps the anchor of a place merged with an empty neighbour', () => {
    // 2 lines expected, 4 places: blocks of 1 line. Line 0 is no row: place 0 has no record start.
    // X is first on line 1 (place 1, which starts at line 1). Line 4 merges the places into blocks
    // of 2: place 0 (lines 0-1) keeps place 1's start, line 1. On line 4 places 1 (lines 2-3, no X)
    // and 0 are read: X's first row, line 1, dated 01-02. (A start lost in the merge would be read
    // at offset NaN, which readSync refuses.)
    const lines = ['A', 'X,01-02', 'B,01-03', 'C,01-04', 'X,01-05'];
    expect(outcomes(lines, 2).outcomes).to.deep.equal(['invalid', 'new', 'new', 'new', '1 01-02']);
  });

  it('merges places when a row lands exactly one past the last place', () => {
    // 2 lines expected, 4 places: blocks of 1 line, lines 0-3. Line 4 (X's first row) is past
    // them: the places merge into blocks of 2 first, and line 4 is in place 2 (lines 4-5), which
    // starts there. On line 5 place 2 is read: X's first row, line 4, dated 01-05. (Kept in a
    // place 4, one past the last, X's place would have no start once merged: read at offset NaN.)
    const lines = ['A,01-01', 'B,01-02', 'C,01-03', 'D,01-04', 'X,01-05', 'X,01-06'];
    expect(outcomes(lines, 2).outcomes).to.deep.equal(['new', 'new', 'new', 'new', 'new', '4 01-05']);
  });

  it('counts the lines of a block read record by record in more than one read', () => {
    // Blocks of 4: lines 0-3 place 0, whose quote on line 0 makes it read by the ranged reader, in
    // steps of 4 KiB. Lines 1 and 2 hold 3000 bytes each: the first read (bytes 0-4095) holds lines
    // 0-2, which start at bytes 0, 10 and 3013; the second starts at line 3 (byte 6016), X's first
    // row (and line 4). Place 0 is read so once, on line 1's check, and kept: on line 4 the answer
    // is line 3, dated 01-04, a row of the second read.
    const lines = ['"A",01-01', `B,${'b'.repeat(3000)}`, `C,${'c'.repeat(3000)}`, 'X,01-04', 'X,01-05'];
    const { outcomes: found, reads } = outcomes(lines, 8);
    expect(found).to.deep.equal(['new', 'new', 'new', 'new', '3 01-04']);
    expect(reads).to.equal(2);
  });
});
