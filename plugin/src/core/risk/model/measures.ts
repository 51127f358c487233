import { roundHalfUp } from '../../numbers/rounding.js';
import { daysBetween, monthLabel } from './dates.js';
import { feesForMonths, returnOnInvestment } from './fees.js';
import { formatMoney, formatNumber, formatPercent, listNames, plural } from './format.js';
import { monthsBetween, usageWindow, visitsPer1000, type MonthUsage, type UsageWindow } from './usage.js';
import type { AccountRiskInput, StakeholderInput } from './types.js';

/**
 * One measure per `Risk_Factor__mdt` record, keyed by its DeveloperName. Each returns the value the
 * record's thresholds apply to (its `Measure__c` says what and in which unit), the figures people
 * know (value, target) and a sentence with the real numbers — or the reason it cannot be measured.
 */
export type Measurement = {
  value: number;
  target: number | null;
  /** What the thresholds apply to. */
  measure: number;
  sentence: string;
};

export type Measured = ({ ok: true } & Measurement) | { ok: false; reason: string };

export type MeasureContext = {
  input: AccountRiskInput;
  usage: UsageWindow;
  /** The last 3 months of data (ending with the latest month that has any) and the 3 before. */
  recent: MonthUsage[];
  prior: MonthUsage[];
};

type Measure = (context: MeasureContext) => Measured;

/** Sentiment of a stakeholder on the 0–1 scale of the Relationship health factor. */
export const SENTIMENT_SCORES: Record<string, number> = {
  Champion: 1,
  Supporter: 0.75,
  Neutral: 0.5,
  Skeptic: 0.25,
  Detractor: 0,
};
/** Executive engagement within this many days keeps relationship health whole... */
export const EXECUTIVE_ENGAGED_DAYS = 90;
/** ...and at this many days or more (or none on record) halves it. */
export const EXECUTIVE_LAPSED_DAYS = 180;

const missing = (reason: string): Measured => ({ ok: false, reason });
const measured = (measurement: Measurement): Measured => ({ ok: true, ...measurement });

const utilizationTrend: Measure = (context) => {
  if (context.usage.anchor === null) return missing('no utilization snapshots in the last 12 months');
  const recent = visitsPer1000(context.recent);
  const prior = visitsPer1000(context.prior);
  // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, the last 3 months hold the anchor month, which has eligible members
  if (recent === null) return missing('no utilization snapshots in the last 3 months');
  if (prior === null || prior === 0) return missing('no visits in the 3 months before the last 3');
  const change = recent / prior - 1;
  const percent = roundHalfUp(change * 100, 0);
  const direction =
    percent < 0 ? `fell ${formatPercent(-percent)}` : percent > 0 ? `rose ${formatPercent(percent)}` : 'held steady';
  return measured({
    value: recent,
    target: null,
    measure: change,
    sentence: `Visits per 1,000 ${direction} in the last 3 months, to ${formatNumber(recent)} (from ${formatNumber(prior)}).`,
  });
};

/** The plan's target, or why there is none (then the factor falls back to the plan's own baseline). */
function planTarget(input: AccountRiskInput, target: number | null | undefined, what: string): number | string {
  if (!input.plan) return 'no Active account plan sets a target';
  if (target === null || target === undefined || target <= 0) return `the Active account plan has no ${what} target`;
  return target;
}

/**
 * The months of the 12-month window, the plan's own trailing baseline; it needs months before the
 * last 3, or the comparison would be with itself.
 */
function baseline(context: MeasureContext): MonthUsage[] | string {
  const { usage, recent } = context;
  // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, the last 3 months hold the anchor month, which has eligible members (and each caller returns first without one)
  if (!recent.length) return 'no utilization snapshots in the last 3 months';
  if (usage.months.length <= recent.length) return 'no months before the last 3 for a 12-month baseline';
  return usage.months;
}

