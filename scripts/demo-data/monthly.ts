/**
 * The plan × line of business × month figures: eligible and registered members, and how many
 * visits the month has, with winter peaks, growth and the planted scenarios applied.
 */
import { parsePeriod } from './calendar.js';
import type { LineProfile, PlanProfile } from './profiles.js';
import { Rng } from './random.js';
import type { MonthlyCell } from './types.js';
import type { LineOfBusiness } from './vocabulary.js';

/** Visits by calendar month, January first: respiratory season in winter, a summer lull. */
const VISIT_SEASON = [1.22, 1.18, 1.06, 0.96, 0.9, 0.86, 0.86, 0.9, 0.96, 1.0, 1.06, 1.14];

/** Open enrollment: Exchange and Medicare membership steps up in January and erodes over the year. */
const ENROLLMENT_SEASON: Partial<Record<LineOfBusiness, number[]>> = {
  Exchange: [1.04, 1.04, 1.03, 1.02, 1.01, 1.0, 0.99, 0.98, 0.97, 0.97, 0.96, 0.96],
  Medicare: [1.02, 1.02, 1.015, 1.01, 1.005, 1.0, 1.0, 0.995, 0.99, 0.985, 0.98, 0.98],
};

/** Utilization in the last three months (latest first) of a plan whose utilization collapses. */
const COLLAPSE = [0.38, 0.45, 0.55];
/** Months over which ratings fall, and how far toward the unhappy distribution they get. */
const RATING_DECLINE_MONTHS = 6;
const RATING_DECLINE_DEPTH = 0.85;

/** A cell with the expected visits at full scale: with and without the planted scenario. */
export type ModelCell = MonthlyCell & { expectedVisits: number; baselineVisits: number };

function cell(
  seed: number,
  plan: PlanProfile,
  line: LineProfile,
  period: string,
  position: number,
  count: number,
  visitScale: number,
): ModelCell {
  const rng = Rng.derive(seed, 'cell', plan.healthPlanId, line.lineOfBusiness, period);
  const monthsFromEnd = count - 1 - position;
  const calendarMonth = parsePeriod(period).month - 1;
  const years = position / 12;

  const enrollment = ENROLLMENT_SEASON[line.lineOfBusiness]?.[calendarMonth] ?? 1;
  const eligible = Math.round(
    line.startMembers * (1 + line.annualGrowth) ** years * enrollment * (1 + 0.004 * rng.normal()),
  );
  const progress = count > 1 ? position / (count - 1) : 1;
  const registrationRate =
    (line.registrationStart + (line.registrationEnd - line.registrationStart) * progress) * (1 + 0.01 * rng.normal());
  const registered = Math.min(eligible, Math.round(eligible * registrationRate));

  const baselineVisits =
    ((registered * line.visitsPerRegisteredYear) / 12) *
    VISIT_SEASON[calendarMonth] *
    (1 + line.utilizationGrowth) ** years;
  const collapse = plan.scenario === 'utilization-collapse' ? (COLLAPSE[monthsFromEnd] ?? 1) : 1;
  const expectedVisits = baselineVisits * collapse;

  const ratingsFall =
    plan.scenario === 'ratings-falling' && monthsFromEnd < RATING_DECLINE_MONTHS
      ? ((RATING_DECLINE_MONTHS - monthsFromEnd) / RATING_DECLINE_MONTHS) * RATING_DECLINE_DEPTH
      : 0;

  return {
    healthPlanId: plan.healthPlanId,
    lineOfBusiness: line.lineOfBusiness,
    period,
    eligible,
    registered,
    visits: rng.poisson(expectedVisits * visitScale),
    ratingDecline: Math.min(1, plan.ratingNoise + ratingsFall),
    diversion: plan.diversion,
    expectedVisits,
    baselineVisits,
  };
}

/** Every cell, in period, plan and line-of-business order (the order of the feeds). */
export function monthlyCells(seed: number, plans: PlanProfile[], periods: string[], visitScale: number): ModelCell[] {
  return periods.flatMap((period, position) =>
    plans.flatMap((plan) =>
      plan.lines.map((line) => cell(seed, plan, line, period, position, periods.length, visitScale)),
    ),
  );
}
