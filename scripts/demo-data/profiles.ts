/**
 * The hidden truth behind each demo plan: size, lines of business, growth, registration and
 * utilization rates, pricing and the planted scenario. Feeds and org records derive from it.
 */
import { Rng } from './random.js';
import { SCENARIOS, type Scenario } from './types.js';
import { PLAN_NAME_KINDS, PLAN_NAME_PLACES, STATES, type LineOfBusiness, type PricingModel } from './vocabulary.js';

export type LineProfile = {
  lineOfBusiness: LineOfBusiness;
  /** Eligible members in the first period. */
  startMembers: number;
  /** Membership change per year, e.g. 0.04. */
  annualGrowth: number;
  /** Share of eligible members registered in the first and in the last period. */
  registrationStart: number;
  registrationEnd: number;
  /** Visits a registered member makes in a year. */
  visitsPerRegisteredYear: number;
  /** Growth of visits per registered member per year. */
  utilizationGrowth: number;
};

export type PlanProfile = {
  index: number;
  healthPlanId: string;
  name: string;
  state: string;
  scenario: Scenario;
  pricingModel: PricingModel;
  lines: LineProfile[];
  /** 1 = members use visits instead of costlier care as usual. */
  diversion: number;
  /** Background share of poor ratings, small for every plan. */
  ratingNoise: number;
};

const SMALLEST_PLAN = 20_000;
const LARGEST_PLAN = 2_000_000;
const PROBLEMS = SCENARIOS.filter((scenario) => scenario !== 'healthy');

const LINE_SHARE: Record<LineOfBusiness, number> = { Commercial: 0.6, Medicare: 0.15, Medicaid: 0.22, Exchange: 0.06 };
const LINE_GROWTH: Record<LineOfBusiness, readonly [number, number]> = {
  Commercial: [-0.01, 0.04],
  Medicare: [0.03, 0.08],
  Medicaid: [-0.06, 0.02],
  Exchange: [0.05, 0.15],
};
const LINE_REGISTRATION: Record<LineOfBusiness, number> = {
  Commercial: 1,
  Medicare: 0.7,
  Medicaid: 0.85,
  Exchange: 0.95,
};
const LINE_UTILIZATION: Record<LineOfBusiness, number> = { Commercial: 1, Medicare: 0.8, Medicaid: 1.15, Exchange: 1 };

/** Line-of-business mixes seen at plans of each size, largest first. */
const LINE_MIXES: ReadonlyArray<{ minMembers: number; mixes: LineOfBusiness[][] }> = [
  {
    minMembers: 800_000,
    mixes: [
      ['Commercial', 'Medicare', 'Medicaid', 'Exchange'],
      ['Commercial', 'Medicare', 'Medicaid'],
      ['Commercial', 'Medicare', 'Exchange'],
    ],
  },
  {
    minMembers: 200_000,
    mixes: [
      ['Commercial', 'Medicare', 'Medicaid'],
      ['Commercial', 'Medicare', 'Exchange'],
      ['Commercial', 'Medicaid'],
      ['Medicare', 'Medicaid'],
    ],
  },
  {
    minMembers: 60_000,
    mixes: [['Commercial', 'Medicare'], ['Medicare', 'Medicaid'], ['Commercial', 'Exchange'], ['Medicaid']],
  },
  { minMembers: 0, mixes: [['Commercial'], ['Medicare'], ['Medicaid'], ['Commercial', 'Medicare']] },
];

/** Plan sizes spread evenly on a log scale from ~20k to ~2M members, in random order. */
function planSizes(rng: Rng, count: number): number[] {
  const span = Math.log(LARGEST_PLAN / SMALLEST_PLAN);
  const sizes = Array.from({ length: count }, (_, i) =>
    Math.round(SMALLEST_PLAN * Math.exp(((i + rng.next()) / count) * span)),
  );
  return rng.shuffle(sizes);
}

function uniqueNames(rng: Rng, count: number): string[] {
  const places = rng.shuffle(PLAN_NAME_PLACES);
  return Array.from({ length: count }, (_, i) => {
    const place = places[i % places.length];
    const kind = PLAN_NAME_KINDS[(i + rng.int(0, PLAN_NAME_KINDS.length - 1)) % PLAN_NAME_KINDS.length];
    const round = Math.floor(i / places.length);
    return round === 0 ? `${place} ${kind}` : `${place} ${kind} ${round + 1}`;
  });
}

/**
 * Planted problems go to the larger plans (where the account team's attention matters and the
 * signal is clear even in thinned feeds); at least one plan stays healthy.
 */
function assignScenarios(rng: Rng, sizes: number[]): Scenario[] {
  const problems = PROBLEMS.slice(0, Math.max(0, Math.min(PROBLEMS.length, sizes.length - 1)));
  const bySize = sizes.map((size, index) => ({ size, index })).sort((a, b) => b.size - a.size);
  const pool = bySize.slice(0, Math.max(problems.length, Math.ceil(sizes.length / 2)));
  const chosen = rng.shuffle(pool).slice(0, problems.length);
  const scenarios: Scenario[] = sizes.map(() => 'healthy');
  chosen.forEach(({ index }, i) => (scenarios[index] = problems[i]));
  return scenarios;
}

function lineProfiles(rng: Rng, members: number, lines: LineOfBusiness[]): LineProfile[] {
  const weights = lines.map((line) => LINE_SHARE[line] * rng.between(0.7, 1.3));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return lines.map((line, i) => {
    const registrationStart = rng.between(0.1, 0.22) * LINE_REGISTRATION[line];
    const [minGrowth, maxGrowth] = LINE_GROWTH[line];
    return {
      lineOfBusiness: line,
      startMembers: Math.max(500, Math.round((members * weights[i]) / total)),
      annualGrowth: rng.between(minGrowth, maxGrowth),
      registrationStart,
      registrationEnd: registrationStart + rng.between(0.04, 0.12),
      visitsPerRegisteredYear: rng.between(0.45, 0.65) * LINE_UTILIZATION[line],
      utilizationGrowth: rng.between(0.02, 0.1),
    };
  });
}

export function planProfiles(seed: number, count: number): PlanProfile[] {
  const rng = Rng.derive(seed, 'plans');
  const sizes = planSizes(rng, count);
  const names = uniqueNames(rng, count);
  const scenarios = assignScenarios(rng, sizes);
  return sizes.map((members, index) => {
    const planRng = Rng.derive(seed, 'plan', index);
    const mixes =
      LINE_MIXES.find((tier) => members >= tier.minMembers)?.mixes ?? LINE_MIXES[LINE_MIXES.length - 1].mixes;
    const scenario = scenarios[index];
    return {
      index,
      healthPlanId: `HP-${String(index + 1).padStart(4, '0')}`,
      name: names[index],
      state: planRng.pick(STATES),
      scenario,
      pricingModel: planRng.weighted<PricingModel>([
        ['PMPM', 45],
        ['Hybrid', 30],
        ['Per Visit', 25],
      ]),
      lines: lineProfiles(planRng, members, planRng.pick(mixes)),
      diversion: scenario === 'savings-under-target' ? 0.3 : planRng.between(0.9, 1.1),
      ratingNoise: planRng.between(0, 0.05),
    };
  });
}