const utilizationVsTarget: Measure = (context) => {
  const target = planTarget(context.input, context.input.plan?.targetVisitsPer1000, 'visits per 1,000');
  const recent = visitsPer1000(context.recent);
  if (recent === null) return missing('no utilization snapshots in the last 3 months');
  if (typeof target === 'number') {
    const ratio = recent / target;
    return measured({
      value: recent,
      target,
      measure: ratio,
      sentence: `Visits per 1,000 were ${formatNumber(recent)} in the last 3 months, ${formatPercent(ratio * 100)} of the target of ${formatNumber(target)}.`,
    });
  }
  const months = baseline(context);
  if (typeof months === 'string') return missing(`${target}, and ${months}`);
  const usual = visitsPer1000(months) ?? 0;
  if (usual <= 0) return missing(`${target}, and no visits in the last 12 months for a baseline`);
  const ratio = recent / usual;
  return measured({
    value: recent,
    target: null,
    measure: ratio,
    sentence: `Visits per 1,000 were ${formatNumber(recent)} in the last 3 months, ${formatPercent(ratio * 100)} of the plan's own 12-month average of ${formatNumber(usual)} (${target}).`,
  });
};

/** Registered share of eligible members over some months, in percent. */
function registrationRate(months: MonthUsage[]): number | null {
  const eligible = months.reduce((sum, month) => sum + month.eligible, 0);
  return eligible > 0 ? (100 * months.reduce((sum, month) => sum + month.registered, 0)) / eligible : null;
}

const registrationVsTarget: Measure = (context) => {
  const target = planTarget(context.input, context.input.plan?.targetRegistrationRate, 'registration rate');
  const latest = context.usage.months.at(-1);
  if (!latest) return missing('no utilization snapshots in the last 12 months');
  const rate = (latest.registered / latest.eligible) * 100;
  if (typeof target === 'number') {
    const ratio = rate / target;
    return measured({
      value: rate,
      target,
      measure: ratio,
      sentence: `${formatPercent(rate, 1)} of eligible members were registered in ${monthLabel(latest.month)}, ${formatPercent(ratio * 100)} of the target of ${formatPercent(target, 1)}.`,
    });
  }
  const months = baseline(context);
  if (typeof months === 'string') return missing(`${target}, and ${months}`);
  const usual = registrationRate(months) ?? 0;
  if (usual <= 0) return missing(`${target}, and no registered members in the last 12 months for a baseline`);
  const ratio = rate / usual;
  return measured({
    value: rate,
    target: null,
    measure: ratio,
    sentence: `${formatPercent(rate, 1)} of eligible members were registered in ${monthLabel(latest.month)}, ${formatPercent(ratio * 100)} of the plan's own 12-month average of ${formatPercent(usual, 1)} (${target}).`,
  });
};

const registrationTrend: Measure = ({ usage, recent, prior }) => {
  if (usage.anchor === null) return missing('no utilization snapshots in the last 12 months');
  const now = registrationRate(recent);
  const before = registrationRate(prior);
  // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, the last 3 months hold the anchor month, which has eligible members
  if (now === null) return missing('no utilization snapshots in the last 3 months');
  if (before === null || before === 0) return missing('no registered members in the 3 months before the last 3');
  const change = now / before - 1;
  const percent = roundHalfUp(change * 100, 0);
  const direction =
    percent < 0 ? `fell ${formatPercent(-percent)}` : percent > 0 ? `rose ${formatPercent(percent)}` : 'held steady';
  return measured({
    value: now,
    target: null,
    measure: change,
    sentence: `Registration ${direction} in the last 3 months, to ${formatPercent(now, 1)} of eligible members (from ${formatPercent(before, 1)}).`,
  });
};

/** Average rating and number of ratings over some months; null without ratings. */
function averageRating(months: MonthUsage[]): { average: number; rated: number } | null {
  const rated = months.reduce((sum, month) => sum + month.ratedVisits, 0);
  if (rated <= 0) return null;
  return { average: months.reduce((sum, month) => sum + month.ratingPoints, 0) / rated, rated };
}

