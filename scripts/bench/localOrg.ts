import Database from 'better-sqlite3';
import { Connection } from 'jsforce';
import { loadForceAppSchema } from '../schema/forceAppSchema.js';
import { seededRandom } from '../local-org/faults.js';
import { OrgState } from '../local-org/org.js';
import { startLocalOrg } from '../local-org/server.js';
import type { BenchRow } from './types.js';

const UPSERT_ROWS = 100_000;
const QUERY_ROWS = 10_000;
const PLANS = 100;
const SNAPSHOT_TABLE = 'o_Utilization_Snapshot__c';

function snapshotCsv(rows: number, registered: number): string {
  const lines = [
    'Snapshot_Key__c,Account__r.Health_Plan_Id__c,Line_Of_Business__c,Period_Start__c,Eligible_Members__c,Registered_Members__c,Visits__c,Content_Hash__c',
  ];
  for (let i = 0; i < rows; i++) {
    const plan = `BENCH-${i % PLANS}`;
    lines.push(`${plan}|Commercial|${i},${plan},Commercial,2025-01-01,1000,${registered},${i % 97},h${i}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The baseline: better-sqlite3 inserting the same number of rows into a table with the local org's own
 * DDL for Utilization_Snapshot__c (same columns and indexes), one prepared statement, one transaction.
 */
function rawSqliteInsertRate(rows: number): number {
  const state = new OrgState(loadForceAppSchema(), seededRandom(1));
  const ddl = state.store.db
    .prepare('SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL')
    .pluck()
    .all(SNAPSHOT_TABLE) as string[];
  const columns = (
    state.store.db.prepare(`PRAGMA table_info("${SNAPSHOT_TABLE}")`).all() as Array<{ name: string; type: string }>
  ).map((c) => c);
  state.close();
  const db = new Database(':memory:');
  for (const statement of ddl) db.exec(statement);
  const insert = db.prepare(
    `INSERT INTO "${SNAPSHOT_TABLE}" (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const start = process.hrtime.bigint();
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      insert.run(
        columns.map((c, j) =>
          j === 0
            ? i + 1
            : c.name === 'Id'
              ? `a000Hp${String(i).padStart(12, '0')}`
              : c.type === 'REAL'
                ? i % 97
                : `v${i}`,
        ),
      );
    }
  })();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return rows / seconds;
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
  const rawRate = Math.max(...[1, 2, 3].map(() => rawSqliteInsertRate(UPSERT_ROWS)));
  const org = await startLocalOrg({ seed: 1 });
  try {
    const conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '62.0' });
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
