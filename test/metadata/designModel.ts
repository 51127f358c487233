import type { FieldType, OrgSchema } from '../../scripts/schema/types.js';

/**
 * The data model of DESIGN.md ("Data model"), written out by hand: the contract that force-app must meet.
 * Kept apart from force-app on purpose, so that a field lost there shows up here.
 */
type FieldExpectation = {
  type: FieldType;
  values?: string[];
  /** External id, unique and case-sensitive. */
  key?: boolean;
  referenceTo?: string;
  /** Child relationship name on the parent, for master-detail fields. */
  relationshipName?: string;
  formula?: boolean;
  trackHistory?: boolean;
  /** Custom metadata: only these records carry the field. */
  onlyOn?: string[];
};

const LINES_OF_BUSINESS = ['Commercial', 'Medicare', 'Medicaid', 'Exchange'];
const TIERS = ['Low', 'Moderate', 'High', 'Critical'];

export const DESIGN_MODEL: Record<string, Record<string, FieldExpectation>> = {
  Account: {
    Health_Plan_Id__c: { type: 'Text', key: true },
    Lines_Of_Business__c: { type: 'MultiselectPicklist', values: LINES_OF_BUSINESS },
    Renewal_Date__c: { type: 'Date' },
    Contract_Value__c: { type: 'Currency' },
    Pricing_Model__c: { type: 'Picklist', values: ['PMPM', 'Per Visit', 'Hybrid'] },
    Renewal_Risk_Score__c: { type: 'Number' },
    // Account field history is a post-deploy step (README, Admin): a deploy cannot turn on Account history
    // without overwriting the org's Account settings, and fails where it is off.
    Renewal_Risk_Tier__c: { type: 'Picklist', values: TIERS },
    Renewal_Risk_Scored_At__c: { type: 'DateTime' },
    Renewal_Risk_Override__c: { type: 'Picklist', values: TIERS },
    Renewal_Risk_Override_Reason__c: { type: 'TextArea' },
  },
  Contract: {
    Line_Of_Business__c: { type: 'Picklist', values: LINES_OF_BUSINESS },
    Covered_Lives__c: { type: 'Number' },
    PMPM_Fee__c: { type: 'Currency' },
    Per_Visit_Fee__c: { type: 'Currency' },
  },
  Account_Plan__c: {
    Account__c: { type: 'MasterDetail', referenceTo: 'Account', relationshipName: 'Account_Plans' },
    Plan_Year__c: { type: 'Text' },
    Status__c: { type: 'Picklist', values: ['Draft', 'Active', 'Closed'] },
    Strategy__c: { type: 'LongTextArea' },
    Executive_Sponsor__c: { type: 'Lookup', referenceTo: 'Contact' },
    Next_Review_Date__c: { type: 'Date' },
    Target_Registration_Rate__c: { type: 'Percent' },
    Target_Visits_Per_1000__c: { type: 'Number' },
    Target_Cost_Savings__c: { type: 'Currency' },
    Target_Rating__c: { type: 'Number' },
  },
  Account_Plan_Objective__c: {
    Account_Plan__c: { type: 'MasterDetail', referenceTo: 'Account_Plan__c', relationshipName: 'Objectives' },
    Category__c: {
      type: 'Picklist',
      values: ['Retention', 'Growth', 'Utilization', 'Clinical', 'Marketing', 'Product'],
    },
    Line_Of_Business__c: { type: 'Picklist', values: LINES_OF_BUSINESS },
    Metric__c: { type: 'Text' },
    Target_Value__c: { type: 'Number' },
    Current_Value__c: { type: 'Number' },
    Due_Date__c: { type: 'Date' },
    Status__c: { type: 'Picklist', values: ['Not Started', 'On Track', 'At Risk', 'Off Track', 'Done'] },
    Owner__c: { type: 'Lookup', referenceTo: 'User' },
  },
  Plan_Stakeholder__c: {
    Account__c: { type: 'MasterDetail', referenceTo: 'Account', relationshipName: 'Stakeholders' },
    Contact__c: { type: 'Lookup', referenceTo: 'Contact' },
    Role__c: {
      type: 'Picklist',
      values: ['Executive', 'Clinical', 'Network', 'Product', 'Benefits', 'Marketing', 'Finance', 'Operations'],
    },
    Influence__c: { type: 'Picklist', values: ['High', 'Medium', 'Low'] },
    Sentiment__c: { type: 'Picklist', values: ['Champion', 'Supporter', 'Neutral', 'Skeptic', 'Detractor'] },
    Last_Engagement_Date__c: { type: 'Date' },
    Relationship_Owner__c: { type: 'Lookup', referenceTo: 'User' },
  },
  Utilization_Snapshot__c: {
    Account__c: { type: 'MasterDetail', referenceTo: 'Account', relationshipName: 'Utilization_Snapshots' },
    Snapshot_Key__c: { type: 'Text', key: true },
    Period_Start__c: { type: 'Date' },
    Line_Of_Business__c: { type: 'Picklist', values: LINES_OF_BUSINESS },
    Eligible_Members__c: { type: 'Number' },
    Registered_Members__c: { type: 'Number' },
    Visits__c: { type: 'Number' },
    Behavioral_Health_Visits__c: { type: 'Number' },
    Cost_Savings__c: { type: 'Currency' },
    Average_Rating__c: { type: 'Number' },
    Rated_Visits__c: { type: 'Number' },
    Content_Hash__c: { type: 'Text' },
    Savings_Assumption_Set__c: { type: 'Text' },
    Registration_Rate__c: { type: 'Percent', formula: true },
    Visits_Per_1000__c: { type: 'Number', formula: true },
  },
  Renewal_Risk_Assessment__c: {
    Account__c: { type: 'MasterDetail', referenceTo: 'Account', relationshipName: 'Renewal_Risk_Assessments' },
    Assessment_Key__c: { type: 'Text', key: true },
    Score__c: { type: 'Number' },
    Tier__c: { type: 'Picklist', values: TIERS },
    Renewal_Percent__c: { type: 'Number' },
    Assessed_On__c: { type: 'Date' },
    Model_Version__c: { type: 'Text' },
    Drivers__c: { type: 'LongTextArea' },
    Recommended_Actions__c: { type: 'LongTextArea' },
  },
};

