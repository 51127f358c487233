/**
 * Everything a QBR needs, read from the org for one plan or all of them in a fixed number of queries
 * (accounts with their latest assessment, contracts, active plans with objectives, stakeholders'
 * relationship owners, snapshots of the three quarters compared, assumption sources).
 */
import { childRecords, dateOrNull, numberOrNull, soqlString, stringOrNull } from '../risk/fields.js';
import type { RiskReader } from '../risk/reader.js';
import { quarterIndex, quarterPeriod } from './document/quarters.js';
import type { QbrAccountPlan, QbrInput, QbrPerson, QbrRiskDriver, QbrSnapshot } from './document/types.js';

type Row = Record<string, unknown>;
type Named = { FirstName?: unknown; LastName?: unknown; Title?: unknown } | null | undefined;

export type QbrSelection = { quarter: string; generatedOn: string; healthPlanIds?: string[] };

export async function loadQbrInputs(reader: RiskReader, selection: QbrSelection): Promise<QbrInput[]> {
  const filter = planFilter(selection.healthPlanIds);
  const index = quarterIndex(selection.quarter);
  const first = quarterPeriod(index - 4).months[0];
  const last = quarterPeriod(index).months[2];
  const [accounts, contracts, plans, stakeholders, snapshots, sources] = await Promise.all([
    reader.query<Row>(
      'SELECT Id, Name, Health_Plan_Id__c, Owner.FirstName, Owner.LastName, ' +
        '(SELECT Drivers__c FROM Renewal_Risk_Assessments__r ORDER BY Assessed_On__c DESC LIMIT 1) ' +
        `FROM Account WHERE ${filter('')} ORDER BY Health_Plan_Id__c`,
    ),
    reader.query<Row>(
      'SELECT AccountId, Line_Of_Business__c, StartDate, EndDate, Covered_Lives__c, PMPM_Fee__c, Per_Visit_Fee__c ' +
        `FROM Contract WHERE ${filter('Account.')}`,
      { bulk: true },
    ),
    reader.query<Row>(
      'SELECT Account__c, Name, Plan_Year__c, Status__c, Strategy__c, Next_Review_Date__c, Target_Registration_Rate__c, ' +
        'Target_Visits_Per_1000__c, Target_Cost_Savings__c, Target_Rating__c, Executive_Sponsor__r.FirstName, ' +
        'Executive_Sponsor__r.LastName, Executive_Sponsor__r.Title, (SELECT Name, Category__c, Line_Of_Business__c, ' +
        'Metric__c, Target_Value__c, Current_Value__c, Due_Date__c, Status__c, Owner__r.FirstName, Owner__r.LastName ' +
        `FROM Objectives__r) FROM Account_Plan__c WHERE Status__c = 'Active' AND ${filter('Account__r.')}`,
    ),
    reader.query<Row>(
      'SELECT Account__c, Relationship_Owner__r.FirstName, Relationship_Owner__r.LastName FROM Plan_Stakeholder__c ' +
        `WHERE Relationship_Owner__c != null AND ${filter('Account__r.')}`,
      { bulk: true },
    ),
    reader.query<Row>(
      'SELECT Account__c, Snapshot_Key__c, Line_Of_Business__c, Period_Start__c, Eligible_Members__c, Registered_Members__c, ' +
        'Visits__c, Behavioral_Health_Visits__c, Cost_Savings__c, Average_Rating__c, Rated_Visits__c, Savings_Assumption_Set__c ' +
        `FROM Utilization_Snapshot__c WHERE Period_Start__c >= ${first}-01 AND Period_Start__c <= ${last}-01 AND ${filter('Account__r.')}`,
      { bulk: true },
    ),
    reader.queryOptional<Row>('SELECT DeveloperName, Source__c FROM Savings_Assumption__mdt'),
  ]);
  const assumptionSources = Object.fromEntries(
    (sources ?? []).flatMap((row) => {
      const source = stringOrNull(row.Source__c);
      return source ? [[String(row.DeveloperName), source]] : [];
    }),
  );
  const byAccount = (rows: Row[], field: string): Map<string, Row[]> => {
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const id = String(row[field]);
      groups.set(id, [...(groups.get(id) ?? []), row]);
    }
    return groups;
  };
  const contractsOf = byAccount(contracts, 'AccountId');
  const plansOf = byAccount(plans, 'Account__c');
  const stakeholdersOf = byAccount(stakeholders, 'Account__c');
  const snapshotsOf = byAccount(snapshots, 'Account__c');
  return accounts.map((account) => {
    const id = String(account.Id);
    const plan = activePlan(plansOf.get(id) ?? [], selection.quarter.slice(0, 4));
    return {
      quarter: selection.quarter,
      generatedOn: selection.generatedOn,
      plan: { name: String(account.Name), healthPlanId: String(account.Health_Plan_Id__c) },
      accountTeam: accountTeam(account, stakeholdersOf.get(id) ?? []),
      executiveSponsor: plan ? sponsor(plan.row) : null,
      snapshots: (snapshotsOf.get(id) ?? []).map(toSnapshot),
      contracts: (contractsOf.get(id) ?? []).map((row) => ({
        lineOfBusiness: stringOrNull(row.Line_Of_Business__c),
        startDate: dateOrNull(row.StartDate),
        endDate: dateOrNull(row.EndDate),
        coveredLives: numberOrNull(row.Covered_Lives__c),
        pmpmFee: numberOrNull(row.PMPM_Fee__c),
        perVisitFee: numberOrNull(row.Per_Visit_Fee__c),
      })),
      accountPlan: plan?.plan ?? null,
      riskDrivers: drivers(account),
      assumptionSources,
    };
  });
}

