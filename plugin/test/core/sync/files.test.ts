import { readFile, writeFile } from 'node:fs/promises';
import { existsSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { AssumptionsError, DEFAULT_ASSUMPTIONS, loadAssumptions } from '../../../src/core/sync/assumptions.js';
import {
  CsvRecordFile,
  FAILURE_COLUMNS,
  neutralizeFormula,
  REJECT_COLUMNS,
  type FailureRow,
  type RejectRow,
} from '../../../src/core/sync/rejectWriter.js';
import { tempDir } from '../../tempDirs.js';

describe('sync files: assumptions, reject file', () => {
  let dir: string;
  before(() => {
    dir = tempDir('sync-files-');
  });

  it('uses the sourced defaults without a file', async () => {
    expect(await loadAssumptions()).to.deep.equal(DEFAULT_ASSUMPTIONS);
    expect(DEFAULT_ASSUMPTIONS).to.include({
      erVisitCost: 1686,
      urgentCareVisitCost: 156,
      primaryCareVisitCost: 147,
      telehealthVisitCost: 91,
    });
  });

  it('overrides only the fields a file sets and says the figures are custom', async () => {
    const file = join(dir, 'a.json');
    await writeFile(file, JSON.stringify({ erVisitCost: 2000 }));
    const assumptions = await loadAssumptions(file);
    expect(assumptions).to.include({ erVisitCost: 2000, telehealthVisitCost: 91 });
    expect(assumptions.source).to.contain(file);
  });

  it('names the bad field of an assumptions file', async () => {
    const file = join(dir, 'b.json');
    await writeFile(file, JSON.stringify({ erVisitCost: -1 }));
    const error = await loadAssumptions(file).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AssumptionsError);
    expect(error).to.include({ field: 'erVisitCost' });
    await writeFile(file, JSON.stringify({ erCost: 1 }));
    expect(await loadAssumptions(file).catch((e: AssumptionsError) => e.field)).to.contain('erCost');
    await writeFile(file, '{not json');
    expect(await loadAssumptions(file).catch((e: AssumptionsError) => e.field)).to.equal('(file)');
  });

  it('writes rejects as CSV with quoting, and no file when nothing was rejected', async () => {
    const empty = new CsvRecordFile<RejectRow>(join(dir, 'none.csv'), REJECT_COLUMNS);
    expect(await empty.close()).to.equal(undefined);
    expect(existsSync(join(dir, 'none.csv'))).to.equal(false);

    const file = new CsvRecordFile<RejectRow>(join(dir, 'sub', 'rejects.csv'), REJECT_COLUMNS);
    file.write({ file: 'visits.csv', line: 7, field: 'rating', value: '6, "six"', reason: 'rating must be 1 to 5' });
    const path = await file.close();
    expect(await readFile(path!, 'utf8')).to.equal(
      'file,line,field,value,reason\nvisits.csv,7,rating,"6, ""six""",rating must be 1 to 5\n',
    );
  });

  it('writes a cell that would start a spreadsheet formula with a leading quote, in every text column', async () => {
    const file = new CsvRecordFile<RejectRow>(join(dir, 'formulas.csv'), REJECT_COLUMNS);
    const hostile = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3+cmd', '\t=1', '\r=1'];
    for (const value of hostile) file.write({ file: 'v.csv', line: 2, field: 'rating', value, reason: value });
    file.write({ file: 'v.csv', line: 3, field: '=f', value: 'safe = text', reason: 'a 2-3 range' });
    const rows = (await readFile((await file.close())!, 'utf8')).trimEnd().split('\n');
    // csv-stringify quotes cells holding quotes, commas or line breaks; the formula guard comes first.
    expect(rows.slice(1)).to.deep.equal([
      'v.csv,2,rating,"\'=HYPERLINK(""http://x"",""y"")","\'=HYPERLINK(""http://x"",""y"")"',
      "v.csv,2,rating,'+cmd|' /C calc'!A0,'+cmd|' /C calc'!A0",
      "v.csv,2,rating,'@SUM(1+1),'@SUM(1+1)",
      "v.csv,2,rating,'-2+3+cmd,'-2+3+cmd",
      "v.csv,2,rating,'\t=1,'\t=1",
      'v.csv,2,rating,"\'\r=1","\'\r=1"',
      "v.csv,3,'=f,safe = text,a 2-3 range",
    ]);
  });

  it('leaves numbers and text that only holds a formula character later as they are', () => {
    // A number is a value to a spreadsheet, negative or not; only a leading character starts a formula.
    expect(neutralizeFormula(-3)).to.equal(-3);
    expect(neutralizeFormula(12)).to.equal(12);
    for (const text of ['a=b', 'x+1', 'me@example.com', 'a\tb', '', ' =1'])
      expect(neutralizeFormula(text)).to.equal(text);
    for (const text of ['=1', '+1', '-1', '@a', '\t1', '\r1']) expect(neutralizeFormula(text)).to.equal(`'${text}`);
  });

  it('replaces the file of an earlier run, counts its rows, and writes the failure columns in order', async () => {
    const path = join(dir, 'failures.csv');
    await writeFile(path, 'an earlier run\n'.repeat(3));
    const file = new CsvRecordFile<FailureRow>(path, FAILURE_COLUMNS);
    expect(file.count).to.equal(0);
    file.write({
      snapshotKey: 'HP-1|Medicare|2024-01',
      accountId: '001A',
      errorCode: 'E',
      message: 'm',
      fields: 'a;b',
    });
    file.write({ snapshotKey: 'HP-2|Medicare|2024-01', accountId: '001B', errorCode: 'E', message: 'n', fields: '' });
    expect(file.count).to.equal(2);
    expect(await file.close()).to.equal(path);
    expect(await readFile(path, 'utf8')).to.equal(
      'snapshotKey,accountId,errorCode,message,fields\nHP-1|Medicare|2024-01,001A,E,m,a;b\nHP-2|Medicare|2024-01,001B,E,n,\n',
    );
  });

  it('waits for the file to take a long queue, and loses no row', async () => {
    const file = new CsvRecordFile<RejectRow>(join(dir, 'many.csv'), REJECT_COLUMNS);
    const long = 'x'.repeat(1000);
    for (let line = 1; line <= 200; line++) file.write({ file: 'v.csv', line, field: 'f', value: long, reason: 'r' });
    // 200 rows of about 1 kB are past the stream's 16 kB queue: drain() must wait for it, then it is empty.
    const stream = (file as unknown as { stream: WriteStream }).stream;
    expect(stream.writableNeedDrain).to.equal(true);
    await file.drain();
    expect(stream.writableNeedDrain).to.equal(false);
    const path = await file.close();
    const rows = (await readFile(path!, 'utf8')).trimEnd().split('\n');
    expect(rows).to.have.length(201);
    expect(rows[200]).to.equal(`v.csv,200,f,${long},r`);
  });
});
