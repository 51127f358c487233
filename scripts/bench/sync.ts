/**
 * `npm run bench -- sync`: the nightly sync against what an admin would build, each figure with a
 * baseline measured in the same run, paired and repeated (median, with min–max), and the load
 * average printed before and after (2 shared cores: read the figures with it).
 * - aggregation of 1M and 10M visit rows against a tight decode-and-split loop on the same file;
 * - API calls of the org-state read at 1k, 10k and 100k snapshots, against the child-subquery read;
 * - `sf healthplan sync` against DuckDB + `sf data upsert bulk` on the demo feeds at 0.1×, 1×, 10×
 *   (parts `admin pipeline`, `admin pipeline 10x`) and at 1,000 plans (`admin pipeline 1000 plans`);
 * - `sf healthplan sync` against `sf data upsert bulk` alone at 1,000 plans (52k snapshots), and the
 *   same with the time `sf` waited after its job had completed (its 5 s poll) taken out;
 * - Collections against Bulk API 2.0 at a few sizes, which sets the sync's bulk threshold.
 * Set BENCH_REPEATS (default 3) for more pairs (BENCH_REPEATS_10X, default 2, at 10×), BENCH_SYNC_PARTS to
 * run only some parts.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SnapshotToWrite } from '../../plugin/src/core/sync/snapshotStore.js';
import { SNAPSHOT_VALUE_FIELDS } from '../../plugin/src/core/sync/snapshot.js';
import { LINES_OF_BUSINESS, SERVICE_LINES } from '../../plugin/src/core/sync/rowSchemas.js';
import type { TestOrg } from '../../test/support/localOrg.js';
import type { Dataset, GenerateOptions, WrittenFeeds } from '../demo-data/index.js';
import type { BenchRow } from './types.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PLUGIN_BIN = process.env.HEALTHPLAN_PLUGIN_BIN ?? path.join(REPO_ROOT, 'plugin', 'bin', 'run.js');
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3));
/** BENCH_SYNC_PARTS=`fixed cost,state read`: run only those parts (names as printed when one fails). */
const PARTS = process.env.BENCH_SYNC_PARTS?.split(',').map((part) => part.trim());
const SF_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'sf');
export const BENCH_PLANS = 200;
const DIVERSIONS = ['er', 'urgent_care', 'primary_care', 'none', '', ''];

export type AggregateFigures = {
  rows: number;
  seconds: number;
  /** From aggregateChild.mjs only. */
  cpuSeconds?: number;
  peakRssBytes: number;
  snapshots: number;
};

