/**
 * Renewal risk against outcomes: the held-out backtest of the shipped defaults and of fitted
 * weights on the demo renewal history (the in-memory twin of `risk backtest` / `risk fit`, same
 * core functions), and the tiers of the 14 named demo plans after the real sync on the local org.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OrgConnection } from '../../plugin/src/core/org/connection.js';
import { scoreCases, summarize, type BacktestAccount } from '../../plugin/src/core/risk/backtest/evaluate.js';
import { fitConfig } from '../../plugin/src/core/risk/backtest/fit.js';
import { auc } from '../../plugin/src/core/risk/backtest/metrics.js';
import { renewalEvents, type ContractFact } from '../../plugin/src/core/risk/backtest/renewals.js';
import { timeSplit } from '../../plugin/src/core/risk/backtest/runFit.js';
import { DEFAULT_RISK_CONFIG } from '../../plugin/src/core/risk/model/index.js';
import { scoreRenewalRisk } from '../../plugin/src/core/risk/scoreRenewalRisk.js';
import { runSync } from '../../plugin/src/core/sync/runSync.js';
import { generateDataset, generateRenewalHistory, seedOrg, writeFeeds } from '../demo-data/index.js';
import type { RenewalHistory } from '../demo-data/renewalHistory.js';
import { DEFAULT_FORCE_APP_DIR } from '../schema/forceAppSchema.js';
import { connect } from '../local-org/connect.js';
import { startLocalOrg } from '../local-org/server.js';
import type { BenchRow } from './types.js';

const END_MONTH = '2026-10';
const TODAY = '2026-11-15';
const HORIZON_DAYS = 180;
/** The demo's seed first; the others show how much the figures move with the draw. */
const SEEDS = [42, 7, 11];

/** The history as the backtest reads it from an org: contracts, and snapshots and contracts per account. */
export function historyInputs(history: RenewalHistory): {
  contracts: ContractFact[];
  accounts: Map<string, BacktestAccount>;
} {
  const accounts = new Map<string, BacktestAccount>(
    history.accounts.map((account) => [
      account.Health_Plan_Id__c,
      {
        accountId: account.Health_Plan_Id__c,
        healthPlanId: account.Health_Plan_Id__c,
        name: account.Name,
        history: { snapshots: [], contracts: [] },
      },
    ]),
  );
  const contracts: ContractFact[] = [];
  for (const contract of history.contracts) {
    const row = {
      lineOfBusiness: contract.Line_Of_Business__c,
      startDate: contract.StartDate,
      endDate: contract.EndDate,
      coveredLives: contract.Covered_Lives__c,
      pmpmFee: contract.PMPM_Fee__c,
      perVisitFee: contract.Per_Visit_Fee__c,
    };
    contracts.push({ accountId: contract.healthPlanId, ...row });
    accounts.get(contract.healthPlanId)?.history.contracts.push(row);
  }
  for (const snapshot of history.snapshots) {
    accounts.get(snapshot.healthPlanId)?.history.snapshots.push({
      lineOfBusiness: snapshot.Line_Of_Business__c,
      periodStart: snapshot.Period_Start__c,
      eligibleMembers: snapshot.Eligible_Members__c,
      registeredMembers: snapshot.Registered_Members__c,
      visits: snapshot.Visits__c,
      costSavings: snapshot.Cost_Savings__c,
      averageRating: snapshot.Average_Rating__c,
      ratedVisits: snapshot.Rated_Visits__c,
    });
  }
  return { contracts, accounts };
}

