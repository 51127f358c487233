import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import {
  datasetFeeds,
  finished,
  resultOf,
  runSync,
  seededOrg,
  snapshotsOf,
  startSync,
  type Feeds,
  type SnapshotRow,
  type SyncOrg,
} from './syncHarness.js';
import { forceAppCopy } from '../support/localOrg.js';
import { referenceSnapshots } from './referenceSnapshots.js';

/**
 * `sf healthplan sync` end to end: the real plugin, as a child process, against the local org over HTTP.
 * The reference for "the same state" is one clean run of the same feeds into another fresh org.
 */
describe('healthplan sync against the local org', function () {
  this.timeout(240_000);

  let feeds: Feeds;
  let clean: SnapshotRow[];
  const orgs: SyncOrg[] = [];

  const freshOrg = async (options: Parameters<typeof seededOrg>[1] = {}): Promise<SyncOrg> => {
    const org = await seededOrg(feeds.dataset, options);
    orgs.push(org);
    return org;
  };

  before(async () => {
    feeds = await datasetFeeds({ seed: 11, plans: 5, months: 12, visitScale: 0.01, endMonth: '2026-09' });
    const reference = await freshOrg();
    const run = await runSync(reference, feeds);
    if (run.status !== 0) throw new Error(`the reference run failed: ${run.stdout}${run.stderr}`);
    clean = await snapshotsOf(reference);
  });

  after(async () => {
    await Promise.all(orgs.map((org) => org.stop()));
  });

  it('first load writes one snapshot per plan × line of business × month, then a re-sync writes none', async () => {
    const org = await freshOrg();
    const first = await runSync(org, feeds);
    expect(first.status, first.stderr + first.stdout).to.equal(0);
    const result = resultOf(first)!;
    expect(result.rowsRejected).to.equal(0);
    expect(result.rowsRead).to.deep.equal({
      eligibility: feeds.dataset.eligibility.length,
      visits: feeds.dataset.visitCount,
      snapshots: 0,
    });
    expect(result.rowsAggregated).to.deep.equal(result.rowsRead);
    const cells = feeds.dataset.monthly;
    expect(result.snapshots).to.include({ computed: cells.length, unchanged: 0, written: cells.length, failed: 0 });
    // The org's shipped Savings_Assumption__mdt record (force-app), named on the result and on every snapshot.
    expect(result.assumptions).to.include({ set: 'Public_2024_Averages', origin: 'org', erVisitCost: 1686 });

    const state = await snapshotsOf(org);
    expect(state).to.deep.equal(clean);
    // Every field of every cell against a second, plain aggregation of the same files (the assumption set is checked below).
    const withoutHash = state.map(({ Content_Hash__c: _hash, Savings_Assumption_Set__c: _set, ...fields }) => fields);
    expect(withoutHash).to.deep.equal(referenceSnapshots(feeds.eligibility, feeds.visits));
    // And the counts the generator planted, which it knows before writing a row.
    const planted = new Map(cells.map((c) => [`${c.healthPlanId}|${c.lineOfBusiness}|${c.period}`, c]));
    expect(state.length).to.equal(planted.size);
    for (const row of state) {
      const cell = planted.get(row.Snapshot_Key__c as string)!;
      expect(row, String(row.Snapshot_Key__c)).to.include({
        Visits__c: cell.visits,
        Eligible_Members__c: cell.eligible,
        Registered_Members__c: cell.registered,
      });
    }
    expect(new Set(state.map((snapshot) => snapshot.Savings_Assumption_Set__c))).to.deep.equal(
      new Set(['Public_2024_Averages|1686|156|147|91|' + String(result.assumptions.source)]),
    );

    const again = await runSync(org, feeds);
    expect(again.status).to.equal(0);
    expect(resultOf(again)!.snapshots).to.include({ computed: cells.length, unchanged: cells.length, written: 0 });
    expect(resultOf(again)!.apiCalls).to.be.at.most(3);
    expect(await snapshotsOf(org)).to.deep.equal(clean);
  });

  it('--dry-run reads and compares but writes nothing', async () => {
    const org = await freshOrg();
    const run = await runSync(org, feeds, ['--dry-run']);
    expect(run.status).to.equal(0);
    expect(resultOf(run)!.snapshots).to.include({ written: 0, pending: feeds.dataset.monthly.length });
    expect(await snapshotsOf(org)).to.deep.equal([]);
  });

  it('reports rows the org refuses, with the reason, and heals them on the next run', async () => {
    const lines = readFileSync(feeds.eligibility, 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    const target = lines[1].split(',');
    const eligibleAt = header.indexOf('eligible_members');
    // An org still on an older, narrower Eligible_Members__c: every count of the feeds fits it, and one
    // more digit does not. The sync checks counts against the field it ships (Number(10, 0)), so only
    // the org can refuse that row.
    const digits = Math.max(...lines.slice(1).map((row) => row.split(',')[eligibleAt].length));
    const narrower = forceAppCopy((dir) => {
      const file = path.join(dir, 'objects', 'Utilization_Snapshot__c', 'fields', 'Eligible_Members__c.field-meta.xml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('<precision>10</precision>', `<precision>${digits}</precision>`),
      );
    });
    const org = await freshOrg({ preload: narrower });
    const tooBig = [...target];
    tooBig[eligibleAt] = String(10 ** digits);
    const badEligibility = path.join(feeds.dir, 'eligibility-too-big.csv');
    writeFileSync(badEligibility, [lines[0], tooBig.join(','), ...lines.slice(2)].join('\n') + '\n');
    const key = [0, 1, 2]
      .map((i) => target[header.indexOf(['health_plan_id', 'line_of_business', 'period'][i])])
      .join('|');

    const first = await runSync(org, { ...feeds, eligibility: badEligibility });
    expect(first.status).to.equal(3);
    expect(first.json.name).to.equal('WriteFailuresError');
    const result = resultOf(first)!;
    expect(result.snapshots).to.include({ failed: 1, written: feeds.dataset.monthly.length - 1 });
    const failures = parse<Record<string, string>>(readFileSync(result.failuresFile!, 'utf8'), { columns: true });
    expect(failures).to.have.length(1);
    expect(failures[0]).to.include({ snapshotKey: key, errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' });

    const healed = await runSync(org, feeds);
    expect(healed.status).to.equal(0);
    expect(resultOf(healed)!.snapshots).to.include({
      written: 1,
      failed: 0,
      unchanged: feeds.dataset.monthly.length - 1,
    });
    expect(await snapshotsOf(org)).to.deep.equal(clean);
  });

  for (const [mode, extra] of [
    ['sObject Collections', []],
    ['Bulk API 2.0', ['--bulk-threshold', '1']],
  ] as const) {
    it(`ends in the clean run's state through 10% 503s and 1% dropped connections (${mode})`, async () => {
      // A run makes only a handful of calls, so several orgs with different fault seeds are needed
      // for the faults to hit every kind of call: queries, upserts, job create, upload, close, poll.
      for (const seed of [1, 2, 3, 4]) {
        const org = await freshOrg({ seed });
        org.setFaults({ failRate: 0.1, dropRate: 0.01 });

        const run = await runSync(org, feeds, [...extra]);
        org.setFaults({ failRate: 0, dropRate: 0 });
        expect(run.status, run.stdout + run.stderr).to.equal(0);
        expect(resultOf(run)!.snapshots.failed).to.equal(0);

        expect(await snapshotsOf(org)).to.deep.equal(clean);
      }
    });
  }

  // The org counts a call when it starts on it: 1 is the read, then Collections upserts, or the
  // job's create (2), upload (3) and close (4).
  for (const [mode, extra, killAfterCalls, moment] of [
    ['sObject Collections', [], 1, 'while reading the org'],
    ['sObject Collections', [], 2, 'in the middle of writing'],
    ['Bulk API 2.0', ['--bulk-threshold', '1'], 2, 'right after creating the job'],
    ['Bulk API 2.0', ['--bulk-threshold', '1'], 3, 'during the upload'],
    ['Bulk API 2.0', ['--bulk-threshold', '1'], 4, 'once the job is closed'],
  ] as const) {
    it(`converges after kill -9 ${moment} (${mode})`, async () => {
      const org = await freshOrg();
      org.setFaults({ latencyMs: 150 });
      const child = startSync(org, [
        '--eligibility',
        feeds.eligibility,
        '--visits',
        feeds.visits,
        '--reject-file',
        path.join(feeds.dir, 'killed-rejects.csv'),
        '--failures-file',
        path.join(feeds.dir, 'killed-failures.csv'),
        ...extra,
      ]);
      const done = finished(child);
      const started = org.apiUsage();
      while (org.apiUsage() < started + killAfterCalls && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.status).to.not.equal(0);
      org.setFaults({ latencyMs: 0 });

      const rerun = await runSync(org, feeds, [...extra]);
      expect(rerun.status, rerun.stdout + rerun.stderr).to.equal(0);
      const state = await snapshotsOf(org);
      expect(new Set(state.map((row) => row.Snapshot_Key__c)).size).to.equal(state.length);
      expect(state).to.deep.equal(clean);
    });
  }

  it('refuses a second run against the same org while one is running (exit 4)', async () => {
    const org = await freshOrg();
    // Slow enough that the first run still holds the lock when the second one starts up, even on a busy machine.
    org.setFaults({ latencyMs: 10_000 });
    const firstChild = startSync(org, [
      '--eligibility',
      feeds.eligibility,
      '--visits',
      feeds.visits,
      '--reject-file',
      path.join(feeds.dir, 'lock-rejects.csv'),
      '--failures-file',
      path.join(feeds.dir, 'lock-failures.csv'),
    ]);
    const first = finished(firstChild);
    const lockDir = path.join(org.home, '.sf', 'healthplan');
    while (!(existsSync(lockDir) && readdirHasLock(lockDir)) && firstChild.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await runSync(org, feeds);
    expect(second.status).to.equal(4);
    expect(second.json.name).to.equal('LockedError');
    expect(second.json.message).to.match(/Another sync is running against this org/);
    org.setFaults({ latencyMs: 0 });
    expect((await first).status).to.equal(0);
  });

  it('stops with what to do when the lock keeps an owner file it cannot read, and writes nothing', async () => {
    const org = await freshOrg();
    const [{ Id: orgId }] = (await org.conn.query<{ Id: string }>('SELECT Id FROM Organization')).records;
    const lock = path.join(org.home, '.sf', 'healthplan', `sync-${orgId}.lock`);
    mkdirSync(lock, { recursive: true });
    writeFileSync(path.join(lock, 'owner.json'), '{"pid":');
    const run = await runSync(org, feeds);
    expect(run.status, run.stdout + run.stderr).to.equal(1);
    expect(run.json.message).to.equal(
      `Could not take the sync lock ${lock}: it changed hands 50 times while this run tried, or its owner file cannot be read.`,
    );
    expect(run.json.actions).to.deep.equal([
      'Run again: syncs that started and ended at that moment let the next attempt through.',
      `If no sync is running against this org, the lock is damaged: remove the lock ${lock}.`,
    ]);
    expect(await snapshotsOf(org)).to.deep.equal([]);
  });

  it('reports malformed rows with line and field and loads the rest; --strict writes nothing (exit 2)', async () => {
    const visits = path.join(feeds.dir, 'visits-with-bad-rows.csv');
    const lines = readFileSync(feeds.visits, 'utf8').trimEnd().split('\n');
    const badRating = lines[1].split(',');
    badRating[badRating.length - 1] = '7';
    writeFileSync(visits, [...lines, lines[2], badRating.join(','), 'only,three,fields'].join('\n') + '\n');
    const bad = { ...feeds, visits };

    const org = await freshOrg();
    const strict = await runSync(org, bad, ['--strict']);
    expect(strict.status).to.equal(2);
    expect(resultOf(strict)!.rowsRejected).to.equal(3);
    expect(await snapshotsOf(org)).to.deep.equal([]);

    const lenient = await runSync(org, bad);
    expect(lenient.status).to.equal(0);
    const result = resultOf(lenient)!;
    expect(result.rowsRead.visits).to.equal(result.rowsAggregated.visits + result.rowsRejected);
    const rejects = parse<Record<string, string>>(readFileSync(result.rejectFile!, 'utf8'), { columns: true });
    const n = lines.length;
    // Duplicates are settled once the whole file is read, so their rejects come last.
    expect(rejects.map((row) => `${row.line}:${row.field}`)).to.deep.equal([
      `${n + 2}:rating`,
      `${n + 3}:(record)`,
      `${n + 1}:visit_id`,
    ]);
    expect(await snapshotsOf(org)).to.deep.equal(clean);
  });

  it("stops at the first refusal once the day's API allocation is used up, writing nothing", async () => {
    const org = await freshOrg();
    // Two more calls than seeding took: the run is refused on its third.
    org.setDailyApiRequests(org.apiUsage() + 2);
    const run = await runSync(org, feeds);
    expect(run.status, run.stdout + run.stderr).to.not.equal(0);
    expect(run.json.message)
      .to.contain("The org's daily API request allocation is used up")
      .and.contain('REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.');
    expect(run.json.actions?.[0]).to.equal(
      `See how many requests are left: sf org list limits --target-org ${org.username} (DailyApiRequests)`,
    );
    // Not retried: a used-up daily allocation does not come back within a backoff.
    expect(org.refusedForLimit()).to.equal(1);
    org.setDailyApiRequests(1_000_000);
    expect(await snapshotsOf(org)).to.deep.equal([]);
  });

  it('fails a feed without a needed column, naming file, line and field (exit 1)', async () => {
    const org = await freshOrg();
    const visits = path.join(feeds.dir, 'visits-no-rating.csv');
    writeFileSync(
      visits,
      'visit_id,health_plan_id,line_of_business,visit_date,service_line\nV1,HP,Commercial,2024-01-01,other\n',
    );
    const run = await runSync(org, { ...feeds, visits });
    expect(run.status).to.equal(1);
    expect(run.json.message).to.contain(visits).and.contain('line 1').and.contain('diverted_from');
  });
});

function readdirHasLock(dir: string): boolean {
  return readdirSync(dir).some((name) => name.endsWith('.lock'));
}