/**
 * The admin-tunable settings of the renewal risk model (DESIGN.md: "Risk_Factor__mdt records in force-app"),
 * plus the tier cut-offs. These API names are what the risk engine reads.
 */
export const RISK_SETTINGS_MODEL: Record<string, Record<string, FieldExpectation>> = {
  Risk_Factor__mdt: {
    Measure__c: { type: 'TextArea' },
    Weight__c: { type: 'Number' },
    Good_Threshold__c: { type: 'Number' },
    Bad_Threshold__c: { type: 'Number' },
    Play__c: { type: 'TextArea' },
    Active__c: { type: 'Checkbox' },
    Sort_Order__c: { type: 'Number' },
  },
  Risk_Tier__mdt: {
    Min_Score__c: { type: 'Number' },
    Base_Rate__c: { type: 'Number', onlyOn: ['Low'] },
  },
  Savings_Assumption__mdt: {
    ER_Visit_Cost__c: { type: 'Number' },
    Urgent_Care_Visit_Cost__c: { type: 'Number' },
    Primary_Care_Visit_Cost__c: { type: 'Number' },
    Telehealth_Visit_Cost__c: { type: 'Number' },
    Source__c: { type: 'TextArea' },
    Effective_Date__c: { type: 'Date' },
    Active__c: { type: 'Checkbox' },
  },
};

