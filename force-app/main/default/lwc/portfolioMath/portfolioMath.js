/**
 * The book of business as the portfolio shows it: one row per health plan from the GraphQL answer, the
 * filters, the sort, and the header sums (contract value by tier and by renewal quarter). The sums live
 * here only, so the page, its tests and any report agree on them.
 */
import { parseDrivers } from 'c/riskMath';

export const TIERS = ['Critical', 'High', 'Moderate', 'Low'];
export const AT_RISK_TIERS = ['High', 'Critical'];
export const UNRATED = 'Unrated';
const DAY_MS = 24 * 60 * 60 * 1000;

function valueOf(field) {
    return field?.value ?? null;
}

/** The tier the book shows: the rep's override where set, else the model's. */
export function shownTier(plan) {
    return plan.overrideTier ?? plan.modelTier ?? UNRATED;
}

/** One plan from a GraphQL `Account` node with its two latest assessments. */
export function planFromNode(node) {
    const assessments = (node.Renewal_Risk_Assessments__r?.edges ?? []).map((edge) => ({
        score: valueOf(edge.node.Score__c),
        drivers: valueOf(edge.node.Drivers__c)
    }));
    const [latest, previous] = assessments;
    const score = valueOf(node.Renewal_Risk_Score__c) ?? latest?.score ?? null;
    const change =
        latest && previous && typeof latest.score === 'number' && typeof previous.score === 'number'
            ? Math.round((latest.score - previous.score) * 10) / 10
            : null;
    const topDriver = parseDrivers(latest?.drivers)[0] ?? null;
    const linesOfBusiness = valueOf(node.Lines_Of_Business__c);
    const plan = {
        id: node.Id,
        name: valueOf(node.Name) ?? '',
        ownerId: valueOf(node.OwnerId),
        ownerName: valueOf(node.Owner?.Name) ?? '',
        score,
        modelTier: valueOf(node.Renewal_Risk_Tier__c),
        overrideTier: valueOf(node.Renewal_Risk_Override__c),
        change,
        topDriver: topDriver ? topDriver.sentence : '',
        topDriverFactor: topDriver ? topDriver.factor : '',
        contractValue: valueOf(node.Contract_Value__c),
        renewalDate: valueOf(node.Renewal_Date__c),
        linesOfBusiness: linesOfBusiness ? linesOfBusiness.split(';') : []
    };
    plan.tier = shownTier(plan);
    return plan;
}

function dayNumber(isoDate) {
    return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** Whole days from `today` (YYYY-MM-DD) to an ISO date; negative when it has passed. */
export function daysBetween(today, isoDate) {
    return dayNumber(isoDate) - dayNumber(today);
}

/**
 * Filters: `tier` (a tier, or 'all'), `owner` ('mine' or 'all', with `userId`), `lineOfBusiness` (or 'all'),
 * `renewalWithinDays` (a number of days from today, or null for any date).
 */
export function filterPlans(plans, filters, today) {
    const { tier = 'all', owner = 'all', userId = null, lineOfBusiness = 'all', renewalWithinDays = null } = filters;
    return plans.filter(
        (plan) =>
            (tier === 'all' || plan.tier === tier) &&
            (owner === 'all' || (userId !== null && plan.ownerId === userId)) &&
            (lineOfBusiness === 'all' || plan.linesOfBusiness.includes(lineOfBusiness)) &&
            (renewalWithinDays === null ||
                (plan.renewalDate !== null &&
                    daysBetween(today, plan.renewalDate) >= 0 &&
                    daysBetween(today, plan.renewalDate) <= renewalWithinDays))
    );
}

const TIER_RANK = { Low: 1, Moderate: 2, High: 3, Critical: 4 };

const SORT_KEYS = {
    name: (plan) => plan.name.toLowerCase(),
    score: (plan) => plan.score,
    tier: (plan) => TIER_RANK[plan.tier] ?? null,
    change: (plan) => plan.change,
    topDriver: (plan) => plan.topDriver.toLowerCase() || null,
    contractValue: (plan) => plan.contractValue,
    renewalDate: (plan) => plan.renewalDate,
    linesOfBusiness: (plan) => plan.linesOfBusiness.join(', ') || null,
    ownerName: (plan) => plan.ownerName.toLowerCase() || null
};

export const SORTABLE_COLUMNS = Object.keys(SORT_KEYS);

/** Sorted copy; blanks last in either direction, then by name so the order is stable. */
export function sortPlans(plans, column, direction) {
    const key = SORT_KEYS[column] ?? SORT_KEYS.name;
    const sign = direction === 'desc' ? -1 : 1;
    return plans
        .map((plan) => ({ plan, key: key(plan) }))
        .sort((a, b) => {
            if (a.key === null || b.key === null) {
                if (a.key === b.key) {
                    return a.plan.name.localeCompare(b.plan.name);
                }
                return a.key === null ? 1 : -1;
            }
            const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
            return sign * order || a.plan.name.localeCompare(b.plan.name);
        })
        .map((entry) => entry.plan);
}

/** `{ year, quarter }` of an ISO date: calendar quarters, 1–4. */
export function quarterOf(isoDate) {
    return { year: Number(isoDate.slice(0, 4)), quarter: Math.floor((Number(isoDate.slice(5, 7)) - 1) / 3) + 1 };
}

/**
 * The header sums: contract value and count per shown tier (Critical first, then Unrated), and per calendar
 * quarter for the current quarter and the `quarters - 1` after it: value renewing (renewal date from today
 * on) and the part of it whose tier is High or Critical.
 */
export function portfolioSums(plans, today, quarters = 4) {
    const byTier = [...TIERS, UNRATED].map((tier) => ({ tier, value: 0, count: 0 }));
    const start = quarterOf(today);
    const byQuarter = Array.from({ length: quarters }, (_, i) => {
        const index = start.quarter - 1 + i;
        const year = start.year + Math.floor(index / 4);
        const quarter = (index % 4) + 1;
        return {
            key: `${year}-Q${quarter}`,
            year,
            quarter,
            label: `Q${quarter} ${year}`,
            value: 0,
            atRisk: 0,
            count: 0
        };
    });
    let total = 0;
    for (const plan of plans) {
        const value = plan.contractValue ?? 0;
        total += value;
        const tierEntry = byTier.find((entry) => entry.tier === plan.tier) ?? byTier[byTier.length - 1];
        tierEntry.value += value;
        tierEntry.count += 1;
        if (plan.renewalDate && plan.renewalDate >= today) {
            const { year, quarter } = quarterOf(plan.renewalDate);
            const entry = byQuarter.find((q) => q.year === year && q.quarter === quarter);
            if (entry) {
                entry.value += value;
                entry.count += 1;
                if (AT_RISK_TIERS.includes(plan.tier)) {
                    entry.atRisk += value;
                }
            }
        }
    }
    return { total, count: plans.length, byTier, byQuarter };
}
