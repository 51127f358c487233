import { expect } from 'chai';
import {
  auc,
  baseRateBrier,
  brier,
  calibrationBins,
  rocCurve,
  tierOutcomes,
  topDecileLift,
  type Scored,
} from '../../../../src/core/risk/backtest/metrics.js';

/** Six renewals; the score doubles as the modelled chance so the arithmetic stays short. */
const ITEMS: Scored[] = [
  { score: 0.9, chance: 0.9, tier: 'Critical', lost: true },
  { score: 0.8, chance: 0.8, tier: 'Critical', lost: false },
  { score: 0.7, chance: 0.7, tier: 'High', lost: true },
  { score: 0.3, chance: 0.3, tier: 'Moderate', lost: false },
  { score: 0.3, chance: 0.3, tier: 'Moderate', lost: true },
  { score: 0.1, chance: 0.1, tier: 'Low', lost: false },
];

describe('backtest metrics (worked by hand)', () => {
  it('AUC counts each lost-kept pair, ties as half', () => {
    // 3 × 3 pairs. Lost 0.9 beats 3; 0.7 beats 0.3 and 0.1 (2); 0.3 ties 0.3 (½) and beats 0.1 (1): 6.5 / 9.
    expect(auc(ITEMS)).to.be.closeTo(6.5 / 9, 1e-12);
    expect(auc(ITEMS.filter((item) => item.lost))).to.equal(null);
  });

  it('Brier score and the base-rate predictor', () => {
    // (0.1² + 0.8² + 0.3² + 0.3² + 0.7² + 0.1²) / 6 = 1.33 / 6; base rate ½ → ½ × ½.
    expect(brier(ITEMS)).to.be.closeTo(1.33 / 6, 1e-12);
    expect(baseRateBrier(ITEMS)).to.equal(0.25);
  });

  it('lift of the riskiest tenth (at least one renewal)', () => {
    // ceil(6 / 10) = 1 renewal, lost: rate 1 against ½ overall.
    expect(topDecileLift(ITEMS)).to.equal(2);
    expect(topDecileLift(ITEMS.filter((item) => !item.lost))).to.equal(null);
  });

  it('non-renewal rate by tier', () => {
    expect(tierOutcomes(ITEMS)).to.deep.equal([
      { tier: 'Low', renewals: 1, lost: 0, lostRate: 0 },
      { tier: 'Moderate', renewals: 2, lost: 1, lostRate: 0.5 },
      { tier: 'High', renewals: 1, lost: 1, lostRate: 1 },
      { tier: 'Critical', renewals: 2, lost: 1, lostRate: 0.5 },
    ]);
    expect(tierOutcomes([])[0]).to.deep.equal({ tier: 'Low', renewals: 0, lost: 0, lostRate: null });
  });

  it('ROC curve: one point per distinct score, riskiest first', () => {
    const third = 1 / 3;
    const points = rocCurve(ITEMS).map((point) => [point.falsePositiveRate, point.truePositiveRate]);
    const expected = [
      [0, 0],
      [0, third],
      [third, third],
      [third, 2 * third],
      [2 * third, 1],
      [1, 1],
    ];
    expect(points).to.have.length(expected.length);
    points.forEach(([x, y], index) => {
      expect(x).to.be.closeTo(expected[index][0], 1e-12);
      expect(y).to.be.closeTo(expected[index][1], 1e-12);
    });
  });

  it('calibration: equal groups by modelled chance, predicted against observed', () => {
    // Sorted by chance: 0.1 kept, 0.3 kept, 0.3 lost | 0.7 lost, 0.8 kept, 0.9 lost → pairs.
    const bins = calibrationBins(ITEMS, 3);
    expect(bins.map((bin) => bin.renewals)).to.deep.equal([2, 2, 2]);
    expect(bins[0].meanChance).to.be.closeTo(0.2, 1e-12);
    expect(bins[1].meanChance).to.be.closeTo(0.5, 1e-12);
    expect(bins[2].meanChance).to.be.closeTo(0.85, 1e-12);
    expect(bins.map((bin) => bin.lostRate)).to.deep.equal([0, 1, 0.5]);
  });
});