function ratingComparison(gap: number): string {
  // Stryker disable next-line EqualityOperator: equivalent, 0 takes the first branch before the sign is read, and two ratings of 1 or more differ by a multiple of 2^-52, which the double 0.005 is not
  return Math.abs(gap) < 0.005 ? 'on' : `${formatNumber(Math.abs(gap), 2)} ${gap < 0 ? 'below' : 'above'}`;
}

const ratingVsTarget: Measure = (context) => {
  const target = planTarget(context.input, context.input.plan?.targetRating, 'rating');
  const now = averageRating(context.recent);
  if (!now) return missing('no rated visits in the last 3 months');
  const ratings = `Visits were rated ${formatNumber(now.average, 2)} on average in the last 3 months (${plural(now.rated, 'rating')})`;
  if (typeof target === 'number') {
    const gap = now.average - target;
    return measured({
      value: now.average,
      target,
      measure: gap,
      sentence: `${ratings}, ${ratingComparison(gap)} the target of ${formatNumber(target, 2)}.`,
    });
  }
  const months = baseline(context);
  const usual = typeof months === 'string' ? null : averageRating(months);
  if (!usual)
    return missing(`${target}, and ${typeof months === 'string' ? months : 'no rated visits for a baseline'}`);
  const gap = now.average - usual.average;
  return measured({
    value: now.average,
    target: null,
    measure: gap,
    sentence: `${ratings}, ${ratingComparison(gap)} the plan's own 12-month average of ${formatNumber(usual.average, 2)} (${target}).`,
  });
};

const ratingTrend: Measure = ({ usage, recent, prior }) => {
  if (usage.anchor === null) return missing('no utilization snapshots in the last 12 months');
  const now = averageRating(recent);
  const before = averageRating(prior);
  if (!now) return missing('no rated visits in the last 3 months');
  if (!before) return missing('no rated visits in the 3 months before the last 3');
  const change = now.average - before.average;
  // Stryker disable EqualityOperator: equivalent, 0 takes the first branch before the sign is read, and two ratings of 1 or more differ by a multiple of 2^-52, which the double 0.005 is not
  const direction =
    Math.abs(change) < 0.005
      ? 'held steady'
      : `${change < 0 ? 'fell' : 'rose'} ${formatNumber(Math.abs(change), 2)} stars`;
  // Stryker restore EqualityOperator
  return measured({
    value: now.average,
    target: null,
    measure: change,
    sentence: `The average visit rating ${direction} in the last 3 months, to ${formatNumber(now.average, 2)} (from ${formatNumber(before.average, 2)}).`,
  });
};

const costSavingsVsTarget: Measure = (context) => {
  const { input, usage } = context;
  const target = planTarget(input, input.plan?.targetCostSavings, 'cost savings');
  const reported = usage.months.filter((month) => month.savingsReported);
  if (!reported.length) return missing('no cost savings in the snapshots of the last 12 months');
  if (typeof target === 'string') return savingsVsBaseline(context, reported, target);
  const total = reported.reduce((sum, month) => sum + month.costSavings, 0);
  // A plan with fewer than 12 months of data is judged on its pace, not on a partial year.
  const annual = (total * 12) / reported.length;
  const ratio = annual / target;
  const period =
    reported.length === 12
      ? 'the last 12 months'
      : `the last ${plural(reported.length, 'month')}, ${formatMoney(annual)} a year`;
  const fees = feesForMonths(
    input.contracts,
    input.snapshots,
    reported.map((month) => month.month),
  );
  const roi = returnOnInvestment(total, fees);
  const roiClause =
    roi === null
      ? ' No fees are on record for the same months, so there is no ROI.'
      : ` ROI was ${formatNumber(roi, 1)}× the ${formatMoney(fees)} in fees.`;
  return measured({
    value: annual,
    target,
    measure: ratio,
    sentence: `Cost savings were ${formatMoney(total)} over ${period}, ${formatPercent(ratio * 100)} of the target of ${formatMoney(target)}.${roiClause}`,
  });
};

