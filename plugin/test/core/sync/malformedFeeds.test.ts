import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { expect } from 'chai';
import { FeedFileError } from '../../../src/core/sync/feedReader.js';
import { runSync } from '../../../src/core/sync/runSync.js';
import { tempDir } from '../../tempDirs.js';
import { FakeOrg } from './fakeOrg.js';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/malformed-feeds');

type Case = {
  file: string;
  feed: 'eligibility' | 'visits';
  kind: 'row' | 'file';
  line: number;
  field: string;
  reason: string;
};

const manifest = JSON.parse(await readFile(join(CORPUS, 'manifest.json'), 'utf8')) as { cases: Case[] };

describe('malformed feed corpus: every problem reported with its line and field', () => {
  let goodEligibility: string;
  let goodVisits: string;

  before(async () => {
    const dir = tempDir('malformed-');
    goodEligibility = join(dir, 'eligibility.csv');
    goodVisits = join(dir, 'visits.csv');
    await writeFile(
      goodEligibility,
      'health_plan_id,line_of_business,period,eligible_members,registered_members\nHP-1,Commercial,2024-01,10,1\n',
    );
    await writeFile(
      goodVisits,
      'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating\nG1,HP-1,Commercial,2024-01-02,other,,\n',
    );
  });

  it('holds at least 25 cases', () => {
    expect(manifest.cases.length).to.be.at.least(25);
  });

  for (const entry of manifest.cases) {
    it(`${entry.file}: ${entry.kind === 'row' ? 'rejects' : 'fails on'} line ${entry.line}, ${entry.field}`, async () => {
      const file = join(CORPUS, entry.file);
      const dir = tempDir('malformed-case-');
      const run = runSync(new FakeOrg({ 'HP-1': '001000000000001AAA', 'HP-2': '001000000000002AAA' }), {
        eligibilityFile: entry.feed === 'eligibility' ? file : goodEligibility,
        visitsFile: entry.feed === 'visits' ? file : goodVisits,
        rejectFile: join(dir, 'rejects.csv'),
        failuresFile: join(dir, 'failures.csv'),
        dryRun: true,
      });
      if (entry.kind === 'file') {
        const error = await run.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(FeedFileError);
        expect(error).to.include({ file, line: entry.line, field: entry.field });
        expect((error as Error).message).to.contain(entry.reason);
        return;
      }
      const result = await run;
      expect(result.rowsRejected).to.equal(1);
      const read = result.rowsRead.eligibility + result.rowsRead.visits;
      const aggregated = result.rowsAggregated.eligibility + result.rowsAggregated.visits;
      expect(read).to.equal(aggregated + result.rowsRejected);
      const [reject] = parse<Record<string, string>>(await readFile(result.rejectFile!, 'utf8'), { columns: true });
      expect(reject).to.include({ file, line: String(entry.line), field: entry.field });
      expect(reject.reason).to.contain(entry.reason);
    });
  }
});
