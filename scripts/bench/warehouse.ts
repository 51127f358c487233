/**
 * `npm run bench -- warehouse`: when does aggregating in a SQL engine and loading the result with
 * `sync --snapshots` beat the streaming sync of the raw visits? For each feed size, in turns
 * (so that both see the same load on a shared machine): the streaming aggregation (the
 * baseline; a dry run, as in the `sync` section) against DuckDB running sql/duckdb over views of
 * the same file and exporting the snapshot rows, plus a dry-run `--snapshots` sync of them; and
 * the query alone with the visits already in DuckDB tables (as they are in a warehouse).
 * Each step in its own child process, for its own peak RSS; min / median / max of the turns.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_PLANS, buildPlugin, measureAggregation, visitsFile, type AggregateFigures } from './sync.js';
import type { BenchRow } from './types.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SIZES = [10_000, 100_000, 1_000_000, 4_000_000];
const TURNS = 3;

function warehouseStep(
  mode: '--duckdb' | '--duckdb-table' | '--snapshots',
  file: string,
  arg: string,
): Promise<AggregateFigures> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'scripts', 'bench', 'warehouseChild.mjs'), mode, file, arg],
      { cwd: REPO_ROOT, maxBuffer: 1 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as AggregateFigures),
    );
  });
}

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
const median = (values: number[]): number => sorted(values)[Math.floor(values.length / 2)];
const spread = (values: number[], digits: number): string =>
  `min ${sorted(values)[0].toFixed(digits)}, max ${sorted(values).at(-1)!.toFixed(digits)}`;

const label = (size: number): string => (size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`);

export async function run(): Promise<BenchRow[]> {
  buildPlugin();
  const rows: BenchRow[] = [];
  process.stdout.write(
    `  load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  for (const size of SIZES) {
    const file = await visitsFile(size);
    const out = path.join(os.tmpdir(), `healthplan-bench-snapshots-${size}.csv`);
    const streaming = { seconds: [] as number[], rss: [] as number[] };
    const warehouse = { seconds: [] as number[], sqlRss: [] as number[], loadRss: [] as number[] };
    const inEngine = [] as number[];
    for (let turn = 0; turn < TURNS; turn++) {
      const stream = await measureAggregation(file);
      const sql = await warehouseStep('--duckdb', file, out);
      const load = await warehouseStep('--snapshots', out, String(BENCH_PLANS));
      inEngine.push((await warehouseStep('--duckdb-table', file, out)).seconds);
      if (sql.snapshots !== stream.snapshots || load.snapshots !== stream.snapshots) {
        throw new Error(`${label(size)}: ${stream.snapshots} snapshots streamed, ${sql.snapshots} from SQL`);
      }
      streaming.seconds.push(stream.seconds);
      streaming.rss.push(stream.peakRssBytes / 1e6);
      warehouse.seconds.push(sql.seconds + load.seconds);
      warehouse.sqlRss.push(sql.peakRssBytes / 1e6);
      warehouse.loadRss.push(load.peakRssBytes / 1e6);
    }
    const baseline = { name: 'streaming sync', value: Number(median(streaming.seconds).toFixed(2)) };
    rows.push(
      {
        name: `${label(size)} visits: streaming sync (${spread(streaming.seconds, 2)})`,
        value: baseline.value,
        unit: 's',
      },
      {
        name: `${label(size)} visits: DuckDB SQL + --snapshots (${spread(warehouse.seconds, 2)})`,
        value: Number(median(warehouse.seconds).toFixed(2)),
        unit: 's',
        baseline,
      },
      {
        name: `${label(size)} visits: the query alone, visits already in DuckDB tables (${spread(inEngine, 2)})`,
        value: Number(median(inEngine).toFixed(2)),
        unit: 's',
        baseline,
      },
      { name: `${label(size)} visits: streaming sync peak RSS`, value: Math.round(median(streaming.rss)), unit: 'MB' },
      {
        name: `${label(size)} visits: DuckDB SQL peak RSS (then --snapshots ${Math.round(median(warehouse.loadRss))} MB)`,
        value: Math.round(median(warehouse.sqlRss)),
        unit: 'MB',
        baseline: { name: 'streaming sync', value: Math.round(median(streaming.rss)) },
      },
    );
  }
  process.stdout.write(
    `  load average at end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  return rows;
}
