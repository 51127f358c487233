import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { FeedFileError, readFeed, type FeedItem } from '../../../src/core/sync/feedReader.js';

const COLUMNS = ['health_plan_id', 'period', 'eligible_members'];

async function collect(file: string, columns = COLUMNS): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  for await (const batch of readFeed(file, columns)) items.push(...batch);
  return items;
}

describe('feed reader', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'feed-reader-'));
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
});
