import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../support/localOrg.js';
import { duckDbEngine, type SqlRow } from '../sql/engines.js';
import { datasetFeeds, PLUGIN_BIN, seededOrg, type Feeds, type SyncOrg } from './syncHarness.js';
import { tempDir } from '../../plugin/test/tempDirs.js';

type NightlyRun = { status: number; stdout: string; stderr: string };

function nightly(org: SyncOrg, args: string[]): Promise<NightlyRun> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [path.join(REPO_ROOT, 'scripts', 'nightly.sh'), '--target-org', org.alias, ...args],
      { env: { ...org.env, HEALTHPLAN_SF: `${process.execPath} ${PLUGIN_BIN}` }, cwd: REPO_ROOT },
      (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('scripts/nightly.sh', function () {
  this.timeout(240_000);
  let feeds: Feeds;
  let org: SyncOrg;

  before(async () => {
    feeds = await datasetFeeds({ seed: 3, plans: 3, months: 6, visitScale: 0.005, endMonth: '2026-09' });
    org = await seededOrg(feeds.dataset);
  });

  after(async () => {
    await org?.stop();
  });

  it('syncs, then scores, and exits 0 with both results in the log folder', async () => {
    const logDir = tempDir('nightly-log-');
    const run = await nightly(org, ['--eligibility', feeds.eligibility, '--visits', feeds.visits, '--log-dir', logDir]);
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    const files = readdirSync(logDir);
    const sync = JSON.parse(
      readFileSync(
        path.join(
          logDir,
          files.find((f) => f.startsWith('sync-'))!,
        ),
        'utf8',
      ),
    ) as { status: number; result: { snapshots: { written: number } } };
    expect(sync.status).to.equal(0);
    expect(sync.result.snapshots.written).to.equal(feeds.dataset.monthly.length);
    expect(files.some((f) => f.startsWith('risk-'))).to.equal(true);
    expect(run.stdout)
      .to.match(/nightly: sync: exit 0/)
      .and.match(/nightly: risk: exit 0/);
  });

  it('exits 1 and does not score when the sync cannot read a feed', async () => {
    const logDir = tempDir('nightly-log-');
    const broken = path.join(logDir, 'visits.csv');
    writeFileSync(broken, 'visit_id\nV1\n');
    const run = await nightly(org, ['--eligibility', feeds.eligibility, '--visits', broken, '--log-dir', logDir]);
    expect(run.status).to.equal(1);
    expect(readdirSync(logDir).some((f) => f.startsWith('risk-'))).to.equal(false);
  });

  it('takes warehouse snapshot rows with --snapshots: syncs them, then scores', async () => {
    const logDir = tempDir('nightly-log-');
    const engine = await duckDbEngine();
    let rows: SqlRow[];
    try {
      await engine.load(feeds);
      rows = await engine.query(readFileSync(path.join(REPO_ROOT, 'sql', 'duckdb', 'snapshots.sql'), 'utf8'));
    } finally {
      await engine.close();
    }
    const file = path.join(logDir, 'snapshots.ndjson');
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    const run = await nightly(org, ['--snapshots', file, '--log-dir', logDir]);
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    const syncLog = readdirSync(logDir).find((f) => f.startsWith('sync-'))!;
    const sync = JSON.parse(readFileSync(path.join(logDir, syncLog), 'utf8')) as {
      result: { rowsRead: { snapshots: number }; rowsRejected: number };
    };
    expect(sync.result.rowsRead.snapshots).to.equal(rows.length);
    expect(sync.result.rowsRejected).to.equal(0);
    expect(run.stdout).to.match(/nightly: risk: exit 0/);
  });

  it('exits 64 on missing arguments, or on --snapshots with the feeds', async () => {
    const run = await nightly(org, ['--eligibility', feeds.eligibility]);
    expect(run.status).to.equal(64);
    const both = await nightly(org, ['--snapshots', feeds.eligibility, '--visits', feeds.visits]);
    expect(both.status).to.equal(64);
  });
});
