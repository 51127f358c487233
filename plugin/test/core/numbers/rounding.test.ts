import { expect } from 'chai';
import fc from 'fast-check';
import { roundHalfUp, roundRatioHalfUp } from '../../../src/core/numbers/rounding.js';

describe('half-up rounding on the decimal value', () => {
  it('rounds ties up where Math.round on the binary value rounds them down', () => {
    // 179 / 40 = 4.475 exactly: the tie goes up to 4.48 (Math.round(447.49999…) gives 4.47).
    expect(roundRatioHalfUp(179, 40, 2)).to.equal(4.48);
    expect(roundHalfUp(179 / 40, 2)).to.equal(4.48);
    expect(roundHalfUp(1.005, 2)).to.equal(1.01);
    expect(roundHalfUp(3 * 1.335, 2)).to.equal(4.01); // 4.005
    expect(roundHalfUp(5 * 2.001, 2)).to.equal(10.01); // 10.005, held as 10.004999999999999
  });

  it('rounds ties away from zero, as Salesforce ROUND does', () => {
    expect(roundHalfUp(2.5, 0)).to.equal(3);
    expect(roundHalfUp(-2.5, 0)).to.equal(-3);
    expect(roundHalfUp(-0.05, 1)).to.equal(-0.1);
    expect(roundRatioHalfUp(-179, 40, 2)).to.equal(-4.48);
    expect(roundHalfUp(-0.04, 1)).to.equal(0);
  });

  it('rounds non-ties to the nearest', () => {
    expect(roundRatioHalfUp(1, 3, 2)).to.equal(0.33);
    expect(roundRatioHalfUp(2, 3, 2)).to.equal(0.67);
    expect(roundHalfUp(0.1 + 0.2, 2)).to.equal(0.3);
    expect(roundHalfUp(123_456_789.125, 2)).to.equal(123_456_789.13);
  });

  it('agrees with integer half-up on every decimal with one digit more than kept', () => {
    // n / 10^(d+1) kept at d decimals: drop the last digit of n, add one when it is 5 or more.
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), (n, d) => {
        const size = Math.abs(n);
        const kept = Math.floor(size / 10) + (size % 10 >= 5 ? 1 : 0);
        const expected = (n < 0 && kept !== 0 ? -kept : kept) / 10 ** d;
        expect(roundHalfUp(n / 10 ** (d + 1), d), `${n} / 10^${d + 1}`).to.equal(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds ratios of integers exactly, as long division does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (n, d) => {
        // Hundredths by long division: q = floor(100n / d), then up when the remainder is at least half of d.
        const q = Math.floor((100 * n) / d);
        const remainder = 100 * n - q * d;
        const expected = (q + (2 * remainder >= d ? 1 : 0)) / 100;
        expect(roundRatioHalfUp(n, d, 2), `${n} / ${d}`).to.equal(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
