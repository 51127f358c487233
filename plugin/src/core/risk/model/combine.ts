import { roundHalfUp } from '../../numbers/rounding.js';
import { badness } from './thresholds.js';
import type { FactorConfig } from './types.js';

export type FactorBadness = { factor: FactorConfig; badness: number };

export type Combined = {
  /** Score rounded to one decimal. */
  score: number;
  /** Contributions rounded to one decimal, in input order; they add up to `score` exactly. */
  contributions: number[];
  /** Unrounded contributions, in input order. */
  exact: number[];
  /** Modelled chance that the plan does not renew, 0–1. */
  nonRenewal: number;
};

const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Logistic combination. Each factor adds `weight × badness` to the log-odds of not renewing, on
 * top of the log-odds of `baseRate` (a plan where nothing is wrong). The score is that chance
 * rescaled so a plan where nothing is wrong scores 0 and certain loss scores 100:
 * `100 × (p − baseRate) / (1 − baseRate)`, which keeps it a straight line in the probability.
 * Each factor's share of the score is its share of the added log-odds, so contributions add up
 * to the score. A factor without data adds nothing.
 */
export function combine(factors: FactorBadness[], baseRate: number): Combined | null {
  if (!factors.some((entry) => entry.factor.weight > 0)) return null;
  const logOdds = factors.map((entry) => entry.factor.weight * entry.badness);
  const added = logOdds.reduce((sum, value) => sum + value, 0);
  const nonRenewal = sigmoid(logit(baseRate) + added);
  // Clamped: for a tiny sum, rounding in the logistic can land a hair below the base rate.
  const exactScore = Math.max(0, (100 * (nonRenewal - baseRate)) / (1 - baseRate));
  const exact = logOdds.map((value) => (added > 0 ? (exactScore * value) / added : 0));
  const tenths = roundPreservingSum(exact.map((value) => value * 10));
  return {
    score: tenths.reduce((sum, value) => sum + value, 0) / 10,
    contributions: tenths.map((value) => value / 10),
    exact,
    nonRenewal,
  };
}

/** The modelled chance of not renewing for a score: the inverse of the rescaling in `combine`. */
export function nonRenewalForScore(score: number, baseRate: number): number {
  return baseRate + ((1 - baseRate) * score) / 100;
}

/** Rounds each part to an integer so that the parts add up to the rounded total (largest remainder). */
function roundPreservingSum(parts: number[]): number[] {
  const total = roundHalfUp(
    parts.reduce((sum, value) => sum + value, 0),
    0,
  );
  const floors = parts.map((value) => Math.floor(value));
  let remaining = total - floors.reduce((sum, value) => sum + value, 0);
  const order = parts
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (remaining <= 0) break;
    floors[index] += 1;
    remaining -= 1;
  }
  return floors;
}

export function factorBadness(factor: FactorConfig, value: number): FactorBadness {
  return { factor, badness: badness(value, factor.good, factor.bad) };
}
