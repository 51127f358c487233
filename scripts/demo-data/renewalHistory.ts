/**
 * Renewal history: former and current health plans with years of monthly snapshots and annual
 * contracts, each renewed (a successor contract starts the next day) or not (none follows), as
 * Salesforce records them. Churn causes are planted before some renewals, with noise and overlap:
 * weak and severe signals, causes that show too late to see 180 days ahead, a relationship cause
 * the snapshots never show, problems that renewed anyway and dips that meant nothing.
 * `sf healthplan risk backtest` and `risk fit` learn and measure on it; `truth` says what was planted.
 */
import { addMonths, periodsEnding } from './calendar.js';
import { Rng } from './random.js';
import { LINES_OF_BUSINESS, PLAN_NAME_KINDS, PLAN_NAME_PLACES, type LineOfBusiness } from './vocabulary.js';

export const HISTORY_CAUSES = ['utilization', 'rating', 'registration', 'savings', 'relationship'] as const;
export type HistoryCause = (typeof HISTORY_CAUSES)[number];

/** What was planted before one renewal and how it ended. */
export type PlantedRenewal = {
  healthPlanId: string;
  /** Last day of the contract term. */
  endDate: string;
  renewed: boolean;
  /** Chance of not renewing the generator drew the outcome from. */
  churnChance: number;
  causes: Array<{ cause: HistoryCause; severity: number; onset: string }>;
};

export type HistoryAccount = {
  Name: string;
  Health_Plan_Id__c: string;
  Lines_Of_Business__c: string;
  Renewal_Date__c: string;
  Contract_Value__c: number;
  Pricing_Model__c: 'PMPM';
};

export type HistoryContract = {
  healthPlanId: string;
  Line_Of_Business__c: LineOfBusiness;
  Covered_Lives__c: number;
  PMPM_Fee__c: number;
  Per_Visit_Fee__c: number;
  StartDate: string;
  EndDate: string;
  ContractTerm: 12;
  Status: 'Activated';
  Description: string;
};

/** A snapshot as the nightly sync writes it. */
export type HistorySnapshot = {
  healthPlanId: string;
  Snapshot_Key__c: string;
  Line_Of_Business__c: LineOfBusiness;
  Period_Start__c: string;
  Eligible_Members__c: number;
  Registered_Members__c: number;
  Visits__c: number;
  Rated_Visits__c: number;
  Average_Rating__c: number | null;
  Cost_Savings__c: number;
};

export type RenewalHistory = {
  endMonth: string;
  accounts: HistoryAccount[];
  contracts: HistoryContract[];
  snapshots: HistorySnapshot[];
  truth: PlantedRenewal[];
};

export type HistoryOptions = { seed: number; plans?: number; months?: number; endMonth: string };

/** Chance per renewal that each cause is planted before it. */
const CAUSE_CHANCE: Record<HistoryCause, number> = {
  utilization: 0.1,
  rating: 0.08,
  registration: 0.08,
  savings: 0.08,
  relationship: 0.04,
};
/** Chance that a planted cause starts too late (3–5 months before the end) to show 180 days ahead. */
const LATE_ONSET_CHANCE = 0.1;
/** Log-odds of not renewing: a plan with nothing wrong, and a cause at full severity. */
const BASE_LOG_ODDS = -3.5;
const CAUSE_LOG_ODDS = 6;
/** Unexplained variation between plans in the same state, in log-odds. */
const OUTCOME_NOISE = 0.5;
/** Chance per term of a dip in visits that has nothing to do with renewal. */
const HARMLESS_DIP_CHANCE = 0.08;
const SAVINGS_PER_VISIT = 140;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');
const lastDay = (period: string): string => {
  const [year, month] = period.split('-').map(Number);
  return `${period}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate(), 2)}`;
};
const round2 = (value: number): number => Math.round(value * 100) / 100;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

type Effect = { cause: HistoryCause; severity: number; from: number; to: number };

/** Strength of an effect in month `t`: ramps up over 2 months from onset, fades over 3 after it ends. */
function strength(effect: Effect, t: number): number {
  if (t < effect.from) return 0;
  if (t <= effect.to) return effect.severity * Math.min(1, (t - effect.from + 1) / 2);
  return effect.severity * Math.max(0, 1 - (t - effect.to) / 3);
}

export function generateRenewalHistory(options: HistoryOptions): RenewalHistory {
  const { seed, plans = 200, months = 48, endMonth } = options;
  if (!Number.isInteger(plans) || plans < 1) throw new Error(`history plans must be a positive integer, got ${plans}.`);
  if (!Number.isInteger(months) || months < 24) throw new Error(`history months must be 24 or more, got ${months}.`);
  const periods = periodsEnding(endMonth, months);
  const history: RenewalHistory = { endMonth, accounts: [], contracts: [], snapshots: [], truth: [] };
  for (let index = 0; index < plans; index++) addPlan(history, Rng.derive(seed, 'history', index), index, periods);
  return history;
}

