/**
 * Every sentence branch of the measures, with figures worked by hand from the fixtures (per month:
 * 2 lines × 12,000 eligible, 2,400 registered, 60 visits, 30 rated at 4.7, $25,000 savings).
 */
import { expect } from 'chai';
import { MEASURES, measureContext, type Measured } from '../../../../src/core/risk/model/measures.js';
import type { AccountRiskInput } from '../../../../src/core/risk/model/index.js';
import { AS_OF, HEALTHY_MONTH, daysFrom, healthyAccount, snapshots } from '../fixtures.js';

const measure = (key: string, input: AccountRiskInput): Measured => MEASURES[key](measureContext(input));
const sentence = (key: string, input: AccountRiskInput): string => {
  const result = measure(key, input);
  return result.ok ? result.sentence : `missing: ${result.reason}`;
};
const withMonths = (shape: (monthsAgo: number) => typeof HEALTHY_MONTH): AccountRiskInput => ({
  ...healthyAccount(),
  snapshots: snapshots(AS_OF, shape),
});

describe('risk measures: every sentence and reason', () => {
  it('trends that rise', () => {
    const input = withMonths((ago) =>
      ago < 3 ? { ...HEALTHY_MONTH, visitsPer1000: 75, registered: 3000, rating: 4.9 } : HEALTHY_MONTH,
    );
    // 75 / 60 − 1 = +25%; registration 25% / 20% − 1 = +25%; rating 4.9 − 4.7 = +0.2.
    expect(sentence('Utilization_Trend', input)).to.equal(
      'Visits per 1,000 rose 25% in the last 3 months, to 75 (from 60).',
    );
    expect(sentence('Registration_Trend', input)).to.equal(
      'Registration rose 25% in the last 3 months, to 25% of eligible members (from 20%).',
    );
    expect(sentence('Rating_Trend', input)).to.equal(
      'The average visit rating rose 0.2 stars in the last 3 months, to 4.9 (from 4.7).',
    );
    const trend = measure('Registration_Trend', input);
    expect(trend.ok && trend.measure).to.be.closeTo(0.25, 1e-12);
  });

  it('trends that fall, and ratings below target', () => {
    const input = withMonths((ago) => (ago < 3 ? { ...HEALTHY_MONTH, registered: 1800, rating: 4.2 } : HEALTHY_MONTH));
    // 15% / 20% − 1 = −25%; 4.2 − 4.7 = −0.5; 4.2 − 4.5 = 0.3 below.
    expect(sentence('Registration_Trend', input)).to.equal(
      'Registration fell 25% in the last 3 months, to 15% of eligible members (from 20%).',
    );
    expect(sentence('Rating_Trend', input)).to.equal(
      'The average visit rating fell 0.5 stars in the last 3 months, to 4.2 (from 4.7).',
    );
    expect(sentence('Rating_Vs_Target', input)).to.equal(
      'Visits were rated 4.2 on average in the last 3 months (180 ratings), 0.3 below the target of 4.5.',
    );
    input.plan!.targetRating = 4.2;
    expect(sentence('Rating_Vs_Target', input)).to.contain(', on the target of 4.2.');
  });

  it('without a plan, each target factor compares with the plan itself', () => {
    const input = withMonths((ago) =>
      ago < 3 ? { ...HEALTHY_MONTH, visitsPer1000: 30, registered: 1200, savings: 10_000, rating: 3.7 } : HEALTHY_MONTH,
    );
    input.plan = null;
    // Visits: 3 × 30 + 9 × 60 = 630 per line over 12 × 12,000 → 52.5 per 1,000; 30 / 52.5 = 57%.
    expect(sentence('Utilization_Vs_Target', input)).to.equal(
      "Visits per 1,000 were 30 in the last 3 months, 57% of the plan's own 12-month average of 53 (no Active account plan sets a target).",
    );
    // Registration: latest 10%; 12 months (3 × 1,200 + 9 × 2,400) / (12 × 12,000) = 17.5%; 10 / 17.5 = 57%.
    expect(sentence('Registration_Vs_Target', input)).to.equal(
      "10% of eligible members were registered in Nov 2026, 57% of the plan's own 12-month average of 17.5% (no Active account plan sets a target).",
    );
    // Ratings: 3 × 15 rated at 3.7 and 9 × 30 at 4.7 per line: (45 × 3.7 + 270 × 4.7) / 315 = 4.557; 3.7 − 4.557 = 0.86 below.
    expect(sentence('Rating_Vs_Target', input)).to.equal(
      "Visits were rated 3.7 on average in the last 3 months (90 ratings), 0.86 below the plan's own 12-month average of 4.56 (no Active account plan sets a target).",
    );
    // Savings pace: $20,000 a month (2 lines) vs (3 × 20,000 + 9 × 50,000) / 12 = $42,500; × 12 = $240K and $510K; 47%.
    expect(sentence('Cost_Savings_Vs_Target', input)).to.equal(
      "Cost savings ran at $240K a year in the last 3 months, 47% of the plan's own 12-month pace of $510K (no Active account plan sets a target).",
    );
    expect(sentence('Objectives_Off_Track', input)).to.equal('missing: no Active account plan');
  });

  it('a plan without a target says which target is missing', () => {
    const input = healthyAccount();
    input.plan!.targetVisitsPer1000 = 0;
    input.plan!.targetRegistrationRate = null;
    input.plan!.targetCostSavings = null;
    expect(sentence('Utilization_Vs_Target', input)).to.contain(
      '(the Active account plan has no visits per 1,000 target).',
    );
    expect(sentence('Registration_Vs_Target', input)).to.contain(
      '(the Active account plan has no registration rate target).',
    );
    expect(sentence('Cost_Savings_Vs_Target', input)).to.contain(
      '(the Active account plan has no cost savings target).',
    );
  });

  it('reasons when there is not enough data', () => {
    const empty: AccountRiskInput = { ...healthyAccount(), snapshots: [] };
    for (const key of ['Utilization_Trend', 'Registration_Trend', 'Rating_Trend'])
      expect(sentence(key, empty), key).to.equal('missing: no utilization snapshots in the last 12 months');
    expect(sentence('Utilization_Vs_Target', empty)).to.equal('missing: no utilization snapshots in the last 3 months');
    expect(sentence('Rating_Vs_Target', empty)).to.equal('missing: no rated visits in the last 3 months');
    expect(sentence('Cost_Savings_Vs_Target', empty)).to.equal(
      'missing: no cost savings in the snapshots of the last 12 months',
    );
    // Only the last 3 months: nothing before them to compare with.
    const short = withMonths(() => HEALTHY_MONTH);
    short.snapshots = short.snapshots.filter((row) => row.periodStart >= '2026-09-01');
    short.plan = null;
    expect(sentence('Utilization_Trend', short)).to.equal('missing: no visits in the 3 months before the last 3');
    expect(sentence('Registration_Trend', short)).to.equal(
      'missing: no registered members in the 3 months before the last 3',
    );
    expect(sentence('Rating_Trend', short)).to.equal('missing: no rated visits in the 3 months before the last 3');
    expect(sentence('Utilization_Vs_Target', short)).to.equal(
      'missing: no Active account plan sets a target, and no months before the last 3 for a 12-month baseline',
    );
    expect(sentence('Cost_Savings_Vs_Target', short)).to.equal(
      'missing: no Active account plan sets a target, and no months before the last 3 for a 12-month baseline',
    );
  });

  it('a partial year of savings is judged on its pace, and without fees there is no ROI', () => {
    const input = healthyAccount();
    input.snapshots = input.snapshots.filter((row) => row.periodStart >= '2026-06-01');
    input.contracts = [];
    // Jun–Nov: 6 months × $50,000 = $300K; pace × 12 / 6 = $600K a year = 120% of $500K.
    expect(sentence('Cost_Savings_Vs_Target', input)).to.equal(
      'Cost savings were $300K over the last 6 months, $600K a year, 120% of the target of $500K. No fees are on record for the same months, so there is no ROI.',
    );
  });

  it('relationship health: detractors named, engagement lapsing between 90 and 180 days', () => {
    const input = healthyAccount();
    input.stakeholders = input.stakeholders.map((person, index) => ({
      ...person,
      influence: index < 4 ? 'High' : person.influence,
      sentiment: index < 2 ? 'Detractor' : person.sentiment,
      lastEngagementDate: person.role === 'Executive' ? daysFrom(AS_OF, -135) : person.lastEngagementDate,
    }));
    // High: Avery Detractor 0, Blake Detractor 0, Casey Supporter 0.75, Drew Neutral 0.5 → 0.3125;
    // 135 days: 1 − 0.5 × (135 − 90) / 90 = 0.75 → 0.234375.
    const result = measure('Relationship_Health', input);
    expect(result.ok && result.measure).to.equal(0.234_375);
    expect(sentence('Relationship_Health', input)).to.equal(
      '2 of 4 High-influence stakeholders are Skeptic or Detractor: Avery Stone (Executive, Detractor), Blake Ruiz (Clinical, Detractor); the last executive engagement was 135 days ago (Avery Stone).',
    );
    input.stakeholders = input.stakeholders.filter((person) => person.role !== 'Executive');
    // Without an executive: × 0.5.
    expect(sentence('Relationship_Health', input)).to.equal(
      '1 of 3 High-influence stakeholders is a Skeptic or Detractor: Blake Ruiz (Clinical, Detractor); no executive engagement is on record.',
    );
    input.stakeholders = [];
    expect(sentence('Relationship_Health', input)).to.equal(
      'missing: no High-influence stakeholder with a recorded sentiment',
    );
  });

  it('objectives: overdue, at risk, all done, none', () => {
    const input = healthyAccount();
    input.plan!.objectives = [
      { name: 'Grow Medicare', status: 'On Track', dueDate: daysFrom(AS_OF, -1) },
      { name: 'Launch behavioral health', status: 'At Risk', dueDate: null },
      { name: 'QBR cadence', status: 'Done', dueDate: null },
      { name: 'Raise registration', status: 'On Track', dueDate: null },
    ];
    // Open: 3; overdue 1 + at risk 0.5 → share 1.5 / 3 = 0.5.
    const result = measure('Objectives_Off_Track', input);
    expect(result.ok && [result.value, result.measure]).to.deep.equal([2, 0.5]);
    expect(sentence('Objectives_Off_Track', input)).to.equal(
      '2 of 3 open objectives are off track, at risk or overdue: Grow Medicare (overdue since 2026-11-14), Launch behavioral health (At Risk).',
    );
    input.plan!.objectives = input.plan!.objectives.map((objective) => ({ ...objective, status: 'Done' }));
    expect(sentence('Objectives_Off_Track', input)).to.equal('All 4 objectives are Done.');
    input.plan!.objectives = [];
    expect(sentence('Objectives_Off_Track', input)).to.equal('missing: the Active account plan has no objectives');
  });

  it('days to renewal: the nearest contract, else the account renewal date, else none', () => {
    const input = healthyAccount();
    input.contracts = [
      { ...input.contracts[0], endDate: daysFrom(AS_OF, 200) },
      { ...input.contracts[1], endDate: daysFrom(AS_OF, 100), coveredLives: null, lineOfBusiness: null },
      { ...input.contracts[1], endDate: daysFrom(AS_OF, -1) },
    ];
    expect(sentence('Days_To_Renewal', input)).to.equal('A contract renews in 100 days, on 2027-02-23.');
    input.contracts = [];
    input.renewalDate = daysFrom(AS_OF, 1);
    expect(sentence('Days_To_Renewal', input)).to.equal('The account renews in 1 day, on 2026-11-16.');
    input.renewalDate = daysFrom(AS_OF, -1);
    expect(sentence('Days_To_Renewal', input)).to.equal('missing: no contract or renewal date on or after 2026-11-15');
  });
});
