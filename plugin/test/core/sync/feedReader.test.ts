import { readdirSync, readlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { FeedFileError, formatOf, readFeed, type FeedItem } from '../../../src/core/sync/feedReader.js';
import { eventually } from '../../eventually.js';
import { tempDir } from '../../tempDirs.js';

const COLUMNS = ['health_plan_id', 'period', 'eligible_members'];

async function collect(file: string, columns = COLUMNS): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  for await (const batch of readFeed(file, columns)) items.push(...batch);
  return items;
}

describe('feed reader', () => {
  let dir: string;
  before(() => {
    dir = tempDir('feed-reader-');
  });

  async function file(name: string, content: string | Buffer): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }

  it('matches CSV columns by header name, whatever their order, and numbers lines', async () => {
    const path = await file(
      'a.csv',
      'eligible_members,extra,period,health_plan_id\n10,x,2024-01,HP1\n20,y,2024-02,HP2\n',
    );
    const items = await collect(path);
    expect(items).to.deep.equal([
      { row: { line: 2, values: { health_plan_id: 'HP1', period: '2024-01', eligible_members: '10' } } },
      { row: { line: 3, values: { health_plan_id: 'HP2', period: '2024-02', eligible_members: '20' } } },
    ]);
  });

  it('reads headers with a BOM, other case and spaces, and CRLF line ends', async () => {
    const path = await file('b.csv', '\uFEFF Health_Plan_Id ,PERIOD,eligible_members\r\nHP1,2024-01,5\r\n');
    const items = await collect(path);
    expect(items).to.deep.equal([
      { row: { line: 2, values: { health_plan_id: 'HP1', period: '2024-01', eligible_members: '5' } } },
    ]);
  });

  it('reads gzipped CSV, detected by content', async () => {
    const path = await file('c.csv.gz', gzipSync('health_plan_id,period,eligible_members\nHP1,2024-01,7\n'));
    const items = await collect(path);
    expect(items).to.have.length(1);
    expect(items[0]).to.deep.equal({
      row: { line: 2, values: { health_plan_id: 'HP1', period: '2024-01', eligible_members: '7' } },
    });
  });

  it('reads NDJSON and gzipped NDJSON, numbers as text and missing keys as undefined', async () => {
    const text =
      '{"health_plan_id":"HP1","period":"2024-01","eligible_members":12}\n\n{"Health_Plan_Id":"HP2","period":"2024-02"}\n';
    for (const path of [await file('d.ndjson', text), await file('d.ndjson.gz', gzipSync(text))]) {
      // eslint-disable-next-line no-await-in-loop
      const items = await collect(path);
      expect(items).to.deep.equal([
        { row: { line: 1, values: { health_plan_id: 'HP1', period: '2024-01', eligible_members: '12' } } },
        { row: { line: 3, values: { health_plan_id: 'HP2', period: '2024-02', eligible_members: undefined } } },
      ]);
    }
  });

  it('reports bad NDJSON lines with their line number and goes on', async () => {
    const path = await file(
      'e.ndjson',
      '{"health_plan_id":"HP1"\n[1,2]\n{"health_plan_id":"HP3","period":"2024-01","eligible_members":"1"}\n',
    );
    const items = await collect(path);
    expect(items.map((item) => ('error' in item ? `error@${item.error.line}` : `row@${item.row.line}`))).to.deep.equal([
      'error@1',
      'error@2',
      'row@3',
    ]);
  });

  it('reports a CSV row with the wrong number of columns with its line, and goes on', async () => {
    const path = await file('f.csv', 'health_plan_id,period,eligible_members\nHP1,2024-01\nHP2,2024-02,3\n');
    const items = await collect(path);
    expect('error' in items[0] && items[0].error).to.include({ line: 2, field: '(record)' });
    expect('error' in items[0] && items[0].error.reason).to.match(/expected 3 columns/);
    expect(items[1]).to.deep.equal({
      row: { line: 3, values: { health_plan_id: 'HP2', period: '2024-02', eligible_members: '3' } },
    });
  });

  it('reports an unclosed quote as a bad record with its line', async () => {
    const path = await file('g.csv', 'health_plan_id,period,eligible_members\nHP1,2024-01,1\n"HP2,2024-02,2\n');
    const items = await collect(path);
    expect(items[0]).to.have.property('row');
    const errors = items.filter((item) => 'error' in item);
    expect(errors).to.have.length(1);
    expect('error' in errors[0] && errors[0].error).to.include({ line: 3, field: '(record)' });
  });

  it('fails the file when the header lacks a column, naming it', async () => {
    const path = await file('h.csv', 'health_plan_id,eligible_members\nHP1,1\n');
    const error = await collect(path).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(FeedFileError);
    expect(error).to.include({ line: 1, field: 'period' });
  });

  it('reads the rows after a stray quote, each line once', async () => {
    const path = await file(
      'g2.csv',
      'health_plan_id,period,eligible_members,note\nHP1,2024-01,1,\nHP2,2024-02,2,"oops\nHP3,2024-03,3,"a, b"\nHP4,2024-04,4,x\n',
    );
    const items = await collect(path);
    expect(
      items.map((item) => ('error' in item ? `error@${item.error.line}` : item.row.values.health_plan_id)),
    ).to.deep.equal(['HP1', 'error@3', 'HP3', 'HP4']);
  });

  it("holds a stray quote in the first rows to the header's width too (they come in the same read as the header)", async () => {
    // The quote opened on line 2 closes on line 4: a record of 2 fields, not the header's 3, so line 2 is
    // broken and reading goes on with line 3, which is not swallowed; line 4's quote is inside a field.
    const path = await file(
      'g3.csv',
      'health_plan_id,period,eligible_members\n"HP1,2024-01,1\nHP2,2024-02,2\nHP3,2024-03",3\n',
    );
    const items = await collect(path);
    expect(
      items.map((item) => ('error' in item ? `error@${item.error.line}` : item.row.values.health_plan_id)),
    ).to.deep.equal(['error@2', 'HP2', 'error@4']);
  });

  it('fails a CSV file whose header names a column twice, naming the column and line', async () => {
    const path = await file('dup.csv', 'health_plan_id,period,Eligible_Members,eligible_members \nHP1,2024-01,1,2\n');
    const error = await collect(path).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(FeedFileError);
    expect(error).to.include({ line: 1, field: 'eligible_members' });
    expect((error as Error).message).to.equal('the header has the column eligible_members twice');
  });

  it('rejects an NDJSON record with a key twice (also in another case), and reads the others', async () => {
    const path = await file(
      'dup.ndjson',
      [
        '{"health_plan_id":"HP1","period":"2024-01","eligible_members":1,"eligible_members":2}',
        '{"health_plan_id":"HP2","period":"2024-01","eligible_members":1,"Eligible_Members":2}',
        '{"health_plan_id":"HP3","period":"2024-01","eligible_members":3,"nested":{"eligible_members":4}}',
      ].join('\n'),
    );
    const items = await collect(path);
    expect(
      items.map((item) => ('error' in item ? [item.error.line, item.error.field, item.error.reason] : item.row.values)),
    ).to.deep.equal([
      [1, 'eligible_members', 'the key eligible_members appears twice in the record'],
      [2, 'eligible_members', 'the key eligible_members appears twice in the record'],
      { health_plan_id: 'HP3', period: '2024-01', eligible_members: '3' },
    ]);
  });

  it('reads an NDJSON file that starts with a byte-order mark', async () => {
    const path = await file('bom.ndjson', '\uFEFF{"health_plan_id":"HP1","period":"2024-01","eligible_members":5}\n');
    expect(await collect(path)).to.deep.equal([
      { row: { line: 1, values: { health_plan_id: 'HP1', period: '2024-01', eligible_members: '5' } } },
    ]);
  });

  it('gives NDJSON numbers as written, as CSV gives every value', async () => {
    const numbers = ['12', '1e3', '12.0', '-0', '1E+2', '0.5'];
    const ndjson = await file(
      'numbers.ndjson',
      numbers.map((n) => `{"health_plan_id":"HP","period":null,"eligible_members":${n}}`).join('\n'),
    );
    const csv = await file(
      'numbers.csv',
      `health_plan_id,period,eligible_members\n${numbers.map((n) => `HP,,${n}`).join('\n')}\n`,
    );
    const values = async (path: string): Promise<unknown[]> =>
      (await collect(path)).map((item) => ('row' in item ? item.row.values : item.error));
    expect(await values(ndjson)).to.deep.equal(await values(csv));
    expect(await values(ndjson)).to.deep.equal(
      numbers.map((n) => ({ health_plan_id: 'HP', period: '', eligible_members: n })),
    );
  });

  it('fails an empty file', async () => {
    const error = await collect(await file('i.csv', '')).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(FeedFileError);
  });
  async function batches(path: string, columns = COLUMNS): Promise<FeedItem[][]> {
    const all: FeedItem[][] = [];
    for await (const batch of readFeed(path, columns)) all.push(batch);
    return all;
  }

  /** Files of this test's folder the process holds open (Linux: /proc/self/fd links to them). */
  const openFiles = (): string[] =>
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .filter((target) => target.startsWith(dir));

  it('tells CSV from NDJSON by the end of the name only', () => {
    const cases: Array<[string, string]> = [
      ['visits.csv', 'csv'],
      ['visits.csv.gz', 'csv'],
      ['visits.txt', 'csv'],
      ['visits.json.csv', 'csv'],
      ['visits.ndjson.bak', 'csv'],
      ['visits_ndjson', 'csv'],
      ['visits.ndjson', 'ndjson'],
      ['visits.jsonl', 'ndjson'],
      ['visits.json', 'ndjson'],
      ['visits.JSONL.GZ', 'ndjson'],
      ['visits.ndjson.gz', 'ndjson'],
    ];
    for (const [name, format] of cases) expect(formatOf(name), name).to.equal(format);
  });

  it('reads as text a CSV whose first bytes are not gzip’s 1f 8b, even when one of them is', async () => {
    // "ċ" is C4 8B in UTF-8: the second byte is gzip's; \x1f (unit separator) is the first byte of gzip's.
    for (const [name, first] of [
      ['c8b.csv', 'ċ'],
      ['c1f.csv', '\x1f'],
    ]) {
      // eslint-disable-next-line no-await-in-loop
      const path = await file(name, `${first},health_plan_id,period,eligible_members\nx,HP1,2024-01,7\n`);
      // eslint-disable-next-line no-await-in-loop
      expect(await collect(path), name).to.deep.equal([
        { row: { line: 2, values: { health_plan_id: 'HP1', period: '2024-01', eligible_members: '7' } } },
      ]);
    }
  });

  it('fails a file it cannot open, and a gzip it cannot inflate, as a FeedFileError on the file', async () => {
    const missing = join(dir, 'no-such-file.csv');
    const notOpened = await collect(missing).catch((e: unknown) => e);
    expect(notOpened).to.be.instanceOf(FeedFileError);
    expect(notOpened).to.include({ file: missing, line: 0, field: '(file)', name: 'FeedFileError' });
    expect((notOpened as Error).message).to.match(/^cannot open the file: ENOENT/);

    // gzip's magic number, then bytes that are no deflate stream.
    const broken = await file(
      'broken.csv.gz',
      Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00]),
    );
    const notRead = await collect(broken).catch((e: unknown) => e);
    expect(notRead).to.be.instanceOf(FeedFileError);
    expect(notRead).to.include({ file: broken, line: 0, field: '(file)' });
    expect((notRead as Error).message).to.match(/^cannot read the file: ./);
  });

  it('fails a header row that is not valid CSV, naming its line', async () => {
    const path = await file('badheader.csv', 'health_plan_id,"period,eligible_members\nHP1,2024-01,1\n');
    const error = await collect(path).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(FeedFileError);
    expect(error).to.include({ line: 1, field: '(header)' });
    expect((error as Error).message).to.equal(
      'the header row is not valid CSV: a quoted field is not closed before the end of its line',
    );
  });

  it('names every column the header lacks, one or several', async () => {
    const one = await collect(await file('lack1.csv', 'health_plan_id,eligible_members\n')).catch((e: unknown) => e);
    expect(one).to.include({ field: 'period', message: 'the header lacks the column period' });
    const two = await collect(await file('lack2.csv', 'health_plan_id\n')).catch((e: unknown) => e);
    expect(two).to.include({
      field: 'period, eligible_members',
      message: 'the header lacks the columns period, eligible_members',
    });
  });

  it('strips a byte-order mark before a header name, not one inside it', async () => {
    // The splitter drops the file's BOM; a second one before a name, or one inside a name, is the header's own text.
    const before = await file('bom2.csv', '\uFEFF\uFEFFhealth_plan_id,period,eligible_members\nHP1,2024-01,1\n');
    expect(await collect(before)).to.have.length(1);
    const inside = await file('bom3.csv', 'health_plan_id,period,eligible\uFEFF_members\nHP1,2024-01,1\n');
    const error = await collect(inside).catch((e: unknown) => e);
    expect(error).to.include({ field: 'eligible_members', message: 'the header lacks the column eligible_members' });
  });

  it('yields no empty batch: a header alone, or blank NDJSON lines, give none at all', async () => {
    expect(await batches(await file('onlyheader.csv', 'health_plan_id,period,eligible_members\n'))).to.deep.equal([]);
    expect(await batches(await file('blank.ndjson', '\n  \n\t\n'))).to.deep.equal([]);
  });

  it('cuts plain and gzipped text into batches of 64 KiB', async () => {
    // 39 bytes of header + 10,000 rows of 20 bytes = 200,039 bytes: ⌈200,039 / 65,536⌉ = 4 chunks, one batch each.
    const text = `health_plan_id,period,eligible_members\n${'HP1,2024-01,1234567\n'.repeat(10_000)}`;
    expect(text.length).to.equal(200_039);
    for (const path of [await file('big.csv', text), await file('big.csv.gz', gzipSync(text))]) {
      // eslint-disable-next-line no-await-in-loop
      const all = await batches(path);
      expect(all.length, path).to.equal(4);
      // Rows ending within the first 65,536 bytes: (65,536 − 39) / 20 = 3,274.85, so 3,274.
      expect(all[0].length, path).to.equal(3274);
      expect(all.flat().length, path).to.equal(10_000);
    }
  });

  it('gives the first 200 characters of a record it cannot read, and nothing for one broken by a quote', async () => {
    const long = 'x'.repeat(300);
    const path = await file('long.csv', `health_plan_id,period,eligible_members\nHP1,${long}\nHP2,"open,1\n`);
    expect(await collect(path)).to.deep.equal([
      {
        error: {
          line: 2,
          field: '(record)',
          value: `HP1,${'x'.repeat(196)}`,
          reason: 'expected 3 columns as in the header, found 2',
        },
      },
      {
        error: {
          line: 3,
          field: '(record)',
          value: '',
          reason: 'not valid CSV: a quoted field is not closed before the end of its line',
        },
      },
    ]);
  });

  it('reports each NDJSON line that is not one object, with its first 200 characters', async () => {
    const long = 'y'.repeat(300);
    const lines = [
      'null',
      '5',
      '"text"',
      `["${long}"]`,
      `{"health_plan_id":"${long}"`,
      `{"period":"2024-01","period":"${long}"}`,
      '\uFEFF{"health_plan_id":"HP1"}',
      '   ',
      '{"health_plan_id":"HP2"}',
    ];
    const items = await collect(await file('shapes.ndjson', lines.join('\n')));
    const notObject = 'expected one JSON object per line';
    expect(
      items.map((item) => ('error' in item ? [item.error.line, item.error.value, item.error.reason] : item.row)),
    ).to.deep.equal([
      [1, 'null', notObject],
      [2, '5', notObject],
      [3, '"text"', notObject],
      [4, `["${'y'.repeat(198)}`, notObject],
      [5, `{"health_plan_id":"${'y'.repeat(181)}`, (items[4] as { error: { reason: string } }).error.reason],
      [6, `{"period":"2024-01","period":"${'y'.repeat(170)}`, 'the key period appears twice in the record'],
      // A byte-order mark is the file's only on its first line; later, it is not JSON.
      [7, '\uFEFF{"health_plan_id":"HP1"}', (items[6] as { error: { reason: string } }).error.reason],
      // Line 8 holds only spaces: skipped, as a blank line.
      { line: 9, values: { health_plan_id: 'HP2', period: undefined, eligible_members: undefined } },
    ]);
    expect((items[4] as { error: { reason: string } }).error.reason).to.match(/^not valid JSON: /);
    expect((items[6] as { error: { reason: string } }).error.reason).to.match(/^not valid JSON: /);
  });

  it('leaves no file open, after reading to the end or stopping early, plain or gzipped, or failing to read', async function () {
    if (process.platform !== 'linux') this.skip();
    const text = `health_plan_id,period,eligible_members\n${'HP1,2024-01,1234567\n'.repeat(10_000)}`;
    const paths = [await file('open.csv', text), await file('open.csv.gz', gzipSync(text))];
    for (const path of paths) {
      // eslint-disable-next-line no-await-in-loop
      await collect(path);
      // eslint-disable-next-line no-await-in-loop
      for await (const batch of readFeed(path, COLUMNS)) if (batch.length) break;
    }
    // A folder opens (on Linux) but cannot be read; it must not stay open either.
    expect(await collect(dir).catch((e: unknown) => e)).to.be.instanceOf(FeedFileError);
    // A file is closed on libuv's thread pool after its stream is destroyed: on a busy machine that
    // can take more than a turn of the event loop. A file left open stays so for good.
    expect(await eventually(openFiles, (files) => files.length === 0, 5000, 50)).to.deep.equal([]);
  });
});
