import Database from 'better-sqlite3';
import type { Connection } from 'jsforce';
import { connect } from '../local-org/connect.js';
import { DEFAULT_FORCE_APP_DIR } from '../schema/forceAppSchema.js';
import { preloadFiles, sourcePackage } from '../local-org/metadata/preload.js';
import { seededRandom } from '../local-org/faults.js';
import { OrgState } from '../local-org/org.js';
import { findObject } from '../local-org/model.js';
import { makeId } from '../local-org/ids.js';
import { formatDateTime } from '../local-org/values.js';
import { startLocalOrg } from '../local-org/server.js';
import type { BenchRow } from './types.js';

const UPSERT_ROWS = 100_000;
const QUERY_ROWS = 10_000;
const PLANS = 100;
const SNAPSHOT_TABLE = 'o_Utilization_Snapshot__c';

/** The cells of upload row `i`, by CSV column. */
function snapshotCells(i: number, registered: number): Record<string, string> {
  const plan = `BENCH-${i % PLANS}`;
  return {
    Snapshot_Key__c: `${plan}|Commercial|${i}`,
    'Account__r.Health_Plan_Id__c': plan,
    Line_Of_Business__c: 'Commercial',
    Period_Start__c: '2025-01-01',
    Eligible_Members__c: '1000',
    Registered_Members__c: String(registered),
    Visits__c: String(i % 97),
    Content_Hash__c: `h${i}`,
  };
}

function snapshotCsv(rows: number, registered: number): string {
  const header = Object.keys(snapshotCells(0, registered));
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) lines.push(Object.values(snapshotCells(i, registered)).join(','));
  return lines.join('\n') + '\n';
}

/**
 * The baseline: better-sqlite3 inserting the rows the upsert of new rows stores (ids, audit fields, auto
 * number, parent id, the upload's values) into a table with the local org's own DDL for
 * Utilization_Snapshot__c (same columns and indexes): values built beforehand and bound as arguments
 * (faster than binding an array), one prepared statement, one transaction.
 */
async function rawSqliteInsertRate(rows: number, runs: number): Promise<number> {
  const state = new OrgState(seededRandom(1));
  preloadFiles(state, await sourcePackage(DEFAULT_FORCE_APP_DIR), DEFAULT_FORCE_APP_DIR);
  const ddl = state.store.db
    .prepare('SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL')
    .pluck()
    .all(SNAPSHOT_TABLE) as string[];
  const columns = state.store.db.prepare(`PRAGMA table_info("${SNAPSHOT_TABLE}")`).all() as Array<{
    name: string;
    type: string;
  }>;
  const keyPrefix = findObject(state.model, 'Utilization_Snapshot__c')!.keyPrefix;
  const accountPrefix = findObject(state.model, 'Account')!.keyPrefix;
  const userId = state.identity.userId;
  state.close();

  const now = formatDateTime(Date.now());
  const values = Array.from({ length: rows }, (_, i) => {
    const row: Record<string, string | number | null> = {
      seq: i + 1,
      Id: makeId(keyPrefix, i + 1),
      IsDeleted: 0,
      CreatedDate: now,
      CreatedById: userId,
      LastModifiedDate: now,
      LastModifiedById: userId,
      SystemModstamp: now,
      Name: String(i + 1).padStart(8, '0'),
      Account__c: makeId(accountPrefix, (i % PLANS) + 1),
    };
    for (const [name, cell] of Object.entries(snapshotCells(i, 10))) {
      const column = columns.find((c) => c.name === name);
      if (column) row[name] = column.type === 'REAL' ? Number(cell) : cell;
    }
    return columns.map((c) => row[c.name] ?? null);
  });

  let best = 0;
  for (let run = 0; run < runs; run++) {
    const db = new Database(':memory:');
    for (const statement of ddl) db.exec(statement);
    const insert = db.prepare(
      `INSERT INTO "${SNAPSHOT_TABLE}" (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns
        .map(() => '?')
        .join(', ')})`,
    );
    const start = process.hrtime.bigint();
    db.transaction(() => {
      for (const row of values) insert.run(...row);
    })();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    db.close();
    best = Math.max(best, rows / seconds);
  }
  return best;
}

type UpsertRates = { endToEnd: number; server: number };

async function bulkUpsert(conn: Connection, csv: string, rows: number): Promise<UpsertRates> {
  const start = process.hrtime.bigint();
  const job = conn.bulk2.createJob({
    object: 'Utilization_Snapshot__c',
    operation: 'upsert',
    externalIdFieldName: 'Snapshot_Key__c',
  });
  await job.open();
  await job.uploadData(csv);
  await job.close();
  await job.poll(20, 600_000);
  const info = await job.check();
  const results = await job.getAllResults();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (results.successfulResults.length !== rows)
    throw new Error(`bulk upsert wrote ${results.successfulResults.length} of ${rows} rows`);
  const processingMs = Number((info as unknown as { totalProcessingTime: number }).totalProcessingTime);
  return { endToEnd: rows / seconds, server: rows / (Math.max(1, processingMs) / 1000) };
}

/** Local org: Bulk API 2.0 upsert of 100k rows against raw SQLite inserts, and a 10k-row paged query. */
export async function run(): Promise<BenchRow[]> {
  // Best of three: the baseline at its fastest, so the ratio errs against the local org on a busy machine.
  const rawRate = await rawSqliteInsertRate(UPSERT_ROWS, 3);
  const org = await startLocalOrg({ seed: 1, preload: DEFAULT_FORCE_APP_DIR });
  try {
    const conn = connect(org);
    const accounts = Array.from({ length: PLANS }, (_, i) => ({ Name: `Bench ${i}`, Health_Plan_Id__c: `BENCH-${i}` }));
    await conn.sobject('Account').create(accounts, { allOrNone: true });

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const created = await bulkUpsert(conn, snapshotCsv(UPSERT_ROWS, 10), UPSERT_ROWS);
    const updated = await bulkUpsert(conn, snapshotCsv(UPSERT_ROWS, 20), UPSERT_ROWS);

    const start = process.hrtime.bigint();
    let page = await conn.query(
      `SELECT Id, Snapshot_Key__c, Registration_Rate__c, Account__r.Name FROM Utilization_Snapshot__c WHERE Visits__c < 97 LIMIT ${QUERY_ROWS}`,
    );
    let fetched = page.records.length;
    while (!page.done && page.nextRecordsUrl) {
      page = await conn.queryMore(page.nextRecordsUrl);
      fetched += page.records.length;
    }
    const querySeconds = Number(process.hrtime.bigint() - start) / 1e9;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (fetched !== QUERY_ROWS) throw new Error(`paged query returned ${fetched} of ${QUERY_ROWS} rows`);

    const baseline = { name: 'raw SQLite insert, same table', value: rawRate };
    const aim = '≥ 0.5× baseline';
    return [
      { name: 'raw SQLite insert, 100k snapshot rows', value: rawRate, unit: 'rows/s' },
      { name: 'Bulk 2.0 upsert 100k new rows (server)', value: created.server, unit: 'rows/s', baseline, aim },
      { name: 'Bulk 2.0 upsert 100k existing rows (server)', value: updated.server, unit: 'rows/s', baseline, aim },
      { name: 'Bulk 2.0 upsert 100k new rows (end to end)', value: created.endToEnd, unit: 'rows/s', baseline },
      { name: '10k-row query paged at 2,000 (jsforce)', value: QUERY_ROWS / querySeconds, unit: 'rows/s' },
      { name: 'peak RSS (org and jsforce client)', value: peakRss / 1024 / 1024, unit: 'MB' },
    ];
  } finally {
    await org.stop();
  }
}
