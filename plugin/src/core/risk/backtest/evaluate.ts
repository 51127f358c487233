/** Scores every renewal as of its horizon and sums up how the scores did. */
import { nonRenewalForScore, scoreAccount, type RiskAssessment, type RiskConfig, type Tier } from '../model/index.js';
import { asOfDate, inputAsOf, LEFT_OUT, type AccountHistory } from './asOfInput.js';
import {
  auc,
  baseRateBrier,
  brier,
  calibrationBins,
  lostRate,
  rocCurve,
  tierOutcomes,
  topDecileLift,
  type CalibrationBin,
  type RocPoint,
  type Scored,
  type TierOutcome,
} from './metrics.js';
import type { RenewalEvent } from './renewals.js';

export type BacktestAccount = { accountId: string; healthPlanId: string; name: string; history: AccountHistory };

export type BacktestCase = {
  accountId: string;
  account: BacktestAccount;
  healthPlanId: string;
  accountName: string;
  endDate: string;
  asOf: string;
  lost: boolean;
  lostLines: string[];
  assessment: RiskAssessment;
};

export type Miss = {
  healthPlanId: string;
  accountName: string;
  endDate: string;
  asOf: string;
  outcome: 'renewed' | 'not renewed';
  score: number;
  tier: Tier;
  /** Modelled chance of not renewing, 0–1. */
  chance: number;
  drivers: Array<{ label: string; contribution: number; sentence: string }>;
};

export type BacktestSummary = {
  renewals: number;
  lost: number;
  lostRate: number;
  auc: number | null;
  brier: number | null;
  baseRateBrier: number | null;
  topDecileLift: number | null;
  tiers: TierOutcome[];
  worstMisses: Miss[];
  roc: RocPoint[];
  calibration: CalibrationBin[];
  /** Renewals where no factor had data as of the horizon. */
  notScored: number;
  leftOut: Array<{ factor: string; reason: string }>;
};

export const WORST_MISSES = 10;

export function scoreCases(
  events: RenewalEvent[],
  accounts: Map<string, BacktestAccount>,
  config: RiskConfig,
  horizonDays: number,
): BacktestCase[] {
  // Factors that cannot be scored without leaking are switched off, so they add nothing.
  const honest: RiskConfig = {
    ...config,
    factors: config.factors.map((factor) => (factor.key in LEFT_OUT ? { ...factor, weight: 0 } : factor)),
  };
  const cases: BacktestCase[] = [];
  for (const event of events) {
    const account = accounts.get(event.accountId);
    if (!account) continue;
    const asOf = asOfDate(event.endDate, horizonDays);
    cases.push({
      accountId: event.accountId,
      account,
      healthPlanId: account.healthPlanId,
      accountName: account.name,
      endDate: event.endDate,
      asOf,
      lost: !event.renewed,
      lostLines: event.lostLines,
      assessment: scoreAccount(inputAsOf(account.history, asOf), honest),
    });
  }
  return cases;
}

export function toScored(cases: BacktestCase[], config: RiskConfig): Array<Scored & { item: BacktestCase }> {
  return cases.flatMap((item) => {
    const { score, tier } = item.assessment;
    if (score === null || tier === null) return [];
    return [{ score, tier, chance: nonRenewalForScore(score, config.baseRate), lost: item.lost, item }];
  });
}

export function summarize(cases: BacktestCase[], config: RiskConfig): BacktestSummary {
  const scored = toScored(cases, config);
  const lost = scored.filter((entry) => entry.lost).length;
  const worstMisses = [...scored]
    .sort((a, b) => Math.abs(b.chance - Number(b.lost)) - Math.abs(a.chance - Number(a.lost)) || b.score - a.score)
    .slice(0, WORST_MISSES)
    .map((entry): Miss => ({
      healthPlanId: entry.item.healthPlanId,
      accountName: entry.item.accountName,
      endDate: entry.item.endDate,
      asOf: entry.item.asOf,
      outcome: entry.lost ? 'not renewed' : 'renewed',
      score: entry.score,
      tier: entry.tier,
      chance: entry.chance,
      drivers: entry.item.assessment.drivers
        .slice(0, 3)
        .map((driver) => ({ label: driver.label, contribution: driver.contribution, sentence: driver.sentence })),
    }));
  return {
    renewals: scored.length,
    lost,
    lostRate: lostRate(scored),
    auc: auc(scored),
    brier: scored.length ? brier(scored) : null,
    baseRateBrier: scored.length ? baseRateBrier(scored) : null,
    topDecileLift: topDecileLift(scored),
    tiers: tierOutcomes(scored),
    worstMisses,
    roc: rocCurve(scored),
    calibration: calibrationBins(scored),
    notScored: cases.length - scored.length,
    leftOut: Object.entries(LEFT_OUT).map(([factor, reason]) => ({ factor, reason })),
  };
}