/** Deterministic visits: 200 plans × 4 lines × 24 months, every field varied. Written once per size. */
export async function visitsFile(rows: number): Promise<string> {
  const file = path.join(os.tmpdir(), `healthplan-bench-visits-v1-${rows}.csv`);
  if (existsSync(file)) return file;
  const partial = `${file}.${process.pid}.partial`;
  const out = createWriteStream(partial);
  out.write('visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const month = 1 + (i % 12);
    const year = 2024 + ((i >> 4) % 2);
    const day = 1 + (i % 28);
    const rating = i % 3 === 0 ? '' : String(1 + (i % 5));
    chunk += `VIS-${i.toString(36)},BENCH-${i % BENCH_PLANS},${LINES_OF_BUSINESS[(i >> 3) % 4]},${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')},${SERVICE_LINES[i % 6]},${DIVERSIONS[(i >> 2) % 6]},${rating}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  const { rename } = await import('node:fs/promises');
  await rename(partial, file);
  return file;
}

/** Answers the two reads of a dry run: the plan Accounts, and no snapshots yet. */
export function measureAggregation(
  file: string,
  mode: '--aggregate' | '--single' | '--csv-parse' | '--split' = '--aggregate',
): Promise<AggregateFigures> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'scripts', 'bench', 'aggregateChild.mjs'), mode, file, String(BENCH_PLANS)],
      { cwd: REPO_ROOT, maxBuffer: 1 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as AggregateFigures),
    );
  });
}

/** A queried field as CSV text: numbers and strings as they are, null as empty. */
function csvValue(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

type Cli = { ms: number; cpuMs: number; status: number; stdout: string; stderr: string; peakRssMb: number };

const TIME_BIN = '/usr/bin/time';

/** Runs a command; under /usr/bin/time when present, for its peak RSS and CPU time (0 otherwise). */
function timedCli(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Cli> {
  const timed = existsSync(TIME_BIN);
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(
      timed ? TIME_BIN : command,
      timed ? ['-f', 'peak-rss-kb=%M cpu-s=%U+%S', command, ...args] : args,
      {
        env,
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => {
      const rss = /peak-rss-kb=(\d+)/.exec(stderr);
      const cpu = /cpu-s=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        status: code ?? -1,
        stdout,
        stderr,
        peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : 0,
        cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : 0,
      });
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A row from repeated paired measurements: medians, with the spread of ours. */
function pairedRow(
  name: string,
  ours: number[],
  baseline: { name: string; values: number[] },
  unit: string,
  aim?: string,
): BenchRow {
  return {
    name,
    value: Math.round(median(ours)),
    unit,
    spread: { min: Math.round(Math.min(...ours)), max: Math.round(Math.max(...ours)), runs: ours.length },
    baseline: { name: `${baseline.name} (median)`, value: Math.round(median(baseline.values)) },
    ...(aim ? { aim } : {}),
  };
}

const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

type BenchOrg = TestOrg & { alias: string; accountIds: Map<string, string> };

// jsforce and the local org load only where used, so the aggregation child's RSS is the sync's own.
async function freshOrg(alias: string, plans: number): Promise<BenchOrg> {
  const { startTestOrg } = await import('../../test/support/localOrg.js');
  const org = await startTestOrg({ alias });
  const accountIds = new Map<string, string>();
  for (let start = 0; start < plans; start += 200) {
    const records = Array.from({ length: Math.min(200, plans - start) }, (_, i) => ({
      attributes: { type: 'Account' },
      Name: `Bench plan ${start + i}`,
      Health_Plan_Id__c: `BENCH-${start + i}`,
    }));

    const results = await org.conn.request<Array<{ id: string; success: boolean }>>({
      method: 'POST',
      url: '/composite/sobjects',
      body: JSON.stringify({ allOrNone: true, records }),
      headers: { 'Content-Type': 'application/json' },
    });
    results.forEach((result, i) => accountIds.set(records[i].Health_Plan_Id__c, result.id));
  }
  return { ...org, alias, accountIds };
}

/** 100k snapshots: plans × 4 lines × 25 months of eligibility, no visits. */
function eligibilityFeed(dir: string, plans: number, months: number): string {
  const file = path.join(dir, 'eligibility.csv');
  const lines = ['health_plan_id,line_of_business,period,eligible_members,registered_members'];
  for (let p = 0; p < plans; p++) {
    for (const line of LINES_OF_BUSINESS) {
      for (let m = 0; m < months; m++) {
        const period = `${2023 + Math.floor(m / 12)}-${String(1 + (m % 12)).padStart(2, '0')}`;
        lines.push(`BENCH-${p},${line},${period},${1000 + p + m},${200 + m}`);
      }
    }
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

type SyncJsonResult = {
  result: { apiCalls: number; snapshots: { written: number; computed: number; unchanged: number } };
};

function syncArgs(alias: string, eligibility: string, visits: string, dir: string): string[] {
  return [
    PLUGIN_BIN,
    'healthplan',
    'sync',
    '--target-org',
    alias,
    '--eligibility',
    eligibility,
    '--visits',
    visits,
    '--reject-file',
    path.join(dir, `rejects-${alias}.csv`),
    '--failures-file',
    path.join(dir, `failures-${alias}.csv`),
    '--json',
  ];
}

async function runSyncCli(org: BenchOrg, args: string[]): Promise<Cli & { result: SyncJsonResult['result'] }> {
  const cli = await timedCli(process.execPath, args, org.env);
  if (cli.status !== 0) throw new Error(`sf healthplan sync failed: ${cli.stdout}${cli.stderr}`);
  return { ...cli, result: (JSON.parse(cli.stdout) as SyncJsonResult).result };
}

type SfUpsert = Cli & { calls: number; afterJobMs: number };

/**
 * `sf data upsert bulk` of a CSV; `afterJobMs` is how long `sf` kept waiting after the org had
 * finished the job (its poll interval), from the job's completion time as the org reports it.
 */
async function sfUpsertBulk(org: BenchOrg, csvFile: string): Promise<SfUpsert> {
  const before = org.apiUsage();
  const cli = await timedCli(
    SF_BIN,
    [
      'data',
      'upsert',
      'bulk',
      '--sobject',
      'Utilization_Snapshot__c',
      '--file',
      csvFile,
      '--external-id',
      'Snapshot_Key__c',
      '--wait',
      '30',
      '--target-org',
      org.alias,
      '--json',
    ],
    org.env,
  );
  const ended = Date.now();
  if (cli.status !== 0) throw new Error(`sf data upsert bulk failed: ${cli.stdout}${cli.stderr}`);
  const calls = org.apiUsage() - before;
  const jobs = await org.conn.request<{ records: Array<{ systemModstamp: string; state: string }> }>(
    '/services/data/v62.0/jobs/ingest',
  );
  const done = jobs.records.filter((job) => job.state === 'JobComplete').map((job) => Date.parse(job.systemModstamp));
  return { ...cli, calls, afterJobMs: Math.max(0, ended - Math.max(...done)) };
}

/** The snapshots `org` holds, as the CSV an admin would hand to `sf data upsert bulk` for `target`. */
async function snapshotCsv(org: BenchOrg, target: BenchOrg, dir: string): Promise<string> {
  const written = await org.conn.query<Record<string, unknown>>(
    `SELECT Snapshot_Key__c, Account__r.Health_Plan_Id__c, ${SNAPSHOT_VALUE_FIELDS.join(', ')}, Content_Hash__c FROM Utilization_Snapshot__c`,
    { autoFetch: true, maxFetch: 1_000_000 },
  );
  const columns = ['Snapshot_Key__c', 'Account__c', ...SNAPSHOT_VALUE_FIELDS, 'Content_Hash__c'];
  const lines = [columns.join(',')];
  for (const record of written.records) {
    const planId = (record.Account__r as { Health_Plan_Id__c: string }).Health_Plan_Id__c;
    lines.push(
      columns.map((c) => (c === 'Account__c' ? target.accountIds.get(planId) : csvValue(record[c]))).join(','),
    );
  }
  const file = path.join(dir, `snapshots-${target.alias}.csv`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

let orgCount = 0;
const benchAlias = (name: string): string => `bench-${name}-${process.pid}-${++orgCount}`;

/** Sync against `sf data upsert bulk` alone: 1,000 plans × 4 lines × 13 months = 52k snapshots, fresh orgs per pair. */
async function upsertComparison(): Promise<BenchRow[]> {
  const plans = 1000;
  const months = 13;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'healthplan-bench-upsert-'));
  const eligibility = eligibilityFeed(dir, plans, months);
  const visits = path.join(dir, 'visits.csv');
  writeFileSync(visits, 'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating\n');
  const figures = { sync: [] as number[], resync: [] as number[], sf: [] as number[], sfWork: [] as number[] };
  const calls = { sync: 0, resync: 0, sf: 0 };
  let snapshots = 0;
  try {
    for (let pair = 0; pair < REPEATS; pair++) {
      const ours = await freshOrg(benchAlias('sync'), plans);
      const theirs = await freshOrg(benchAlias('sf'), plans);
      try {
        const args = syncArgs(ours.alias, eligibility, visits, dir);
        const first = await runSyncCli(ours, args);
        snapshots = first.result.snapshots.written;
        const sf = await sfUpsertBulk(theirs, await snapshotCsv(ours, theirs, dir));
        const again = await runSyncCli(ours, args);
        figures.sync.push(first.ms);
        figures.resync.push(again.ms);
        figures.sf.push(sf.ms);
        figures.sfWork.push(sf.ms - sf.afterJobMs);
        calls.sync = first.result.apiCalls;
        calls.resync = again.result.apiCalls;
        calls.sf = sf.calls;
      } finally {
        await Promise.all([ours.stop(), theirs.stop()]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const label = `${snapshots.toLocaleString('en-US')} snapshots (1,000 plans)`;
  return [
    pairedRow(
      `upsert ${label}: sync, first run`,
      figures.sync,
      { name: 'sf data upsert bulk', values: figures.sf },
      'ms',
    ),
    pairedRow(
      `upsert ${label}: sync, first run`,
      figures.sync,
      {
        name: 'sf data upsert bulk less the time from its job done to its exit (poll, results, exit)',
        values: figures.sfWork,
      },
      'ms',
      '< 1.0× (what is left of sf is its own start, upload and results)',
    ),
    {
      name: `upsert ${label}: API calls (sync)`,
      value: calls.sync,
      unit: 'calls',
      baseline: { name: 'sf data upsert bulk', value: calls.sf },
    },
    pairedRow(`unchanged re-sync, ${label}`, figures.resync, { name: 'sf data upsert bulk', values: figures.sf }, 'ms'),
    { name: `unchanged re-sync, ${label}: API calls`, value: calls.resync, unit: 'calls', aim: '≤ 6' },
  ];
}

/** Plans × 4 lines × `months` snapshots, loaded straight into a fresh org by Bulk API 2.0. */
async function orgWithSnapshots(plans: number, months: number): Promise<{ org: BenchOrg; periods: string[] }> {
  const org = await freshOrg(benchAlias('state'), plans);
  const periods = Array.from(
    { length: months },
    (_, m) => `${2023 + Math.floor(m / 12)}-${String(1 + (m % 12)).padStart(2, '0')}-01`,
  );
  const lines = ['Account__c,Snapshot_Key__c,Line_Of_Business__c,Period_Start__c,Content_Hash__c'];
  for (const [planId, accountId] of org.accountIds) {
    for (const line of LINES_OF_BUSINESS) {
      for (const period of periods)
        lines.push(`${accountId},${planId}|${line}|${period.slice(0, 7)},${line},${period},h`);
    }
  }
  const results = await org.conn.bulk2.loadAndWaitForResults({
    object: 'Utilization_Snapshot__c',
    operation: 'insert',
    input: lines.join('\n') + '\n',
    pollInterval: 200,
    pollTimeout: 600_000,
  });
  if (results.failedResults.length)
    throw new Error(`seeding snapshots failed: ${JSON.stringify(results.failedResults[0])}`);
  return { org, periods };
}

/** API calls of the state read: plan Accounts, then key and hash of the feed's months; against one child-subquery read. */
async function stateReadRows(): Promise<BenchRow[]> {
  const { ApiUsageMeter, meteredConnection } = await import('../../plugin/src/core/org/apiUsage.js');
  const { readPlanAccounts, readSnapshotHashes } = await import('../../plugin/src/core/sync/snapshotStore.js');
  const { eachPageFrom } = await import('../../plugin/src/core/org/query.js');
  type Conn = Parameters<typeof readPlanAccounts>[0];
  const rows: BenchRow[] = [];
  for (const [plans, months] of [
    [10, 25],
    [100, 25],
    [1000, 25],
  ]) {
    const { org, periods } = await orgWithSnapshots(plans, months);
    try {
      const base = org.conn as unknown as Conn;
      const meter = new ApiUsageMeter(base);
      const conn = meteredConnection(base, meter);
      await readPlanAccounts(conn);
      const hashes = await readSnapshotHashes(conn, periods);
      const calls = meter.calls;
      // The read before: one query with the snapshots as a child subquery; a child set's rest is read
      // through its own locator before the next batch, which releases it.
      const before = new ApiUsageMeter(base);
      const child = meteredConnection(base, before);
      type Batch = {
        done: boolean;
        nextRecordsUrl?: string;
        records: Array<{ Utilization_Snapshots__r: { done: boolean; nextRecordsUrl?: string } | null }>;
      };
      const soql =
        'SELECT Id, Health_Plan_Id__c, (SELECT Snapshot_Key__c, Content_Hash__c FROM Utilization_Snapshots__r) FROM Account WHERE Health_Plan_Id__c != null';
      let next: string | undefined = `/query?q=${encodeURIComponent(soql)}`;
      while (next) {
        const batch: Batch = await child.request<Batch>({ method: 'GET', url: next });
        for (const record of batch.records) {
          const set = record.Utilization_Snapshots__r;
          if (set && !set.done && set.nextRecordsUrl)
            await eachPageFrom<unknown>(child, set.nextRecordsUrl, () => undefined);
        }
        next = batch.done ? undefined : batch.nextRecordsUrl;
      }
      const size = plans * 4 * months;
      if (hashes.size !== size) throw new Error(`state read found ${hashes.size} of ${size} snapshots`);
      rows.push({
        name: `state read, ${size.toLocaleString('en-US')} snapshots: API calls`,
        value: calls,
        unit: 'calls',
        baseline: { name: 'Account + child subquery', value: before.calls },
        aim: size >= 100_000 ? '≤ 6' : size <= 1000 ? '≤ 3' : undefined,
      });
    } finally {
      await org.stop();
    }
  }
  return rows;
}

/** One size of the admin-pipeline comparison: a demo dataset, written once and read by both sides in every pair. */
type PipelineSize = {
  name: string;
  options: GenerateOptions;
  repeats: number;
  firstRunAim: string;
};

const DEMO_END = '2026-09';
const demoScale = (visitScale: number, repeats = REPEATS): PipelineSize => ({
  name: `demo feeds ${visitScale}×`,
  options: { seed: 42, visitScale, endMonth: DEMO_END },
  repeats,
  firstRunAim: visitScale === 1 ? '≤ 0.5×' : '< 1.0×',
});
/** 10× pairs take minutes each: BENCH_REPEATS_10X (default 2) of them. */
const REPEATS_10X = Math.max(1, Number(process.env.BENCH_REPEATS_10X ?? 2));
/** 1,000 plans × their lines × 24 months ≈ 52k snapshots, with about as many visits as the 1× demo. */
const THOUSAND_PLANS: PipelineSize = {
  name: 'demo feeds, 1,000 plans',
  options: { seed: 42, plans: 1000, months: 24, visitScale: 0.01, endMonth: DEMO_END },
  repeats: REPEATS,
  firstRunAim: '< 1.0×',
};

/**
 * Sync against the admin pipeline (DuckDB aggregates the feeds to a CSV, `sf data upsert bulk` loads
 * it): both sides read the same feed files, into orgs seeded alike with the dataset's records.
 */
async function adminPipelineRows(sizes: PipelineSize[]): Promise<BenchRow[]> {
  const { generateDataset, writeFeeds, seedOrg } = await import('../demo-data/index.js');
  const rows: BenchRow[] = [];
  for (const size of sizes) {
    const dataset = generateDataset(size.options);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'healthplan-bench-admin-'));
    try {
      rows.push(...(await adminPipelineSize(size, dataset, await writeFeeds(dataset, dir), dir, seedOrg)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

async function adminPipelineSize(
  size: PipelineSize,
  dataset: Dataset,
  feeds: WrittenFeeds,
  dir: string,
  seedOrg: (conn: BenchOrg['conn'], dataset: Dataset) => Promise<unknown>,
): Promise<BenchRow[]> {
  const figures = { sync: [] as number[], resync: [] as number[], admin: [] as number[], adminRerun: [] as number[] };
  const rss = { sync: 0, admin: 0 };
  const calls = { sync: 0, resync: 0, admin: 0, adminRerun: 0 };
  let snapshots = 0;
  for (let pair = 0; pair < size.repeats; pair++) {
    const ours = await freshOrg(benchAlias('demo-sync'), 0);
    const theirs = await freshOrg(benchAlias('demo-admin'), 0);
    try {
      let exportCalls = 0;
      for (const org of [ours, theirs]) {
        await seedOrg(org.conn, dataset);
        const before = org.apiUsage();
        const accounts = await org.conn.query<{ Id: string; Health_Plan_Id__c: string }>(
          'SELECT Id, Health_Plan_Id__c FROM Account WHERE Health_Plan_Id__c != null',
          { autoFetch: true, maxFetch: 100_000 },
        );
        exportCalls = org.apiUsage() - before;
        for (const account of accounts.records) org.accountIds.set(account.Health_Plan_Id__c, account.Id);
      }
      const args = syncArgs(ours.alias, feeds.eligibility, feeds.visits, dir);
      const first = await runSyncCli(ours, args);
      const again = await runSyncCli(ours, args);
      snapshots = first.result.snapshots.computed;
      // The admin exports the plan Accounts (a query), aggregates with DuckDB, loads with sf.
      const accountsCsv = path.join(dir, `accounts-${theirs.alias}.csv`);
      writeFileSync(
        accountsCsv,
        ['Id,Health_Plan_Id__c', ...[...theirs.accountIds].map(([planId, id]) => `${id},${planId}`)].join('\n') + '\n',
      );
      const out = path.join(dir, `admin-${theirs.alias}.csv`);
      const admin = async (rerun: boolean): Promise<{ ms: number; rss: number; calls: number }> => {
        const duck = await timedCli(
          process.execPath,
          [
            path.join(REPO_ROOT, 'scripts', 'bench', 'duckdbChild.mjs'),
            feeds.eligibility,
            feeds.visits,
            accountsCsv,
            out,
            ...(rerun ? ['--rerun'] : []),
          ],
          process.env,
        );
        if (duck.status !== 0) throw new Error(`DuckDB failed: ${duck.stderr}`);
        const loaded = (JSON.parse(duck.stdout) as { snapshots: number }).snapshots;
        if (loaded !== snapshots) throw new Error(`DuckDB wrote ${loaded} snapshots, the sync ${snapshots}`);
        const sf = await sfUpsertBulk(theirs, out);
        return { ms: duck.ms + sf.ms, rss: Math.max(duck.peakRssMb, sf.peakRssMb), calls: exportCalls + sf.calls };
      };
      const adminFirst = await admin(false);
      const adminAgain = await admin(true);
      figures.sync.push(first.ms);
      figures.resync.push(again.ms);
      figures.admin.push(adminFirst.ms);
      figures.adminRerun.push(adminAgain.ms);
      rss.sync = Math.max(rss.sync, first.peakRssMb, again.peakRssMb);
      rss.admin = Math.max(rss.admin, adminFirst.rss, adminAgain.rss);
      Object.assign(calls, {
        sync: first.result.apiCalls,
        resync: again.result.apiCalls,
        admin: adminFirst.calls,
        adminRerun: adminAgain.calls,
      });
    } finally {
      await Promise.all([ours.stop(), theirs.stop()]);
    }
  }
  const label = `${size.name} (${dataset.visitCount.toLocaleString('en-US')} visits, ${snapshots.toLocaleString('en-US')} snapshots)`;
  const pipeline = 'DuckDB + sf data upsert bulk';
  return [
    pairedRow(
      `${label}: sync, first run`,
      figures.sync,
      { name: pipeline, values: figures.admin },
      'ms',
      size.firstRunAim,
    ),
    pairedRow(`${label}: sync, re-run`, figures.resync, { name: pipeline, values: figures.adminRerun }, 'ms', '< 1.0×'),
    {
      name: `${label}: peak RSS`,
      value: rss.sync,
      unit: 'MB',
      baseline: { name: pipeline, value: rss.admin },
      aim: '≤ 0.2×',
    },
    {
      name: `${label}: API calls, first run`,
      value: calls.sync,
      unit: 'calls',
      baseline: { name: pipeline, value: calls.admin },
      aim: '≤ 1.0×',
    },
    {
      name: `${label}: API calls, re-run`,
      value: calls.resync,
      unit: 'calls',
      baseline: { name: pipeline, value: calls.adminRerun },
      aim: '≤ 1.0×',
    },
  ];
}

/** New snapshots written in-process by Collections and by Bulk API 2.0, to place the threshold. */
async function thresholdRows(): Promise<BenchRow[]> {
  const { writeSnapshots } = await import('../../plugin/src/core/sync/snapshotStore.js');
  const { makeSnapshot } = await import('../../plugin/src/core/sync/snapshot.js');
  const plans = 50;
  const bench = await freshOrg(benchAlias('threshold'), plans);
  const rows: BenchRow[] = [];
  let batch = 0;
  const snapshotsFor = (count: number): SnapshotToWrite[] => {
    batch++;
    return Array.from({ length: count }, (_, i) => {
      const planId = `BENCH-${i % plans}`;
      const key = `${planId}|Commercial|T${batch}-${i}`;
      const snapshot = makeSnapshot(planId, key, {
        Line_Of_Business__c: 'Commercial',
        Period_Start__c: '2025-01-01',
        Eligible_Members__c: 1000,
        Registered_Members__c: 100,
        Visits__c: i,
        Behavioral_Health_Visits__c: 0,
        Rated_Visits__c: 0,
        Average_Rating__c: null,
        Cost_Savings__c: 0,
      });
      return { ...snapshot, accountId: bench.accountIds.get(planId)!, exists: false };
    });
  };
  try {
    for (const size of [200, 1000, 2000, 5000]) {
      const timings: Record<string, number> = {};
      for (const [mode, threshold] of [
        ['collections', Number.MAX_SAFE_INTEGER],
        ['bulk', 1],
      ] as const) {
        const started = process.hrtime.bigint();

        const report = await writeSnapshots(bench.conn, snapshotsFor(size), {
          bulkThreshold: threshold,
        });
        if (report.failures.length)
          throw new Error(`${report.failures.length} threshold rows failed: ${report.failures[0].error.message}`);
        timings[mode] = Number(process.hrtime.bigint() - started) / 1e6;
      }
      rows.push({
        name: `write ${size.toLocaleString('en-US')} new snapshots: Collections`,
        value: Math.round(timings.collections),
        unit: 'ms',
        baseline: { name: 'Bulk API 2.0', value: Math.round(timings.bulk) },
      });
    }
  } finally {
    await bench.stop();
  }
  return rows;
}

/** The sync runs compiled, as `sf healthplan sync` does: build the plugin (and its oclif manifest) from the sources first. */
export function buildPlugin(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: path.join(REPO_ROOT, 'plugin'), stdio: 'inherit' });
}

/**
 * The executable before the plugin had its own root logger: @salesforce/core's, whose log file
 * worker thread the process waits for at exit. Written next to the bench's files, so that the
 * fixed cost is measured against it in the same run.
 */
function previousExecutable(dir: string): string {
  const resolveFromPlugin = createRequire(PLUGIN_BIN);
  const file = path.join(dir, 'previous-run.mjs');
  writeFileSync(
    file,
    [
      `const { Logger } = await import(${JSON.stringify(pathToFileURL(resolveFromPlugin.resolve('@salesforce/core')).href)});`,
      'Logger.getRoot();',
      `const { execute } = await import(${JSON.stringify(pathToFileURL(resolveFromPlugin.resolve('@oclif/core')).href)});`,
      `await execute({ dir: ${JSON.stringify(pathToFileURL(PLUGIN_BIN).href)} });`,
    ].join('\n'),
  );
  return file;
}

const COMMAND_BASE_FLOOR = 'import of @salesforce/sf-plugins-core alone';

/**
 * Node arguments that only import the base class every sf command extends (SfCommand, which loads
 * @salesforce/core, @oclif/core and @oclif/table): the floor of any sf plugin's command.
 */
function commandBaseImport(): string[] {
  const entry = pathToFileURL(createRequire(PLUGIN_BIN).resolve('@salesforce/sf-plugins-core')).href;
  return ['--input-type=module', '-e', `await import(${JSON.stringify(entry)});`];
}

/**
 * The fixed cost: wall time of `sync --json` of a small feed (5 plans, 12 months) into an org
 * already in step with it (every snapshot unchanged, 0 written; checked on every run), from spawn
 * to exit. Paired in each round with Node's own start, the plugin's bare start (`--version`), the
 * import of SfCommand's package alone, `sf --version` (the start a user's `sf healthplan sync` pays
 * before the plugin is reached) and the previous executable on the same sync.
 */
async function fixedCostRows(): Promise<BenchRow[]> {
  const { generateDataset, writeFeeds, seedOrg } = await import('../demo-data/index.js');
  const dataset = generateDataset({ seed: 3, plans: 5, months: 12, visitScale: 0.01, endMonth: '2026-09' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'healthplan-bench-fixed-'));
  const feeds = await writeFeeds(dataset, dir);
  const org = await freshOrg(benchAlias('fixed'), 0);
  try {
    await seedOrg(org.conn, dataset);
    const args = syncArgs(org.alias, feeds.eligibility, feeds.visits, dir);
    const previous = [previousExecutable(dir), ...args.slice(1)];
    const snapshots = (await runSyncCli(org, args)).result.snapshots.computed;
    const nothingToDo = async (cliArgs: string[]): Promise<Cli> => {
      const run = await runSyncCli(org, cliArgs);
      const { computed, unchanged, written } = run.result.snapshots;
      if (written !== 0 || unchanged !== computed) {
        throw new Error(`the fixed-cost sync had work to do: ${written} written, ${unchanged}/${computed} unchanged`);
      }
      return run;
    };
    const runs = {
      sync: [] as Cli[],
      previous: [] as Cli[],
      version: [] as Cli[],
      node: [] as Cli[],
      commandBase: [] as Cli[],
      sf: [] as Cli[],
    };
    const importCommandBase = commandBaseImport();
    for (let i = 0; i < Math.max(7, REPEATS); i++) {
      runs.node.push(await timedCli(process.execPath, ['-e', '0'], org.env));
      runs.version.push(await timedCli(process.execPath, [PLUGIN_BIN, '--version'], org.env));
      runs.commandBase.push(await timedCli(process.execPath, importCommandBase, org.env));
      runs.sf.push(await timedCli(SF_BIN, ['--version'], org.env));
      runs.previous.push(await nothingToDo(previous));
      runs.sync.push(await nothingToDo(args));
    }
    const wall = (list: Cli[]): number[] => list.map((run) => run.ms);
    const cpu = (list: Cli[]): number[] => list.map((run) => run.cpuMs);
    const label = `sync with nothing to do (${snapshots} snapshots)`;
    return [
      pairedRow(
        `${label}: wall`,
        wall(runs.sync),
        { name: 'previous executable', values: wall(runs.previous) },
        'ms',
        '≤ 400 ms',
      ),
      pairedRow(`${label}: wall`, wall(runs.sync), { name: 'node -e 0', values: wall(runs.node) }, 'ms'),
      pairedRow(`${label}: CPU`, cpu(runs.sync), { name: 'previous executable', values: cpu(runs.previous) }, 'ms'),
      pairedRow(`${label}: wall`, wall(runs.sync), { name: COMMAND_BASE_FLOOR, values: wall(runs.commandBase) }, 'ms'),
      pairedRow(`${label}: CPU`, cpu(runs.sync), { name: COMMAND_BASE_FLOOR, values: cpu(runs.commandBase) }, 'ms'),
      pairedRow(
        `${label}: peak RSS`,
        runs.sync.map((run) => run.peakRssMb),
        { name: COMMAND_BASE_FLOOR, values: runs.commandBase.map((run) => run.peakRssMb) },
        'MB',
      ),
      pairedRow(`${label}: wall`, wall(runs.sync), { name: 'sf --version', values: wall(runs.sf) }, 'ms'),
      pairedRow(
        'plugin start alone (--version): wall',
        wall(runs.version),
        { name: 'node -e 0', values: wall(runs.node) },
        'ms',
      ),
    ];
  } finally {
    await org.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Aggregation of 1M and 10M visit rows (paired, repeated; 10M once unless BENCH_REPEATS says more)
 * against a tight decode-and-split loop on the same file (the ceiling of one thread) and against
 * the single-threaded reader (the byte-range reader's reference).
 */
async function aggregationRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of [1_000_000, 10_000_000]) {
    const file = await visitsFile(size);
    const label = size === 1_000_000 ? '1M' : '10M';
    const runs = size === 1_000_000 ? REPEATS : Math.max(1, Number(process.env.BENCH_REPEATS ?? 1));
    const ours: AggregateFigures[] = [];
    const single: AggregateFigures[] = [];
    const split: AggregateFigures[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(await measureAggregation(file));
      single.push(await measureAggregation(file, '--single'));
      split.push(await measureAggregation(file, '--split'));
    }
    const rate = (f: AggregateFigures): number => f.rows / f.seconds;
    // CPU seconds of all threads per million rows (× 1,000 for whole numbers): what a shared machine changes least.
    const cpuPerMillion = (f: AggregateFigures): number => ((f.cpuSeconds ?? Number.NaN) / f.rows) * 1e9;
    const peakMb = (figures: AggregateFigures[]): number =>
      Math.round(Math.max(...figures.map((f) => f.peakRssBytes)) / 1e6);
    rows.push(
      pairedRow(
        `aggregate ${label} visit rows: throughput`,
        ours.map(rate),
        { name: 'split loop, same file', values: split.map(rate) },
        'rows/s',
        '≥ 2,000,000 rows/s',
      ),
      pairedRow(
        `aggregate ${label} visit rows: throughput`,
        ours.map(rate),
        {
          name: 'single-threaded reader, same file',
          values: single.map(rate),
        },
        'rows/s',
      ),
      pairedRow(
        `aggregate ${label} visit rows: CPU, all threads`,
        ours.map(cpuPerMillion),
        { name: 'split loop, same file', values: split.map(cpuPerMillion) },
        'CPU ms per 1M rows',
      ),
      pairedRow(
        `aggregate ${label} visit rows: CPU, all threads`,
        ours.map(cpuPerMillion),
        { name: 'single-threaded reader, same file', values: single.map(cpuPerMillion) },
        'CPU ms per 1M rows',
      ),
      {
        name: `aggregate ${label} visit rows: peak RSS`,
        value: peakMb(ours),
        unit: 'MB',
        baseline: { name: 'split loop', value: peakMb(split) },
        aim: size === 10_000_000 ? '≤ 150 MB' : undefined,
      },
      {
        name: `aggregate ${label} visit rows: peak RSS`,
        value: peakMb(ours),
        unit: 'MB',
        baseline: { name: 'single-threaded reader', value: peakMb(single) },
      },
    );
  }
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  buildPlugin();
  const rows: BenchRow[] = [];
  const loadRow = (when: string): BenchRow => ({
    name: `load average ${when} (1, 5, 15 min): ${loadAverage()}`,
    value: os.cpus().length,
    unit: 'cores',
  });
  rows.push(loadRow('at start'));
  // One part failing must not lose the figures of the others.
  for (const [name, part] of [
    ['fixed cost', fixedCostRows],
    ['aggregation', aggregationRows],
    ['state read', stateReadRows],
    ['admin pipeline', () => adminPipelineRows([demoScale(0.1), demoScale(1)])],
    ['admin pipeline 10x', () => adminPipelineRows([demoScale(10, REPEATS_10X)])],
    ['admin pipeline 1000 plans', () => adminPipelineRows([THOUSAND_PLANS])],
    ['sf data upsert bulk', upsertComparison],
    ['threshold', thresholdRows],
  ] as const) {
    if (PARTS && !PARTS.includes(name)) continue;
    try {
      rows.push(...(await part()));
    } catch (error) {
      rows.push({ name: `${name}: FAILED ${(error as Error).message.slice(0, 300)}`, value: 0, unit: '' });
    }
  }
  rows.push(loadRow('at end'));
  return rows;
}
