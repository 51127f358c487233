/**
 * Shared pieces of the sync end-to-end tests: a seeded local org with feeds on disk, the real
 * plugin run as a child process, and the org's snapshots read back for comparison.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { generateDataset, writeFeeds, type Dataset } from '../../scripts/demo-data/index.js';
import { seedOrg } from '../../scripts/demo-data/seedOrg.js';
import { REPO_ROOT, startTestOrg, type TestOrg, type TestOrgOptions } from '../support/localOrg.js';
import { SNAPSHOT_VALUE_FIELDS } from '../../plugin/src/core/sync/snapshot.js';
import { tempDir } from '../../plugin/test/tempDirs.js';

/** The plugin as the tests run it: the TypeScript sources, or HEALTHPLAN_PLUGIN_BIN (e.g. plugin/bin/run.js for the built one). */
export const PLUGIN_BIN = process.env.HEALTHPLAN_PLUGIN_BIN ?? path.join(REPO_ROOT, 'plugin', 'bin', 'dev.js');

export type Feeds = { dir: string; eligibility: string; visits: string; dataset: Dataset };

export type SyncOrg = TestOrg & { alias: string };

let orgCount = 0;

/** A fresh in-memory org with the dataset's Accounts (and their children) in it. */
export async function seededOrg(dataset: Dataset, options: Omit<TestOrgOptions, 'alias'> = {}): Promise<SyncOrg> {
  const alias = `sync-e2e-${process.pid}-${++orgCount}`;
  const org = await startTestOrg({ ...options, alias });
  await seedOrg(org.conn, dataset);
  return { ...org, alias };
}

export async function datasetFeeds(options: Parameters<typeof generateDataset>[0]): Promise<Feeds> {
  const dataset = generateDataset(options);
  const dir = tempDir('sync-e2e-feeds-');
  const written = await writeFeeds(dataset, dir);
  return { dir, eligibility: written.eligibility, visits: written.visits, dataset };
}

export type SyncRun = { status: number; json: SyncJson; stdout: string; stderr: string };

export type SyncResultJson = {
  status: string;
  rowsRead: { eligibility: number; visits: number; snapshots: number };
  rowsAggregated: { eligibility: number; visits: number; snapshots: number };
  rowsRejected: number;
  snapshots: { computed: number; unchanged: number; written: number; failed: number; pending: number };
  writeMode: string;
  apiCalls: number;
  rejectFile: string | null;
  failuresFile: string | null;
  assumptions: { set: string; origin: string; source: string; erVisitCost: number };
  durationMs: number;
};

export type SyncJson = {
  status: number;
  result?: SyncResultJson;
  data?: SyncResultJson;
  name?: string;
  message?: string;
  actions?: string[];
};

/** The `--json` result, whether the run succeeded (`result`) or failed with data (`data`). */
export const resultOf = (run: SyncRun): SyncResultJson | undefined => run.json.result ?? run.json.data;

export function startSync(org: SyncOrg, args: string[]): ChildProcess {
  return spawn(process.execPath, [PLUGIN_BIN, 'healthplan', 'sync', '--target-org', org.alias, '--json', ...args], {
    env: org.env,
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function finished(child: ChildProcess): Promise<SyncRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      let json: SyncJson;
      try {
        json = JSON.parse(stdout) as SyncJson;
      } catch {
        json = { status: -1, message: `no JSON on stdout (signal ${String(signal)}): ${stdout}${stderr}` };
      }
      resolve({ status: code ?? -1, json, stdout, stderr });
    });
  });
}

export function runSync(
  org: SyncOrg,
  feeds: Pick<Feeds, 'eligibility' | 'visits' | 'dir'>,
  extra: string[] = [],
): Promise<SyncRun> {
  return finished(
    startSync(org, [
      '--eligibility',
      feeds.eligibility,
      '--visits',
      feeds.visits,
      '--reject-file',
      path.join(feeds.dir, `rejects-${org.alias}.csv`),
      '--failures-file',
      path.join(feeds.dir, `failures-${org.alias}.csv`),
      ...extra,
    ]),
  );
}

export type SnapshotRow = Record<string, string | number | null>;

const SNAPSHOT_FIELDS = [
  'Snapshot_Key__c',
  'Account__r.Health_Plan_Id__c',
  ...SNAPSHOT_VALUE_FIELDS,
  'Content_Hash__c',
];

/** Every snapshot in the org, by key, with its parent's plan id instead of the org-specific Account Id. */
export async function snapshotsOf(org: TestOrg): Promise<SnapshotRow[]> {
  const result = await org.conn.query<Record<string, unknown>>(
    `SELECT ${SNAPSHOT_FIELDS.join(', ')} FROM Utilization_Snapshot__c ORDER BY Snapshot_Key__c`,
    { autoFetch: true, maxFetch: 1_000_000 },
  );
  return result.records.map((record) => {
    const row: SnapshotRow = {};
    for (const field of SNAPSHOT_FIELDS) {
      if (field === 'Account__r.Health_Plan_Id__c') {
        row.planId = (record.Account__r as Record<string, string> | null)?.Health_Plan_Id__c ?? null;
      } else {
        row[field] = record[field] as string | number | null;
      }
    }
    return row;
  });
}
