/**
 * Benchmark section of the demo data (`npm run bench`): how fast the full-scale visit feed is
 * generated and written, against csv-stringify writing the same rows, and what seeding costs.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { BenchRow } from '../bench/types.js';
import { startLocalOrg } from '../local-org/server.js';
import { DEFAULT_FORCE_APP_DIR } from '../schema/forceAppSchema.js';
import { connect } from '../local-org/connect.js';
import { generateDataset } from './dataset.js';
import { seedOrg } from './seedOrg.js';
import { VISIT_COLUMNS, writeFeeds } from './writeFeeds.js';

const SEED = 42;
const END_MONTH = '2026-10';

/** Runs `work` and answers its seconds and how far the JS heap grew above its start while it ran, in MB. */
async function measure(work: () => unknown): Promise<{ seconds: number; heapGrowthMb: number }> {
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { seconds, heapGrowthMb: Math.round((Math.max(peak, process.memoryUsage().heapUsed) - start) / 1e6) };
}

async function feedRows(dir: string): Promise<BenchRow[]> {
  const dataset = generateDataset({ seed: SEED, endMonth: END_MONTH });
  const rows = dataset.visitCount;
  const perSecond = (seconds: number): number => Math.round(rows / seconds);

  const baseline = await measure(() =>
    pipeline(
      Readable.from(dataset.visits()),
      stringify({ header: true, columns: [...VISIT_COLUMNS], cast: { number: String } }),
      createWriteStream(path.join(dir, 'baseline.csv')),
    ),
  );
  const csv = await measure(() => writeFeeds(dataset, path.join(dir, 'csv')));
  const gzip = await measure(() => writeFeeds(dataset, path.join(dir, 'ndjson'), { format: 'ndjson', gzip: true }));
  const stream = await measure(() => {
    let count = 0;
    for (const visit of dataset.visits()) count += visit.rating === null ? 0 : 1;
    return count;
  });
  const baselineRow = { name: 'csv-stringify, same rows', value: perSecond(baseline.seconds) };
  return [
    { name: `visit rows at scale 1 (seed ${SEED}, 14 plans, 24 months)`, value: rows, unit: 'rows' },
    { name: 'visit stream, generated only', value: perSecond(stream.seconds), unit: 'rows/s' },
    { name: 'writeFeeds csv', value: perSecond(csv.seconds), unit: 'rows/s', baseline: baselineRow },
    { name: 'writeFeeds ndjson.gz', value: perSecond(gzip.seconds), unit: 'rows/s', baseline: baselineRow },
    { name: 'heap growth while writing csv', value: csv.heapGrowthMb, unit: 'MB', aim: 'flat in the number of rows' },
  ];
}

async function seedRows(): Promise<BenchRow[]> {
  const org = await startLocalOrg({ port: 0, preload: DEFAULT_FORCE_APP_DIR });
  try {
    const conn = connect(org);
    const dataset = generateDataset({ seed: SEED, endMonth: END_MONTH, visitScale: 0 });
    const before = org.apiUsage();
    const first = await measure(() => seedOrg(conn, dataset));
    const afterFirst = org.apiUsage();
    const rerun = await measure(() => seedOrg(conn, dataset));
    return [
      { name: 'seedOrg, 14 plans, fresh local org', value: afterFirst - before, unit: 'API calls' },
      { name: 'seedOrg, 14 plans, fresh local org', value: Math.round(first.seconds * 1000), unit: 'ms' },
      { name: 'seedOrg rerun (creates nothing)', value: org.apiUsage() - afterFirst, unit: 'API calls' },
      { name: 'seedOrg rerun (creates nothing)', value: Math.round(rerun.seconds * 1000), unit: 'ms' },
    ];
  } finally {
    await org.stop();
  }
}

export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'demo-data-bench-'));
  try {
    return [...(await feedRows(dir)), ...(await seedRows())];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
