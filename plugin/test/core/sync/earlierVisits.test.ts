/**
 * The exact duplicate check of the parallel reader (earlierVisits.ts) on feeds written by hand: few
 * places for many lines (places merged as the file goes on), blocks with and without quotes, an
 * id whose bytes stand in other rows. Each against the single-threaded reader and a hand count.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DUPLICATE_VISIT_REASON } from '../../../src/core/sync/duplicates.js';
import type { ParallelReadOptions } from '../../../src/core/sync/parallelVisits.js';
import { VISIT_COLUMNS } from '../../../src/core/sync/rowSchemas.js';
import { runSync } from '../../../src/core/sync/runSync.js';
import { FakeOrg } from './fakeOrg.js';

const ACCOUNTS = { 'HP-1': '001000000000001AAA' };
const HEADER = VISIT_COLUMNS.join(',');
const duplicate = `"${DUPLICATE_VISIT_REASON}"`;

describe('the parallel reader’s exact duplicate check', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'earlier-visits-'));
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
