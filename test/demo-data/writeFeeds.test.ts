import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { generateDataset, writeFeeds, type VisitRow } from '../../scripts/demo-data/index.js';

const ELIGIBILITY_HEADER = ['health_plan_id', 'line_of_business', 'period', 'eligible_members', 'registered_members'];
const VISIT_HEADER = [
  'visit_id',
  'health_plan_id',
  'line_of_business',
  'visit_date',
  'service_line',
  'diverted_from',
  'rating',
];

describe('demo data: writeFeeds', () => {
  const dataset = generateDataset({ seed: 11, endMonth: '2026-10', visitScale: 0.005 });
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'demo-feeds-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes eligibility.csv and visits.csv with DESIGN.md headers and every row', async () => {
    const written = await writeFeeds(dataset, dir);
    expect(written.eligibility).to.equal(path.join(dir, 'eligibility.csv'));
    expect(written.visits).to.equal(path.join(dir, 'visits.csv'));
    expect(written.rows).to.deep.equal({ eligibility: dataset.eligibility.length, visits: dataset.visitCount });

    const eligibility = parse<Record<string, string>>(await readFile(written.eligibility), { columns: true });
    expect(Object.keys(eligibility[0])).to.deep.equal(ELIGIBILITY_HEADER);
    expect(eligibility).to.deep.equal(
      dataset.eligibility.map((row) =>
        Object.fromEntries(Object.entries(row).map(([key, value]) => [key, String(value)])),
      ),
    );

    const visits = parse<Record<string, string>>(await readFile(written.visits), { columns: true });
    expect(Object.keys(visits[0])).to.deep.equal(VISIT_HEADER);
    const expected = [...dataset.visits()].map((visit) => ({
      ...visit,
      rating: visit.rating === null ? '' : String(visit.rating),
    }));
    expect(visits).to.deep.equal(expected);
  });

  it('writes gzipped NDJSON with null for empty values', async () => {
    const written = await writeFeeds(dataset, dir, { format: 'ndjson', gzip: true });
    expect(path.basename(written.visits)).to.equal('visits.ndjson.gz');
    expect(path.basename(written.eligibility)).to.equal('eligibility.ndjson.gz');
    const lines = async (file: string) =>
      gunzipSync(await readFile(file))
        .toString('utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);

    expect(await lines(written.eligibility)).to.deep.equal(dataset.eligibility);
    const visits = await lines(written.visits);
    const expected = [...dataset.visits()].map((visit: VisitRow) => ({
      ...visit,
      diverted_from: visit.diverted_from === '' ? null : visit.diverted_from,
    }));
    expect(visits).to.deep.equal(expected);
    expect(visits.some((visit) => visit.diverted_from === null)).to.equal(true);
    expect(visits.some((visit) => visit.rating === null)).to.equal(true);
  });
});
