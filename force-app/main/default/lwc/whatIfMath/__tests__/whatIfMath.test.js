import {
    applyLevers,
    assess,
    distancesToNextTier,
    numericLevers,
    riskInputFromGraphql,
    windowStart
} from 'c/whatIfMath';

const data = require('../../riskWhatIf/__tests__/data/inputs.json');

const AS_OF = '2026-11-29';

/*
 * The fixture, worked by hand with the shipped weights (they add up to 100):
 *   visits per 1,000 = 30 visits / 3,000 member-months × 12,000 = 120 in Aug–Oct and in May–Jul: trend 0, badness 0;
 *   120 / target 150 = 0.8 → (1 − 0.8) / 0.4 = 0.5 × 15 = 7.5;
 *   registration 20% / 25% = 0.8 → 0.2 / 0.3 = 0.6667 × 10 = 6.667;
 *   rating 4.5 on target, savings 6,000 × 12 / 6 = 12,000 on target, objectives on track: 0;
 *   relationship: Neutral 0.5 × 1 (executive engaged 28 days ago) → (0.75 − 0.5) / 0.4 = 0.625 × 15 = 9.375;
 *   renewal in 213 days → (365 − 213) / 305 = 0.4984 × 10 = 4.984.
 *   Score 7.5 + 6.667 + 9.375 + 4.984 = 28.525, reported to one decimal: 28.5, Moderate (25 and up).
 */
describe('whatIfMath', () => {
    const input = riskInputFromGraphql(data, AS_OF);
    const baseline = assess(input);
    const levers = numericLevers(baseline, input);

    it('builds the scorer input from the GraphQL answer and scores it', () => {
        expect(windowStart(AS_OF)).toBe('2025-12-01');
        expect(input.snapshots).toHaveLength(6);
        expect(input.plan.objectives).toEqual([{ name: 'Grow Medicare', status: 'On Track', dueDate: '2027-06-30' }]);
        expect(input.stakeholders[0]).toEqual({
            name: 'Maria Chen',
            role: 'Executive',
            influence: 'High',
            sentiment: 'Neutral',
            lastEngagementDate: '2026-11-01'
        });
        expect(baseline.score).toBe(28.5);
        expect(baseline.tier).toBe('Moderate');
    });

    it("offers the numeric levers at the model's current figures", () => {
        expect(levers.map((lever) => [lever.key, Math.round(lever.current * 1000) / 1000])).toEqual([
            ['visitsPer1000', 120],
            ['registrationRate', 20],
            ['averageRating', 4.5],
            ['annualSavings', 12000]
        ]);
    });

    it('scales the last three months of visits and sets the latest registration', () => {
        const changed = applyLevers(input, { visitsPer1000: 60, registrationRate: 30 }, levers);
        // 60 / 120 halves the visits of Aug, Sep and Oct only; Oct registers 30% of 1,000.
        expect(changed.snapshots.map((s) => s.visits)).toEqual([10, 10, 10, 5, 5, 5]);
        expect(changed.snapshots.map((s) => s.registeredMembers)).toEqual([200, 200, 200, 200, 200, 300]);
        expect(input.snapshots[5].visits).toBe(10);
    });

    it('finds the least change of each lever that reaches the next tier down', () => {
        const { tier, next, distances } = distancesToNextTier(input, {}, levers);
        expect([tier, next]).toEqual(['Moderate', 'Low']);
        // Low needs a reported score under 25, so under 24.95 before rounding. The other factors give
        // 6.667 + 9.375 + 4.984 = 21.025, so utilization must add under 3.925: badness under 0.2617,
        // 1 − x / 150 < 0.1047, x > 134.3 → 135. Registration: the others give 21.859, so under 3.091:
        // badness under 0.3091, 1 − r / 25 < 0.0927, r > 22.68% → 22.7%.
        expect(distances.find((d) => d.key === 'registrationRate').value).toBe(22.7);
        // Rating and savings are on target already: no change of theirs lowers the score.
        expect(distances.find((d) => d.key === 'averageRating').value).toBeNull();
    });

    it('turns a stakeholder Champion and an objective Off Track', () => {
        // Champion: relationship 1 → badness 0, 9.375 points off; Off Track: 1 of 1 open → badness 1, 10 points on:
        // 28.525 − 9.375 + 10 = 29.150 (29.1503 with the renewal's 4.98361), reported as 29.2.
        const changed = assess(
            applyLevers(input, { sentiments: { 0: 'Champion' }, objectiveStatuses: { 0: 'Off Track' } }, levers)
        );
        expect(changed.score).toBe(29.2);
    });
});
