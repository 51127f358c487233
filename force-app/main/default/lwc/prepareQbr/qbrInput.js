import { fieldValue, numberFieldValue } from 'c/ldsUtils';

/** The fields the QBR reads from each related list: the CLI's query, through Lightning Data Service. */
export const QBR_SNAPSHOT_FIELDS = [
    'Utilization_Snapshot__c.Snapshot_Key__c',
    'Utilization_Snapshot__c.Period_Start__c',
    'Utilization_Snapshot__c.Line_Of_Business__c',
    'Utilization_Snapshot__c.Eligible_Members__c',
    'Utilization_Snapshot__c.Registered_Members__c',
    'Utilization_Snapshot__c.Visits__c',
    'Utilization_Snapshot__c.Behavioral_Health_Visits__c',
    'Utilization_Snapshot__c.Cost_Savings__c',
    'Utilization_Snapshot__c.Average_Rating__c',
    'Utilization_Snapshot__c.Rated_Visits__c',
    'Utilization_Snapshot__c.Savings_Assumption_Set__c'
];

export const QBR_CONTRACT_FIELDS = [
    'Contract.Line_Of_Business__c',
    'Contract.Covered_Lives__c',
    'Contract.PMPM_Fee__c',
    'Contract.Per_Visit_Fee__c',
    'Contract.StartDate',
    'Contract.EndDate'
];

export const QBR_PLAN_FIELDS = [
    'Account_Plan__c.Name',
    'Account_Plan__c.Plan_Year__c',
    'Account_Plan__c.Status__c',
    'Account_Plan__c.Strategy__c',
    'Account_Plan__c.Next_Review_Date__c',
    'Account_Plan__c.Target_Registration_Rate__c',
    'Account_Plan__c.Target_Visits_Per_1000__c',
    'Account_Plan__c.Target_Cost_Savings__c',
    'Account_Plan__c.Target_Rating__c',
    'Account_Plan__c.Executive_Sponsor__r.Name',
    'Account_Plan__c.Executive_Sponsor__r.Title'
];

export const QBR_OBJECTIVE_FIELDS = [
    'Account_Plan_Objective__c.Name',
    'Account_Plan_Objective__c.Category__c',
    'Account_Plan_Objective__c.Line_Of_Business__c',
    'Account_Plan_Objective__c.Metric__c',
    'Account_Plan_Objective__c.Target_Value__c',
    'Account_Plan_Objective__c.Current_Value__c',
    'Account_Plan_Objective__c.Due_Date__c',
    'Account_Plan_Objective__c.Status__c',
    'Account_Plan_Objective__c.Owner__r.Name'
];

export const QBR_STAKEHOLDER_FIELDS = ['Plan_Stakeholder__c.Relationship_Owner__r.Name'];

export const QBR_ASSESSMENT_FIELDS = [
    'Renewal_Risk_Assessment__c.Assessed_On__c',
    'Renewal_Risk_Assessment__c.Drivers__c'
];

const text = (record, field) => {
    const value = fieldValue(record, field);
    return value === undefined || value === null || value === '' ? null : String(value);
};

/** The last quarter that ended before `day` (`YYYY-MM-DD`), and the seven before it, newest first. */
export function recentQuarters(day, count = 8) {
    const current = Number(day.slice(0, 4)) * 4 + Math.floor((Number(day.slice(5, 7)) - 1) / 3);
    return Array.from({ length: count }, (_, index) => {
        const quarter = current - 1 - index;
        return `${Math.floor(quarter / 4)}-Q${(quarter % 4) + 1}`;
    });
}

/** The Active plan, for the quarter's year when there are several, else the latest. */
export function activePlan(plans, quarter) {
    const active = (plans ?? []).filter((plan) => text(plan, 'Status__c') === 'Active');
    const year = quarter.slice(0, 4);
    const sorted = [...active].sort((a, b) =>
        (text(b, 'Plan_Year__c') ?? '').localeCompare(text(a, 'Plan_Year__c') ?? '')
    );
    return sorted.find((plan) => text(plan, 'Plan_Year__c') === year) ?? sorted[0] ?? null;
}

