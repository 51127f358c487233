import { fieldValue } from 'c/ldsUtils';
import { addMonths, latestMonth, monthsEndingAt, orderLinesOfBusiness } from 'c/utilizationMath';

/**
 * The cost assumptions behind Cost_Savings__c: savings count only visits that name what they were
 * diverted from (avoided cost minus the telehealth visit), because telehealth also creates new demand.
 */
export const SAVINGS_ASSUMPTIONS = [
    {
        key: 'er',
        label: 'Avoided emergency department visit',
        amount: 1686,
        source: 'Public 2024 average cost of an emergency department visit'
    },
    {
        key: 'urgent_care',
        label: 'Avoided urgent care visit',
        amount: 156,
        source: 'Public 2024 average cost of an urgent care visit'
    },
    {
        key: 'primary_care',
        label: 'Avoided primary care visit',
        amount: 147,
        source: 'Public 2024 average cost of a primary care office visit'
    },
    {
        key: 'telehealth',
        label: 'Cost of the telehealth visit (subtracted)',
        amount: 91,
        source: 'Public 2024 average cost of a telehealth visit'
    }
];

export const SAVINGS_METHOD =
    'Savings per visit = avoided cost of the care it replaced − cost of the telehealth visit, counted only for visits that name what they were diverted from.';

export const FEES_METHOD =
    'Fees = PMPM fee × eligible members each month + per-visit fee × visits, for each contract active in that month. ROI = savings ÷ fees over the same months.';

export function contractFromRecord(record) {
    const number = (name) => Number(fieldValue(record, name) ?? 0);
    return {
        id: record.id,
        lineOfBusiness: fieldValue(record, 'Line_Of_Business__c'),
        pmpmFee: number('PMPM_Fee__c'),
        perVisitFee: number('Per_Visit_Fee__c'),
        startDate: fieldValue(record, 'StartDate') ?? null,
        endDate: fieldValue(record, 'EndDate') ?? null
    };
}

/** Whether a contract covers any day of the month `YYYY-MM`. */
export function isActiveInMonth(contract, month) {
    const firstDay = `${month}-01`;
    const nextMonthFirstDay = `${addMonths(month, 1)}-01`;
    const startsInTime = !contract.startDate || contract.startDate < nextMonthFirstDay;
    const notEnded = !contract.endDate || contract.endDate >= firstDay;
    return startsInTime && notEnded;
}

/** Fees of one snapshot's line of business and month, summed over the contracts active then. */
export function snapshotFees(snapshot, contracts) {
    return contracts
        .filter(
            (contract) =>
                contract.lineOfBusiness === snapshot.lineOfBusiness && isActiveInMonth(contract, snapshot.month)
        )
        .reduce(
            (fees, contract) =>
                fees + contract.pmpmFee * snapshot.eligibleMembers + contract.perVisitFee * snapshot.visits,
            0
        );
}

export function roi(savings, fees) {
    return fees > 0 ? savings / fees : null;
}

/** Savings, fees and ROI per line of business and in total for the snapshots of the given months. */
export function periodValue(snapshots, contracts, months) {
    const inPeriod = snapshots.filter((snapshot) => months.includes(snapshot.month));
    const lines = orderLinesOfBusiness([...new Set(inPeriod.map((snapshot) => snapshot.lineOfBusiness))]).map(
        (lineOfBusiness) => {
            const rows = inPeriod.filter((snapshot) => snapshot.lineOfBusiness === lineOfBusiness);
            const savings = rows.reduce((total, row) => total + row.costSavings, 0);
            const fees = rows.reduce((total, row) => total + snapshotFees(row, contracts), 0);
            return { lineOfBusiness, savings, fees, roi: roi(savings, fees) };
        }
    );
    const savings = lines.reduce((total, line) => total + line.savings, 0);
    const fees = lines.reduce((total, line) => total + line.fees, 0);
    return { lines, total: { savings, fees, roi: roi(savings, fees) } };
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
