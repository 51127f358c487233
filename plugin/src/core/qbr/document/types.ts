/** What a QBR is made of: plain data read from the org, and the document built from it. No I/O. */
import type { ContractInput, IsoDate } from '../../risk/model/index.js';

export type QbrSnapshot = {
  /** `Snapshot_Key__c`, `PLANID|LOB|YYYY-MM`: cited in the appendix for every figure. */
  key: string;
  lineOfBusiness: string;
  periodStart: IsoDate;
  eligibleMembers: number | null;
  registeredMembers: number | null;
  visits: number | null;
  behavioralHealthVisits: number | null;
  costSavings: number | null;
  averageRating: number | null;
  ratedVisits: number | null;
  /** `Savings_Assumption_Set__c`: the assumptions that produced `costSavings`. */
  savingsAssumptionSet: string | null;
};

export type QbrPerson = { name: string; title: string | null };

export type QbrObjective = {
  name: string;
  category: string | null;
  lineOfBusiness: string | null;
  metric: string | null;
  targetValue: number | null;
  currentValue: number | null;
  dueDate: IsoDate | null;
  status: string | null;
  owner: string | null;
};

export type QbrAccountPlan = {
  name: string;
  planYear: string | null;
  status: string | null;
  strategy: string | null;
  nextReviewDate: IsoDate | null;
  /** Percent of eligible members registered. */
  targetRegistrationRate: number | null;
  /** Annualized visits per 1,000 members. */
  targetVisitsPer1000: number | null;
  /** Annual cost savings. */
  targetCostSavings: number | null;
  targetRating: number | null;
  objectives: QbrObjective[];
};

/** One driver of the latest renewal-risk assessment: only the factor and its weight in it are used. */
export type QbrRiskDriver = { factor: string; contribution: number };

export type QbrInput = {
  /** `YYYY-Qn`. */
  quarter: string;
  generatedOn: IsoDate;
  plan: { name: string; healthPlanId: string };
  accountTeam: QbrPerson[];
  executiveSponsor: QbrPerson | null;
  /** Snapshots of the quarter, the one before and the same quarter a year earlier (more are ignored). */
  snapshots: QbrSnapshot[];
  contracts: ContractInput[];
  accountPlan: QbrAccountPlan | null;
  riskDrivers: QbrRiskDriver[];
  /** `Source__c` by `Savings_Assumption__mdt` DeveloperName, where the org lets them be read: the full text of a source the snapshots hold cut. */
  assumptionSources: Record<string, string>;
};

export type FigureUnit = 'count' | 'percent' | 'money' | 'rate' | 'ratio' | 'rating';

/** Every number the document prints, with where it came from. */
export type Figure = {
  /** Stable id, `scope.period.measure` (e.g. `Commercial.2026-Q3.visitsPer1000`). */
  id: string;
  label: string;
  value: number | null;
  unit: FigureUnit;
  /** What the document prints. */
  text: string;
  /** The months (`YYYY-MM`) and snapshot keys it is computed from; none for targets and assumptions. */
  months: string[];
  keys: string[];
  /** Where a figure not computed from snapshots comes from (account plan, savings assumption set). */
  origin?: string;
};

export type Trend = 'up' | 'down' | 'flat' | null;

export type SummaryRow = {
  measure: string;
  label: string;
  current: Figure;
  target: Figure | null;
  /** Whether the quarter meets the target (null without one, or without data). */
  meetsTarget: boolean | null;
  previous: Figure;
  lastYear: Figure;
  vsPrevious: Trend;
  vsLastYear: Trend;
};

export type LineFigures = {
  lineOfBusiness: string;
  eligible: Figure;
  registered: Figure;
  registrationRate: Figure;
  visits: Figure;
  visitsPer1000: Figure;
  behavioralShare: Figure;
  savings: Figure;
  fees: Figure;
  roi: Figure;
  rating: Figure;
  ratedVisits: Figure;
};

export type ChartSeries = { period: string; label: string; figures: Figure[] };

export type Chart = { id: string; title: string; unit: FigureUnit; categories: string[]; series: ChartSeries[] };

export type AssumptionView = {
  set: string;
  source: string;
  figures: Figure[];
  /** Months of the quarter whose savings used this set. */
  months: string[];
};

export type RiskStatement = { title: string; text: string };

export type ObjectiveGroup = { status: string; objectives: QbrObjective[] };

export type SourceRow = { scope: string; period: string; months: string[]; keys: string[]; figures: string[] };

export type QbrPeriod = { id: string; label: string; months: string[] };

export type QbrDocument = {
  title: string;
  planName: string;
  healthPlanId: string;
  quarter: QbrPeriod;
  previousQuarter: QbrPeriod;
  lastYearQuarter: QbrPeriod;
  generatedOn: IsoDate;
  /** True when the quarter has no snapshot at all. */
  empty: boolean;
  cover: { accountTeam: QbrPerson[]; executiveSponsor: QbrPerson | null; planYear: string | null };
  summary: SummaryRow[];
  lines: LineFigures[];
  total: LineFigures;
  charts: Chart[];
  assumptions: AssumptionView[];
  accountPlan: {
    name: string;
    status: string | null;
    strategy: string | null;
    nextReviewDate: IsoDate | null;
    groups: ObjectiveGroup[];
    done: QbrObjective[];
    next: QbrObjective[];
  } | null;
  risks: RiskStatement[];
  appendix: { method: string[]; definitions: Array<{ term: string; text: string }>; sources: SourceRow[] };
  /** Every figure printed, once. */
  figures: Figure[];
};
