/** Org rows (API field names) for accounts shaped like the model fixtures: healthy but for one planted problem. */
import type { Rows } from './fakeOrg.js';
import { AS_OF, daysFrom, healthyAccount } from './fixtures.js';

export type RowOptions = { accounts: number; detractorEvery?: number; existing?: Array<Record<string, unknown>> };

export function orgRows(options: RowOptions): Rows {
  const rows: Rows = {
    Account: [],
    Contract: [],
    Account_Plan__c: [],
    Plan_Stakeholder__c: [],
    Utilization_Snapshot__c: [],
    Risk_Factor__mdt: [],
    Risk_Tier__mdt: [],
  };
  for (let index = 0; index < options.accounts; index++) {
    const id = `001${String(index).padStart(15, '0')}`;
    const planId = `HP-${String(index + 1).padStart(4, '0')}`;
    const input = healthyAccount();
    const assessments = (options.existing ?? []).filter((row) =>
      String(row.Assessment_Key__c).startsWith(`${planId}|`),
    );
    rows.Account.push({
      Id: id,
      Name: `Plan ${planId}`,
      Health_Plan_Id__c: planId,
      Renewal_Date__c: input.renewalDate,
      Renewal_Risk_Score__c: null,
      Renewal_Risk_Tier__c: null,
      Renewal_Risk_Scored_At__c: null,
      Renewal_Risk_Override__c: 'Low',
      Renewal_Risk_Assessments__r: assessments.length
        ? { done: true, totalSize: assessments.length, records: assessments }
        : null,
    });
    for (const contract of input.contracts) {
      rows.Contract.push({
        AccountId: id,
        Line_Of_Business__c: contract.lineOfBusiness,
        StartDate: contract.startDate,
        EndDate: contract.endDate,
        Covered_Lives__c: contract.coveredLives,
        PMPM_Fee__c: contract.pmpmFee,
        Per_Visit_Fee__c: contract.perVisitFee,
      });
    }
    const plan = input.plan!;
    rows.Account_Plan__c.push({
      Account__c: id,
      Name: plan.name,
      Plan_Year__c: AS_OF.slice(0, 4),
      Target_Registration_Rate__c: plan.targetRegistrationRate,
      Target_Visits_Per_1000__c: plan.targetVisitsPer1000,
      Target_Cost_Savings__c: plan.targetCostSavings,
      Target_Rating__c: plan.targetRating,
      Objectives__r: {
        done: true,
        totalSize: plan.objectives.length,
        records: plan.objectives.map((o) => ({ Name: o.name, Status__c: o.status, Due_Date__c: o.dueDate })),
      },
    });
    const detractor = options.detractorEvery !== undefined && index % options.detractorEvery === 0;
    for (const person of input.stakeholders) {
      const [FirstName, LastName] = person.name.split(' ');
      rows.Plan_Stakeholder__c.push({
        Account__c: id,
        Contact__r: { FirstName, LastName },
        Role__c: person.role,
        Influence__c: person.influence,
        Sentiment__c: detractor && person.role === 'Executive' ? 'Detractor' : person.sentiment,
        Last_Engagement_Date__c: person.lastEngagementDate ?? daysFrom(AS_OF, -10),
      });
    }
    for (const snapshot of input.snapshots) {
      rows.Utilization_Snapshot__c.push({
        Account__c: id,
        Line_Of_Business__c: snapshot.lineOfBusiness,
        Period_Start__c: snapshot.periodStart,
        Eligible_Members__c: snapshot.eligibleMembers,
        Registered_Members__c: snapshot.registeredMembers,
        Visits__c: snapshot.visits,
        Cost_Savings__c: snapshot.costSavings,
        Average_Rating__c: snapshot.averageRating,
        Rated_Visits__c: snapshot.ratedVisits,
      });
    }
  }
  return rows;
}
