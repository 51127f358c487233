import {
    contractFromRecord,
    isActiveInMonth,
    periodValue,
    roi,
    SAVINGS_ASSUMPTIONS,
    snapshotFees,
    valueSummary,
    weightedRating
} from 'c/valueMath';

function snapshot(month, lineOfBusiness, values = {}) {
    return {
        month,
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

describe('c/valueMath fees', () => {
    it('reads a Contract record', () => {
        const record = {
            id: '800',
            fields: {
                Line_Of_Business__c: { value: 'Medicare' },
                PMPM_Fee__c: { value: 1.25 },
                Per_Visit_Fee__c: { value: null },
                StartDate: { value: '2025-07-01' },
                EndDate: { value: null }
            }
        };
        expect(contractFromRecord(record)).toEqual({
            id: '800',
            lineOfBusiness: 'Medicare',
            pmpmFee: 1.25,
            perVisitFee: 0,
            startDate: '2025-07-01',
            endDate: null
        });
    });

    it('counts a contract in every month it covers a day of', () => {
        const midMonth = { ...commercial, startDate: '2025-03-15', endDate: '2025-06-10' };
        expect(isActiveInMonth(midMonth, '2025-02')).toBe(false);
        expect(isActiveInMonth(midMonth, '2025-03')).toBe(true);
        expect(isActiveInMonth(midMonth, '2025-06')).toBe(true);
        expect(isActiveInMonth(midMonth, '2025-07')).toBe(false);
        expect(isActiveInMonth({ ...commercial, startDate: null, endDate: null }, '2030-01')).toBe(true);
    });

    it('charges PMPM on eligible members and the per-visit fee on visits of the same line of business', () => {
        const row = snapshot('2025-05', 'Commercial', { eligibleMembers: 2000, visits: 30 });
        const medicare = { ...commercial, lineOfBusiness: 'Medicare', pmpmFee: 9 };
        expect(snapshotFees(row, [commercial, medicare])).toBe(0.5 * 2000 + 20 * 30);
        expect(snapshotFees(snapshot('2026-01', 'Commercial'), [commercial])).toBe(0);
    });

    it('has no ROI without fees', () => {
        expect(roi(100, 0)).toBeNull();
        expect(roi(300, 100)).toBe(3);
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

    it('states every assumption with its amount and source', () => {
        for (const assumption of SAVINGS_ASSUMPTIONS) {
            expect(assumption.amount).toBeGreaterThan(0);
            expect(assumption.source.length).toBeGreaterThan(0);
        }
    });
});
