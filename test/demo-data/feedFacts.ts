/** Plan × month figures measured from the generated feeds themselves, the way a consumer would. */
import type { Dataset } from '../../scripts/demo-data/index.js';

/** DESIGN.md "Feeds": avoided cost of the named care minus the telehealth visit's $91. */
const SAVINGS: Record<string, number> = { er: 1686 - 91, urgent_care: 156 - 91, primary_care: 147 - 91 };

export type MonthFacts = {
  eligible: number;
  visits: number;
  ratingSum: number;
  rated: number;
  savings: number;
  behavioral: number;
};

export type PlanFacts = Map<string, MonthFacts>;

function empty(): MonthFacts {
  return { eligible: 0, visits: 0, ratingSum: 0, rated: 0, savings: 0, behavioral: 0 };
}

/** Per plan, per period: eligible members from the eligibility feed, visit measures from the visit stream. */
export function measureFeeds(dataset: Dataset): Map<string, PlanFacts> {
  const plans = new Map<string, PlanFacts>();
  const month = (planId: string, period: string): MonthFacts => {
    let plan = plans.get(planId);
    if (!plan) plans.set(planId, (plan = new Map<string, MonthFacts>()));
    let facts = plan.get(period);
    if (!facts) plan.set(period, (facts = empty()));
    return facts;
  };
  for (const row of dataset.eligibility) month(row.health_plan_id, row.period).eligible += row.eligible_members;
  for (const visit of dataset.visits()) {
    const facts = month(visit.health_plan_id, visit.visit_date.slice(0, 7));
    facts.visits++;
    facts.savings += SAVINGS[visit.diverted_from] ?? 0;
    if (visit.service_line === 'behavioral_health' || visit.service_line === 'psychiatry') facts.behavioral++;
    if (visit.rating !== null) {
      facts.rated++;
      facts.ratingSum += visit.rating;
    }
  }
  return plans;
}

export function total(plan: PlanFacts, periods: string[]): MonthFacts {
  const sum = empty();
  for (const period of periods) {
    const facts = plan.get(period) ?? empty();
    for (const key of Object.keys(sum) as Array<keyof MonthFacts>) sum[key] += facts[key];
  }
  return sum;
}

/** Annualized visits per 1,000 eligible members over `periods`, scaled back to full volume. */
export function visitsPer1000(plan: PlanFacts, periods: string[], visitScale: number): number {
  const sum = total(plan, periods);
  return (sum.visits / visitScale / sum.eligible) * 12 * 1000;
}

export function averageRating(plan: PlanFacts, periods: string[]): number {
  const sum = total(plan, periods);
  return sum.ratingSum / sum.rated;
}
