import {
    DEFAULT_SAVINGS_FIGURES,
    feesForMonths,
    monthIndex,
    parseAssumptionSet,
    returnOnInvestment,
    savingsFigures
} from 'c/healthPlanModel';
import { fieldValue, numberFieldValue } from 'c/ldsUtils';
import {
    latestMonth,
    monthsEndingAt,
    orderLinesOfBusiness,
    snapshotFromRecord as utilizationSnapshot
} from 'c/utilizationMath';

/** How Cost_Savings__c is counted: only diverted visits, because telehealth also creates new demand. */
export const SAVINGS_METHOD =
    'Savings per visit = avoided cost of the care it replaced − cost of the telehealth visit, counted only for visits that name what they were diverted from.';

export const FEES_METHOD =
    'Fees = PMPM fee × eligible members each month + per-visit fee × visits, for each contract active in that month. ROI = savings ÷ fees over the same months.';

/** A Contract record as the model's `ContractInput`. */
export function contractFromRecord(record) {
    return {
        id: record.id,
        lineOfBusiness: fieldValue(record, 'Line_Of_Business__c') ?? null,
        startDate: fieldValue(record, 'StartDate') ?? null,
        endDate: fieldValue(record, 'EndDate') ?? null,
        coveredLives: numberFieldValue(record, 'Covered_Lives__c'),
        pmpmFee: numberFieldValue(record, 'PMPM_Fee__c'),
        perVisitFee: numberFieldValue(record, 'Per_Visit_Fee__c')
    };
}

/** A Utilization_Snapshot__c record as the model's `SnapshotInput`, keeping the `YYYY-MM` month to group by. */
export function snapshotFromRecord(record) {
    const snapshot = utilizationSnapshot(record);
    return { ...snapshot, periodStart: `${snapshot.month}-01` };
}

/** Savings, fees and ROI per line of business and in total for the snapshots of the given months. */
export function periodValue(snapshots, contracts, months) {
    const monthIndexes = months.map((month) => monthIndex(`${month}-01`));
    const inPeriod = snapshots.filter((snapshot) => months.includes(snapshot.month));
    const lines = orderLinesOfBusiness([...new Set(inPeriod.map((snapshot) => snapshot.lineOfBusiness))]).map(
        (lineOfBusiness) => {
            const rows = inPeriod.filter((snapshot) => snapshot.lineOfBusiness === lineOfBusiness);
            const savings = rows.reduce((total, row) => total + row.costSavings, 0);
            const fees = feesForMonths(contracts, rows, monthIndexes);
            return { lineOfBusiness, savings, fees, roi: returnOnInvestment(savings, fees) };
        }
    );
    const savings = lines.reduce((total, line) => total + line.savings, 0);
    const fees = lines.reduce((total, line) => total + line.fees, 0);
    return { lines, total: { savings, fees, roi: returnOnInvestment(savings, fees) } };
}

/** Average visit rating weighted by the number of rated visits. */
export function weightedRating(snapshots) {
    const rated = snapshots.filter((snapshot) => snapshot.ratedVisits > 0 && snapshot.averageRating !== null);
    const ratedVisits = rated.reduce((total, snapshot) => total + snapshot.ratedVisits, 0);
    if (ratedVisits === 0) {
        return { average: null, ratedVisits: 0 };
    }
    const points = rated.reduce((total, snapshot) => total + snapshot.averageRating * snapshot.ratedVisits, 0);
    return { average: points / ratedVisits, ratedVisits };
}

/**
 * The value story as of the latest month with data: trailing twelve months and the calendar year to
 * date, each by line of business, plus the rating over the trailing twelve months.
 */
export function valueSummary(snapshots, contracts) {
    const last = latestMonth(snapshots);
    if (!last) {
        return null;
    }
    const trailingMonths = monthsEndingAt(last, 12);
    const yearToDateMonths = monthsEndingAt(last, Number(last.slice(5, 7)));
    return {
        asOf: last,
        trailingTwelveMonths: periodValue(snapshots, contracts, trailingMonths),
        yearToDate: periodValue(snapshots, contracts, yearToDateMonths),
        rating: weightedRating(snapshots.filter((snapshot) => trailingMonths.includes(snapshot.month)))
    };
}

/**
 * The savings assumptions the given snapshots were computed with, as the sync recorded them on each
 * (`Savings_Assumption_Set__c`): one entry per set, with its figures and source. Snapshots loaded
 * before sets were recorded fall back to the shipped defaults, marked as not recorded.
 */
export function assumptionsInUse(snapshots) {
    const values = [...new Set(snapshots.map((snapshot) => snapshot.savingsAssumptionSet ?? null))].sort();
    return values.map((value) => {
        const set = parseAssumptionSet(value);
        return set
            ? { name: set.name, recorded: true, figures: savingsFigures(set) }
            : { name: 'Not recorded', recorded: false, figures: DEFAULT_SAVINGS_FIGURES };
    });
}
