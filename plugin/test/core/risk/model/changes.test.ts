/**
 * What moved since the previous assessment, and which plays are recommended, for the healthy fixture
 * (score 0, every contribution 0) against a previous breakdown written by hand.
 */
import { expect } from 'chai';
import { DEFAULT_RISK_CONFIG, scoreAccount } from '../../../../src/core/risk/model/index.js';
import { healthyAccount } from '../fixtures.js';

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

  it('recommends no play when no factor adds risk', () => {
    expect(scoreAccount(healthyAccount(), DEFAULT_RISK_CONFIG).plays).to.deep.equal([]);
  });
});
