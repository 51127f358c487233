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
};

/**
 * Weighted mean of the badnesses of the factors that had data, scaled to 0–100. Factors left out
 * for lack of data do not count in the weights: the others are renormalised to fill the scale.
 */
export function combine(factors: FactorBadness[]): Combined | null {
  const totalWeight = factors.reduce((sum, entry) => sum + entry.factor.weight, 0);
  if (totalWeight <= 0) return null;
  const exact = factors.map((entry) => (100 * entry.factor.weight * entry.badness) / totalWeight);
  const tenths = roundPreservingSum(exact.map((value) => value * 10));
  return {
    score: tenths.reduce((sum, value) => sum + value, 0) / 10,
    contributions: tenths.map((value) => value / 10),
    exact,
  };
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
