import { daysBetween, filterPlans, portfolioSums, quarterOf, sortPlans } from 'c/portfolioMath';

const plan = (name, tier, contractValue, renewalDate, extra = {}) => ({
    name,
    tier,
    contractValue,
    renewalDate,
    score: null,
    change: null,
    topDriver: '',
    linesOfBusiness: [],
    ownerId: '005A',
    ownerName: '',
    ...extra
});

describe('portfolioMath', () => {
    it('places dates in calendar quarters and counts days', () => {
        expect(quarterOf('2027-03-31')).toEqual({ year: 2027, quarter: 1 });
        expect(quarterOf('2027-04-01')).toEqual({ year: 2027, quarter: 2 });
        // 2026-11-29 → 2027-02-27: 1 + 31 + 31 + 27 = 90 days.
        expect(daysBetween('2026-11-29', '2027-02-27')).toBe(90);
    });

    it('sums value by tier and by the next four quarters, with the High or Critical share', () => {
        const sums = portfolioSums(
            [
                plan('A', 'High', 1000, '2026-12-31'),
                plan('B', 'Critical', 2000, '2027-01-01'),
                plan('C', 'Low', 4000, '2027-03-31'),
                plan('D', 'Moderate', 8000, '2027-10-01'), // Q4 2027: the fifth quarter, outside
                plan('E', 'Unrated', 16000, '2026-11-01'), // passed
                plan('F', 'High', null, '2027-09-30')
            ],
            '2026-11-29'
        );
        expect(sums.total).toBe(31000); // 1000 + 2000 + 4000 + 8000 + 16000
        expect(sums.byTier.map((t) => [t.tier, t.value, t.count])).toEqual([
            ['Critical', 2000, 1],
            ['High', 1000, 2],
            ['Moderate', 8000, 1],
            ['Low', 4000, 1],
            ['Unrated', 16000, 1]
        ]);
        expect(sums.byQuarter.map((q) => [q.label, q.value, q.atRisk, q.count])).toEqual([
            ['Q4 2026', 1000, 1000, 1],
            ['Q1 2027', 6000, 2000, 2], // 2000 + 4000; only B's 2000 is High or Critical
            ['Q2 2027', 0, 0, 0],
            ['Q3 2027', 0, 0, 1] // F has no contract value
        ]);
    });

    it('filters on the renewal window including both ends and sorts blanks last', () => {
        const plans = [
            plan('A', 'High', 1, '2026-11-29'),
            plan('B', 'Low', 3, '2027-02-27'),
            plan('C', 'Low', null, '2027-02-28')
        ];
        expect(filterPlans(plans, { renewalWithinDays: 90 }, '2026-11-29').map((p) => p.name)).toEqual(['A', 'B']);
        expect(filterPlans(plans, { owner: 'mine', userId: '005B' }, '2026-11-29')).toEqual([]);
        expect(sortPlans(plans, 'contractValue', 'desc').map((p) => p.name)).toEqual(['B', 'A', 'C']);
        expect(sortPlans(plans, 'contractValue', 'asc').map((p) => p.name)).toEqual(['A', 'B', 'C']);
    });
});
