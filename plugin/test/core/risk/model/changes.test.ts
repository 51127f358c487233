/**
 * What moved since the previous assessment, and which plays are recommended, for the healthy fixture
 * (score 0, every contribution 0) against a previous breakdown written by hand.
 */
import { expect } from 'chai';
import { DEFAULT_RISK_CONFIG, scoreAccount } from '../../../../src/core/risk/model/index.js';
import { AS_OF, HEALTHY_MONTH, daysFrom, healthyAccount, snapshots } from '../fixtures.js';

describe('risk change by factor and plays', () => {
  it('lists each factor that moved, in tenths, largest move first, ties by name, unmoved ones left out', () => {
    const input = {
      ...healthyAccount(),
      previous: {
        score: 13.04,
        tier: 'Low' as const,
        assessedOn: '2026-10-15',
        // Now every contribution is 0, so each change is minus the previous contribution, in tenths:
        // −5, −3, −3, +2.04 → +2 (rounded to tenths: 2.0), 0 left out.
        contributions: {
          Utilization_Trend: 5,
          Zeta_Retired: 3,
          Objectives_Off_Track: 3,
          Days_To_Renewal: -2.04,
          Rating_Trend: 0,
        },
      },
    };
    const result = scoreAccount(input, DEFAULT_RISK_CONFIG);
    expect(result.changeByFactor?.map(({ factor, change }) => [factor, change])).to.deep.equal([
      ['Utilization_Trend', -5],
      ['Objectives_Off_Track', -3],
      ['Zeta_Retired', -3],
      ['Days_To_Renewal', 2],
    ]);
    // A factor no longer in the configuration is labelled by its key.
    expect(result.changeByFactor?.find((entry) => entry.factor === 'Zeta_Retired')?.label).to.equal('Zeta_Retired');
    // 0 − 13.04 = −13.04, in tenths −13.
    expect(result.change).to.equal(-13);
  });

  it('recommends the plays of the top 3 drivers only, however many add risk', () => {
    // Visits halve, registration and ratings fall, every objective is off track, the contracts renew in 30 days.
    const input = healthyAccount();
    input.snapshots = snapshots(AS_OF, (ago) =>
      ago < 3 ? { ...HEALTHY_MONTH, visitsPer1000: 30, registered: 1200, rating: 3.5 } : HEALTHY_MONTH,
    );
    input.contracts = input.contracts.map((contract) => ({ ...contract, endDate: daysFrom(AS_OF, 30) }));
    input.plan = {
      ...input.plan!,
      objectives: input.plan!.objectives.map((objective) => ({ ...objective, status: 'Off Track' })),
    };
    const result = scoreAccount(input, DEFAULT_RISK_CONFIG);
    const adding = result.drivers.filter((driver) => driver.contribution > 0);
    expect(adding.length).to.be.greaterThan(3);
    expect(result.plays.map((play) => play.factor)).to.deep.equal(adding.slice(0, 3).map((driver) => driver.factor));
  });

  it('recommends no play when no factor adds risk', () => {
    expect(scoreAccount(healthyAccount(), DEFAULT_RISK_CONFIG).plays).to.deep.equal([]);
  });
});