/** One default Risk_Factor__mdt record per factor of DESIGN.md "Renewal risk model". */
export const RISK_FACTORS = [
  'Utilization_Trend',
  'Utilization_Vs_Target',
  'Registration_Vs_Target',
  'Registration_Trend',
  'Rating_Vs_Target',
  'Rating_Trend',
  'Cost_Savings_Vs_Target',
  'Relationship_Health',
  'Objectives_Off_Track',
  'Days_To_Renewal',
];

export const RISK_TIERS = TIERS;

/** The shipped savings assumptions (DESIGN.md "Second wave": the public 2024 defaults as a record). */
export const SAVINGS_ASSUMPTION_SETS = ['Public_2024_Averages'];

/** Every way in which `schema` falls short of DESIGN.md, one sentence each; empty when it meets it. */
export function designGaps(schema: OrgSchema): string[] {
  const gaps: string[] = [];
  for (const [objectName, fields] of Object.entries({ ...DESIGN_MODEL, ...RISK_SETTINGS_MODEL })) {
    const object = schema.objects[objectName];
    if (!object) {
      gaps.push(`object ${objectName} is missing`);
      continue;
    }
    for (const [fieldName, expected] of Object.entries(fields)) {
      const where = `${objectName}.${fieldName}`;
      const field = object.fields[fieldName];
      if (!field) {
        gaps.push(`${where} is missing`);
        continue;
      }
      if (field.type !== expected.type) gaps.push(`${where} is ${field.type}, expected ${expected.type}`);
      if (expected.values) {
        const actual = field.picklist?.values.join('; ');
        if (actual !== expected.values.join('; ')) gaps.push(`${where} values are ${String(actual)}`);
        if (!field.picklist?.restricted) gaps.push(`${where} is not a restricted picklist`);
      }
      if (expected.key && !(field.externalId && field.unique && field.caseSensitive)) {
        gaps.push(`${where} must be an external id, unique and case-sensitive`);
      }
      if (expected.referenceTo && field.referenceTo !== expected.referenceTo) {
        gaps.push(`${where} refers to ${String(field.referenceTo)}, expected ${expected.referenceTo}`);
      }
      if (expected.relationshipName && field.relationshipName !== expected.relationshipName) {
        gaps.push(`${where} relationship is ${String(field.relationshipName)}, expected ${expected.relationshipName}`);
      }
      if (Boolean(expected.formula) !== Boolean(field.formula)) {
        gaps.push(`${where} ${expected.formula ? 'must' : 'must not'} be a formula`);
      }
      if (expected.trackHistory && !field.trackHistory) gaps.push(`${where} must track field history`);
    }
  }
  const records = [
    ...RISK_FACTORS.map((name) => ['Risk_Factor__mdt', name]),
    ...RISK_TIERS.map((name) => ['Risk_Tier__mdt', name]),
    ...SAVINGS_ASSUMPTION_SETS.map((name) => ['Savings_Assumption__mdt', name]),
  ];
  for (const [type, developerName] of records) {
    const record = schema.customMetadataRecords.find((r) => r.type === type && r.developerName === developerName);
    if (!record) {
      gaps.push(`${type} record ${developerName} is missing`);
      continue;
    }
    for (const [fieldName, expected] of Object.entries(RISK_SETTINGS_MODEL[type])) {
      if (expected.onlyOn && !expected.onlyOn.includes(developerName)) continue;
      const value = record.values[fieldName];
      const expectedType = expected.type === 'Number' ? 'number' : expected.type === 'Checkbox' ? 'boolean' : 'string';
      if (typeof value !== expectedType) gaps.push(`${type} ${developerName} has no ${expectedType} ${fieldName}`);
    }
  }
  return gaps;
}

/** Custom objects (custom metadata types included) and custom fields of the whole model, in total. */
export function modelSize(): { customObjects: number; fields: number } {
  const model = { ...DESIGN_MODEL, ...RISK_SETTINGS_MODEL };
  return {
    customObjects: Object.keys(model).filter((name) => /__(c|mdt)$/.test(name)).length,
    fields: Object.values(model).reduce((sum, fields) => sum + Object.keys(fields).length, 0),
  };
}
