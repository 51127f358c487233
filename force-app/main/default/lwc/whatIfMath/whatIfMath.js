/**
 * What-if on the renewal risk model: the scorer's input built from the org's records (the same fields
 * the plugin reads), levers that change that input, and the score of the changed input — always through
 * `c/healthPlanModel`'s exported `scoreAccount` and `tierFor`, so the answer is the model's own.
 */
import { DEFAULT_RISK_CONFIG, monthIndex, monthStart, scoreAccount, tierFor } from 'c/healthPlanModel';

export const WINDOW_MONTHS = 12;
const RECENT_MONTHS = 3;
const TIER_ORDER = ['Low', 'Moderate', 'High', 'Critical'];

/** First month of the 12-month window that ends with the as-of month: what to read from the org. */
export function windowStart(asOf) {
    return monthStart(monthIndex(asOf) - (WINDOW_MONTHS - 1));
}

const value = (field) => field?.value ?? null;
const nodes = (connection) => (connection?.edges ?? []).map((edge) => edge.node);

/** One Active plan per account is the rule; with more, the one for the as-of year, else the latest. */
function activePlan(plans, asOf) {
    if (!plans.length) {
        return null;
    }
    const year = asOf.slice(0, 4);
    const sorted = [...plans].sort((a, b) =>
        String(value(b.Plan_Year__c) ?? '').localeCompare(String(value(a.Plan_Year__c) ?? ''))
    );
    return sorted.find((plan) => value(plan.Plan_Year__c) === year) ?? sorted[0];
}

/**
 * The scorer's input from the GraphQL answer of the what-if query: the Account with its snapshots,
 * contracts, stakeholders and Active plans, and the objectives of those plans.
 */
export function riskInputFromGraphql(data, asOf) {
    const account = nodes(data.uiapi.query.Account)[0];
    if (!account) {
        return null;
    }
    const plan = activePlan(nodes(account.Account_Plans__r), asOf);
    const objectives = plan
        ? nodes(data.uiapi.query.Account_Plan_Objective__c).filter(
              (objective) => value(objective.Account_Plan__c) === plan.Id
          )
        : [];
    const first = windowStart(asOf);
    const last = monthStart(monthIndex(asOf));
    return {
        asOf,
        snapshots: nodes(account.Utilization_Snapshots__r)
            .filter((row) => value(row.Period_Start__c) >= first && value(row.Period_Start__c) <= last)
            .map((row) => ({
                lineOfBusiness: value(row.Line_Of_Business__c) ?? '',
                periodStart: value(row.Period_Start__c),
                eligibleMembers: value(row.Eligible_Members__c),
                registeredMembers: value(row.Registered_Members__c),
                visits: value(row.Visits__c),
                costSavings: value(row.Cost_Savings__c),
                averageRating: value(row.Average_Rating__c),
                ratedVisits: value(row.Rated_Visits__c)
            })),
        contracts: nodes(account.Contracts).map((row) => ({
            lineOfBusiness: value(row.Line_Of_Business__c),
            startDate: value(row.StartDate),
            endDate: value(row.EndDate),
            coveredLives: value(row.Covered_Lives__c),
            pmpmFee: value(row.PMPM_Fee__c),
            perVisitFee: value(row.Per_Visit_Fee__c)
        })),
        renewalDate: value(account.Renewal_Date__c),
        plan: plan && {
            name: value(plan.Name) ?? 'Account plan',
            targetRegistrationRate: value(plan.Target_Registration_Rate__c),
            targetVisitsPer1000: value(plan.Target_Visits_Per_1000__c),
            targetCostSavings: value(plan.Target_Cost_Savings__c),
            targetRating: value(plan.Target_Rating__c),
            objectives: objectives.map((objective) => ({
                name: value(objective.Name) ?? 'Objective',
                status: value(objective.Status__c),
                dueDate: value(objective.Due_Date__c)
            }))
        },
        stakeholders: nodes(account.Stakeholders__r).map((row) => ({
            name: [value(row.Contact__r?.FirstName), value(row.Contact__r?.LastName)].filter(Boolean).join(' '),
            role: value(row.Role__c),
            influence: value(row.Influence__c),
            sentiment: value(row.Sentiment__c),
            lastEngagementDate: value(row.Last_Engagement_Date__c)
        })),
        previous: null
    };
}

export function assess(input, config = DEFAULT_RISK_CONFIG) {
    return scoreAccount(input, config);
}

function driverValue(assessment, factor) {
    return assessment.drivers.find((driver) => driver.factor === factor)?.value ?? null;
}

/**
 * The numeric levers, with the model's current figure for each (null when the model cannot measure it),
 * the range a rep can move it in, and which way is better.
 */
export function numericLevers(baseline, input) {
    const targets = input.plan ?? {};
    const visits = driverValue(baseline, 'Utilization_Vs_Target') ?? driverValue(baseline, 'Utilization_Trend');
    const registration = driverValue(baseline, 'Registration_Vs_Target');
    const rating = driverValue(baseline, 'Rating_Vs_Target');
    const savings = driverValue(baseline, 'Cost_Savings_Vs_Target');
    const upTo = (current, target, factor) => Math.max(current ?? 0, target ?? 0) * factor || 1;
    return [
        {
            key: 'visitsPer1000',
            label: 'Visits per 1,000',
            current: visits,
            min: 0,
            max: Math.ceil(upTo(visits, targets.targetVisitsPer1000, 2)),
            step: 1
        },
        { key: 'registrationRate', label: 'Registration rate (%)', current: registration, min: 0, max: 100, step: 0.1 },
        { key: 'averageRating', label: 'Average rating', current: rating, min: 1, max: 5, step: 0.01 },
        {
            key: 'annualSavings',
            label: 'Cost savings a year',
            current: savings,
            min: 0,
            max: Math.ceil(upTo(savings, targets.targetCostSavings, 2)),
            step: 1000
        }
    ].filter((lever) => lever.current !== null);
}

