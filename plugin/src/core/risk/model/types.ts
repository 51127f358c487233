/** The account-level facts the risk model reads. Plain data: no SObject shapes, no I/O. */

export type Tier = 'Low' | 'Moderate' | 'High' | 'Critical';

/** ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export type SnapshotInput = {
  lineOfBusiness: string;
  /** First day of the month the snapshot covers. */
  periodStart: IsoDate;
  eligibleMembers: number | null;
  registeredMembers: number | null;
  visits: number | null;
  costSavings: number | null;
  averageRating: number | null;
  ratedVisits: number | null;
};

export type ContractInput = {
  lineOfBusiness: string | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  coveredLives: number | null;
  pmpmFee: number | null;
  perVisitFee: number | null;
};

export type ObjectiveInput = {
  name: string;
  status: string | null;
  dueDate: IsoDate | null;
};

export type PlanInput = {
  name: string;
  /** Percent, e.g. 15 for 15 % of eligible members registered. */
  targetRegistrationRate: number | null;
  /** Annualized visits per 1,000 members. */
  targetVisitsPer1000: number | null;
  /** Annual cost savings in the account's currency. */
  targetCostSavings: number | null;
  /** Average visit rating, 1–5. */
  targetRating: number | null;
  objectives: ObjectiveInput[];
};

export type StakeholderInput = {
  name: string;
  role: string | null;
  influence: string | null;
  sentiment: string | null;
  lastEngagementDate: IsoDate | null;
};

export type PreviousAssessment = {
  score: number;
  tier: Tier | null;
  assessedOn: IsoDate;
  /** Points each factor contributed, by factor key; null when the record does not say. */
  contributions: Record<string, number> | null;
};

export type AccountRiskInput = {
  /** The day the assessment is made for; every window is measured back from it. */
  asOf: IsoDate;
  /** Snapshots of the 12 months up to the as-of month, every line of business. */
  snapshots: SnapshotInput[];
  contracts: ContractInput[];
  /** `Account.Renewal_Date__c`; used when no contract has an end date on or after the as-of day. */
  renewalDate: IsoDate | null;
  /** The active account plan, or null when there is none. */
  plan: PlanInput | null;
  stakeholders: StakeholderInput[];
  previous: PreviousAssessment | null;
};

export type FactorConfig = {
  /** Stable key, the `DeveloperName` of the `Risk_Factor__mdt` record. */
  key: string;
  label: string;
  /** Log-odds of not renewing that the factor adds when fully bad (badness 1). 0 switches it off. */
  weight: number;
  /** Value at or beyond which the factor is fully healthy (badness 0). */
  good: number;
  /** Value at or beyond which the factor is fully bad (badness 1). */
  bad: number;
  /** What the rep should do when this factor drives the risk. */
  play: string;
};

export type TierCutoffs = {
  /** Lowest score that is Moderate. */
  moderate: number;
  /** Lowest score that is High. */
  high: number;
  /** Lowest score that is Critical. */
  critical: number;
};

export type RiskConfig = {
  factors: FactorConfig[];
  tiers: TierCutoffs;
  /** Chance, 0–1, that a plan with no factor adding risk does not renew: the score's zero point. */
  baseRate: number;
};

export type Driver = {
  factor: string;
  label: string;
  /** The measured figure, in the unit people know (visits per 1,000, a rating, days...). */
  value: number;
  /** The plan's target for it, or null where the factor has none. */
  target: number | null;
  /** The figure the thresholds apply to, as the factor's `Measure__c` describes it. */
  measure: number;
  badness: number;
  weight: number;
  /** Points of the score this factor adds; all contributions add up to the score. */
  contribution: number;
  sentence: string;
};

export type Play = { factor: string; label: string; play: string };

export type MissingFactor = { factor: string; label: string; reason: string };

/** How much one factor's contribution moved since the previous assessment, in score points. */
export type FactorChange = { factor: string; label: string; change: number };

export type RiskAssessment = {
  modelVersion: string;
  asOf: IsoDate;
  /** 0–100, higher is riskier; null when no factor had data. */
  score: number | null;
  tier: Tier | null;
  /** Modelled share of plans scored like this that renew, in whole percent; null without a score. */
  renewalPercent: number | null;
  /** Score minus the previous assessment's score, or null without one. */
  change: number | null;
  /** The change by factor, largest move first, factors that did not move left out; null without a previous breakdown. */
  changeByFactor: FactorChange[] | null;
  previous: PreviousAssessment | null;
  /** Largest contribution first. */
  drivers: Driver[];
  plays: Play[];
  missing: MissingFactor[];
};
