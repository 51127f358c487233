import type {
  DivertedFrom,
  Influence,
  LineOfBusiness,
  ObjectiveCategory,
  ObjectiveStatus,
  PricingModel,
  Sentiment,
  ServiceLine,
  StakeholderRole,
} from './vocabulary.js';

/** The problem planted in a plan's data, so that tests can check the risk model finds it. */
export const SCENARIOS = [
  'utilization-collapse',
  'detractor-executive',
  'ratings-falling',
  'savings-under-target',
  'renewal-soon-objectives-off-track',
  'healthy',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export type GenerateOptions = {
  seed: number;
  /** Number of health plans (default 14). */
  plans?: number;
  /** Months of feed history (default 24). */
  months?: number;
  /** Last month of the feeds, `YYYY-MM` (default: the last full month before `asOf`). */
  endMonth?: string;
  /**
   * The day the data describes as "today", `YYYY-MM-DD`: renewals, engagements and due dates are
   * relative to it. Default: the first day after `endMonth` when that is given, else today (UTC).
   */
  asOf?: string;
  /** Multiplies the number of visits only (default 1: about 1–2M visits); members stay real size. */
  visitScale?: number;
};

// Org records carry API field names only, except the `…Email` references that seedOrg resolves to ids.

export type AccountRecord = {
  Name: string;
  Health_Plan_Id__c: string;
  Lines_Of_Business__c: string;
  Renewal_Date__c: string;
  Contract_Value__c: number;
  Pricing_Model__c: PricingModel;
};

export type ContractRecord = {
  Line_Of_Business__c: LineOfBusiness;
  Covered_Lives__c: number;
  PMPM_Fee__c: number;
  Per_Visit_Fee__c: number;
  StartDate: string;
  EndDate: string;
  ContractTerm: number;
  Status: 'Activated';
  Description: string;
};

export type ContactRecord = {
  FirstName: string;
  LastName: string;
  Title: string;
  Email: string;
  Phone: string;
};

export type StakeholderRecord = {
  /** Email of the Contact in `contacts`; becomes `Contact__c`. */
  contactEmail: string;
  Role__c: StakeholderRole;
  Influence__c: Influence;
  Sentiment__c: Sentiment;
  Last_Engagement_Date__c: string;
};

export type AccountPlanRecord = {
  /** Email of the Contact in `contacts`; becomes `Executive_Sponsor__c`. */
  executiveSponsorEmail: string;
  Name: string;
  Plan_Year__c: string;
  Status__c: 'Active';
  Strategy__c: string;
  Next_Review_Date__c: string;
  /** Percent, as Salesforce stores percent fields: 32.5 means 32.5%. */
  Target_Registration_Rate__c: number;
  /** Annualized visits per 1,000 eligible members. */
  Target_Visits_Per_1000__c: number;
  /** Cost savings for the plan year, in dollars. */
  Target_Cost_Savings__c: number;
  Target_Rating__c: number;
};

export type ObjectiveRecord = {
  Name: string;
  Category__c: ObjectiveCategory;
  Line_Of_Business__c: LineOfBusiness | null;
  Metric__c: string;
  Target_Value__c: number;
  Current_Value__c: number;
  Due_Date__c: string;
  Status__c: ObjectiveStatus;
};

export type DemoPlan = {
  healthPlanId: string;
  name: string;
  scenario: Scenario;
  /** One sentence saying what was planted, for people reading the demo. */
  story: string;
  /** Eligible members across lines of business in the last month. */
  members: number;
  linesOfBusiness: LineOfBusiness[];
  account: AccountRecord;
  contracts: ContractRecord[];
  contacts: ContactRecord[];
  stakeholders: StakeholderRecord[];
  accountPlan: AccountPlanRecord;
  objectives: ObjectiveRecord[];
};

export type EligibilityRow = {
  health_plan_id: string;
  line_of_business: LineOfBusiness;
  period: string;
  eligible_members: number;
  registered_members: number;
};

export type VisitRow = {
  visit_id: string;
  health_plan_id: string;
  line_of_business: LineOfBusiness;
  visit_date: string;
  service_line: ServiceLine;
  diverted_from: DivertedFrom;
  rating: number | null;
};

/** What the visit stream yields for one plan × line of business × month, known before streaming. */
export type MonthlyCell = {
  healthPlanId: string;
  lineOfBusiness: LineOfBusiness;
  period: string;
  eligible: number;
  registered: number;
  /** Exactly the number of visit rows the stream yields for this cell. */
  visits: number;
  /** Share of visit ratings drawn from the poor distribution (0 for a satisfied plan). */
  ratingDecline: number;
  /** 1 when members use visits instead of costlier care as usual; lower means fewer diverted visits. */
  diversion: number;
};

export type Dataset = {
  seed: number;
  endMonth: string;
  asOf: string;
  periods: string[];
  visitScale: number;
  plans: DemoPlan[];
  eligibility: EligibilityRow[];
  monthly: MonthlyCell[];
  /** Total visit rows the stream yields. */
  visitCount: number;
  /** A fresh, lazy stream of every visit, in period, plan, line of business and date order. */
  visits(): Generator<VisitRow>;
};
