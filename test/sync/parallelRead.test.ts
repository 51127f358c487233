import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { PARALLEL_MIN_BYTES } from '../../plugin/src/core/sync/visitsReadAhead.js';
import { referenceSnapshots } from './referenceSnapshots.js';
import {
  datasetFeeds,
  resultOf,
  runSync,
  seededOrg,
  snapshotsOf,
  type Feeds,
  type SnapshotRow,
  type SyncOrg,
} from './syncHarness.js';

/**
 * `sf healthplan sync` with a visits feed big enough to be read on worker threads, end to end
 * against the local org: the snapshots against the independent aggregation of referenceSnapshots.ts,
 * and bad rows planted across the file found with their lines, in the single-threaded reader's order.
 */
describe('healthplan sync reads a big visits feed in parallel', function () {
  this.timeout(300_000);

  let feeds: Feeds;
  let clean: SnapshotRow[];
  const orgs: SyncOrg[] = [];

  const freshOrg = async (): Promise<SyncOrg> => {
    const org = await seededOrg(feeds.dataset);
    orgs.push(org);
    return org;
  };

  before(async () => {
    feeds = await datasetFeeds({ seed: 11, plans: 20, months: 12, visitScale: 0.15, endMonth: '2026-09' });
  });

  after(async () => {
    await Promise.all(orgs.map((org) => org.stop()));
  });

  it('writes the same snapshots as an independent aggregation of the same files', async () => {
    expect(statSync(feeds.visits).size, 'visits feed bytes').to.be.at.least(PARALLEL_MIN_BYTES);
    const org = await freshOrg();
    const run = await runSync(org, feeds);
    expect(run.status, run.stderr + run.stdout).to.equal(0);
    const result = resultOf(run)!;
    expect(result.rowsRejected).to.equal(0);
    expect(result.rowsRead.visits).to.equal(feeds.dataset.visitCount);
    expect(result.rowsAggregated).to.deep.equal(result.rowsRead);
    clean = await snapshotsOf(org);
    const withoutHash = clean.map(({ Content_Hash__c: _hash, Savings_Assumption_Set__c: _set, ...fields }) => fields);
    expect(withoutHash).to.deep.equal(referenceSnapshots(feeds.eligibility, feeds.visits));
    const planted = new Map(feeds.dataset.monthly.map((c) => [`${c.healthPlanId}|${c.lineOfBusiness}|${c.period}`, c]));
    for (const row of clean)
      expect(row.Visits__c, String(row.Snapshot_Key__c)).to.equal(planted.get(String(row.Snapshot_Key__c))!.visits);
  });

  it('rejects rows planted across the file with their lines, in order, and loads the rest', async () => {
    const lines = readFileSync(feeds.visits, 'utf8').trimEnd().split('\n');
    const n = lines.length;
    const badRating = lines[1].split(',');
    badRating[badRating.length - 1] = '7';
    // A row in the usual form of a plan the org lacks: a reader thread counts it (it does not know the
    // org's plans), and the merge rejects it.
    const otherPlan = lines[1].split(',');
    otherPlan[0] = 'V-OTHER-PLAN';
    otherPlan[1] = 'HP-NOT-IN-ORG';
    // Planted after the lines at these places (0-based in `lines`), each moving the ones after it down.
    const third = Math.floor(n / 3);
    const planted = [
      { after: third, rows: [badRating.join(','), otherPlan.join(',')] },
      // A quote opened on one line and closed on the next with 2 fields, not the header's 7: the first
      // line is broken, and the second is read on its own (its quote is inside a field).
      { after: 2 * third, rows: ['"not, a', 'row",x'] },
      { after: n - 1, rows: [lines[5], 'only,three,fields'] },
    ];
    const out: string[] = [];
    let at = 0;
    for (const { after, rows } of planted) {
      out.push(...lines.slice(at, after + 1), ...rows);
      at = after + 1;
    }
    out.push(...lines.slice(at));
    const visits = path.join(feeds.dir, 'visits-with-bad-rows.csv');
    writeFileSync(visits, out.join('\n') + '\n');
    expect(statSync(visits).size).to.be.at.least(PARALLEL_MIN_BYTES);

    const org = await freshOrg();
    const run = await runSync(org, { ...feeds, visits });
    expect(run.status, run.stderr + run.stdout).to.equal(0);
    const result = resultOf(run)!;
    expect(result.rowsRead.visits).to.equal(result.rowsAggregated.visits + result.rowsRejected);
    const rejects = parse<Record<string, string>>(readFileSync(result.rejectFile!, 'utf8'), { columns: true });
    // File lines are 1-based: a row planted after lines[k] is on line k + 2 plus the rows planted before it.
    expect(rejects.map((row) => `${row.line}:${row.field}`)).to.deep.equal([
      `${third + 2}:rating`,
      `${third + 3}:health_plan_id`,
      `${2 * third + 4}:(record)`,
      `${2 * third + 5}:(record)`,
      `${n + 6}:(record)`,
      // The copy of lines[5] (line 6) is a duplicate: settled once the whole file is read, so last.
      `${n + 5}:visit_id`,
    ]);
    expect(await snapshotsOf(org)).to.deep.equal(clean);
  });
});
