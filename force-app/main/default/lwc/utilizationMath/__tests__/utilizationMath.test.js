import {
    addMonths,
    buildTrend,
    chartGeometry,
    latestActuals,
    monthsEndingAt,
    niceScale,
    orderLinesOfBusiness,
    registrationRate,
    snapshotFromRecord,
    visitsPer1000
} from 'c/utilizationMath';

function snapshot(month, lineOfBusiness, eligibleMembers, registeredMembers, visits) {
    return { month, lineOfBusiness, eligibleMembers, registeredMembers, visits };
}

describe('c/utilizationMath rates', () => {
    it('annualizes monthly visits per 1,000 eligible members', () => {
        expect(visitsPer1000(50, 10000)).toBeCloseTo(60);
        expect(visitsPer1000(5, 0)).toBeNull();
    });

    it('gives the registration rate in percent', () => {
        expect(registrationRate(2500, 10000)).toBeCloseTo(25);
        expect(registrationRate(1, 0)).toBeNull();
    });
});

describe('c/utilizationMath months', () => {
    it('steps across year ends both ways', () => {
        expect(addMonths('2025-12', 1)).toBe('2026-01');
        expect(addMonths('2025-01', -1)).toBe('2024-12');
        expect(addMonths('2025-03', -26)).toBe('2023-01');
    });

    it('lists the months ending at a month, oldest first', () => {
        expect(monthsEndingAt('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
        expect(monthsEndingAt('2026-02', 36)).toHaveLength(36);
    });
});

describe('c/utilizationMath snapshotFromRecord', () => {
    it('reads a related-list record into numbers keyed by month', () => {
        const record = {
            id: 'a01',
            fields: {
                Period_Start__c: { value: '2026-03-01' },
                Line_Of_Business__c: { value: 'Medicare' },
                Eligible_Members__c: { value: 1200 },
                Registered_Members__c: { value: 300 },
                Visits__c: { value: 44 },
                Average_Rating__c: { value: null }
            }
        };
        expect(snapshotFromRecord(record)).toEqual({
            id: 'a01',
            month: '2026-03',
            lineOfBusiness: 'Medicare',
            eligibleMembers: 1200,
            registeredMembers: 300,
            visits: 44,
            costSavings: 0,
            averageRating: null,
            ratedVisits: 0,
            savingsAssumptionSet: null
        });
    });
});

describe('c/utilizationMath buildTrend', () => {
    const snapshots = [
        snapshot('2026-01', 'Medicaid', 1000, 100, 10),
        snapshot('2026-03', 'Medicaid', 1000, 300, 30),
        snapshot('2026-03', 'Commercial', 2000, 1000, 40),
        snapshot('2025-06', 'Commercial', 2000, 500, 20)
    ];

    it('keeps the requested window ending at the latest month, with gaps as null', () => {
        const trend = buildTrend(snapshots, 3);
        expect(trend.months).toEqual(['2026-01', '2026-02', '2026-03']);
        expect(trend.lines.map((line) => line.lineOfBusiness)).toEqual(['Commercial', 'Medicaid']);
        const medicaid = trend.lines[1];
        expect(medicaid.visitsPer1000[0]).toBeCloseTo(120);
        expect(medicaid.visitsPer1000[1]).toBeNull();
        expect(medicaid.registrationRate[2]).toBeCloseTo(30);
        expect(trend.lines[0].visitsPer1000).toEqual([null, null, expect.closeTo(240)]);
    });

    it('answers an empty trend for no snapshots', () => {
        expect(buildTrend([], 12)).toEqual({ months: [], lines: [] });
    });

    it('totals the latest month across lines of business', () => {
        const actuals = latestActuals(snapshots);
        expect(actuals.month).toBe('2026-03');
        expect(actuals.visitsPer1000).toBeCloseTo((70 / 3000) * 12000);
        expect(actuals.registrationRate).toBeCloseTo((1300 / 3000) * 100);
    });

    it('orders known lines of business first', () => {
        expect(orderLinesOfBusiness(['Exchange', 'Dental', 'Commercial'])).toEqual([
            'Commercial',
            'Exchange',
            'Dental'
        ]);
    });
});

describe('c/utilizationMath chartGeometry', () => {
    const margin = { top: 10, right: 10, bottom: 20, left: 40 };

    it('rounds the axis up to a readable step', () => {
        expect(niceScale(87)).toEqual({ max: 100, step: 25 });
        expect(niceScale(0.34)).toEqual({ max: 0.4, step: 0.1 });
        expect(niceScale(0)).toEqual({ max: 1, step: 0.25 });
    });

    it('draws each series as a path that breaks at missing months', () => {
        const geometry = chartGeometry({
            months: ['2026-01', '2026-02', '2026-03'],
            series: [{ key: 'Commercial', values: [50, null, 100] }],
            target: 80,
            width: 240,
            height: 130,
            margin
        });
        expect(geometry.paths[0].d).toBe('M40,60 M230,10');
        expect(geometry.target).toEqual({ y: 30, value: 80 });
        expect(geometry.yTicks.map((tick) => tick.value)).toEqual([0, 25, 50, 75, 100]);
    });

    it('thins month labels so 36 months stay readable, always labelling the latest', () => {
        const months = monthsEndingAt('2026-12', 36);
        const geometry = chartGeometry({
            months,
            series: [{ key: 'Commercial', values: months.map(() => 1) }],
            target: null,
            width: 640,
            height: 200,
            margin
        });
        expect(geometry.xLabels).toHaveLength(12);
        expect(geometry.xLabels[geometry.xLabels.length - 1].label).toBe('Dec 2026');
        expect(geometry.target).toBeNull();
    });
});
