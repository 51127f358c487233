/**
 * Values exactly on a date boundary, and savings months the org did not report, with the figures
 * worked by hand from the fixtures (per month: 2 lines × 12,000 eligible, $25,000 savings each;
 * High-influence stakeholders Avery Stone, Executive, Champion = 1, and Blake Ruiz, Supporter = 0.75).
 */
import { expect } from 'chai';
import { MEASURES, measureContext, type Measured } from '../../../../src/core/risk/model/measures.js';
import type { AccountRiskInput } from '../../../../src/core/risk/model/index.js';
import { AS_OF, HEALTHY_MONTH, daysFrom, healthyAccount, snapshots } from '../fixtures.js';

const measure = (key: string, input: AccountRiskInput): Measured => MEASURES[key](measureContext(input));

describe('risk measures on their boundaries', () => {
  it('paces savings only over the months that reported savings, recent and baseline alike', () => {
    // Savings per line: none reported 11–6 and 1 months ago; $25,000 at 5–3; $30,000 at 2 and 0.
    // Reported months: 5, 4, 3, 2, 0; of the last 3, months 2 and 0.
    // Recent pace: (60,000 + 60,000) / 2 = $60,000 a month → $720,000 a year.
    // Baseline: (3 × 50,000 + 2 × 60,000) / 5 = $54,000 a month → $648,000 a year; 60 / 54 = 111%.
    const input = healthyAccount();
    input.plan = { ...input.plan!, targetCostSavings: null };
    input.snapshots = snapshots(AS_OF, (ago) => ({ ...HEALTHY_MONTH, savings: ago < 3 ? 30_000 : 25_000 })).map(
      (row) => {
        // Months ago from the month number: Nov 2026 → 0, Dec 2025 → 11.
        const monthsAgo = (11 - Number(row.periodStart.slice(5, 7)) + 12) % 12;
        return monthsAgo >= 6 || monthsAgo === 1 ? { ...row, costSavings: null } : row;
      },
    );
    const result = measure('Cost_Savings_Vs_Target', input);
    expect(result.ok && result.value).to.equal(720_000);
    expect(result.ok && result.measure).to.be.closeTo(60 / 54, 1e-12);
    expect(result.ok && result.sentence).to.equal(
      "Cost savings ran at $720K a year in the last 3 months, 111% of the plan's own 12-month pace of $648K (the Active account plan has no cost savings target).",
    );
  });

  it('counts an executive engaged on the as-of day as engaged 0 days ago', () => {
    // Health = mean sentiment (1 + 0.75) / 2 = 0.875 × engagement multiplier 1 (0 days ≤ 90).
    const input = healthyAccount();
    input.stakeholders = input.stakeholders.map((person) =>
      person.role === 'Executive' ? { ...person, lastEngagementDate: AS_OF } : person,
    );
    const result = measure('Relationship_Health', input);
    expect(result.ok && result.value).to.equal(0.875);
    expect(result.ok && result.sentence).to.match(/the last executive engagement was 0 days ago \(Avery Stone\)\.$/);
  });

  it('names the executive engaged last, and the first listed of two engaged the same day', () => {
    const input = healthyAccount();
    const exec = (name: string, days: number): AccountRiskInput['stakeholders'][number] => ({
      name,
      role: 'Executive',
      influence: 'Medium',
      sentiment: 'Neutral',
      lastEngagementDate: daysFrom(AS_OF, -days),
    });
    // Executives 200, 120 and 120 days ago (Avery Stone's own engagement moved to 300 days ago).
    input.stakeholders = [
      { ...input.stakeholders[0], lastEngagementDate: daysFrom(AS_OF, -300) },
      ...input.stakeholders.slice(1),
      exec('Quinn Hale', 200),
      exec('Riley Moss', 120),
      exec('Sage Kim', 120),
    ];
    // Multiplier at 120 days: 1 − 0.5 × (120 − 90) / (180 − 90) = 1 − 0.5 / 3 = 0.8333…; × 0.875.
    const result = measure('Relationship_Health', input);
    expect(result.ok && result.value).to.be.closeTo(0.875 * (1 - 0.5 / 3), 1e-12);
    expect(result.ok && result.sentence).to.match(/was 120 days ago \(Riley Moss\)\.$/);
  });

  it('leaves out a Low-influence detractor and an engagement dated after the as-of day', () => {
    const input = healthyAccount();
    input.stakeholders = [
      ...input.stakeholders.map((person) =>
        person.role === 'Executive' ? { ...person, lastEngagementDate: daysFrom(AS_OF, 1) } : person,
      ),
      { name: 'Tao Wu', role: 'Executive', influence: 'Low', sentiment: 'Detractor', lastEngagementDate: null },
    ];
    // Only Avery (1) and Blake (0.75) count: 0.875; no executive engagement on or before the day → × 0.5.
    const result = measure('Relationship_Health', input);
    expect(result.ok && result.value).to.equal(0.4375);
    expect(result.ok && result.sentence).to.equal(
      'All 2 High-influence stakeholders are Neutral or better; no executive engagement is on record.',
    );
  });

  it('does not count an objective due on the as-of day as overdue', () => {
    const input = healthyAccount();
    input.plan = {
      ...input.plan!,
      objectives: [
        { name: 'Due today', status: 'On Track', dueDate: AS_OF },
        { name: 'Due yesterday', status: 'On Track', dueDate: daysFrom(AS_OF, -1) },
      ],
    };
    // One of 2 open objectives overdue: share 1 / 2.
    const result = measure('Objectives_Off_Track', input);
    expect(result.ok && [result.value, result.measure]).to.deep.equal([1, 0.5]);
    expect(result.ok && result.sentence).to.equal(
      `1 of 2 open objectives is off track, at risk or overdue: Due yesterday (overdue since ${daysFrom(AS_OF, -1)}).`,
    );
  });

  it('renews in 0 days a contract ending on the as-of day, and else an account renewing that day', () => {
    const input = healthyAccount();
    input.contracts = [
      { ...input.contracts[0], endDate: AS_OF },
      { ...input.contracts[1], endDate: daysFrom(AS_OF, -1) },
    ];
    const contract = measure('Days_To_Renewal', input);
    expect(contract.ok && contract.value).to.equal(0);
    expect(contract.ok && contract.sentence).to.equal(
      `The Commercial contract (10,000 covered lives) renews in 0 days, on ${AS_OF}.`,
    );
    input.contracts = [{ ...input.contracts[1] }];
    input.renewalDate = AS_OF;
    const account = measure('Days_To_Renewal', input);
    expect(account.ok && account.sentence).to.equal(`The account renews in 0 days, on ${AS_OF}.`);
    input.renewalDate = daysFrom(AS_OF, -1);
    expect(measure('Days_To_Renewal', input)).to.deep.equal({
      ok: false,
      reason: `no contract or renewal date on or after ${AS_OF}`,
    });
  });
});
