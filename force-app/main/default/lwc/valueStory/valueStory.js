import { LightningElement, api, wire } from 'lwc';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { isWireLoading, mapRecords, wireErrors } from 'c/ldsUtils';
import { formatCurrency, formatMultiple, formatNumber } from 'c/numberFormat';
import { monthLabel, monthsEndingAt, SNAPSHOT_FIELDS } from 'c/utilizationMath';
import {
    FEES_METHOD,
    SAVINGS_METHOD,
    assumptionsInUse,
    contractFromRecord,
    snapshotFromRecord,
    valueSummary
} from 'c/valueMath';

/** The quarterly-business-review numbers: savings against fees by line of business, rating, and how they are counted. */
export default class ValueStory extends LightningElement {
    @api recordId;
    @api cardTitle = 'Value story';

    snapshots;
    snapshotsError;
    contracts;
    contractsError;
    /** The value story of both wires' data, worked out once per answer rather than on every render. */
    summary = null;
    showAssumptions = false;

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Utilization_Snapshots__r',
        fields: SNAPSHOT_FIELDS,
        sortBy: ['-Utilization_Snapshot__c.Period_Start__c'],
        pageSize: 200
    })
    wiredSnapshots({ data, error }) {
        this.snapshots = mapRecords(data, snapshotFromRecord);
        this.snapshotsError = error;
        this.updateSummary();
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Contracts',
        fields: [
            'Contract.Line_Of_Business__c',
            'Contract.Covered_Lives__c',
            'Contract.PMPM_Fee__c',
            'Contract.Per_Visit_Fee__c',
            'Contract.StartDate',
            'Contract.EndDate',
            'Contract.Status'
        ],
        pageSize: 50
    })
    wiredContracts({ data, error }) {
        this.contracts = mapRecords(data, contractFromRecord);
        this.contractsError = error;
        this.updateSummary();
    }

    get errors() {
        return wireErrors(this.snapshotsError, this.contractsError);
    }

    get hasError() {
        return this.errors.length > 0;
    }

    get isLoading() {
        return isWireLoading(this.errors, this.snapshots, this.contracts);
    }

    updateSummary() {
        this.summary = valueSummary(this.snapshots ?? [], this.contracts ?? []);
    }

    get isEmpty() {
        return this.summary === null;
    }

    get asOfText() {
        return `Through ${monthLabel(this.summary.asOf)}`;
    }

    get yearToDateLabel() {
        return `${this.summary.asOf.slice(0, 4)} to date`;
    }

    get tiles() {
        const { trailingTwelveMonths, yearToDate, rating } = this.summary;
        return [
            {
                key: 'trailing',
                label: 'Savings, last 12 months',
                value: formatCurrency(trailingTwelveMonths.total.savings),
                detail: roiDetail(trailingTwelveMonths.total)
            },
            {
                key: 'ytd',
                label: `Savings, ${this.yearToDateLabel}`,
                value: formatCurrency(yearToDate.total.savings),
                detail: roiDetail(yearToDate.total)
            },
            {
                key: 'rating',
                label: 'Average visit rating, last 12 months',
                value: rating.average === null ? '—' : `${formatNumber(rating.average, 2)} / 5`,
                detail: `${formatNumber(rating.ratedVisits)} rated visits`
            }
        ];
    }

    get rows() {
        const { trailingTwelveMonths, yearToDate } = this.summary;
        const ytdByLine = new Map(yearToDate.lines.map((line) => [line.lineOfBusiness, line]));
        const lines = trailingTwelveMonths.lines.map((line) => ({
            key: line.lineOfBusiness,
            label: line.lineOfBusiness,
            ...cells(line, ytdByLine.get(line.lineOfBusiness))
        }));
        return [
            ...lines,
            {
                key: 'total',
                label: 'All lines of business',
                isTotal: true,
                ...cells(trailingTwelveMonths.total, yearToDate.total)
            }
        ];
    }

    get hasNoFees() {
        return this.summary.trailingTwelveMonths.total.fees === 0;
    }

    /** The figures of every assumption set behind the trailing twelve months' savings, with their sources. */
    get assumptions() {
        const months = monthsEndingAt(this.summary.asOf, 12);
        const inPeriod = (this.snapshots ?? []).filter((snapshot) => months.includes(snapshot.month));
        return assumptionsInUse(inPeriod).flatMap((set) =>
            set.figures.map((figure) => ({
                ...figure,
                key: `${set.name}-${figure.key}`,
                amountText: formatCurrency(figure.amount),
                source: set.recorded
                    ? `${figure.source} (set ${set.name})`
                    : `${figure.source} (shipped default: these snapshots do not record their set)`
            }))
        );
    }

    get savingsMethod() {
        return SAVINGS_METHOD;
    }

    get feesMethod() {
        return FEES_METHOD;
    }

    get assumptionsToggleLabel() {
        return this.showAssumptions ? 'Hide how savings and ROI are calculated' : 'How savings and ROI are calculated';
    }

    toggleAssumptions() {
        this.showAssumptions = !this.showAssumptions;
    }
}

function roiDetail(total) {
    return total.fees > 0
        ? `ROI ${formatMultiple(total.roi)} on ${formatCurrency(total.fees)} fees`
        : 'No contract fees in this period';
}

function cells(trailing, yearToDate) {
    return {
        trailingSavings: formatCurrency(trailing.savings),
        trailingRoi: formatMultiple(trailing.roi),
        ytdSavings: formatCurrency(yearToDate?.savings ?? 0),
        ytdRoi: formatMultiple(yearToDate?.roi ?? null)
    };
}
