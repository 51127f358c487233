/**
 * The logistic combination with a base rate of 0.5 (log-odds 0), where the arithmetic is short:
 * added log-odds ln 3 give p = 1 / (1 + 1/3) = 0.75, so the score is 100 × (0.75 − 0.5) / 0.5 = 50,
 * shared out in proportion to each factor's weight × badness.
 */
import { expect } from 'chai';
import { combine } from '../../../../src/core/risk/model/combine.js';
import type { FactorConfig } from '../../../../src/core/risk/model/index.js';

const factor = (weight: number): FactorConfig => ({ weight }) as FactorConfig;
const LN3 = Math.log(3);

describe('risk combination', () => {
  it('rounds contributions to tenths by largest remainder, so they add up to the score', () => {
    // Shares 0.7123 and 0.2877 of 50: 35.615 and 14.385, i.e. 356.15 and 143.85 tenths. Floors 356 + 143 = 499
    // of 500: the one tenth left goes to the larger remainder (.85), so 35.6 and 14.4.
    const result = combine(
      [
        { factor: factor(0.7123 * LN3), badness: 1 },
        { factor: factor(0.2877 * LN3), badness: 1 },
      ],
      0.5,
    )!;
    expect(result.score).to.equal(50);
    expect(result.contributions).to.deep.equal([35.6, 14.4]);
    expect(result.nonRenewal).to.be.closeTo(0.75, 1e-12);
  });

  it('gives tied remainders to the factors listed first', () => {
    // Three equal shares of 50: 166.67 tenths each; floors 498 of 500, the 2 left go to the first two.
    const result = combine(
      [0, 1, 2].map(() => ({ factor: factor(LN3 / 3), badness: 1 })),
      0.5,
    )!;
    expect(result.contributions).to.deep.equal([16.7, 16.7, 16.6]);
  });

  it('has no score when no factor carries weight', () => {
    expect(combine([{ factor: factor(0), badness: 1 }], 0.5)).to.equal(null);
  });
});