function drivers(assessments) {
    const latest = text((assessments ?? [])[0] ?? {}, 'Drivers__c');
    if (!latest) {
        return [];
    }
    try {
        const parsed = JSON.parse(latest);
        return Array.isArray(parsed)
            ? parsed
                  .filter((item) => typeof item.factor === 'string' && typeof item.contribution === 'number')
                  .map((item) => ({ factor: item.factor, contribution: item.contribution }))
            : [];
    } catch {
        return [];
    }
}

/** The QBR's input (`QbrInput` of plugin/src/core/qbr/document) from the record page's wired records. */
export function qbrInput({
    account,
    snapshots,
    contracts,
    plan,
    objectives,
    stakeholders,
    assessments,
    quarter,
    today
}) {
    const team = [];
    const owner = text(account, 'Owner.Name');
    if (owner) {
        team.push({ name: owner, title: 'Account director' });
    }
    for (const stakeholder of stakeholders ?? []) {
        const name = text(stakeholder, 'Relationship_Owner__r.Name');
        if (name && !team.some((member) => member.name === name)) {
            team.push({ name, title: 'Relationship owner' });
        }
    }
    const sponsorName = plan ? text(plan, 'Executive_Sponsor__r.Name') : null;
    return {
        quarter,
        generatedOn: today,
        plan: { name: text(account, 'Name') ?? '', healthPlanId: text(account, 'Health_Plan_Id__c') ?? '' },
        accountTeam: team,
        executiveSponsor: sponsorName ? { name: sponsorName, title: text(plan, 'Executive_Sponsor__r.Title') } : null,
        snapshots: (snapshots ?? []).map((record) => ({
            key: text(record, 'Snapshot_Key__c') ?? '',
            lineOfBusiness: text(record, 'Line_Of_Business__c') ?? '',
            periodStart: text(record, 'Period_Start__c') ?? '',
            eligibleMembers: numberFieldValue(record, 'Eligible_Members__c'),
            registeredMembers: numberFieldValue(record, 'Registered_Members__c'),
            visits: numberFieldValue(record, 'Visits__c'),
            behavioralHealthVisits: numberFieldValue(record, 'Behavioral_Health_Visits__c'),
            costSavings: numberFieldValue(record, 'Cost_Savings__c'),
            averageRating: numberFieldValue(record, 'Average_Rating__c'),
            ratedVisits: numberFieldValue(record, 'Rated_Visits__c'),
            savingsAssumptionSet: text(record, 'Savings_Assumption_Set__c')
        })),
        contracts: (contracts ?? []).map((record) => ({
            lineOfBusiness: text(record, 'Line_Of_Business__c'),
            startDate: text(record, 'StartDate'),
            endDate: text(record, 'EndDate'),
            coveredLives: numberFieldValue(record, 'Covered_Lives__c'),
            pmpmFee: numberFieldValue(record, 'PMPM_Fee__c'),
            perVisitFee: numberFieldValue(record, 'Per_Visit_Fee__c')
        })),
        accountPlan: plan
            ? {
                  name: text(plan, 'Name') ?? 'Account plan',
                  planYear: text(plan, 'Plan_Year__c'),
                  status: text(plan, 'Status__c'),
                  strategy: text(plan, 'Strategy__c'),
                  nextReviewDate: text(plan, 'Next_Review_Date__c'),
                  targetRegistrationRate: numberFieldValue(plan, 'Target_Registration_Rate__c'),
                  targetVisitsPer1000: numberFieldValue(plan, 'Target_Visits_Per_1000__c'),
                  targetCostSavings: numberFieldValue(plan, 'Target_Cost_Savings__c'),
                  targetRating: numberFieldValue(plan, 'Target_Rating__c'),
                  objectives: (objectives ?? []).map((record) => ({
                      name: text(record, 'Name') ?? 'Objective',
                      category: text(record, 'Category__c'),
                      lineOfBusiness: text(record, 'Line_Of_Business__c'),
                      metric: text(record, 'Metric__c'),
                      targetValue: numberFieldValue(record, 'Target_Value__c'),
                      currentValue: numberFieldValue(record, 'Current_Value__c'),
                      dueDate: text(record, 'Due_Date__c'),
                      status: text(record, 'Status__c'),
                      owner: text(record, 'Owner__r.Name')
                  }))
              }
            : null,
        riskDrivers: drivers(assessments),
        assumptionSources: {}
    };
}
