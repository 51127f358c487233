/**
 * Fits the factor weights and the base rate from renewal outcomes: logistic regression of
 * "not renewed" on each factor's badness, weights held at 0 or more (a factor can only add risk)
 * and shrunk towards 0 by an L2 penalty. The penalty and each factor's bad threshold (its distance
 * from the good one stretched or shrunk) are chosen on the latest quarter of the training renewals,
 * fitting on the rest: a threshold moves only where the data says it predicts better.
 */
import { badness, type FactorConfig, type RiskConfig, type Tier } from '../model/index.js';
import type { BacktestCase } from './evaluate.js';
import { LEFT_OUT } from './asOfInput.js';

/** The modelled chance of not renewing at which each tier starts. */
export const TIER_CHANCES: Record<Exclude<Tier, 'Low'>, number> = { Moderate: 0.2, High: 0.4, Critical: 0.7 };

/** Penalties tried, from almost none to strong shrinkage. */
export const PENALTIES = [0.1, 0.3, 1, 3, 10, 30];

export type Example = { x: number[]; lost: boolean };
export type Coefficients = { intercept: number; weights: number[] };

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

/** Stretches of a factor's good-to-bad distance tried for its bad threshold. */
export const THRESHOLD_STRETCHES = [0.5, 0.75, 1, 1.5, 2, 3];

/** Each factor's badness as of the horizon under `factors`' thresholds (0 when it had no data). */
export function examples(cases: BacktestCase[], factors: FactorConfig[]): Example[] {
  return cases
    .filter((item) => item.assessment.score !== null)
    .map((item) => {
      const measured = new Map(item.assessment.drivers.map((driver) => [driver.factor, driver.measure]));
      return {
        x: factors.map((factor) => {
          const measure = measured.get(factor.key);
          return measure === undefined ? 0 : badness(measure, factor.good, factor.bad);
        }),
        lost: item.lost,
      };
    });
}

/**
 * Minimises −log-likelihood + penalty/2 × Σ weight² with weights ≥ 0, by cyclic coordinate
 * Newton steps clamped at 0 (the intercept is neither penalised nor clamped).
 */
export function fitLogistic(data: Example[], penalty: number, sweeps = 300): Coefficients {
  const k = data[0]?.x.length ?? 0;
  const lost = data.filter((item) => item.lost).length;
  const rate = Math.min(0.99, Math.max(0.01, lost / Math.max(1, data.length)));
  let intercept = Math.log(rate / (1 - rate));
  const weights = new Array<number>(k).fill(0);
  const eta = data.map(() => intercept);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let moved = 0;
    for (let j = -1; j < k; j++) {
      let gradient = j < 0 ? 0 : penalty * weights[j];
      let curvature = j < 0 ? 1e-9 : penalty;
      data.forEach((item, i) => {
        const p = sigmoid(eta[i]);
        const x = j < 0 ? 1 : item.x[j];
        gradient += (p - (item.lost ? 1 : 0)) * x;
        curvature += p * (1 - p) * x * x;
      });
      const old = j < 0 ? intercept : weights[j];
      const next = j < 0 ? old - gradient / curvature : Math.max(0, old - gradient / curvature);
      const step = next - old;
      if (step === 0) continue;
      if (j < 0) intercept = next;
      else weights[j] = next;
      data.forEach((item, i) => (eta[i] += step * (j < 0 ? 1 : item.x[j])));
      moved = Math.max(moved, Math.abs(step));
    }
    if (moved < 1e-7) break;
  }
  return { intercept, weights };
}

export function logLoss(data: Example[], coefficients: Coefficients): number {
  let total = 0;
  for (const item of data) {
    const eta = coefficients.intercept + item.x.reduce((sum, x, j) => sum + x * coefficients.weights[j], 0);
    const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(eta)));
    total -= item.lost ? Math.log(p) : Math.log(1 - p);
  }
  return total / Math.max(1, data.length);
}

/** Log-loss on the latest quarter of `train` when fitted on the rest. */
function validationLoss(train: Example[], penalty: number): number {
  const cut = Math.floor(train.length * 0.75);
  return logLoss(train.slice(cut), fitLogistic(train.slice(0, cut), penalty));
}

/** The penalty with the lowest validation log-loss. */
export function choosePenalty(train: Example[]): number {
  let best = PENALTIES[0];
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const penalty of PENALTIES) {
    const loss = validationLoss(train, penalty);
    if (loss < bestLoss) {
      best = penalty;
      bestLoss = loss;
    }
  }
  return best;
}

const stretched = (factor: FactorConfig, stretch: number): FactorConfig => ({
  ...factor,
  bad: Math.round((factor.good + (factor.bad - factor.good) * stretch) * 10_000) / 10_000,
});

/** One pass over the factors: each takes the bad threshold with the lowest validation log-loss, the others held. */
function chooseThresholds(train: BacktestCase[], factors: FactorConfig[], penalty: number): FactorConfig[] {
  const chosen = [...factors];
  factors.forEach((factor, index) => {
    let bestLoss = Number.POSITIVE_INFINITY;
    for (const stretch of THRESHOLD_STRETCHES) {
      const trial = [...chosen];
      trial[index] = stretched(factor, stretch);
      const loss = validationLoss(examples(train, trial), penalty);
      // Ties keep the shipped threshold (stretch 1 comes before the wider ones).
      if (loss < bestLoss - 1e-9) {
        bestLoss = loss;
        chosen[index] = trial[index];
      }
    }
  });
  return chosen;
}

/**
 * Score cut-offs where the modelled chance of not renewing reaches each tier's chance. A chance at
 * or below the base rate is reached at once: that tier starts 0.1 above the one before, so the
 * cut-offs still rise.
 */
export function tierCutoffs(baseRate: number): RiskConfig['tiers'] {
  const at = (chance: number, above: number): number =>
    Math.max(Math.round(above * 10 + 1) / 10, Math.round((1000 * (chance - baseRate)) / (1 - baseRate)) / 10);
  const moderate = at(TIER_CHANCES.Moderate, 0);
  const high = at(TIER_CHANCES.High, moderate);
  return { moderate, high, critical: at(TIER_CHANCES.Critical, high) };
}

export type FitResult = { config: RiskConfig; penalty: number; fitted: string[] };

/** A config with fitted weights, bad thresholds and base rate; the labels, plays and left-out factors of `config`. */
export function fitConfig(train: BacktestCase[], config: RiskConfig): FitResult {
  const sorted = [...train].sort((a, b) => a.endDate.localeCompare(b.endDate));
  const start = config.factors.filter((factor) => !(factor.key in LEFT_OUT));
  const fitted = start.map((factor) => factor.key);
  const penalty = choosePenalty(examples(sorted, start));
  const factors = chooseThresholds(sorted, start, penalty);
  const { intercept, weights } = fitLogistic(examples(sorted, factors), penalty);
  // Stored as Weight__c (2 decimals) and Base_Rate__c (4): round first, so what is tested is what is written.
  const baseRate = Math.min(0.9999, Math.max(0.0001, Math.round(sigmoid(intercept) * 10_000) / 10_000));
  const weightOf = new Map(fitted.map((key, index) => [key, Math.round(weights[index] * 100) / 100]));
  return {
    penalty,
    fitted,
    config: {
      factors: config.factors.map((factor) => {
        const index = fitted.indexOf(factor.key);
        return index < 0 ? factor : { ...factors[index], weight: weightOf.get(factor.key) ?? factor.weight };
      }),
      tiers: tierCutoffs(baseRate),
      baseRate,
    },
  };
}
