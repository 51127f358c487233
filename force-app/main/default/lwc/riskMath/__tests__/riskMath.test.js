import {
    daysSince,
    daysUntil,
    driverBars,
    factorChangeText,
    factorChanges,
    parseActions,
    parseDrivers,
    scoreChange
} from 'c/riskMath';

const NOW = Date.parse('2026-11-26T16:30:00Z');

describe('c/riskMath days', () => {
    it('counts calendar days to a date, negative once past', () => {
        expect(daysUntil('2026-11-26', NOW)).toBe(0);
        expect(daysUntil('2027-01-01', NOW)).toBe(36);
        expect(daysUntil('2026-11-20', NOW)).toBe(-6);
        expect(daysSince('2026-08-28', NOW)).toBe(90);
    });

    it('answers null for missing or malformed dates', () => {
        expect(daysUntil(null, NOW)).toBeNull();
        expect(daysUntil('not a date', NOW)).toBeNull();
        expect(daysSince(undefined, NOW)).toBeNull();
    });
});

describe('c/riskMath drivers', () => {
    const json = JSON.stringify([
        { factor: 'rating_vs_target', value: 4.1, target: 4.5, contribution: 4, sentence: 'Ratings below target.' },
        { factor: 'utilization_trend', value: -0.18, target: 0, contribution: 16, sentence: 'Visits fell 18%.' },
        { factor: 'days_to_renewal', value: 200, target: 90, contribution: 0, sentence: 'Renewal is far off.' }
    ]);

    it('orders drivers by contribution', () => {
        expect(parseDrivers(json).map((driver) => driver.factor)).toEqual([
            'utilization_trend',
            'rating_vs_target',
            'days_to_renewal'
        ]);
    });

    it('ignores drivers that are not JSON arrays', () => {
        expect(parseDrivers('{oops')).toEqual([]);
        expect(parseDrivers('{"factor":"x"}')).toEqual([]);
        expect(parseDrivers(null)).toEqual([]);
    });

    it('scales bars to the largest contribution and drops factors that add nothing', () => {
        const bars = driverBars(parseDrivers(json), 5);
        expect(bars.map((bar) => bar.percentOfLargest)).toEqual([100, 25]);
        expect(driverBars(parseDrivers(json), 1)).toHaveLength(1);
    });
});

describe('c/riskMath actions', () => {
    it('reads a JSON list of plays as strings or objects', () => {
        expect(parseActions('["Book a QBR", {"title": "Run a campaign"}, {"other": 1}]')).toEqual([
            'Book a QBR',
            'Run a campaign'
        ]);
    });

    it('reads plain text as one play per line without bullets', () => {
        expect(parseActions('- Book a QBR\n\n2. Call the CMO\n• Review fees')).toEqual([
            'Book a QBR',
            'Call the CMO',
            'Review fees'
        ]);
        expect(parseActions('')).toEqual([]);
    });
});

describe('c/riskMath scoreChange', () => {
    it('compares the latest two assessments', () => {
        expect(scoreChange([{ score: 62 }, { score: 55 }])).toBe(7);
        expect(scoreChange([{ score: 62 }])).toBeNull();
        expect(scoreChange([{ score: 62 }, { score: null }])).toBeNull();
    });
});

describe('c/riskMath change by factor', () => {
    const driver = (factor, label, contribution) => ({ factor, label, contribution });

    it('subtracts each factor, counting a factor on one side only as 0, largest move first', () => {
        const latest = [
            driver('A', 'Utilization trend', 30),
            driver('B', 'Registration', 4),
            driver('C', 'Rating', 10)
        ];
        const previous = [driver('A', 'Utilization trend', 15), driver('C', 'Rating', 10), driver('D', 'Savings', 6.5)];
        // A 30 − 15 = +15; B 4 − 0 = +4; C unchanged; D 0 − 6.5 = −6.5.
        expect(factorChanges(latest, previous)).toEqual([
            { factor: 'A', label: 'Utilization trend', change: 15 },
            { factor: 'D', label: 'Savings', change: -6.5 },
            { factor: 'B', label: 'Registration', change: 4 }
        ]);
        expect(factorChangeText(factorChanges(latest, previous))).toBe(
            '+15 Utilization trend, −6.5 Savings, +4 Registration'
        );
        expect(factorChangeText(factorChanges(latest, previous), 1)).toBe('+15 Utilization trend');
    });

    it('rounds to tenths so float noise is no move', () => {
        expect(factorChanges([driver('A', 'A', 0.3)], [driver('A', 'A', 0.1 + 0.2)])).toEqual([]);
    });
});