function heldOutFigures(seed: number): {
  defaults: ReturnType<typeof summarize>;
  fitted: ReturnType<typeof summarize>;
  ceiling: number | null;
  renewals: number;
} {
  const history = generateRenewalHistory({ seed, endMonth: END_MONTH });
  const { contracts, accounts } = historyInputs(history);
  const events = renewalEvents(contracts, { from: '0001-01-01', to: TODAY, today: TODAY });
  const cases = scoreCases(events, accounts, DEFAULT_RISK_CONFIG, HORIZON_DAYS);
  const { train, heldOut } = timeSplit(cases);
  const fit = fitConfig(train, DEFAULT_RISK_CONFIG);
  const heldOutEvents = events.filter((event) =>
    heldOut.some((item) => item.accountId === event.accountId && item.endDate === event.endDate),
  );
  // What a model that saw the planted causes themselves (those visible by the horizon) would reach.
  const truth = new Map(history.truth.map((renewal) => [`${renewal.healthPlanId}|${renewal.endDate}`, renewal]));
  const ceiling = auc(
    heldOut.map((item) => {
      const planted = truth.get(`${item.healthPlanId}|${item.endDate}`)?.causes ?? [];
      const visible = planted.filter((cause) => cause.cause !== 'relationship' && cause.onset < item.asOf.slice(0, 7));
      return {
        score: visible.reduce((sum, cause) => sum + cause.severity, 0),
        chance: 0,
        tier: 'Low',
        lost: item.lost,
      };
    }),
  );
  return {
    defaults: summarize(heldOut, DEFAULT_RISK_CONFIG),
    fitted: summarize(scoreCases(heldOutEvents, accounts, fit.config, HORIZON_DAYS), fit.config),
    ceiling,
    renewals: heldOut.length,
  };
}

export function backtestRows(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const seed of SEEDS) {
    const { defaults, fitted, ceiling, renewals } = heldOutFigures(seed);
    const tag = `history seed ${seed}${seed === 42 ? ' (demo)' : ''}, ${renewals} held-out renewals`;
    const ceilingBaseline = { name: 'AUC of the planted causes visible by the horizon', value: round(ceiling ?? 0, 3) };
    rows.push(
      {
        name: `${tag}: AUC, shipped defaults`,
        value: round(defaults.auc ?? 0, 3),
        unit: '',
        baseline: ceilingBaseline,
        aim: '≥ 0.80',
      },
      {
        name: `${tag}: AUC, fitted`,
        value: round(fitted.auc ?? 0, 3),
        unit: '',
        baseline: ceilingBaseline,
        aim: '≥ 0.85',
      },
      {
        name: `${tag}: Brier, shipped defaults`,
        value: round(defaults.brier ?? 1, 4),
        unit: '',
        baseline: { name: 'base-rate predictor', value: round(defaults.baseRateBrier ?? 0, 4) },
        aim: '< base rate',
      },
      {
        name: `${tag}: Brier, fitted`,
        value: round(fitted.brier ?? 1, 4),
        unit: '',
        baseline: { name: 'base-rate predictor', value: round(fitted.baseRateBrier ?? 0, 4) },
        aim: '< base rate',
      },
      {
        name: `${tag}: riskiest decile lift, fitted`,
        value: round(fitted.topDecileLift ?? 0, 2),
        unit: '×',
      },
    );
  }
  return rows;
}

/** The named demo plans (seed 42, the demo's) through the real sync and scoring on a local org. */
export async function demoPlanRows(): Promise<BenchRow[]> {
  const dataset = generateDataset({ seed: 42, endMonth: END_MONTH, asOf: '2026-11-01' });
  const org = await startLocalOrg({ seed: 5, preload: DEFAULT_FORCE_APP_DIR });
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-risk-demo-'));
  try {
    const conn = connect(org);
    const feeds = await writeFeeds(dataset, dir);
    await seedOrg(conn, dataset);
    const orgConn = conn as unknown as OrgConnection;
    await runSync(orgConn, {
      eligibilityFile: feeds.eligibility,
      visitsFile: feeds.visits,
      rejectFile: path.join(dir, 'rejects.csv'),
      failuresFile: path.join(dir, 'failures.csv'),
    });
    const result = await scoreRenewalRisk(orgConn, { asOf: dataset.asOf, dryRun: true });
    return dataset.plans.map((plan) => {
      const summary = result.assessments.find((entry) => entry.healthPlanId === plan.healthPlanId);
      return {
        name: `demo ${plan.healthPlanId} ${plan.scenario}: score (tier ${summary?.tier ?? 'none'})`,
        value: summary?.score ?? -1,
        unit: '',
        aim: plan.scenario === 'healthy' ? 'Low' : 'High or Critical',
      };
    });
  } finally {
    await org.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