/** Months of the recent window: the latest month with eligible members and the two before it. */
function recentMonths(snapshots) {
    const withData = snapshots.filter((s) => (s.eligibleMembers ?? 0) > 0).map((s) => monthIndex(s.periodStart));
    if (!withData.length) {
        return { anchor: null, from: null };
    }
    const anchor = Math.max(...withData);
    return { anchor, from: anchor - (RECENT_MONTHS - 1) };
}

/**
 * The input with the levers applied. `levers`: `{ visitsPer1000, registrationRate, averageRating, annualSavings,
 * sentiments: { [stakeholderIndex]: sentiment }, objectiveStatuses: { [objectiveIndex]: status }, renewalDate }`;
 * `baselineLevers` gives the model's current figures the numeric levers scale from.
 */
export function applyLevers(input, levers, baselineLevers) {
    const current = Object.fromEntries(baselineLevers.map((lever) => [lever.key, lever.current]));
    const { anchor, from } = recentMonths(input.snapshots);
    const isRecent = (s) => anchor !== null && monthIndex(s.periodStart) >= from && monthIndex(s.periodStart) <= anchor;
    const ratio = (key) => (levers[key] === undefined || !current[key] ? 1 : levers[key] / current[key]);
    const visitsRatio = ratio('visitsPer1000');
    const savingsRatio = ratio('annualSavings');
    const snapshots = input.snapshots.map((s) => {
        const next = { ...s };
        if (isRecent(s) && s.visits !== null) {
            next.visits = s.visits * visitsRatio;
        }
        if (s.costSavings !== null) {
            next.costSavings = s.costSavings * savingsRatio;
        }
        if (levers.averageRating !== undefined && isRecent(s) && s.averageRating !== null) {
            next.averageRating = levers.averageRating;
        }
        if (
            levers.registrationRate !== undefined &&
            anchor !== null &&
            monthIndex(s.periodStart) === anchor &&
            (s.eligibleMembers ?? 0) > 0
        ) {
            next.registeredMembers = (s.eligibleMembers * levers.registrationRate) / 100;
        }
        return next;
    });
    const sentiments = levers.sentiments ?? {};
    const stakeholders = input.stakeholders.map((person, i) => ({
        ...person,
        sentiment: sentiments[i] ?? person.sentiment
    }));
    const statuses = levers.objectiveStatuses ?? {};
    const plan = input.plan && {
        ...input.plan,
        objectives: input.plan.objectives.map((objective, i) => ({
            ...objective,
            status: statuses[i] ?? objective.status
        }))
    };
    let { contracts, renewalDate } = input;
    if (levers.renewalDate) {
        const nearest = input.contracts
            .map((c) => c.endDate)
            .filter((date) => date && date >= input.asOf)
            .sort()[0];
        contracts = input.contracts.map((c) => ({
            ...c,
            endDate: nearest && c.endDate === nearest ? levers.renewalDate : c.endDate
        }));
        renewalDate = levers.renewalDate;
    }
    return { ...input, snapshots, stakeholders, plan, contracts, renewalDate };
}

/** The tier one step lower than `tier`, or null for Low. */
export function tierBelow(tier) {
    const index = TIER_ORDER.indexOf(tier);
    return index > 0 ? TIER_ORDER[index - 1] : null;
}

function lowestScoreOf(tier, tiers) {
    return { Low: 0, Moderate: tiers.moderate, High: tiers.high, Critical: tiers.critical }[tier];
}

/**
 * For each numeric lever alone, the least change (rounded to its step, in the safe direction) that brings
 * the what-if to the next tier down, found by bisection on the model itself; null where no value in the
 * lever's range gets there.
 */
export function distancesToNextTier(input, levers, baselineLevers, config = DEFAULT_RISK_CONFIG) {
    const scoreWith = (extra) => assess(applyLevers(input, { ...levers, ...extra }, baselineLevers), config).score;
    const now = scoreWith({});
    if (now === null) {
        return { tier: null, next: null, distances: [] };
    }
    const tier = tierFor(now, config.tiers);
    const next = tierBelow(tier);
    if (!next) {
        return { tier, next: null, distances: [] };
    }
    const goal = lowestScoreOf(tier, config.tiers);
    const distances = baselineLevers.map((lever) => {
        const start = levers[lever.key] ?? lever.current;
        const reaches = (x) => scoreWith({ [lever.key]: x }) < goal;
        if (!reaches(lever.max)) {
            return { key: lever.key, label: lever.label, value: null };
        }
        let low = start;
        let high = lever.max;
        for (let i = 0; i < 40; i++) {
            const mid = (low + high) / 2;
            if (reaches(mid)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        let rounded = Math.ceil(high / lever.step - 1e-9) * lever.step;
        rounded = Math.round(rounded * 100) / 100;
        if (!reaches(rounded)) {
            rounded = Math.round((rounded + lever.step) * 100) / 100;
        }
        return { key: lever.key, label: lever.label, value: Math.min(rounded, lever.max) };
    });
    return { tier, next, distances };
}
