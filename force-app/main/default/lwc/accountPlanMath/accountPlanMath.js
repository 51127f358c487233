import { fieldValue, numberFieldValue } from 'c/ldsUtils';
import { latestActuals } from 'c/utilizationMath';
import { weightedRating } from 'c/valueMath';

export const OBJECTIVE_CATEGORIES = ['Retention', 'Growth', 'Utilization', 'Clinical', 'Marketing', 'Product'];

export const OBJECTIVE_STATUSES = ['Not Started', 'On Track', 'At Risk', 'Off Track', 'Done'];

export const PLAN_FIELDS = [
    'Account_Plan__c.Name',
    'Account_Plan__c.Plan_Year__c',
    'Account_Plan__c.Status__c',
    'Account_Plan__c.Target_Visits_Per_1000__c',
    'Account_Plan__c.Target_Registration_Rate__c',
    'Account_Plan__c.Target_Cost_Savings__c',
    'Account_Plan__c.Target_Rating__c',
    'Account_Plan__c.Next_Review_Date__c'
];

export function planFromRecord(record) {
    return {
        id: record.id,
        name: fieldValue(record, 'Name') ?? '',
        planYear: String(fieldValue(record, 'Plan_Year__c') ?? ''),
        status: fieldValue(record, 'Status__c') ?? '',
        targetVisitsPer1000: numberFieldValue(record, 'Target_Visits_Per_1000__c'),
        targetRegistrationRate: numberFieldValue(record, 'Target_Registration_Rate__c'),
        targetCostSavings: numberFieldValue(record, 'Target_Cost_Savings__c'),
        targetRating: numberFieldValue(record, 'Target_Rating__c'),
        nextReviewDate: fieldValue(record, 'Next_Review_Date__c') ?? null
    };
}

/** The Active plan of the latest year; without one, the latest plan of any status. */
export function pickActivePlan(plans) {
    const byYearDescending = [...plans].sort((a, b) => b.planYear.localeCompare(a.planYear));
    return byYearDescending.find((plan) => plan.status === 'Active') ?? byYearDescending[0] ?? null;
}

export function objectiveFromRecord(record) {
    return {
        id: record.id,
        name: fieldValue(record, 'Name') ?? '',
        category: fieldValue(record, 'Category__c') ?? '',
        lineOfBusiness: fieldValue(record, 'Line_Of_Business__c') ?? '',
        metric: fieldValue(record, 'Metric__c') ?? '',
        targetValue: numberFieldValue(record, 'Target_Value__c'),
        currentValue: numberFieldValue(record, 'Current_Value__c'),
        dueDate: fieldValue(record, 'Due_Date__c') ?? null,
        status: fieldValue(record, 'Status__c') ?? '',
        ownerName: fieldValue(record, 'Owner__r.Name') ?? ''
    };
}

/** Objectives by category in the plan's order, soonest due first, undated last. */
export function groupObjectives(objectives) {
    const categories = [
        ...OBJECTIVE_CATEGORIES,
        ...new Set(objectives.map((o) => o.category).filter((c) => !OBJECTIVE_CATEGORIES.includes(c)))
    ];
    return categories
        .map((category) => ({
            category,
            objectives: objectives
                .filter((objective) => objective.category === category)
                .sort(
                    (a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.name.localeCompare(b.name)
                )
        }))
        .filter((group) => group.objectives.length > 0);
}

/**
 * The plan's four targets against actuals: utilization and registration of the latest month, cost
 * savings and rating over the plan year so far. Attainment is actual ÷ target in percent.
 */
export function targetsVersusActuals(plan, snapshots) {
    const current = latestActuals(snapshots);
    const planYearSnapshots = snapshots.filter((snapshot) => snapshot.month.startsWith(`${plan.planYear}-`));
    const savings = planYearSnapshots.length
        ? planYearSnapshots.reduce((total, snapshot) => total + snapshot.costSavings, 0)
        : null;
    const rows = [
        {
            key: 'visits',
            label: 'Visits per 1,000 (annualized)',
            kind: 'number',
            target: plan.targetVisitsPer1000,
            actual: current.visitsPer1000,
            basis: 'latest month'
        },
        {
            key: 'registration',
            label: 'Registration rate',
            kind: 'percent',
            target: plan.targetRegistrationRate,
            actual: current.registrationRate,
            basis: 'latest month'
        },
        {
            key: 'savings',
            label: 'Cost savings',
            kind: 'currency',
            target: plan.targetCostSavings,
            actual: savings,
            basis: `${plan.planYear} to date`
        },
        {
            key: 'rating',
            label: 'Average visit rating',
            kind: 'rating',
            target: plan.targetRating,
            actual: weightedRating(planYearSnapshots).average,
            basis: `${plan.planYear} to date`
        }
    ];
    return rows.map((row) => ({
        ...row,
        attainment: row.target > 0 && row.actual !== null ? (row.actual / row.target) * 100 : null
    }));
}
