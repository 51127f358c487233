import fc from 'fast-check';
import {
  DEFAULT_RISK_CONFIG,
  MEASURES,
  monthIndex,
  monthStart,
  type AccountRiskInput,
  type RiskConfig,
} from '../../../src/core/risk/model/index.js';
import { AS_OF, LINES, daysFrom } from './fixtures.js';

const ROLES = ['Executive', 'Clinical', 'Network', 'Product', 'Benefits', 'Marketing', 'Finance', 'Operations'];
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 5 });
const day = (from: number, to: number): fc.Arbitrary<string> =>
  fc.integer({ min: from, max: to }).map((offset) => daysFrom(AS_OF, offset));

const snapshot = fc.record({
  lineOfBusiness: fc.constantFrom(...LINES, 'Medicaid'),
  periodStart: fc.integer({ min: 0, max: 13 }).map((monthsAgo) => monthStart(monthIndex(AS_OF) - monthsAgo)),
  eligibleMembers: maybe(fc.integer({ min: 0, max: 200_000 })),
  registeredMembers: maybe(fc.integer({ min: 0, max: 100_000 })),
  visits: maybe(fc.integer({ min: 0, max: 5000 })),
  costSavings: maybe(fc.integer({ min: 0, max: 2_000_000 })),
  averageRating: maybe(fc.double({ min: 1, max: 5, noNaN: true })),
  ratedVisits: maybe(fc.integer({ min: 0, max: 3000 })),
});

const contract = fc.record({
  lineOfBusiness: maybe(fc.constantFrom(...LINES, 'Exchange')),
  startDate: maybe(day(-900, 0)),
  endDate: maybe(day(-100, 900)),
  coveredLives: maybe(fc.integer({ min: 0, max: 500_000 })),
  pmpmFee: maybe(fc.double({ min: 0, max: 5, noNaN: true })),
  perVisitFee: maybe(fc.double({ min: 0, max: 80, noNaN: true })),
});

const plan = fc.record({
  name: fc.constant('Plan'),
  targetRegistrationRate: maybe(fc.double({ min: 0, max: 60, noNaN: true })),
  targetVisitsPer1000: maybe(fc.double({ min: 0, max: 300, noNaN: true })),
  targetCostSavings: maybe(fc.integer({ min: 0, max: 20_000_000 })),
  targetRating: maybe(fc.double({ min: 1, max: 5, noNaN: true })),
  objectives: fc.array(
    fc.record({
      name: fc.constantFrom('Grow', 'Retain', 'Launch'),
      status: maybe(fc.constantFrom('Not Started', 'On Track', 'At Risk', 'Off Track', 'Done')),
      dueDate: maybe(day(-200, 300)),
    }),
    { maxLength: 8 },
  ),
});

const stakeholder = fc.record({
  name: fc.constantFrom('Avery', 'Blake', 'Casey'),
  role: maybe(fc.constantFrom(...ROLES)),
  influence: maybe(fc.constantFrom('High', 'Medium', 'Low')),
  sentiment: maybe(fc.constantFrom('Champion', 'Supporter', 'Neutral', 'Skeptic', 'Detractor')),
  lastEngagementDate: maybe(day(-400, 0)),
});

export const accountInput: fc.Arbitrary<AccountRiskInput> = fc.record({
  asOf: fc.constant(AS_OF),
  snapshots: fc.array(snapshot, { maxLength: 60 }),
  contracts: fc.array(contract, { maxLength: 4 }),
  renewalDate: maybe(day(-100, 900)),
  plan: maybe(plan),
  stakeholders: fc.array(stakeholder, { maxLength: 10 }),
  previous: maybe(
    fc.record({
      score: fc.double({ min: 0, max: 100, noNaN: true }),
      tier: fc.constant(null),
      assessedOn: day(-30, -1),
      contributions: maybe(
        fc.dictionary(
          fc.constantFrom(...Object.keys(MEASURES), 'Retired_Factor'),
          fc.integer({ min: 0, max: 1000 }).map((tenths) => tenths / 10),
        ),
      ),
    }),
  ),
});

const threshold = fc.double({ min: -1000, max: 1000, noNaN: true });

/** Any valid config: every known factor, random weights (some 0) and thresholds in either direction. */
export const riskConfig: fc.Arbitrary<RiskConfig> = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 20, noNaN: true })), threshold, threshold), {
      minLength: Object.keys(MEASURES).length,
      maxLength: Object.keys(MEASURES).length,
    }),
    fc.double({ min: 0.001, max: 0.6, noNaN: true }),
  )
  .filter(
    ([parts]) =>
      parts.some(([weight, good, bad]) => weight > 0 && good !== bad) && parts.every(([, good, bad]) => good !== bad),
  )
  .map(([parts, baseRate]) => ({
    tiers: DEFAULT_RISK_CONFIG.tiers,
    baseRate,
    factors: Object.keys(MEASURES).map((key, index) => ({
      key,
      label: key,
      weight: parts[index][0],
      good: parts[index][1],
      bad: parts[index][2],
      play: `Play for ${key}`,
    })),
  }));