function addPlan(history: RenewalHistory, rng: Rng, index: number, periods: string[]): void {
  const healthPlanId = `HP-R${pad(index + 1, 3)}`;
  const lines = rng
    .shuffle(LINES_OF_BUSINESS)
    .slice(0, rng.int(1, 3))
    .sort((a, b) => LINES_OF_BUSINESS.indexOf(a) - LINES_OF_BUSINESS.indexOf(b));
  const size = lines.map(() => Math.round(Math.exp(rng.between(Math.log(4000), Math.log(150_000)))));
  const growth = lines.map(() => rng.between(-0.03, 0.08));
  const registration = lines.map(() => [rng.between(0.1, 0.2), rng.between(0.02, 0.08)] as const);
  const visitsPerRegistered = lines.map(() => rng.between(0.45, 0.7));
  const rating = rng.between(4.35, 4.75);
  const pmpm = round2(rng.between(0.25, 0.9));
  const perVisit = round2(rng.between(0, 25));

  // Annual terms; the first starts in the first year of the history so every renewal has data before it.
  const effects: Effect[] = [];
  let start = rng.int(2, 11);
  let lastMonth = periods.length - 1;
  let renewalDate = lastDay(addMonths(periods[start], 11));
  for (;;) {
    const end = start + 11;
    renewalDate = lastDay(addMonths(periods[0], end));
    lines.forEach((line, lineIndex) =>
      history.contracts.push({
        healthPlanId,
        Line_Of_Business__c: line,
        Covered_Lives__c: Math.round(size[lineIndex] * (1 + growth[lineIndex]) ** (start / 12)),
        PMPM_Fee__c: pmpm,
        Per_Visit_Fee__c: perVisit,
        StartDate: `${addMonths(periods[0], start)}-01`,
        EndDate: renewalDate,
        ContractTerm: 12,
        Status: 'Activated',
        Description: `${line} telehealth services agreement, 12-month term.`,
      }),
    );
    if (end > periods.length - 1) break;
    const planted = HISTORY_CAUSES.filter((cause) => rng.chance(CAUSE_CHANCE[cause])).map((cause) => ({
      cause,
      severity: round2(rng.between(0.25, 1)),
      from: end - (rng.chance(LATE_ONSET_CHANCE) ? rng.int(3, 5) : rng.int(7, 11)),
    }));
    for (const cause of planted) effects.push({ ...cause, to: end });
    if (rng.chance(HARMLESS_DIP_CHANCE)) {
      const from = end - rng.int(4, 12);
      effects.push({ cause: 'utilization', severity: rng.between(0.15, 0.5), from, to: from + rng.int(1, 3) });
    }
    const logOdds =
      BASE_LOG_ODDS +
      planted.reduce((sum, cause) => sum + CAUSE_LOG_ODDS * cause.severity, 0) +
      OUTCOME_NOISE * rng.normal();
    const churnChance = sigmoid(logOdds);
    const renewed = !rng.chance(churnChance);
    history.truth.push({
      healthPlanId,
      endDate: renewalDate,
      renewed,
      churnChance: round2(churnChance),
      causes: planted.map((cause) => ({
        cause: cause.cause,
        severity: cause.severity,
        onset: periods[Math.max(0, cause.from)],
      })),
    });
    if (!renewed) {
      lastMonth = end;
      break;
    }
    start = end + 1;
  }

  for (let t = 0; t <= lastMonth; t++) {
    const period = periods[t];
    const effect = (cause: HistoryCause): number =>
      Math.min(
        1,
        effects.filter((entry) => entry.cause === cause).reduce((sum, entry) => sum + strength(entry, t), 0),
      );
    const season = 1 + 0.05 * Math.cos(((Number(period.slice(5, 7)) - 1) / 12) * 2 * Math.PI);
    lines.forEach((line, lineIndex) => {
      const eligible = Math.round(size[lineIndex] * (1 + growth[lineIndex]) ** (t / 12));
      const [startRate, gain] = registration[lineIndex];
      const rate = (startRate + (gain * t) / periods.length) * (1 - 0.35 * effect('registration'));
      const registered = Math.round(eligible * rate * (1 + 0.01 * rng.normal()));
      const visits = Math.max(
        0,
        Math.round(
          ((registered * visitsPerRegistered[lineIndex]) / 12) *
            season *
            (1 - 0.6 * effect('utilization')) *
            (1 + 0.05 * rng.normal()),
        ),
      );
      const rated = Math.round(visits * 0.4);
      const average = Math.min(5, Math.max(1, rating + 0.06 * rng.normal() - 1.4 * effect('rating')));
      history.snapshots.push({
        healthPlanId,
        Snapshot_Key__c: `${healthPlanId}|${line}|${period}`,
        Line_Of_Business__c: line,
        Period_Start__c: `${period}-01`,
        Eligible_Members__c: eligible,
        Registered_Members__c: registered,
        Visits__c: visits,
        Rated_Visits__c: rated,
        Average_Rating__c: rated > 0 ? round2(average) : null,
        Cost_Savings__c: round2(
          visits * SAVINGS_PER_VISIT * (1 - 0.75 * effect('savings')) * (1 + 0.08 * rng.normal()),
        ),
      });
    });
  }

  const place = PLAN_NAME_PLACES[index % PLAN_NAME_PLACES.length];
  const kind = PLAN_NAME_KINDS[Math.floor(index / PLAN_NAME_PLACES.length) % PLAN_NAME_KINDS.length];
  history.accounts.push({
    Name: `${place} ${kind} (R${pad(index + 1, 3)})`,
    Health_Plan_Id__c: healthPlanId,
    Lines_Of_Business__c: lines.join(';'),
    Renewal_Date__c: renewalDate,
    Contract_Value__c: Math.round(size.reduce((sum, members) => sum + members, 0) * pmpm * 12),
    Pricing_Model__c: 'PMPM',
  });
}
