/**
 * Child process of the warehouse benchmark, so that each measured step has its own peak RSS.
 *   node scripts/bench/warehouseChild.mjs --duckdb VISITS OUT   the sql/duckdb query over views of
 *       the feed files (eligibility: header only), its result exported to OUT as CSV
 *   node scripts/bench/warehouseChild.mjs --duckdb-table VISITS OUT   the same with the feeds loaded
 *       into tables first, untimed: the data already in the engine, as in a warehouse
 *   node scripts/bench/warehouseChild.mjs --snapshots FILE PLANS   a dry-run `--snapshots` sync of FILE
 * Prints `{ rows, seconds, peakRssBytes, snapshots }` as JSON.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runSync } from '../../plugin/lib/core/sync/runSync.js';

const [mode, file, arg] = process.argv.slice(2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'healthplan-bench-warehouse-'));
const quote = (text) => `'${text.replaceAll("'", "''")}'`;

async function duckdb(inTables) {
  const eligibility = path.join(dir, 'eligibility.csv');
  writeFileSync(eligibility, 'health_plan_id,line_of_business,period,eligible_members,registered_members\n');
  const sql = readFileSync(path.join('sql', 'duckdb', 'snapshots.sql'), 'utf8')
    .trim()
    .replace(/;$/, '');
  let started = process.hrtime.bigint();
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(
    `CREATE VIEW eligibility AS SELECT * FROM read_csv(${quote(eligibility)}, header = true, columns = {` +
      `'health_plan_id': 'VARCHAR', 'line_of_business': 'VARCHAR', 'period': 'VARCHAR', ` +
      `'eligible_members': 'BIGINT', 'registered_members': 'BIGINT'})`,
  );
  await conn.run(
    `CREATE VIEW visits AS SELECT * FROM read_csv(${quote(file)}, header = true, nullstr = '', columns = {` +
      `'visit_id': 'VARCHAR', 'health_plan_id': 'VARCHAR', 'line_of_business': 'VARCHAR', 'visit_date': 'DATE', ` +
      `'service_line': 'VARCHAR', 'diverted_from': 'VARCHAR', 'rating': 'INTEGER'})`,
  );
  if (inTables) {
    for (const table of ['eligibility', 'visits']) {
      await conn.run(`ALTER VIEW ${table} RENAME TO ${table}_file`);
      await conn.run(`CREATE TABLE ${table} AS SELECT * FROM ${table}_file`);
    }
    started = process.hrtime.bigint();
  }
  const rows = (await conn.runAndReadAll('SELECT count(*) AS n FROM visits')).getRows()[0][0];
  await conn.run(`COPY (${sql}) TO ${quote(arg)} (HEADER, DELIMITER ',')`);
  const snapshots = (await conn.runAndReadAll(`SELECT count(*) FROM read_csv(${quote(arg)})`)).getRows()[0][0];
  conn.closeSync();
  instance.closeSync();
  return { rows: Number(rows), seconds: Number(process.hrtime.bigint() - started) / 1e9, snapshots: Number(snapshots) };
}

/** An org that knows the bench's plan Accounts and has no snapshots: a dry run reads it once. */
function readOnlyOrg(planCount) {
  const accounts = Array.from({ length: planCount }, (_, i) => ({
    Id: `001${String(i).padStart(15, '0')}`,
    Health_Plan_Id__c: `BENCH-${i}`,
  }));
  return {
    request(request) {
      const records = request.url.includes('FROM%20Account') ? accounts : [];
      return Promise.resolve({ totalSize: records.length, done: true, records });
    },
  };
}

async function snapshots() {
  const started = process.hrtime.bigint();
  const result = await runSync(readOnlyOrg(Number(arg)), {
    snapshotsFile: file,
    rejectFile: path.join(dir, 'rejects.csv'),
    failuresFile: path.join(dir, 'failures.csv'),
    dryRun: true,
  });
  if (result.rowsRejected > 0) throw new Error(`${result.rowsRejected} snapshot rows were rejected`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows: result.rowsRead.snapshots, seconds, snapshots: result.snapshots.computed };
}

let figures;
try {
  figures = mode === '--snapshots' ? await snapshots() : await duckdb(mode === '--duckdb-table');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify({ ...figures, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
