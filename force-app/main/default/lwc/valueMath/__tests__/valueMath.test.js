import { contractFromRecord, periodValue, snapshotFromRecord, valueSummary, weightedRating } from 'c/valueMath';

function snapshot(month, lineOfBusiness, values = {}) {
    return {
        month,
        periodStart: `${month}-01`,
        lineOfBusiness,
        eligibleMembers: 1000,
        registeredMembers: 100,
        visits: 10,
        costSavings: 0,
        averageRating: null,
        ratedVisits: 0,
        ...values
    };
}

const commercial = {
    lineOfBusiness: 'Commercial',
    pmpmFee: 0.5,
    perVisitFee: 20,
    startDate: '2025-01-01',
    endDate: '2025-12-31'
};

/** Fees of one month's snapshot under the given contracts. */
function monthFees(row, contracts) {
    return periodValue([row], contracts, [row.month]).total.fees;
}

describe('c/valueMath fees', () => {
    it('reads a Contract record', () => {
        const record = {
            id: '800',
            fields: {
                Line_Of_Business__c: { value: 'Medicare' },
                Covered_Lives__c: { value: 12000 },
                PMPM_Fee__c: { value: 1.25 },
                Per_Visit_Fee__c: { value: null },
                StartDate: { value: '2025-07-01' },
                EndDate: { value: null }
            }
        };
        expect(contractFromRecord(record)).toEqual({
            id: '800',
            lineOfBusiness: 'Medicare',
            startDate: '2025-07-01',
            endDate: null,
            coveredLives: 12000,
            pmpmFee: 1.25,
            perVisitFee: null
        });
    });

    it('reads a Utilization_Snapshot__c record with its month and first day', () => {
        const record = {
            id: 'a01',
            fields: {
                Period_Start__c: { value: '2025-05-01' },
                Line_Of_Business__c: { value: 'Medicaid' },
                Eligible_Members__c: { value: 2000 },
                Registered_Members__c: { value: 300 },
                Visits__c: { value: 40 },
                Cost_Savings__c: { value: 1500.5 },
                Average_Rating__c: { value: null },
                Rated_Visits__c: { value: null }
            }
        };
        expect(snapshotFromRecord(record)).toEqual({
            id: 'a01',
            month: '2025-05',
            periodStart: '2025-05-01',
            lineOfBusiness: 'Medicaid',
            eligibleMembers: 2000,
            registeredMembers: 300,
            visits: 40,
            costSavings: 1500.5,
            averageRating: null,
            ratedVisits: 0,
            savingsAssumptionSet: null
        });
    });

    it('counts a contract in every month it covers a day of', () => {
        const midMonth = { ...commercial, startDate: '2025-03-15', endDate: '2025-06-10' };
        const oneMonthFees = 0.5 * 1000 + 20 * 10;
        expect(monthFees(snapshot('2025-02', 'Commercial'), [midMonth])).toBe(0);
        expect(monthFees(snapshot('2025-03', 'Commercial'), [midMonth])).toBe(oneMonthFees);
        expect(monthFees(snapshot('2025-06', 'Commercial'), [midMonth])).toBe(oneMonthFees);
        expect(monthFees(snapshot('2025-07', 'Commercial'), [midMonth])).toBe(0);
        const open = { ...commercial, startDate: null, endDate: null };
        expect(monthFees(snapshot('2030-01', 'Commercial'), [open])).toBe(oneMonthFees);
    });

    it('charges PMPM on eligible members and the per-visit fee on visits of the same line of business', () => {
        const row = snapshot('2025-05', 'Commercial', { eligibleMembers: 2000, visits: 30 });
        const medicare = { ...commercial, lineOfBusiness: 'Medicare', pmpmFee: 9 };
        expect(monthFees(row, [commercial, medicare])).toBe(0.5 * 2000 + 20 * 30);
        expect(monthFees(snapshot('2026-01', 'Commercial'), [commercial])).toBe(0);
    });

    it('has no ROI without fees', () => {
        const row = snapshot('2025-05', 'Commercial', { eligibleMembers: 0, visits: 5, costSavings: 300 });
        expect(periodValue([row], [], ['2025-05']).total.roi).toBeNull();
        expect(periodValue([row], [commercial], ['2025-05']).total.roi).toBe(3);
    });
});

describe('c/valueMath periods', () => {
    it('sums savings and fees per line of business and in total', () => {
        const rows = [
            snapshot('2025-04', 'Commercial', { costSavings: 1200 }),
            snapshot('2025-05', 'Commercial', { costSavings: 800 }),
            snapshot('2025-05', 'Medicaid', { costSavings: 50 })
        ];
        const value = periodValue(rows, [commercial], ['2025-05']);
        expect(value.lines).toEqual([
            { lineOfBusiness: 'Commercial', savings: 800, fees: 700, roi: 800 / 700 },
            { lineOfBusiness: 'Medicaid', savings: 50, fees: 0, roi: null }
        ]);
        expect(value.total).toEqual({ savings: 850, fees: 700, roi: 850 / 700 });
    });

    it('weights the rating by rated visits', () => {
        const rows = [
            snapshot('2025-05', 'Commercial', { averageRating: 5, ratedVisits: 30 }),
            snapshot('2025-05', 'Medicaid', { averageRating: 4, ratedVisits: 10 }),
            snapshot('2025-06', 'Medicaid', { averageRating: null, ratedVisits: 0 })
        ];
        expect(weightedRating(rows)).toEqual({ average: 4.75, ratedVisits: 40 });
        expect(weightedRating([])).toEqual({ average: null, ratedVisits: 0 });
    });

    it('splits trailing twelve months from the calendar year to date', () => {
        const rows = [
            snapshot('2024-02', 'Commercial', { costSavings: 1000 }),
            snapshot('2024-03', 'Commercial', { costSavings: 100 }),
            snapshot('2024-12', 'Commercial', { costSavings: 10 }),
            snapshot('2025-02', 'Commercial', { costSavings: 1, averageRating: 4.5, ratedVisits: 2 })
        ];
        const summary = valueSummary(rows, []);
        expect(summary.asOf).toBe('2025-02');
        expect(summary.trailingTwelveMonths.total.savings).toBe(111);
        expect(summary.yearToDate.total.savings).toBe(1);
        expect(summary.rating.average).toBe(4.5);
        expect(valueSummary([], [])).toBeNull();
    });
});
