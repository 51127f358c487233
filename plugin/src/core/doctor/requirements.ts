/**
 * What each job of the product needs from the org: the objects and fields it reads and writes, and the
 * permission set that grants them. One table for the doctor's metadata and access checks.
 */
import { SNAPSHOT_VALUE_FIELDS } from '../sync/snapshot.js';

export type Job = 'nightly' | 'rep' | 'admin';

/** An object a job uses: what it does with the records, and the fields it reads or edits. */
export type ObjectNeed = {
  object: string;
  create?: boolean;
  edit?: boolean;
  delete?: boolean;
  read: string[];
  write: string[];
};

export type JobNeeds = { permissionSet: string; objects: ObjectNeed[] };

const ASSESSMENT_FIELDS = [
  'Score__c',
  'Tier__c',
  'Assessed_On__c',
  'Model_Version__c',
  'Drivers__c',
  'Recommended_Actions__c',
];
const RISK_FIELDS = ['Renewal_Risk_Score__c', 'Renewal_Risk_Tier__c', 'Renewal_Risk_Scored_At__c'];
const PLAN_TARGETS = [
  'Plan_Year__c',
  'Status__c',
  'Target_Registration_Rate__c',
  'Target_Visits_Per_1000__c',
  'Target_Cost_Savings__c',
  'Target_Rating__c',
];
const CONTRACT_FIELDS = ['Line_Of_Business__c', 'Covered_Lives__c', 'PMPM_Fee__c', 'Per_Visit_Fee__c'];
const STAKEHOLDER_FIELDS = ['Contact__c', 'Role__c', 'Influence__c', 'Sentiment__c', 'Last_Engagement_Date__c'];
const OBJECTIVE_FIELDS = [
  'Category__c',
  'Metric__c',
  'Target_Value__c',
  'Current_Value__c',
  'Due_Date__c',
  'Status__c',
  'Owner__c',
];
const RISK_SETTINGS: ObjectNeed[] = [
  {
    object: 'Risk_Factor__mdt',
    read: ['Weight__c', 'Good_Threshold__c', 'Bad_Threshold__c', 'Play__c', 'Active__c', 'Sort_Order__c'],
    write: [],
  },
  { object: 'Risk_Tier__mdt', read: ['Min_Score__c'], write: [] },
];

/** The nightly job (`sf healthplan sync`, then `sf healthplan risk score`), from the queries and writes it makes. */
const NIGHTLY: JobNeeds = {
  permissionSet: 'Health_Plan_Sync',
  objects: [
    { object: 'Account', edit: true, read: ['Health_Plan_Id__c', 'Renewal_Date__c'], write: RISK_FIELDS },
    {
      object: 'Utilization_Snapshot__c',
      create: true,
      edit: true,
      read: ['Snapshot_Key__c', 'Account__c'],
      write: [...SNAPSHOT_VALUE_FIELDS, 'Content_Hash__c'],
    },
    {
      object: 'Renewal_Risk_Assessment__c',
      create: true,
      edit: true,
      read: ['Assessment_Key__c'],
      write: ASSESSMENT_FIELDS,
    },
    { object: 'Contract', read: CONTRACT_FIELDS, write: [] },
    { object: 'Account_Plan__c', read: PLAN_TARGETS, write: [] },
    { object: 'Account_Plan_Objective__c', read: ['Status__c', 'Due_Date__c'], write: [] },
    { object: 'Plan_Stakeholder__c', read: STAKEHOLDER_FIELDS, write: [] },
    { object: 'Contact', read: [], write: [] },
    ...RISK_SETTINGS,
  ],
};

/** The rep on the record page: reads everything the components show, edits the plan and the override. */
const REP: JobNeeds = {
  permissionSet: 'Health_Plan_Account_Manager',
  objects: [
    {
      object: 'Account',
      edit: true,
      read: ['Health_Plan_Id__c', 'Renewal_Date__c', ...RISK_FIELDS],
      write: ['Renewal_Risk_Override__c', 'Renewal_Risk_Override_Reason__c'],
    },
    { object: 'Utilization_Snapshot__c', read: [...SNAPSHOT_VALUE_FIELDS], write: [] },
    { object: 'Renewal_Risk_Assessment__c', read: ASSESSMENT_FIELDS, write: [] },
    { object: 'Contract', read: CONTRACT_FIELDS, write: [] },
    { object: 'Account_Plan__c', create: true, edit: true, read: [], write: [...PLAN_TARGETS, 'Strategy__c'] },
    { object: 'Account_Plan_Objective__c', create: true, edit: true, read: [], write: OBJECTIVE_FIELDS },
    { object: 'Plan_Stakeholder__c', create: true, edit: true, read: [], write: STAKEHOLDER_FIELDS },
    { object: 'Contact', read: [], write: [] },
    ...RISK_SETTINGS,
  ],
};

/** The admin: everything the other two need, with delete on the product's objects. */
const ADMIN: JobNeeds = {
  permissionSet: 'Health_Plan_Admin',
  objects: [
    ...REP.objects.map((need) =>
      need.object.endsWith('__mdt') || need.object === 'Contact' || need.object === 'Contract'
        ? need
        : { ...need, create: need.object !== 'Account', edit: true, delete: need.object !== 'Account' },
    ),
  ],
};

export const JOBS: Record<Job, JobNeeds> = { nightly: NIGHTLY, rep: REP, admin: ADMIN };
