/**
 * Golden numbers: scores, tiers, contributions and sentences worked out by hand (a calculator for
 * the logarithms), never by the model. The arithmetic is in the comments.
 *
 * Shipped defaults: base rate 0.05, so the base log-odds are ln(0.05 / 0.95) = −2.944439.
 * Score = 100 × (p − 0.05) / 0.95 with p = 1 / (1 + e^−(−2.944439 + Σ weight × badness)).
 * Tiers: Moderate 15.8, High 36.8, Critical 68.4.
 */
import { expect } from 'chai';
import {
  DEFAULT_RISK_CONFIG,
  scoreAccount,
  validateRiskConfig,
  type AccountRiskInput,
  type RiskAssessment,
  type RiskConfig,
} from '../../../../src/core/risk/model/index.js';
import { AS_OF, HEALTHY_MONTH, daysFrom, healthyAccount, snapshots } from '../fixtures.js';

const byFactor = (
  result: RiskAssessment,
): Record<string, { contribution: number; badness: number; sentence: string }> =>
  Object.fromEntries(
    result.drivers.map((driver) => [
      driver.factor,
      { contribution: driver.contribution, badness: driver.badness, sentence: driver.sentence },
    ]),
  );

/*
 * The healthy fixture, per month: 2 lines × (12,000 eligible, 2,400 registered, 60 visits, 30 rated
 * at 4.7, $25,000 savings). Contracts: 2 × (10,000 lives, $0.50 PMPM, $10 a visit), ending in 400 days.
 */
const HEALTHY_SENTENCES: Record<string, string> = {
  // 3 months: 360 visits / 72,000 member-months × 12,000 = 60, the same as the 3 before.
  Utilization_Trend: 'Visits per 1,000 held steady in the last 3 months, to 60 (from 60).',
  // 60 / target 60 = 100%.
  Utilization_Vs_Target: 'Visits per 1,000 were 60 in the last 3 months, 100% of the target of 60.',
  // Nov 2026: 4,800 / 24,000 = 20%; 20 / 18 = 111%.
  Registration_Vs_Target: '20% of eligible members were registered in Nov 2026, 111% of the target of 18%.',
  Registration_Trend: 'Registration held steady in the last 3 months, to 20% of eligible members (from 20%).',
  // 3 months × 60 ratings = 180; 4.7 − 4.5 = 0.2 above.
  Rating_Vs_Target: 'Visits were rated 4.7 on average in the last 3 months (180 ratings), 0.2 above the target of 4.5.',
  Rating_Trend: 'The average visit rating held steady in the last 3 months, to 4.7 (from 4.7).',
  // 12 × $50,000 = $600K = 120% of $500K. Fees: 12 months × 2 lines × (12,000 × $0.50 + 60 × $10)
  // = 24 × $6,600 = $158,400 → $158K; ROI 600,000 / 158,400 = 3.79 → 3.8.
  Cost_Savings_Vs_Target:
    'Cost savings were $600K over the last 12 months, 120% of the target of $500K. ROI was 3.8× the $158K in fees.',
  // High influence: Avery (Champion 1), Blake (Supporter 0.75).
  Relationship_Health:
    'All 2 High-influence stakeholders are Neutral or better; the last executive engagement was 10 days ago (Avery Stone).',
  Objectives_Off_Track: 'None of the 4 open objectives is off track, at risk or overdue.',
  // 2026-11-15 + 400 days = 2027-12-20 (365 days to 2027-11-15, 35 more).
  Days_To_Renewal: 'The Commercial contract (10,000 covered lives) renews in 400 days, on 2027-12-20.',
};

