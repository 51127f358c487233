/**
 * What a visit looks like: service line by line of business, where the member would otherwise
 * have gone, and the rating. Shares follow published telehealth utilization patterns loosely:
 * urgent care leads, behavioral health is a fifth to a third, Medicaid has the most.
 */
import { WeightedChoice, type Rng } from './random.js';
import { SERVICE_LINES, type DivertedFrom, type LineOfBusiness, type ServiceLine } from './vocabulary.js';

type Weights<T> = ReadonlyArray<readonly [T, number]>;

const SERVICE_MIX: Record<LineOfBusiness, Weights<ServiceLine>> = {
  Commercial: [
    ['urgent_care', 44],
    ['behavioral_health', 20],
    ['psychiatry', 5],
    ['primary_care', 17],
    ['dermatology', 6],
    ['other', 8],
  ],
  Medicare: [
    ['urgent_care', 40],
    ['behavioral_health', 10],
    ['psychiatry', 4],
    ['primary_care', 30],
    ['dermatology', 6],
    ['other', 10],
  ],
  Medicaid: [
    ['urgent_care', 36],
    ['behavioral_health', 28],
    ['psychiatry', 9],
    ['primary_care', 17],
    ['dermatology', 3],
    ['other', 7],
  ],
  Exchange: [
    ['urgent_care', 44],
    ['behavioral_health', 22],
    ['psychiatry', 5],
    ['primary_care', 17],
    ['dermatology', 5],
    ['other', 7],
  ],
};

/** Where the member says they would have gone, by service line: [er, urgent_care, primary_care, none, empty]. */
const DIVERSION: Record<ServiceLine, readonly [number, number, number, number, number]> = {
  urgent_care: [9, 42, 22, 15, 12],
  behavioral_health: [2, 0, 20, 48, 30],
  psychiatry: [3, 0, 25, 40, 32],
  primary_care: [3, 12, 55, 18, 12],
  dermatology: [0, 5, 45, 30, 20],
  other: [2, 15, 30, 28, 25],
};

/** Ratings of a satisfied plan (mean 4.55) and of an unhappy one (mean 3.4), for 5, 4, 3, 2, 1 stars. */
const SATISFIED = [72, 19, 4, 2, 3] as const;
const UNHAPPY = [28, 24, 21, 13, 14] as const;
const RATED_SHARE = 0.38;

/** Avoided cost minus the telehealth visit's cost (DESIGN.md "Feeds": $1,686, $156, $147, $91). */
const SAVINGS_BY_DIVERSION: Record<DivertedFrom, number> = {
  er: 1686 - 91,
  urgent_care: 156 - 91,
  primary_care: 147 - 91,
  none: 0,
  '': 0,
};

/** Diversion weights with the named destinations scaled by `diversion` (1 = usual). */
function diversionWeights(serviceLine: ServiceLine, diversion: number): Weights<DivertedFrom> {
  const [er, urgent, primary, none, empty] = DIVERSION[serviceLine];
  const lost = (er + urgent + primary) * (1 - diversion);
  return [
    ['er', er * diversion],
    ['urgent_care', urgent * diversion],
    ['primary_care', primary * diversion],
    ['none', none + lost * 0.6],
    ['', empty + lost * 0.4],
  ];
}

/** Samplers for one month of one plan's line of business, built once per cell. */
export type VisitSampler = {
  serviceLine(rng: Rng): ServiceLine;
  divertedFrom(rng: Rng, serviceLine: ServiceLine): DivertedFrom;
  rating(rng: Rng): number | null;
};

export function visitSampler(lineOfBusiness: LineOfBusiness, diversion: number, ratingDecline: number): VisitSampler {
  const services = new WeightedChoice(SERVICE_MIX[lineOfBusiness]);
  const diversions = Object.fromEntries(
    SERVICE_LINES.map((line) => [line, new WeightedChoice(diversionWeights(line, diversion))]),
  ) as Record<ServiceLine, WeightedChoice<DivertedFrom>>;
  const stars = new WeightedChoice(
    SATISFIED.map((weight, i) => [5 - i, weight * (1 - ratingDecline) + UNHAPPY[i] * ratingDecline] as const),
  );
  return {
    serviceLine: (rng) => services.draw(rng),
    divertedFrom: (rng, serviceLine) => diversions[serviceLine].draw(rng),
    rating: (rng) => (rng.chance(RATED_SHARE) ? stars.draw(rng) : null),
  };
}

/** Expected cost savings of one visit in a line of business, for setting realistic targets. */
export function expectedSavingsPerVisit(lineOfBusiness: LineOfBusiness, diversion: number): number {
  const services = SERVICE_MIX[lineOfBusiness];
  const serviceTotal = services.reduce((sum, [, weight]) => sum + weight, 0);
  return services.reduce((sum, [line, weight]) => {
    const weights = diversionWeights(line, diversion);
    const total = weights.reduce((s, [, w]) => s + w, 0);
    const perVisit = weights.reduce((s, [where, w]) => s + (w / total) * SAVINGS_BY_DIVERSION[where], 0);
    return sum + (weight / serviceTotal) * perVisit;
  }, 0);
}

export function expectedRating(ratingDecline: number): number {
  return SATISFIED.reduce((sum, weight, i) => {
    const mixed = weight * (1 - ratingDecline) + UNHAPPY[i] * ratingDecline;
    return sum + ((5 - i) * mixed) / 100;
  }, 0);
}
