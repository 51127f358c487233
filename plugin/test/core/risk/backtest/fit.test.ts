import { expect } from 'chai';
import { fitLogistic, tierCutoffs, type Example } from '../../../../src/core/risk/backtest/fit.js';

/** A seeded stream of uniform numbers (mulberry32), so the simulated renewals are the same every run. */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d_2b_79_f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Renewals drawn from a known logistic model: the truth the fit must find. */
function simulate(count: number, intercept: number, weights: number[]): Example[] {
  const next = uniform(7);
  return Array.from({ length: count }, () => {
    const x = weights.map(() => (next() < 0.3 ? next() : 0));
    const eta = intercept + x.reduce((sum, value, j) => sum + value * weights[j], 0);
    return { x, lost: next() < 1 / (1 + Math.exp(-eta)) };
  });
}

describe('risk fit', () => {
  it('recovers the weights and intercept renewals were drawn from', () => {
    const fitted = fitLogistic(simulate(20_000, -2, [3, 0, 1.5]), 0.01);
    expect(fitted.intercept).to.be.closeTo(-2, 0.1);
    expect(fitted.weights[0]).to.be.closeTo(3, 0.25);
    expect(fitted.weights[1]).to.be.closeTo(0, 0.25);
    expect(fitted.weights[2]).to.be.closeTo(1.5, 0.25);
  });

  it('holds a weight at exactly 0 where the factor goes with renewing', () => {
    const fitted = fitLogistic(simulate(5000, -1, [2, -2]), 0.01);
    expect(fitted.weights[1]).to.equal(0);
    expect(fitted.weights[0]).to.be.above(1);
  });

  it('shrinks weights towards 0 as the penalty grows', () => {
    const data = simulate(2000, -2, [3, 1.5]);
    const light = fitLogistic(data, 0.1);
    const heavy = fitLogistic(data, 100);
    expect(heavy.weights[0]).to.be.below(light.weights[0]);
    expect(heavy.weights[1]).to.be.below(light.weights[1]);
  });

  it('cuts tiers where the modelled chance reaches 20%, 40% and 70%', () => {
    // 100 × (0.2 − 0.05) / 0.95 = 15.79; (0.4 − 0.05) / 0.95 = 36.84; (0.7 − 0.05) / 0.95 = 68.42.
    expect(tierCutoffs(0.05)).to.deep.equal({ moderate: 15.8, high: 36.8, critical: 68.4 });
    // Base rate 0.5: 20% and 40% are below it, so Moderate starts at 0.1 and High at 0.2;
    // Critical at 100 × (0.7 − 0.5) / 0.5 = 40.
    expect(tierCutoffs(0.5)).to.deep.equal({ moderate: 0.1, high: 0.2, critical: 40 });
  });
});
