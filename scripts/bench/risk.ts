/**
 * Renewal risk: the model's compute time for 10,000 synthetic accounts, and the API calls to score
 * 100 and 1,000 accounts on the local org (reads stay flat; only the write grows with accounts).
 * BENCH_RISK_PARTS=`org` or `model` runs one half.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_FORCE_APP_DIR } from '../schema/forceAppSchema.js';
import type { Connection } from 'jsforce';
import { performance } from 'node:perf_hooks';
import type { OrgConnection } from '../../plugin/src/core/org/connection.js';
import { monthIndex, monthStart, type AccountRiskInput } from '../../plugin/src/core/risk/model/index.js';
import { scoreRenewalRisk } from '../../plugin/src/core/risk/scoreRenewalRisk.js';
import { seedRiskOrg } from '../../test/risk/seedRiskOrg.js';
import { connect } from '../local-org/connect.js';
import { LINES_OF_BUSINESS } from '../../plugin/src/core/sync/rowSchemas.js';
import { INFLUENCE_LEVELS, OBJECTIVE_STATUSES, SENTIMENTS, STAKEHOLDER_ROLES } from '../demo-data/vocabulary.js';
import { seededRandom } from '../local-org/faults.js';
import { startLocalOrg } from '../local-org/server.js';
import { backtestRows, demoPlanRows } from './riskBacktest.js';
import type { BenchRow } from './types.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const AS_OF = '2026-11-15';
const day = (offset: number): string =>
  new Date(Date.parse(`${AS_OF}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

/** A full account: 4 lines of business × 12 months, 4 contracts, 8 stakeholders, 6 objectives. */
export function syntheticAccount(next: () => number): AccountRiskInput {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const last = monthIndex(AS_OF);
  const members = 5_000 + Math.floor(next() * 200_000);
  const decline = next() < 0.2 ? 0.3 + next() * 0.6 : 1;
  return {
    asOf: AS_OF,
    snapshots: LINES_OF_BUSINESS.flatMap((lineOfBusiness) =>
      Array.from({ length: 12 }, (_, age) => {
        const visits = Math.round((members * (40 + next() * 40) * (age < 3 ? decline : 1)) / 12_000);
        return {
          lineOfBusiness,
          periodStart: monthStart(last - age),
          eligibleMembers: members,
          registeredMembers: Math.round(members * (0.1 + next() * 0.2)),
          visits,
          costSavings: visits * (50 + next() * 150),
          averageRating: 3.5 + next() * 1.5,
          ratedVisits: Math.round(visits * 0.4),
        };
      }),
    ),
    contracts: LINES_OF_BUSINESS.map((lineOfBusiness) => ({
      lineOfBusiness,
      startDate: day(-700),
      endDate: day(Math.floor(next() * 500)),
      coveredLives: members,
      pmpmFee: 0.2 + next(),
      perVisitFee: next() * 40,
    })),
    renewalDate: null,
    plan: {
      name: 'Plan',
      targetRegistrationRate: 15 + next() * 15,
      targetVisitsPer1000: 50 + next() * 30,
      targetCostSavings: members * 5,
      targetRating: 4.5,
      objectives: Array.from({ length: 6 }, (_, index) => ({
        name: `Objective ${index}`,
        status: pick(OBJECTIVE_STATUSES),
        dueDate: day(Math.floor(next() * 300) - 100),
      })),
    },
    stakeholders: STAKEHOLDER_ROLES.map((role) => ({
      name: `${role} contact`,
      role,
      influence: pick(INFLUENCE_LEVELS),
      sentiment: pick(SENTIMENTS),
      lastEngagementDate: day(-Math.floor(next() * 200)),
    })),
    previous: {
      score: next() * 100,
      tier: null,
      assessedOn: day(-1),
      contributions: { Utilization_Trend: Math.round(next() * 300) / 10, Days_To_Renewal: 4.5 },
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The compiled model, as `sf healthplan risk score` runs it (tsx would add its own wrappers to every call). */
async function compiledModel(): Promise<typeof import('../../plugin/src/core/risk/model/index.js')> {
  execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'plugin/tsconfig.build.json'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
  return (await import(
    pathToFileURL(path.join(REPO_ROOT, 'plugin', 'lib', 'core', 'risk', 'model', 'index.js')).href
  )) as typeof import('../../plugin/src/core/risk/model/index.js');
}

export async function modelRows(): Promise<BenchRow[]> {
  const model = await compiledModel();
  const next = seededRandom(42);
  const accounts = Array.from({ length: 10_000 }, () => syntheticAccount(next));
  for (const account of accounts.slice(0, 500)) model.scoreAccount(account, model.DEFAULT_RISK_CONFIG);
  const wall: number[] = [];
  const cpu: number[] = [];
  const floor: number[] = [];
  for (let round = 0; round < 5; round++) {
    // Baseline: one pass adding up every snapshot of every account, the least any score must read.
    let start = performance.now();
    let total = 0;
    for (const account of accounts) for (const snapshot of account.snapshots) total += snapshot.visits ?? 0;
    floor.push(performance.now() - start + (total < 0 ? 1 : 0));
    const startCpu = process.cpuUsage();
    start = performance.now();
    for (const account of accounts) model.scoreAccount(account, model.DEFAULT_RISK_CONFIG);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  // Wall time also counts waiting for a busy machine; CPU time is what the model itself costs.
  const summary = (values: number[]): string =>
    `min ${Math.round(Math.min(...values))} / median ${Math.round(median(values))} / max ${Math.round(Math.max(...values))} ms`;
  const baseline = { name: 'reading every snapshot once (min of 5)', value: Math.round(Math.min(...floor) * 10) / 10 };
  return [
    {
      name: `risk model: score 10,000 accounts, wall (min of 5; ${summary(wall)})`,
      value: Math.round(Math.min(...wall)),
      unit: 'ms',
      baseline,
      aim: '< 1,000 ms',
    },
    { name: `risk model: score 10,000 accounts, CPU (${summary(cpu)})`, value: Math.round(median(cpu)), unit: 'ms' },
    { name: 'risk model: CPU per account (median)', value: Math.round((median(cpu) / 10_000) * 1000), unit: 'µs' },
  ];
}

type OrgRun = { reads: number; writes: number; total: number; orgCounted: number; rerun: number; ms: number };

async function scoreOnLocalOrg(accounts: number): Promise<OrgRun> {
  const org = await startLocalOrg({ seed: 7, preload: DEFAULT_FORCE_APP_DIR });
  try {
    const conn: Connection = connect(org);
    await seedRiskOrg(conn, { accounts, asOf: AS_OF });
    const orgConn = conn as unknown as OrgConnection;
    const before = org.apiUsage();
    const start = performance.now();
    const result = await scoreRenewalRisk(orgConn, { asOf: AS_OF });
    const ms = performance.now() - start;
    const orgCounted = org.apiUsage() - before;
    const writes = Math.ceil(result.written / 200) + Math.ceil(result.accountsUpdated / 200);
    const rerun = await scoreRenewalRisk(orgConn, { asOf: AS_OF });
    if (rerun.written !== 0) throw new Error(`The rerun wrote ${rerun.written} assessments; it must write none.`);
    return { reads: result.apiCalls - writes, writes, total: result.apiCalls, orgCounted, rerun: rerun.apiCalls, ms };
  } finally {
    await org.stop();
  }
}

/** BENCH_RISK_PARTS=`org`: only the API calls on the local org (`model`: only the model, backtest and demo plan). */
const PARTS = process.env.BENCH_RISK_PARTS?.split(',').map((part) => part.trim());

export async function run(): Promise<BenchRow[]> {
  const rows =
    PARTS && !PARTS.includes('model') ? [] : [...(await modelRows()), ...backtestRows(), ...(await demoPlanRows())];
  if (PARTS && !PARTS.includes('org')) return rows;
  const small = await scoreOnLocalOrg(100);
  const large = await scoreOnLocalOrg(1_000);
  const against = (name: string, value: number) => ({ name: `100 accounts: ${name}`, value });
  rows.push(
    {
      name: 'local org, 1,000 accounts: read calls',
      value: large.reads,
      unit: 'calls',
      baseline: against('read calls', small.reads),
      aim: 'flat (≤ 16)',
    },
    {
      name: 'local org, 1,000 accounts: write calls',
      value: large.writes,
      unit: 'calls',
      baseline: against('write calls', small.writes),
      aim: '2 per 200 accounts',
    },
    {
      name: 'local org, 1,000 accounts: API calls in all',
      value: large.total,
      unit: 'calls',
      baseline: against('API calls', small.total),
    },
    {
      name: 'local org, 1,000 accounts: calls the org counted',
      value: large.orgCounted,
      unit: 'calls',
      aim: '= API calls in all',
    },
    {
      name: 'local org, 1,000 accounts: rerun same day',
      value: large.rerun,
      unit: 'calls',
      baseline: against('rerun', small.rerun),
      aim: 'reads only',
    },
    {
      name: 'local org, 1,000 accounts: wall time',
      value: Math.round(large.ms),
      unit: 'ms',
      baseline: against('wall time', Math.round(small.ms)),
    },
  );
  return rows;
}
