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
 * The fixture, worked by hand with the shipped model (2.0.0: each factor adds weight × badness to the log-odds
 * of not renewing, from a base rate of 5%; score = 100 × (p − 0.05) / 0.95):
 *   visits per 1,000 = 30 visits / 3,000 member-months × 12,000 = 120 in Aug–Oct and in May–Jul: trend 0;
 *   120 / target 150 = 0.8 → (1 − 0.8) / 0.4 = 0.5 × weight 2 = 1.0;
 *   registration 20% / 25% = 0.8 → 0.2 / 0.3 = 0.6667 × 1.5 = 1.0; registration and rating trends 0;
 *   rating 4.5 on target, savings 6,000 × 12 / 6 = 12,000 on target, objectives on track: 0;
 *   relationship: Neutral 0.5 (executive engaged 28 days ago) → (0.75 − 0.5) / 0.4 = 0.625 × 3 = 1.875;
 *   renewal in 213 days → (365 − 213) / 305 = 0.4984 × 1 = 0.4984.
 *   Σ = 4.3734; log-odds ln(0.05 / 0.95) + 4.3734 = 1.4289; p = 0.80669; score 100 × 0.75669 / 0.95 = 79.66,
 *   reported 79.7: Critical (68.4 and up).
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
        expect(baseline.score).toBe(79.7);
        expect(baseline.tier).toBe('Critical');
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
        expect([tier, next]).toEqual(['Critical', 'High']);
        // High needs a score under 68.4: p < 0.05 + 0.684 × 0.95 = 0.6998, log-odds < 0.8464, Σ < 3.7908, so
        // 0.5826 less than 4.3734. Utilization then adds under 0.4174: badness under 0.2087, 1 − x / 150 < 0.0835,
        // x > 137.5 → 138. Registration adds under 0.4174: badness under 0.2783, 1 − r / 25 < 0.0835,
        // r > 22.91% → 23.0%.
        expect(distances.find((d) => d.key === 'visitsPer1000').value).toBe(138);
        expect(distances.find((d) => d.key === 'registrationRate').value).toBe(23);
        // Rating and savings are on target already: no change of theirs lowers the score.
        expect(distances.find((d) => d.key === 'averageRating').value).toBeNull();
    });

    it('turns a stakeholder Champion and an objective Off Track', () => {
        // Champion: relationship 1 → badness 0, 1.875 off; Off Track: 1 of 1 open → badness 1 × 3 on:
        // Σ = 4.3734 − 1.875 + 3 = 5.4984; log-odds 2.5539; p = 0.92783; score 92.40, reported 92.4.
        const changed = assess(
            applyLevers(input, { sentiments: { 0: 'Champion' }, objectiveStatuses: { 0: 'Off Track' } }, levers)
        );
        expect(changed.score).toBe(92.4);
    });
});
