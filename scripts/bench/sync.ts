/**
 * `npm run bench -- sync`: the nightly sync's figures.
 * - aggregation of 1M and 10M visit rows (read, validate, dedupe, aggregate), each in a child
 *   process so its peak RSS is its own;
 * - upsert of 100k snapshots into a fresh local org by `sf healthplan sync` against
 *   `sf data upsert bulk` of the same rows as CSV into another fresh local org (both CLIs, wall time);
 * - an unchanged re-sync;
 * - Collections against Bulk API 2.0 at a few sizes, which sets the sync's bulk threshold.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SnapshotToWrite } from '../../plugin/src/core/sync/snapshotStore.js';
import { SNAPSHOT_VALUE_FIELDS } from '../../plugin/src/core/sync/snapshot.js';
import { LINES_OF_BUSINESS, SERVICE_LINES } from '../../plugin/src/core/sync/rowSchemas.js';
import type { TestOrg } from '../../test/support/localOrg.js';
import type { BenchRow } from './types.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PLUGIN_BIN = process.env.HEALTHPLAN_PLUGIN_BIN ?? path.join(REPO_ROOT, 'plugin', 'bin', 'dev.js');
const SF_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'sf');
export const BENCH_PLANS = 200;
const DIVERSIONS = ['er', 'urgent_care', 'primary_care', 'none', '', ''];

export type AggregateFigures = { rows: number; seconds: number; peakRssBytes: number; snapshots: number };

/** Deterministic visits: 200 plans × 4 lines × 24 months, every field varied. Written once per size. */
export async function visitsFile(rows: number): Promise<string> {
  const file = path.join(os.tmpdir(), `healthplan-bench-visits-v1-${rows}.csv`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
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
  mode: '--aggregate' | '--csv-parse' = '--aggregate',
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

type Cli = { ms: number; status: number; stdout: string; stderr: string };

function timedCli(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Cli> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: code ?? -1, stdout, stderr }),
    );
  });
}

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

async function upsertComparison(): Promise<BenchRow[]> {
  const plans = 1000;
  const months = 25;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'healthplan-bench-upsert-'));
  const eligibility = eligibilityFeed(dir, plans, months);
  const visits = path.join(dir, 'visits.csv');
  writeFileSync(visits, 'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating\n');
  const ours = await freshOrg('bench-sync', plans);
  const theirs = await freshOrg('bench-sf-bulk', plans);
  try {
    const syncArgs = [
      PLUGIN_BIN,
      'healthplan',
      'sync',
      '--target-org',
      ours.alias,
      '--eligibility',
      eligibility,
      '--visits',
      visits,
      '--json',
    ];
    const first = await timedCli(process.execPath, syncArgs, ours.env);
    if (first.status !== 0) throw new Error(`sf healthplan sync failed: ${first.stdout}${first.stderr}`);
    const firstResult = (JSON.parse(first.stdout) as { result: { apiCalls: number; snapshots: { written: number } } })
      .result;

    // The same rows our sync wrote, as the CSV an admin would hand to `sf data upsert bulk`.
    const written = await ours.conn.query<Record<string, unknown>>(
      'SELECT Snapshot_Key__c, Account__r.Health_Plan_Id__c, Line_Of_Business__c, Period_Start__c, Eligible_Members__c, Registered_Members__c, Visits__c, Behavioral_Health_Visits__c, Rated_Visits__c, Average_Rating__c, Cost_Savings__c, Content_Hash__c FROM Utilization_Snapshot__c',
      { autoFetch: true, maxFetch: 1_000_000 },
    );
    const columns = ['Snapshot_Key__c', 'Account__c', ...SNAPSHOT_VALUE_FIELDS, 'Content_Hash__c'];
    const csvLines = [columns.join(',')];
    for (const record of written.records) {
      const planId = (record.Account__r as { Health_Plan_Id__c: string }).Health_Plan_Id__c;
      csvLines.push(
        columns.map((c) => (c === 'Account__c' ? theirs.accountIds.get(planId) : csvValue(record[c]))).join(','),
      );
    }
    const csvFile = path.join(dir, 'snapshots.csv');
    writeFileSync(csvFile, csvLines.join('\n') + '\n');

    const sfUsageBefore = theirs.apiUsage();
    const sf = await timedCli(
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
        theirs.alias,
        '--json',
      ],
      theirs.env,
    );
    if (sf.status !== 0) throw new Error(`sf data upsert bulk failed: ${sf.stdout}${sf.stderr}`);
    const sfCalls = theirs.apiUsage() - sfUsageBefore;

    const again = await timedCli(process.execPath, syncArgs, ours.env);
    const againResult = (JSON.parse(again.stdout) as { result: { apiCalls: number; snapshots: { written: number } } })
      .result;

    return [
      {
        name: `upsert ${written.totalSize.toLocaleString('en-US')} snapshots: sf healthplan sync`,
        value: Math.round(first.ms),
        unit: 'ms',
        baseline: { name: 'sf data upsert bulk', value: Math.round(sf.ms) },
        aim: '≤ 0.5× baseline',
      },
      {
        name: 'upsert 100k snapshots: API calls (sync)',
        value: firstResult.apiCalls,
        unit: 'calls',
        baseline: { name: 'sf data upsert bulk', value: sfCalls },
        aim: '≤ 6',
      },
      { name: 'unchanged re-sync: snapshots written', value: againResult.snapshots.written, unit: 'rows', aim: '0' },
      { name: 'unchanged re-sync: API calls', value: againResult.apiCalls, unit: 'calls', aim: '≤ 3' },
      { name: 'unchanged re-sync: wall time', value: Math.round(again.ms), unit: 'ms' },
    ];
  } finally {
    await Promise.all([ours.stop(), theirs.stop()]);
  }
}

/** New snapshots written in-process by Collections and by Bulk API 2.0, to place the threshold. */
async function thresholdRows(): Promise<BenchRow[]> {
  const { writeSnapshots } = await import('../../plugin/src/core/sync/snapshotStore.js');
  const { makeSnapshot } = await import('../../plugin/src/core/sync/snapshot.js');
  const plans = 50;
  const bench = await freshOrg('bench-threshold', plans);
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

/** The aggregation children run the compiled plugin, as `sf healthplan sync` does: build it from the sources first. */
export function buildPlugin(): void {
  execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'plugin/tsconfig.build.json'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
}

export async function run(): Promise<BenchRow[]> {
  buildPlugin();
  const rows: BenchRow[] = [];
  for (const size of [1_000_000, 10_000_000]) {
    const file = await visitsFile(size);
    const figures = await measureAggregation(file);
    const label = size === 1_000_000 ? '1M' : '10M';
    // What parsing alone costs on this machine, so the figure reads the same on a busy one.
    const parseOnly = size === 1_000_000 ? await measureAggregation(file, '--csv-parse') : undefined;
    rows.push(
      {
        name: `aggregate ${label} visit rows: throughput`,
        value: Math.round(figures.rows / figures.seconds),
        unit: 'rows/s',
        ...(parseOnly
          ? { baseline: { name: 'csv-parse alone, same file', value: Math.round(parseOnly.rows / parseOnly.seconds) } }
          : {}),
        aim: '≥ 1,000,000 rows/s',
      },
      {
        name: `aggregate ${label} visit rows: peak RSS`,
        value: Math.round(figures.peakRssBytes / 1e6),
        unit: 'MB',
        aim: size === 10_000_000 ? '< 150 MB' : undefined,
      },
    );
  }
  rows.push(...(await upsertComparison()));
  rows.push(...(await thresholdRows()));
  return rows;
}