/** Without a target: the monthly pace of the last 3 months against the 12-month pace. */
function savingsVsBaseline(context: MeasureContext, reported: MonthUsage[], why: string): Measured {
  const recent = context.recent.filter((month) => month.savingsReported);
  if (!recent.length) return missing(`${why}, and no cost savings in the last 3 months`);
  if (reported.length <= recent.length)
    return missing(`${why}, and no months before the last 3 for a 12-month baseline`);
  const pace = (months: MonthUsage[]): number =>
    months.reduce((sum, month) => sum + month.costSavings, 0) / months.length;
  const now = pace(recent);
  const usual = pace(reported);
  if (usual <= 0) return missing(`${why}, and no cost savings in the last 12 months for a baseline`);
  const ratio = now / usual;
  return measured({
    value: now * 12,
    target: null,
    measure: ratio,
    sentence: `Cost savings ran at ${formatMoney(now * 12)} a year in the last 3 months, ${formatPercent(ratio * 100)} of the plan's own 12-month pace of ${formatMoney(usual * 12)} (${why}).`,
  });
}

function lastExecutiveEngagement(input: AccountRiskInput): { person: StakeholderInput; days: number } | null {
  let latest: StakeholderInput | null = null;
  for (const person of input.stakeholders) {
    const date = person.lastEngagementDate;
    if (person.role !== 'Executive' || date === null || date > input.asOf) continue;
    if (!latest || date > (latest.lastEngagementDate ?? '')) latest = person;
  }
  return latest ? { person: latest, days: daysBetween(latest.lastEngagementDate ?? input.asOf, input.asOf) } : null;
}

/** 1 when an executive was engaged lately, falling linearly to 0.5 when long ago or never. */
function engagementMultiplier(days: number | null): number {
  if (days === null) return 0.5;
  const lapse = (days - EXECUTIVE_ENGAGED_DAYS) / (EXECUTIVE_LAPSED_DAYS - EXECUTIVE_ENGAGED_DAYS);
  return 1 - 0.5 * Math.min(1, Math.max(0, lapse));
}

const relationshipHealth: Measure = ({ input }) => {
  const influential = input.stakeholders.filter(
    (person) => person.influence === 'High' && person.sentiment !== null && person.sentiment in SENTIMENT_SCORES,
  );
  if (!influential.length) return missing('no High-influence stakeholder with a recorded sentiment');
  const sentimentOf = (person: StakeholderInput): number => SENTIMENT_SCORES[person.sentiment ?? 'Neutral'];
  const sentiment = influential.reduce((sum, person) => sum + sentimentOf(person), 0) / influential.length;
  const executive = lastExecutiveEngagement(input);
  const health = sentiment * engagementMultiplier(executive ? executive.days : null);
  const negative = influential.filter((person) => sentimentOf(person) < SENTIMENT_SCORES.Neutral);
  const who = negative.map((person) => `${person.name} (${person.role ?? 'no role'}, ${person.sentiment ?? ''})`);
  const sentimentClause = negative.length
    ? `${formatNumber(negative.length)} of ${plural(influential.length, 'High-influence stakeholder')} ${negative.length === 1 ? 'is a' : 'are'} Skeptic or Detractor: ${listNames(who)}`
    : influential.length === 1
      ? 'The only High-influence stakeholder is Neutral or better'
      : `All ${plural(influential.length, 'High-influence stakeholder')} are Neutral or better`;
  const engagementClause = executive
    ? `the last executive engagement was ${plural(executive.days, 'day')} ago (${executive.person.name})`
    : 'no executive engagement is on record';
  return measured({
    value: health,
    target: null,
    measure: health,
    sentence: `${sentimentClause}; ${engagementClause}.`,
  });
};

