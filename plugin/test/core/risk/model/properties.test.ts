import { expect } from 'chai';
import fc from 'fast-check';
import {
  DEFAULT_RISK_CONFIG,
  badness,
  combine,
  scoreAccount,
  validateRiskConfig,
  type FactorConfig,
} from '../../../../src/core/risk/model/index.js';
import { accountInput, riskConfig } from '../arbitraries.js';
import { healthyAccount } from '../fixtures.js';

const tenths = (value: number): number => Math.round(value * 10);
const factor = (weight: number, key = 'F'): FactorConfig => ({ key, label: key, weight, good: 0, bad: 1, play: '' });

describe('risk model properties', () => {
  it('the default config is valid', () => {
    expect(validateRiskConfig(DEFAULT_RISK_CONFIG)).to.deep.equal([]);
  });

  it('score is within [0, 100] and its tier matches the cut-offs, for any input and config', () => {
    fc.assert(
      fc.property(accountInput, riskConfig, (input, config) => {
        const result = scoreAccount(input, config);
        if (result.score === null) return result.drivers.length === 0;
        expect(result.score).to.be.within(0, 100);
        const { moderate, high, critical } = config.tiers;
        const tier =
          result.score >= critical
            ? 'Critical'
            : result.score >= high
              ? 'High'
              : result.score >= moderate
                ? 'Moderate'
                : 'Low';
        expect(result.tier).to.equal(tier);
        for (const driver of result.drivers) expect(driver.badness).to.be.within(0, 1);
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('contributions add up to the score exactly, for any input and config', () => {
    fc.assert(
      fc.property(accountInput, riskConfig, (input, config) => {
        const result = scoreAccount(input, config);
        const sum = result.drivers.reduce((total, driver) => total + tenths(driver.contribution), 0);
        expect(sum).to.equal(tenths(result.score ?? 0));
      }),
      { numRuns: 300 },
    );
  });

  it('every factor the config names is either a driver or listed as missing, never silently dropped', () => {
    fc.assert(
      fc.property(accountInput, riskConfig, (input, config) => {
        const result = scoreAccount(input, config);
        const accounted = [
          ...result.drivers.map((driver) => driver.factor),
          ...result.missing.map((entry) => entry.factor),
        ].sort();
        const weighted = config.factors
          .filter((entry) => entry.weight > 0)
          .map((entry) => entry.key)
          .sort();
        expect(accounted).to.deep.equal(weighted);
      }),
      { numRuns: 200 },
    );
  });

  it('score never falls when any one factor gets worse', () => {
    const weights = fc.array(fc.double({ min: 0.01, max: 20, noNaN: true }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        weights.chain((ws) =>
          fc.tuple(
            fc.constant(ws),
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: ws.length, maxLength: ws.length }),
            fc.nat(ws.length - 1),
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0.001, max: 0.6, noNaN: true }),
          ),
        ),
        ([ws, badnesses, which, worse, baseRate]) => {
          const factors = ws.map((weight, index) => ({
            factor: factor(weight, `F${index}`),
            badness: badnesses[index],
          }));
          const before = combine(factors, baseRate)!;
          const raised = factors.map((entry, index) =>
            index === which ? { ...entry, badness: Math.max(entry.badness, worse) } : entry,
          );
          const after = combine(raised, baseRate)!;
          expect(after.score).to.be.at.least(before.score);
          // Unrounded contributions may differ in the last bits of a double.
          expect(after.exact[which]).to.be.at.least(before.exact[which] - 1e-9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('badness is monotone in the value, from good (0) to bad (1), in either direction', () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(finite, finite, finite, finite, (good, bad, a, b) => {
        fc.pre(good !== bad);
        const [low, high] = a <= b ? [a, b] : [b, a];
        const towardsBad = bad > good;
        const [nearGood, nearBad] = towardsBad ? [low, high] : [high, low];
        expect(badness(nearGood, good, bad)).to.be.at.most(badness(nearBad, good, bad));
        expect(badness(good, good, bad)).to.equal(0);
        expect(badness(bad, good, bad)).to.equal(1);
      }),
      { numRuns: 500 },
    );
  });

  it('a factor with no data adds nothing: the score is the same as with that factor healthy', () => {
    const weights = fc.array(fc.double({ min: 0.01, max: 20, noNaN: true }), { minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(
        weights.chain((ws) =>
          fc.tuple(
            fc.constant(ws),
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: ws.length, maxLength: ws.length }),
            fc.nat(ws.length - 1),
            fc.double({ min: 0.001, max: 0.6, noNaN: true }),
          ),
        ),
        ([ws, badnesses, dropped, baseRate]) => {
          const factors = ws.map((weight, index) => ({
            factor: factor(weight, `F${index}`),
            badness: badnesses[index],
          }));
          const healthy = combine(
            factors.map((entry, index) => (index === dropped ? { ...entry, badness: 0 } : entry)),
            baseRate,
          )!;
          const without = combine(
            factors.filter((_, index) => index !== dropped),
            baseRate,
          )!;
          expect(without.score).to.equal(healthy.score);
          expect(without.nonRenewal).to.equal(healthy.nonRenewal);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the chance of not renewing is the base rate at score 0 and rises with the score', () => {
    fc.assert(
      fc.property(accountInput, riskConfig, (input, config) => {
        const result = scoreAccount(input, config);
        if (result.score === null) return;
        const renewed = Math.round(100 * (1 - config.baseRate));
        if (result.score === 0) expect(result.renewalPercent).to.equal(renewed);
        else expect(result.renewalPercent).to.be.at.most(renewed);
      }),
      { numRuns: 200 },
    );
  });

  it("an account that loses one factor's data keeps the other factors' badness and contributions' log-odds", () => {
    const input = healthyAccount();
    input.stakeholders[0].sentiment = 'Skeptic';
    input.snapshots = input.snapshots.map((row) => ({ ...row, averageRating: 4 }));
    const full = scoreAccount(input, DEFAULT_RISK_CONFIG);
    input.plan!.targetRating = null;
    const partial = scoreAccount(input, DEFAULT_RISK_CONFIG);
    const rating = partial.drivers.find((driver) => driver.factor === 'Rating_Vs_Target')!;
    // Without its target the rating is compared with the plan's own 12-month average (4 = 4): no risk.
    expect(rating.target).to.equal(null);
    expect(rating.badness).to.equal(0);
    expect(rating.sentence).to.contain(
      "the plan's own 12-month average of 4 (the Active account plan has no rating target)",
    );
    const others = full.drivers.filter((driver) => driver.factor !== 'Rating_Vs_Target');
    expect(
      partial.drivers
        .filter((driver) => driver.factor !== 'Rating_Vs_Target')
        .map((driver) => [driver.factor, driver.badness]),
    ).to.have.deep.members(others.map((driver) => [driver.factor, driver.badness]));
    expect(partial.score).to.be.below(full.score!);
  });
});
