/** Edges of the usage window and of how an assessment is put together, with hand-worked figures. */
import { expect } from 'chai';
import {
  DEFAULT_RISK_CONFIG,
  scoreAccount,
  type RiskConfig,
  type SnapshotInput,
} from '../../../../src/core/risk/model/index.js';
import { usageWindow } from '../../../../src/core/risk/model/usage.js';
import { AS_OF, daysFrom, healthyAccount } from '../fixtures.js';

const row = (periodStart: string, overrides: Partial<SnapshotInput> = {}): SnapshotInput => ({
  lineOfBusiness: 'Commercial',
  periodStart,
  eligibleMembers: 1000,
  registeredMembers: 100,
  visits: 10,
  costSavings: 500,
  averageRating: 4,
  ratedVisits: 5,
  ...overrides,
});

describe('usage window', () => {
  it('keeps the 12 months up to the as-of month, oldest first, whatever the input order', () => {
    // As of 2026-11-15 the window is Dec 2025 – Nov 2026: Nov 2025 and Dec 2026 fall outside.
    const window = usageWindow(
      ['2026-11-01', '2025-11-01', '2025-12-01', '2026-12-01', '2026-03-01'].map((start) => row(start)),
      AS_OF,
    );
    expect(window.months.map((month) => month.month)).to.deep.equal([2025 * 12 + 11, 2026 * 12 + 2, 2026 * 12 + 10]);
    expect(window.anchor).to.equal(2026 * 12 + 10);
  });

  it('skips months without eligible members; adds savings and ratings only where reported', () => {
    const window = usageWindow(
      [
        row('2026-10-01', { eligibleMembers: 0 }),
        row('2026-11-01', { costSavings: null, averageRating: null }),
        row('2026-11-01', { lineOfBusiness: 'Medicare', ratedVisits: 0, averageRating: 2 }),
        row('2026-11-01', { lineOfBusiness: 'Medicaid', ratedVisits: null, averageRating: 1 }),
      ],
      AS_OF,
    );
    expect(window.months).to.have.length(1);
    // Savings: 500 + 500 (Medicare, Medicaid); ratings: none of the three counts (null, 0 or no rated visits).
    expect(window.months[0]).to.deep.include({
      eligible: 3000,
      registered: 300,
      visits: 30,
      costSavings: 1000,
      savingsReported: true,
      ratingPoints: 0,
      ratedVisits: 0,
    });
    expect(usageWindow([row('2026-11-01', { costSavings: null })], AS_OF).months[0].savingsReported).to.equal(false);
  });
});

describe('assessment assembly', () => {
  const only = (keys: string[], weight = 1): RiskConfig => ({
    ...DEFAULT_RISK_CONFIG,
    factors: DEFAULT_RISK_CONFIG.factors.map((factor) => ({
      ...factor,
      weight: keys.includes(factor.key) ? weight : 0,
    })),
  });

  it('orders drivers by contribution, then weight, then name; plays only for drivers adding risk and with a play', () => {
    const input = healthyAccount();
    input.contracts = input.contracts.map((contract) => ({ ...contract, endDate: daysFrom(AS_OF, 60) }));
    const config: RiskConfig = {
      ...DEFAULT_RISK_CONFIG,
      factors: DEFAULT_RISK_CONFIG.factors.map((factor) =>
        factor.key === 'Days_To_Renewal' ? { ...factor, play: '  ' } : factor,
      ),
    };
    const result = scoreAccount(input, config);
    // Only Days_To_Renewal adds risk (60 days: badness 1); it has a blank play, so no play at all.
    expect(result.drivers[0].factor).to.equal('Days_To_Renewal');
    expect(result.plays).to.deep.equal([]);
    // The rest tie at 0: weight 3 first, by name, then 2, then 1.5.
    expect(result.drivers.slice(1).map((driver) => driver.factor)).to.deep.equal([
      'Cost_Savings_Vs_Target',
      'Objectives_Off_Track',
      'Rating_Trend',
      'Rating_Vs_Target',
      'Relationship_Health',
      'Utilization_Trend',
      'Utilization_Vs_Target',
      'Registration_Trend',
      'Registration_Vs_Target',
    ]);
  });

  it('names a factor the model cannot measure; no score, tier, renewal share or change without any factor', () => {
    const config: RiskConfig = {
      ...only([]),
      factors: [{ key: 'Churn_Signal', label: 'Churn signal', weight: 1, good: 0, bad: 1, play: '' }],
    };
    const input = healthyAccount();
    input.previous = { score: 10, tier: 'Low', assessedOn: daysFrom(AS_OF, -1), contributions: { Churn_Signal: 10 } };
    const result = scoreAccount(input, config);
    expect(result.missing).to.deep.equal([
      { factor: 'Churn_Signal', label: 'Churn signal', reason: 'model 2.0.0 has no measure for this factor' },
    ]);
    expect([result.score, result.tier, result.renewalPercent, result.change, result.changeByFactor]).to.deep.equal([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('no change by factor without a previous breakdown; equal moves sorted by name', () => {
    const input = healthyAccount();
    input.previous = { score: 0, tier: 'Low', assessedOn: daysFrom(AS_OF, -1), contributions: null };
    expect(scoreAccount(input, DEFAULT_RISK_CONFIG).changeByFactor).to.equal(null);
    input.previous.contributions = { Rating_Trend: 5, Cost_Savings_Vs_Target: 5 };
    // Both fell 5 points; same size, so by name.
    expect(scoreAccount(input, DEFAULT_RISK_CONFIG).changeByFactor).to.deep.equal([
      { factor: 'Cost_Savings_Vs_Target', label: 'Cost savings (ROI) vs target', change: -5 },
      { factor: 'Rating_Trend', label: 'Rating trend', change: -5 },
    ]);
  });

  it('the latest executive engagement on or before the as-of day counts', () => {
    const input = healthyAccount();
    input.stakeholders = [
      {
        name: 'A',
        role: 'Executive',
        influence: 'High',
        sentiment: 'Supporter',
        lastEngagementDate: daysFrom(AS_OF, -200),
      },
      { name: 'B', role: 'Executive', influence: 'Low', sentiment: null, lastEngagementDate: daysFrom(AS_OF, -100) },
      { name: 'C', role: 'Executive', influence: 'Low', sentiment: null, lastEngagementDate: daysFrom(AS_OF, 5) },
      { name: 'D', role: 'Finance', influence: 'Low', sentiment: null, lastEngagementDate: daysFrom(AS_OF, -1) },
    ];
    const driver = scoreAccount(input, only(['Relationship_Health'])).drivers[0];
    // B, 100 days ago: 1 − 0.5 × (100 − 90) / 90 = 0.9444; A's sentiment 0.75 × 0.9444 = 0.7083.
    expect(driver.measure).to.be.closeTo(0.708_333, 1e-6);
    expect(driver.sentence).to.equal(
      'The only High-influence stakeholder is Neutral or better; the last executive engagement was 100 days ago (B).',
    );
  });
});
