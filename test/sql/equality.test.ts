/**
 * The warehouse SQL of `sql/` on two real engines — DuckDB in process, a PostgreSQL server
 * started for the run — gives, row for row and to the cent, the snapshots the streaming sync
 * writes from the same feeds, and leaves out exactly the rows the sync rejects.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { generateDataset, writeFeeds } from '../../scripts/demo-data/index.js';
import { renderSql } from '../../scripts/sql/template.js';
import { sqlFile, SQL_DIR } from '../../scripts/sql/main.js';
import type { Dialect } from '../../scripts/sql/dialects.js';
import type { Assumptions } from '../../plugin/src/core/sync/assumptions.js';
import { duckDbEngine, postgresEngine, type Engine, type FeedFiles } from './engines.js';
import { KNOWN_PLANS, writeRandomFeeds } from './randomFeeds.js';
import { byKey, fromSql, streamingSnapshots, type ComparableSnapshot } from './streaming.js';
import { tempDir } from '../../plugin/test/tempDirs.js';

type Case = {
  name: string;
  feeds: FeedFiles;
  plans: readonly string[];
  /** Other savings assumptions than the defaults, with the SQL generated for them. */
  assumptions?: Assumptions & { file: string };
  expected: { snapshots: ComparableSnapshot[]; rejected: number };
};

const ENGINES: Array<[Dialect, () => Promise<Engine>]> = [
  ['duckdb', duckDbEngine],
  ['postgresql', postgresEngine],
];

async function makeCases(): Promise<Case[]> {
  const dir = tempDir('sql-equality-');
  const cases: Array<Omit<Case, 'expected'>> = [];

  // The demo feeds, 3 of the 14 plans (~150k visits) to keep the run short.
  const dataset = generateDataset({ seed: 42, plans: 3 });
  const demoDir = path.join(dir, 'demo');
  const demo = await writeFeeds(dataset, demoDir);
  const demoFeeds = { eligibility: demo.eligibility, visits: demo.visits };
  cases.push({ name: 'demo feeds', feeds: demoFeeds, plans: dataset.plans.map((plan) => plan.healthPlanId) });

  for (const seed of [1, 2, 3]) {
    const feedDir = await mkdtemp(path.join(dir, `random-${seed}-`));
    cases.push({
      name: `random feeds, seed ${seed}`,
      feeds: await writeRandomFeeds(feedDir, seed, 4000),
      plans: KNOWN_PLANS,
    });
  }

  // Assumptions in cents, one of them making a diversion cost more than it saves (negative savings).
  const assumptions = {
    erVisitCost: 1234.56,
    urgentCareVisitCost: 170.05,
    primaryCareVisitCost: 88.9,
    telehealthVisitCost: 99.99,
    source: 'test assumptions',
  };
  const file = path.join(dir, 'assumptions.json');
  await writeFile(file, JSON.stringify(assumptions));
  cases.push({
    name: 'random feeds, seed 4, other assumptions',
    feeds: await writeRandomFeeds(await mkdtemp(path.join(dir, 'random-4-')), 4, 4000),
    plans: KNOWN_PLANS,
    assumptions: { ...assumptions, file },
  });
  cases.push({
    name: 'demo feeds, other assumptions',
    feeds: demoFeeds,
    plans: cases[0].plans,
    assumptions: { ...assumptions, file },
  });

  return Promise.all(
    cases.map(async (c) => {
      const { result, snapshots } = await streamingSnapshots(c.feeds, c.plans, c.assumptions?.file);
      return { ...c, expected: { snapshots, rejected: result.rowsRejected } };
    }),
  );
}

describe('sql/: the warehouse aggregation on real engines equals the streaming sync', function () {
  this.timeout(300_000);
  let cases: Case[];

  before(async () => {
    cases = await makeCases();
  });

  it('has cases that exercise the rules', () => {
    const random = cases[1];
    // The random feeds reject many rows and keep many snapshots, so equality below says something.
    expect(random.expected.rejected).to.be.greaterThan(500);
    expect(random.expected.snapshots.length).to.be.greaterThan(20);
    expect(cases[0].expected.snapshots.length).to.be.greaterThan(100);
  });

  for (const [dialect, start] of ENGINES) {
    describe(dialect, () => {
      let engine: Engine;
      before(async () => {
        engine = await start();
      });
      after(async () => {
        await engine?.close();
      });

      it('gives the streaming sync’s snapshots and rejects, on demo and random feeds', async () => {
        const [snapshotsSql, rejectsSql] = await Promise.all([
          readFile(sqlFile(SQL_DIR, dialect, 'snapshots'), 'utf8'),
          readFile(sqlFile(SQL_DIR, dialect, 'rejects'), 'utf8'),
        ]);
        for (const c of cases) {
          await engine.load(c.feeds);
          const query = c.assumptions
            ? renderSql(dialect, 'snapshots', { ...c.assumptions, name: `file:${path.basename(c.assumptions.file)}` })
            : snapshotsSql;
          const rows = byKey((await engine.query(query)).map(fromSql));
          expect(rows, `${dialect}, ${c.name}`).to.deep.equal(c.expected.snapshots);
          const rejects = await engine.query(rejectsSql);
          expect(rejects.length, `${dialect}, ${c.name}: rejected rows`).to.equal(c.expected.rejected);
        }
      });
    });
  }
});