function planFilter(ids: string[] | undefined): (path: string) => string {
  if (!ids?.length) return (path) => `${path}Health_Plan_Id__c != null`;
  const list = `(${ids.map(soqlString).join(', ')})`;
  return (path) => `${path}Health_Plan_Id__c IN ${list}`;
}

/** A lookup's person, nested from REST or flattened (`Owner__r.FirstName`) from a Bulk API CSV. */
function nameOf(row: Row, relationship: string): string | null {
  const nested = row[relationship] as Named;
  const part = (field: 'FirstName' | 'LastName'): unknown => nested?.[field] ?? row[`${relationship}.${field}`];
  const name = [part('FirstName'), part('LastName')].filter((value) => typeof value === 'string' && value).join(' ');
  return name || null;
}

function accountTeam(account: Row, stakeholders: Row[]): QbrPerson[] {
  const team: QbrPerson[] = [];
  const owner = nameOf(account, 'Owner');
  if (owner) team.push({ name: owner, title: 'Account director' });
  for (const row of stakeholders) {
    const name = nameOf(row, 'Relationship_Owner__r');
    if (name && !team.some((member) => member.name === name)) team.push({ name, title: 'Relationship owner' });
  }
  return team;
}

function sponsor(row: Row): QbrPerson | null {
  const name = nameOf(row, 'Executive_Sponsor__r');
  if (!name) return null;
  const nested = row.Executive_Sponsor__r as Named;
  return { name, title: stringOrNull(nested?.Title ?? row['Executive_Sponsor__r.Title']) };
}

/** One Active plan per account is the rule; if there are more, the one for the quarter's year, else the latest. */
function activePlan(rows: Row[], year: string): { row: Row; plan: QbrAccountPlan } | null {
  if (!rows.length) return null;
  const planYear = (row: Row): string => stringOrNull(row.Plan_Year__c) ?? '';
  const sorted = [...rows].sort((a, b) => planYear(b).localeCompare(planYear(a)));
  const row = sorted.find((candidate) => planYear(candidate) === year) ?? sorted[0];
  return {
    row,
    plan: {
      name: stringOrNull(row.Name) ?? 'Account plan',
      planYear: stringOrNull(row.Plan_Year__c),
      status: stringOrNull(row.Status__c),
      strategy: stringOrNull(row.Strategy__c),
      nextReviewDate: dateOrNull(row.Next_Review_Date__c),
      targetRegistrationRate: numberOrNull(row.Target_Registration_Rate__c),
      targetVisitsPer1000: numberOrNull(row.Target_Visits_Per_1000__c),
      targetCostSavings: numberOrNull(row.Target_Cost_Savings__c),
      targetRating: numberOrNull(row.Target_Rating__c),
      objectives: childRecords<Row>(row.Objectives__r).map((objective) => ({
        name: stringOrNull(objective.Name) ?? 'Objective',
        category: stringOrNull(objective.Category__c),
        lineOfBusiness: stringOrNull(objective.Line_Of_Business__c),
        metric: stringOrNull(objective.Metric__c),
        targetValue: numberOrNull(objective.Target_Value__c),
        currentValue: numberOrNull(objective.Current_Value__c),
        dueDate: dateOrNull(objective.Due_Date__c),
        status: stringOrNull(objective.Status__c),
        owner: nameOf(objective, 'Owner__r'),
      })),
    },
  };
}

function toSnapshot(row: Row): QbrSnapshot {
  return {
    key: String(row.Snapshot_Key__c),
    lineOfBusiness: stringOrNull(row.Line_Of_Business__c) ?? '',
    periodStart: dateOrNull(row.Period_Start__c) ?? '',
    eligibleMembers: numberOrNull(row.Eligible_Members__c),
    registeredMembers: numberOrNull(row.Registered_Members__c),
    visits: numberOrNull(row.Visits__c),
    behavioralHealthVisits: numberOrNull(row.Behavioral_Health_Visits__c),
    costSavings: numberOrNull(row.Cost_Savings__c),
    averageRating: numberOrNull(row.Average_Rating__c),
    ratedVisits: numberOrNull(row.Rated_Visits__c),
    savingsAssumptionSet: stringOrNull(row.Savings_Assumption_Set__c),
  };
}

/** The latest assessment's drivers: factor and contribution only (the score stays internal). */
function drivers(account: Row): QbrRiskDriver[] {
  const latest = childRecords<Row>(account.Renewal_Risk_Assessments__r)[0];
  const text = stringOrNull(latest?.Drivers__c);
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((item: Row) =>
      typeof item.factor === 'string' && typeof item.contribution === 'number'
        ? [{ factor: item.factor, contribution: item.contribution }]
        : [],
    );
  } catch {
    return [];
  }
}
