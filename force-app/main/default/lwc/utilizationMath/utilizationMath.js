import { monthIndex, monthStart } from 'c/healthPlanModel';
import { fieldValue, numberFieldValue } from 'c/ldsUtils';

export const LINES_OF_BUSINESS = ['Commercial', 'Medicare', 'Medicaid', 'Exchange'];

/** The snapshot fields every component reads: one list, so Lightning Data Service answers them from one cache entry. */
export const SNAPSHOT_FIELDS = [
    'Utilization_Snapshot__c.Period_Start__c',
    'Utilization_Snapshot__c.Line_Of_Business__c',
    'Utilization_Snapshot__c.Eligible_Members__c',
    'Utilization_Snapshot__c.Registered_Members__c',
    'Utilization_Snapshot__c.Visits__c',
    'Utilization_Snapshot__c.Cost_Savings__c',
    'Utilization_Snapshot__c.Average_Rating__c',
    'Utilization_Snapshot__c.Rated_Visits__c',
    'Utilization_Snapshot__c.Savings_Assumption_Set__c'
];

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A Utilization_Snapshot__c from a related-list record, as plain numbers keyed by `YYYY-MM`. */
export function snapshotFromRecord(record) {
    const number = (name) => numberFieldValue(record, name);
    return {
        id: record.id,
        month: String(fieldValue(record, 'Period_Start__c') ?? '').slice(0, 7),
        lineOfBusiness: fieldValue(record, 'Line_Of_Business__c'),
        eligibleMembers: number('Eligible_Members__c') ?? 0,
        registeredMembers: number('Registered_Members__c') ?? 0,
        visits: number('Visits__c') ?? 0,
        costSavings: number('Cost_Savings__c') ?? 0,
        averageRating: number('Average_Rating__c'),
        ratedVisits: number('Rated_Visits__c') ?? 0,
        savingsAssumptionSet: fieldValue(record, 'Savings_Assumption_Set__c') ?? null
    };
}

/** Visits per 1,000 members, annualized from one month of visits. */
export function visitsPer1000(visits, eligibleMembers) {
    return eligibleMembers > 0 ? (visits / eligibleMembers) * 1000 * 12 : null;
}

/** Registered share of eligible members, in percent like a Salesforce Percent field. */
export function registrationRate(registeredMembers, eligibleMembers) {
    return eligibleMembers > 0 ? (registeredMembers / eligibleMembers) * 100 : null;
}

export function addMonths(month, delta) {
    return monthStart(monthIndex(`${month}-01`) + delta).slice(0, 7);
}

/** The `count` months ending with `lastMonth`, oldest first. */
export function monthsEndingAt(lastMonth, count) {
    return Array.from({ length: count }, (unused, index) => addMonths(lastMonth, index - count + 1));
}

export function latestMonth(snapshots) {
    return snapshots.reduce((latest, snapshot) => (snapshot.month > latest ? snapshot.month : latest), '');
}

export function monthLabel(month) {
    const [year, monthNumber] = month.split('-');
    return `${MONTH_NAMES[Number(monthNumber) - 1]} ${year}`;
}

/**
 * Monthly visits per 1,000 and registration rate per line of business over the `monthCount` months
 * ending with the latest snapshot. Months without a snapshot stay null so charts show a gap, not a zero.
 */
export function buildTrend(snapshots, monthCount) {
    const last = latestMonth(snapshots);
    if (!last) {
        return { months: [], lines: [] };
    }
    const months = monthsEndingAt(last, monthCount);
    const byLine = new Map();
    for (const snapshot of snapshots) {
        if (!byLine.has(snapshot.lineOfBusiness)) {
            byLine.set(snapshot.lineOfBusiness, new Map());
        }
        byLine.get(snapshot.lineOfBusiness).set(snapshot.month, snapshot);
    }
    const lines = orderLinesOfBusiness([...byLine.keys()]).map((lineOfBusiness) => {
        const monthly = byLine.get(lineOfBusiness);
        return {
            lineOfBusiness,
            visitsPer1000: months.map((month) => {
                const snapshot = monthly.get(month);
                return snapshot ? visitsPer1000(snapshot.visits, snapshot.eligibleMembers) : null;
            }),
            registrationRate: months.map((month) => {
                const snapshot = monthly.get(month);
                return snapshot ? registrationRate(snapshot.registeredMembers, snapshot.eligibleMembers) : null;
            })
        };
    });
    return { months, lines };
}

/** Known lines of business in their usual order, then any others alphabetically. */
export function orderLinesOfBusiness(names) {
    const known = LINES_OF_BUSINESS.filter((name) => names.includes(name));
    const others = names.filter((name) => !LINES_OF_BUSINESS.includes(name)).sort();
    return [...known, ...others];
}

/** Totals across lines of business for the latest month: the plan's current actuals. */
export function latestActuals(snapshots) {
    const last = latestMonth(snapshots);
    const current = snapshots.filter((snapshot) => snapshot.month === last);
    const eligible = sum(current, 'eligibleMembers');
    return {
        month: last || null,
        visitsPer1000: visitsPer1000(sum(current, 'visits'), eligible),
        registrationRate: registrationRate(sum(current, 'registeredMembers'), eligible)
    };
}

export function sum(rows, key) {
    return rows.reduce((total, row) => total + (row[key] ?? 0), 0);
}

/** Round maximum for an axis with `tickCount` equal steps of 1, 2, 2.5 or 5 times a power of ten. */
export function niceScale(maximum, tickCount = 4) {
    if (!(maximum > 0)) {
        return { max: 1, step: 1 / tickCount };
    }
    const rawStep = maximum / tickCount;
    const power = 10 ** Math.floor(Math.log10(rawStep));
    const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rawStep);
    return { max: step * tickCount, step };
}

/**
 * Screen coordinates for a line chart: one SVG path per series (gaps where values are null), an
 * optional horizontal target line, y ticks and thinned x labels so 36 months stay legible.
 */
export function chartGeometry({ months, series, target, width, height, margin }) {
    const values = series.flatMap((line) => line.values).filter((value) => value !== null);
    if (target !== null && target !== undefined) {
        values.push(target);
    }
    const { max, step } = niceScale(Math.max(0, ...values));
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const x = (index) => margin.left + (months.length > 1 ? (index / (months.length - 1)) * plotWidth : plotWidth / 2);
    const y = (value) => margin.top + plotHeight - (value / max) * plotHeight;
    const round = (value) => Math.round(value * 10) / 10;

    const paths = series.map((line) => {
        let pen = 'M';
        const commands = [];
        line.values.forEach((value, index) => {
            if (value === null) {
                pen = 'M';
                return;
            }
            commands.push(`${pen}${round(x(index))},${round(y(value))}`);
            pen = 'L';
        });
        return { key: line.key, d: commands.join(' ') };
    });

    const labelEvery = Math.ceil(months.length / 12);
    const xLabels = months
        .map((month, index) => ({ month, index }))
        .filter(({ index }) => (months.length - 1 - index) % labelEvery === 0)
        .map(({ month, index }) => ({ key: month, x: round(x(index)), label: monthLabel(month) }));

    const yTicks = Array.from({ length: Math.round(max / step) + 1 }, (unused, index) => {
        const value = index * step;
        return { key: `${value}`, value, y: round(y(value)) };
    });

    const hasTarget = target !== null && target !== undefined;
    return {
        paths,
        xLabels,
        yTicks,
        target: hasTarget ? { y: round(y(target)), value: target } : null,
        plot: { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom }
    };
}
