/**
 * `sf healthplan sync --snapshots` end to end: rows aggregated by the warehouse SQL (run here on
 * DuckDB) loaded by the real plugin into the local org over HTTP. Equal content hashes show that
 * they are the very snapshots the streaming sync writes from the raw feeds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { SNAPSHOT_COLUMNS } from '../../scripts/sql/template.js';
import { duckDbEngine, type SqlRow } from '../sql/engines.js';
import {
  datasetFeeds,
  finished,
  resultOf,
  runSync,
  seededOrg,
  snapshotsOf,
  startSync,
  type Feeds,
  type SyncOrg,
  type SyncRun,
} from './syncHarness.js';

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const csvField = (value: string): string => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

const csvOf = (rows: SqlRow[]): string =>
  [
    SNAPSHOT_COLUMNS.join(','),
    ...rows.map((row) => SNAPSHOT_COLUMNS.map((column) => csvField(row[column] ?? '')).join(',')),
  ].join('\n') + '\n';

describe('healthplan sync --snapshots against the local org', function () {
  this.timeout(240_000);

  let feeds: Feeds;
  let rows: SqlRow[];
  const orgs: SyncOrg[] = [];

  const freshOrg = async (): Promise<SyncOrg> => {
    const org = await seededOrg(feeds.dataset);
    orgs.push(org);
    return org;
  };

  const syncSnapshots = (org: SyncOrg, file: string, extra: string[] = []): Promise<SyncRun> =>
    finished(
      startSync(org, [
        '--snapshots',
        file,
        '--reject-file',
        path.join(feeds.dir, `rejects-${org.alias}.csv`),
        '--failures-file',
        path.join(feeds.dir, `failures-${org.alias}.csv`),
        ...extra,
      ]),
    );

  before(async () => {
    feeds = await datasetFeeds({ seed: 11, plans: 5, months: 12, visitScale: 0.01, endMonth: '2026-09' });
    const engine = await duckDbEngine();
    try {
      await engine.load(feeds);
      rows = await engine.query(readFileSync(path.join('sql', 'duckdb', 'snapshots.sql'), 'utf8'));
    } finally {
      await engine.close();
    }
  });

  after(async () => {
    await Promise.all(orgs.map((org) => org.stop()));
  });

  it('writes the warehouse rows, and the streaming sync of the raw feeds then finds nothing to change', async () => {
    const org = await freshOrg();
    const file = path.join(feeds.dir, 'snapshots.csv');
    writeFileSync(file, csvOf(rows));
    const run = await syncSnapshots(org, file);
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    const result = resultOf(run)!;
    expect(result.rowsRead).to.deep.equal({ eligibility: 0, visits: 0, snapshots: rows.length });
    expect(result.rowsRejected).to.equal(0);
    expect(result.snapshots).to.include({ computed: rows.length, written: rows.length, failed: 0 });
    expect(rows.length).to.equal(feeds.dataset.monthly.length);

    const streaming = await runSync(org, feeds);
    expect(streaming.status, streaming.stdout + streaming.stderr).to.equal(0);
    expect(resultOf(streaming)!.snapshots).to.include({ computed: rows.length, unchanged: rows.length, written: 0 });
    expect(await snapshotsOf(org)).to.have.length(rows.length);
  });

  it('reads gzipped NDJSON too, and a re-run writes nothing', async () => {
    const org = await freshOrg();
    const file = path.join(feeds.dir, 'snapshots.ndjson.gz');
    writeFileSync(file, gzipSync(rows.map((row) => JSON.stringify(row)).join('\n') + '\n'));
    const first = await syncSnapshots(org, file);
    expect(first.status, first.stdout + first.stderr).to.equal(0);
    expect(resultOf(first)!.snapshots).to.include({ written: rows.length });
    const again = await syncSnapshots(org, file);
    expect(resultOf(again)!.snapshots).to.include({ unchanged: rows.length, written: 0 });
  });

  it('rejects bad rows with line, field and reason, and writes nothing with --strict', async () => {
    const org = await freshOrg();
    const [first, second] = rows;
    const bad: SqlRow[] = [
      first,
      { ...second, health_plan_id: 'HP-404' },
      { ...second, registered_members: String(Number(second.eligible_members) + 1) },
      { ...second, average_rating: '4.123' },
      { ...second, rated_visits: '0' },
      { ...first, cost_savings: '1.5' },
    ];
    const file = path.join(feeds.dir, 'snapshots-bad.csv');
    writeFileSync(file, csvOf(bad));

    const strict = await syncSnapshots(org, file, ['--strict']);
    expect(strict.status).to.equal(2);
    expect(resultOf(strict)!.snapshots).to.include({ written: 0 });
    expect(await snapshotsOf(org)).to.deep.equal([]);

    const run = await syncSnapshots(org, file);
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    const result = resultOf(run)!;
    expect(result.rowsRejected).to.equal(5);
    expect(result.snapshots).to.include({ written: 1 });
    const rejects = parse<Record<string, string>>(readFileSync(result.rejectFile!, 'utf8'), { columns: true });
    expect(rejects.map((reject) => [reject.line, reject.field])).to.deep.equal([
      ['3', 'health_plan_id'],
      ['4', 'registered_members'],
      ['5', 'average_rating'],
      ['6', 'average_rating'],
      ['7', 'period'],
    ]);
    expect(rejects[4].reason).to.match(/a second row for /);
  });

  it('takes --snapshots or --eligibility with --visits, never both, and one of them', async () => {
    const org = await freshOrg();
    const file = path.join(feeds.dir, 'snapshots.csv');
    const both = await syncSnapshots(org, file, ['--eligibility', feeds.eligibility, '--visits', feeds.visits]);
    expect(both.status).to.not.equal(0);
    expect(both.json.message).to.match(/--snapshots.*cannot also be provided|cannot also be provided.*--snapshots/s);
    const neither = await finished(startSync(org, []));
    expect(neither.status).to.not.equal(0);
    expect(neither.json.message).to.match(/Exactly one of the following must be provided: --eligibility, --snapshots/);
    const assumptions = await syncSnapshots(org, file, ['--assumptions', file]);
    expect(assumptions.json.message).to.match(/cannot also be provided/);
    expect(await snapshotsOf(org)).to.deep.equal([]);
  });
});