function objectiveWeight(objective: { status: string | null; dueDate: string | null }, asOf: string): number {
  const overdue = objective.dueDate !== null && objective.dueDate < asOf;
  if (objective.status === 'Off Track' || overdue) return 1;
  return objective.status === 'At Risk' ? 0.5 : 0;
}

const objectivesOffTrack: Measure = ({ input }) => {
  if (!input.plan) return missing('no Active account plan');
  const objectives = input.plan.objectives;
  if (!objectives.length) return missing('the Active account plan has no objectives');
  const open = objectives.filter((objective) => objective.status !== 'Done');
  if (!open.length) {
    return measured({
      value: 0,
      target: null,
      measure: 0,
      sentence: `All ${plural(objectives.length, 'objective')} are Done.`,
    });
  }
  const share = open.reduce((sum, objective) => sum + objectiveWeight(objective, input.asOf), 0) / open.length;
  const troubled = open.filter((objective) => objectiveWeight(objective, input.asOf) > 0);
  const named = troubled.map((objective) =>
    objective.dueDate !== null && objective.dueDate < input.asOf
      ? `${objective.name} (overdue since ${objective.dueDate})`
      : `${objective.name} (${objective.status ?? ''})`,
  );
  const sentence = troubled.length
    ? `${formatNumber(troubled.length)} of ${plural(open.length, 'open objective')} ${troubled.length === 1 ? 'is' : 'are'} off track, at risk or overdue: ${listNames(named)}.`
    : `None of the ${plural(open.length, 'open objective')} is off track, at risk or overdue.`;
  return measured({ value: troubled.length, target: null, measure: share, sentence });
};

const daysToRenewal: Measure = ({ input }) => {
  const next = input.contracts
    .filter((contract) => contract.endDate !== null && contract.endDate >= input.asOf)
    .sort((a, b) => (a.endDate ?? '').localeCompare(b.endDate ?? ''))
    .at(0);
  if (next?.endDate) {
    const days = daysBetween(input.asOf, next.endDate);
    const lives = next.coveredLives ? ` (${formatNumber(next.coveredLives)} covered lives)` : '';
    const contract = next.lineOfBusiness ? `The ${next.lineOfBusiness} contract` : 'A contract';
    return measured({
      value: days,
      target: null,
      measure: days,
      sentence: `${contract}${lives} renews in ${plural(days, 'day')}, on ${next.endDate}.`,
    });
  }
  if (input.renewalDate !== null && input.renewalDate >= input.asOf) {
    const days = daysBetween(input.asOf, input.renewalDate);
    return measured({
      value: days,
      target: null,
      measure: days,
      sentence: `The account renews in ${plural(days, 'day')}, on ${input.renewalDate}.`,
    });
  }
  return missing(`no contract or renewal date on or after ${input.asOf}`);
};

export const MEASURES: Record<string, Measure> = {
  Utilization_Trend: utilizationTrend,
  Utilization_Vs_Target: utilizationVsTarget,
  Registration_Vs_Target: registrationVsTarget,
  Registration_Trend: registrationTrend,
  Rating_Vs_Target: ratingVsTarget,
  Rating_Trend: ratingTrend,
  Cost_Savings_Vs_Target: costSavingsVsTarget,
  Relationship_Health: relationshipHealth,
  Objectives_Off_Track: objectivesOffTrack,
  Days_To_Renewal: daysToRenewal,
};

export function measureContext(input: AccountRiskInput): MeasureContext {
  const usage = usageWindow(input.snapshots, input.asOf);
  const anchor = usage.anchor;
  return {
    input,
    usage,
    recent: anchor === null ? [] : monthsBetween(usage, anchor - 2, anchor),
    prior: anchor === null ? [] : monthsBetween(usage, anchor - 5, anchor - 3),
  };
}