describe('risk model golden numbers (worked by hand)', () => {
  it('a healthy plan: score 0, Low, 95% renew, every contribution 0 and every sentence', () => {
    const result = scoreAccount(healthyAccount(), DEFAULT_RISK_CONFIG);
    expect(result.score).to.equal(0);
    expect(result.tier).to.equal('Low');
    // p = base rate 0.05: 95% renew.
    expect(result.renewalPercent).to.equal(95);
    expect(result.missing).to.deep.equal([]);
    const drivers = byFactor(result);
    expect(Object.keys(drivers).sort()).to.deep.equal(Object.keys(HEALTHY_SENTENCES).sort());
    for (const [factor, sentence] of Object.entries(HEALTHY_SENTENCES)) {
      expect(drivers[factor], factor).to.deep.equal({ contribution: 0, badness: 0, sentence });
    }
  });

  it('utilization exactly at the trend threshold: 77.6, Critical, 54.8 + 22.8', () => {
    const input = healthyAccount();
    input.snapshots = snapshots(AS_OF, (monthsAgo) =>
      monthsAgo < 3 ? { ...HEALTHY_MONTH, visitsPer1000: 45 } : HEALTHY_MONTH,
    );
    const result = scoreAccount(input, DEFAULT_RISK_CONFIG);
    /*
     * Trend: 45 / 60 − 1 = −0.25, exactly the bad threshold: badness 1, weight 3 → 3.
     * Vs target: 45 / 60 = 0.75; (0.75 − 1) / (0.6 − 1) = 0.625, weight 2 → 1.25.
     * Σ = 4.25; −2.944439 + 4.25 = 1.305561; p = 0.786769; score = 100 × 0.736769 / 0.95 = 77.5547.
     * Shares: 77.5547 × 3 / 4.25 = 54.7445, × 1.25 / 4.25 = 22.8102. In tenths 547.445 and 228.102
     * floor to 547 + 228 = 775, one short of 776: the larger remainder (trend) takes it → 54.8 + 22.8.
     * Renew: 1 − (0.05 + 0.95 × 0.776) = 21.28% → 21.
     */
    expect(result.score).to.equal(77.6);
    expect(result.tier).to.equal('Critical');
    expect(result.renewalPercent).to.equal(21);
    const drivers = byFactor(result);
    expect(drivers.Utilization_Trend).to.deep.equal({
      contribution: 54.8,
      badness: 1,
      sentence: 'Visits per 1,000 fell 25% in the last 3 months, to 45 (from 60).',
    });
    expect(drivers.Utilization_Vs_Target.contribution).to.equal(22.8);
    expect(drivers.Utilization_Vs_Target.badness).to.be.closeTo(0.625, 1e-12);
    expect(drivers.Utilization_Vs_Target.sentence).to.equal(
      'Visits per 1,000 were 45 in the last 3 months, 75% of the target of 60.',
    );
    expect(result.drivers.slice(0, 2).map((driver) => driver.factor)).to.deep.equal([
      'Utilization_Trend',
      'Utilization_Vs_Target',
    ]);
    // Rated visits: round(45 × 0.5) = 23 per line-month, × 2 lines × 3 months = 138.
    expect(drivers.Rating_Vs_Target.sentence).to.equal(
      'Visits were rated 4.7 on average in the last 3 months (138 ratings), 0.2 above the target of 4.5.',
    );
    // Fees: 2 lines × (9 × $6,600 + 3 × (6,000 + 450)) = $157,500 → $158K; ROI 600,000 / 157,500 = 3.81 → 3.8.
    expect(drivers.Cost_Savings_Vs_Target.sentence).to.equal(HEALTHY_SENTENCES.Cost_Savings_Vs_Target);
    expect(result.plays.map((play) => play.factor)).to.deep.equal(['Utilization_Trend', 'Utilization_Vs_Target']);
  });

  it('one factor at its bad threshold reaches High alone; good thresholds hit exactly count 0', () => {
    const input = healthyAccount();
    // Objectives: 2 of 4 Off Track → share (1 + 1 + 0 + 0) / 4 = 0.5, exactly the bad threshold.
    input.plan!.objectives = input.plan!.objectives.map((objective, index) =>
      index < 2 ? { ...objective, status: 'Off Track' } : objective,
    );
    // Renewal in exactly 365 days (the good threshold) and sentiment exactly 0.75 (its good threshold).
    input.contracts = input.contracts.map((contract) => ({ ...contract, endDate: daysFrom(AS_OF, 365) }));
    input.stakeholders = input.stakeholders.map((person) => ({ ...person, sentiment: 'Supporter' }));
    const result = scoreAccount(input, DEFAULT_RISK_CONFIG);
    /*
     * Σ = 3 × 1 = 3; −2.944439 + 3 = 0.055561; p = 0.513887; score = 100 × 0.463887 / 0.95 = 48.83 → 48.8.
     * 48.8 ≥ 36.8: High. Renew: 1 − (0.05 + 0.95 × 0.488) = 48.64% → 49.
     */
    expect(result.score).to.equal(48.8);
    expect(result.tier).to.equal('High');
    expect(result.renewalPercent).to.equal(49);
    const drivers = byFactor(result);
    expect(drivers.Objectives_Off_Track).to.deep.equal({
      contribution: 48.8,
      badness: 1,
      sentence:
        '2 of 4 open objectives are off track, at risk or overdue: Grow Medicare (Off Track), Launch behavioral health (Off Track).',
    });
    expect(drivers.Days_To_Renewal).to.deep.equal({
      contribution: 0,
      badness: 0,
      // 2026-11-15 + 365 days = 2027-11-15 (no 29 February in between).
      sentence: 'The Commercial contract (10,000 covered lives) renews in 365 days, on 2027-11-15.',
    });
    expect(drivers.Relationship_Health).to.deep.equal({
      contribution: 0,
      badness: 0,
      sentence:
        'All 2 High-influence stakeholders are Neutral or better; the last executive engagement was 10 days ago (Avery Stone).',
    });
  });

  it('scores exactly on each tier cut-off fall in the higher tier', () => {
    // One factor at badness 1 (utilization fell 25%), base rate 0.5 (log-odds 0), cut-offs 25 / 50 / 75.
    const input = healthyAccount();
    input.snapshots = snapshots(AS_OF, (monthsAgo) =>
      monthsAgo < 3 ? { ...HEALTHY_MONTH, visitsPer1000: 45 } : HEALTHY_MONTH,
    );
    const config = (weight: number): RiskConfig => ({
      factors: [{ ...DEFAULT_RISK_CONFIG.factors[0], weight }],
      tiers: { moderate: 25, high: 50, critical: 75 },
      baseRate: 0.5,
    });
    /*
     * p = 1 / (1 + e^−w); score = 100 × (p − 0.5) / 0.5.
     * w = ln 7: p = 7/8, score 75. w = ln 3: p = 3/4, score 50. w = ln(5/3): p = 5/8, score 25.
     * w = 0.508693: p = 0.6245, score 24.9. Renew = 1 − (0.5 + 0.5 × score / 100).
     */
    const cases: Array<[number, number, string, number]> = [
      [Math.log(7), 75, 'Critical', 13], // 12.5% → 13
      [Math.log(3), 50, 'High', 25],
      [Math.log(5 / 3), 25, 'Moderate', 38], // 37.5% → 38
      [0.508_693, 24.9, 'Low', 38], // 37.55% → 38
    ];
    for (const [weight, score, tier, renew] of cases) {
      const result = scoreAccount(input, config(weight));
      expect(validateRiskConfig(config(weight))).to.deep.equal([]);
      expect([result.score, result.tier, result.renewalPercent], `weight ${weight}`).to.deep.equal([
        score,
        tier,
        renew,
      ]);
      expect(result.drivers[0].contribution).to.equal(score);
    }
  });

  it('the change since the previous assessment, by factor', () => {
    const input: AccountRiskInput = healthyAccount();
    input.snapshots = snapshots(AS_OF, (monthsAgo) =>
      monthsAgo < 3 ? { ...HEALTHY_MONTH, visitsPer1000: 45 } : HEALTHY_MONTH,
    );
    input.previous = {
      score: 30,
      tier: 'Moderate',
      assessedOn: daysFrom(AS_OF, -7),
      contributions: { Utilization_Trend: 20, Registration_Trend: 10, Retired_Factor: 0 },
    };
    const result = scoreAccount(input, DEFAULT_RISK_CONFIG);
    // 77.6 − 30 = 47.6; trend 54.8 − 20 = +34.8; vs target 22.8 − 0; registration trend 0 − 10 = −10.
    expect(result.change).to.equal(47.6);
    expect(result.changeByFactor).to.deep.equal([
      { factor: 'Utilization_Trend', label: 'Utilization trend', change: 34.8 },
      { factor: 'Utilization_Vs_Target', label: 'Utilization vs target', change: 22.8 },
      { factor: 'Registration_Trend', label: 'Registration trend', change: -10 },
    ]);
  });
});
