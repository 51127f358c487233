import {
    groupObjectives,
    objectiveFromRecord,
    pickActivePlan,
    planFromRecord,
    targetsVersusActuals
} from 'c/accountPlanMath';

function plan(planYear, status, targets = {}) {
    return {
        id: `${planYear}-${status}`,
        planYear,
        status,
        targetVisitsPer1000: null,
        targetRegistrationRate: null,
        targetCostSavings: null,
        targetRating: null,
        ...targets
    };
}

function snapshot(month, values) {
    return {
        month,
        lineOfBusiness: 'Commercial',
        eligibleMembers: 1000,
        registeredMembers: 300,
        visits: 25,
        costSavings: 0,
        averageRating: null,
        ratedVisits: 0,
        ...values
    };
}

describe('c/accountPlanMath plans', () => {
    it('reads a plan record', () => {
        const record = {
            id: 'a00',
            fields: {
                Name: { value: 'FY2026 plan' },
                Plan_Year__c: { value: '2026' },
                Status__c: { value: 'Active' },
                Target_Visits_Per_1000__c: { value: 320 },
                Target_Registration_Rate__c: { value: 35 },
                Target_Cost_Savings__c: { value: 2000000 },
                Target_Rating__c: { value: 4.6 },
                Next_Review_Date__c: { value: '2026-12-10' }
            }
        };
        expect(planFromRecord(record)).toEqual({
            id: 'a00',
            name: 'FY2026 plan',
            planYear: '2026',
            status: 'Active',
            targetVisitsPer1000: 320,
            targetRegistrationRate: 35,
            targetCostSavings: 2000000,
            targetRating: 4.6,
            nextReviewDate: '2026-12-10'
        });
    });

    it('prefers the latest Active plan, then the latest plan', () => {
        expect(pickActivePlan([plan('2025', 'Active'), plan('2027', 'Draft'), plan('2026', 'Active')]).id).toBe(
            '2026-Active'
        );
        expect(pickActivePlan([plan('2025', 'Closed'), plan('2027', 'Draft')]).id).toBe('2027-Draft');
        expect(pickActivePlan([])).toBeNull();
    });
});

describe('c/accountPlanMath objectives', () => {
    it('reads an objective with its owner name', () => {
        const record = {
            id: 'a01',
            fields: {
                Name: { value: 'Lift Medicaid registration' },
                Category__c: { value: 'Growth' },
                Status__c: { value: 'At Risk' },
                Owner__r: { value: { fields: { Name: { value: 'Dana Reyes' } } } },
                Target_Value__c: { value: 30 }
            }
        };
        expect(objectiveFromRecord(record)).toMatchObject({
            id: 'a01',
            category: 'Growth',
            status: 'At Risk',
            ownerName: 'Dana Reyes',
            targetValue: 30,
            currentValue: null,
            dueDate: null
        });
    });

    it('groups by category in plan order, soonest due first', () => {
        const groups = groupObjectives([
            { name: 'B', category: 'Product', dueDate: '2026-05-01' },
            { name: 'A', category: 'Retention', dueDate: null },
            { name: 'C', category: 'Retention', dueDate: '2026-02-01' },
            { name: 'D', category: 'Other', dueDate: null }
        ]);
        expect(groups.map((group) => group.category)).toEqual(['Retention', 'Product', 'Other']);
        expect(groups[0].objectives.map((objective) => objective.name)).toEqual(['C', 'A']);
    });
});

describe('c/accountPlanMath targetsVersusActuals', () => {
    it('compares latest-month utilization and plan-year savings and rating with the targets', () => {
        const active = plan('2026', 'Active', {
            targetVisitsPer1000: 400,
            targetRegistrationRate: 40,
            targetCostSavings: 1000,
            targetRating: 5
        });
        const rows = targetsVersusActuals(active, [
            snapshot('2025-12', { costSavings: 5000, averageRating: 1, ratedVisits: 100 }),
            snapshot('2026-01', { costSavings: 300, averageRating: 4, ratedVisits: 10 }),
            snapshot('2026-02', { costSavings: 200, averageRating: 5, ratedVisits: 30 })
        ]);
        const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
        expect(byKey.visits.actual).toBeCloseTo(300);
        expect(byKey.visits.attainment).toBeCloseTo(75);
        expect(byKey.registration.actual).toBeCloseTo(30);
        expect(byKey.savings.actual).toBe(500);
        expect(byKey.savings.attainment).toBe(50);
        expect(byKey.rating.actual).toBeCloseTo(4.75);
        expect(byKey.savings.basis).toBe('2026 to date');
    });

    it('has no attainment without a target or an actual', () => {
        const rows = targetsVersusActuals(plan('2026', 'Active'), []);
        expect(rows.every((row) => row.attainment === null)).toBe(true);
        expect(rows.find((row) => row.key === 'savings').actual).toBeNull();
    });
});
