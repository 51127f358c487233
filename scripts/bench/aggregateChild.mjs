/**
 * Child process of the sync benchmark, run with plain `node` so it measures what
 * `sf healthplan sync` runs in production: the compiled plugin (`plugin/lib`), without tsx.
 *   node scripts/bench/aggregateChild.mjs --aggregate|--single|--csv-parse|--split FILE PLANS
 * --single aggregates as --aggregate does, on the single-threaded reader (the byte-range reader's reference).
 * Prints `{ rows, seconds, cpuSeconds, peakRssBytes, snapshots }` as JSON; `cpuSeconds` is the CPU time
 * of every thread of the process over the same span as `seconds` (user + system), which a loaded
 * machine inflates far less than wall time.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { runSync } from '../../plugin/lib/core/sync/runSync.js';

const [mode, file, plans] = process.argv.slice(2);

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

/** One dry-run sync of the visits file against the in-memory plans. */
async function aggregate(parallelRead) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'healthplan-bench-agg-'));
  const eligibility = path.join(dir, 'eligibility.csv');
  writeFileSync(eligibility, 'health_plan_id,line_of_business,period,eligible_members,registered_members\n');
  const started = process.hrtime.bigint();
  try {
    const result = await runSync(readOnlyOrg(Number(plans)), {
      eligibilityFile: eligibility,
      visitsFile: file,
      rejectFile: path.join(dir, 'rejects.csv'),
      failuresFile: path.join(dir, 'failures.csv'),
      dryRun: true,
      parallelRead,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.rowsRejected > 0) throw new Error(`${result.rowsRejected} bench rows were rejected`);
    return { rows: result.rowsRead.visits, seconds, snapshots: result.snapshots.computed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline: csv-parse alone splitting the same file, nothing else. */
async function csvParseOnly() {
  const started = process.hrtime.bigint();
  let rows = 0;
  for await (const record of createReadStream(file, { highWaterMark: 1 << 16 }).pipe(parse({ from_line: 2 }))) {
    if (record) rows++;
  }
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9, snapshots: 0 };
}

/** The ceiling: a tight loop that decodes the file and splits each line into its fields, nothing else. */
async function splitOnly() {
  const started = process.hrtime.bigint();
  let rows = -1;
  let fields = 0;
  let rest = '';
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16, encoding: 'utf8' })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      fields += line.split(',').length;
      rows++;
    }
  }
  if (fields === 0) throw new Error('no fields');
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9, snapshots: 0 };
}

const cpuAtStart = process.cpuUsage();
const figures =
  mode === '--csv-parse'
    ? await csvParseOnly()
    : mode === '--split'
      ? await splitOnly()
      : await aggregate(mode === '--single' ? { minBytes: Infinity } : undefined);
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(
  JSON.stringify({
    ...figures,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
