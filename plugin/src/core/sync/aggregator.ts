/**
 * Sums visits and joins eligibility per plan × line of business × month. Memory grows with the
 * number of those keys only: each row is folded into its key's counters and dropped.
 */
import { roundRatioHalfUp } from '../numbers/rounding.js';
import { costSavingsFor, type Assumptions } from './assumptions.js';
import { compareEligibility } from './duplicates.js';
import { BEHAVIORAL_SERVICE_LINES, type EligibilityRow, type VisitRow } from './rowSchemas.js';
import { makeSnapshot, snapshotKey, type Snapshot } from './snapshot.js';

type Totals = {
  planId: string;
  lineOfBusiness: string;
  month: string;
  eligibility: { row: EligibilityRow; line: number } | null;
  visits: number;
  behavioral: number;
  rated: number;
  ratingSum: number;
  divertedEr: number;
  divertedUrgentCare: number;
  divertedPrimaryCare: number;
};

/**
 * YYYYMM as a number from the first 7 characters of `YYYY-MM…`, without building a string per row.
 * The number is only a map key (the period written comes from the text), so any formula giving each
 * month its own number serves. The arithmetic mutants marked below all do, for every month of the
 * years 0000–9999 that a period or visit date may name (checked one by one): `+ 48` adds a constant;
 * a term divided by its weight is a fraction below 1 beside the other terms' integers; a negated term
 * leaves Σ ±10^i·δ_i = 0 only when every digit difference δ_i is 0 (mod 10, place by place).
 */
function monthNumber(text: string): number {
  return (
    // Stryker disable next-line ArithmeticOperator: equivalent, each valid month keeps its own key (above)
    (text.charCodeAt(0) - 48) * 100_000 +
    // Stryker disable next-line ArithmeticOperator: equivalent, each valid month keeps its own key (above)
    (text.charCodeAt(1) - 48) * 10_000 +
    // Stryker disable next-line ArithmeticOperator: equivalent, each valid month keeps its own key (above)
    (text.charCodeAt(2) - 48) * 1000 +
    // Stryker disable next-line ArithmeticOperator: equivalent, each valid month keeps its own key (above)
    (text.charCodeAt(3) - 48) * 100 +
    // Stryker disable next-line ArithmeticOperator: equivalent, each valid month keeps its own key (above)
    (text.charCodeAt(5) - 48) * 10 +
    // Stryker disable next-line ArithmeticOperator: equivalent, each valid month keeps its own key (above)
    (text.charCodeAt(6) - 48)
  );
}

export class SnapshotAggregator {
  /** plan → line of business → YYYYMM → totals: no key string is built per row. */
  private readonly totals = new Map<string, Map<string, Map<number, Totals>>>();
  private keys = 0;

  public get keyCount(): number {
    return this.keys;
  }

  /**
   * Adds the eligibility row read at `line`. When its key already has one, the rule of
   * `compareEligibility` keeps one of the two; answers the line of the row not used, if any.
   */
  public addEligibility(row: EligibilityRow, line: number): number | undefined {
    const totals = this.totalsFor(row.health_plan_id, row.line_of_business, row.period);
    const kept = totals.eligibility;
    if (kept && compareEligibility(row, kept.row) >= 0) return line;
    totals.eligibility = { row, line };
    return kept?.line;
  }

  public addVisit(row: VisitRow): void {
    this.count(row, 1);
  }

  /**
   * Adds visits counted elsewhere for one key (`month` as YYYY-MM): `counts[at…at + 6]` are the
   * visits, behavioral-health visits, rated visits, sum of ratings, and visits diverted from the
   * ER, urgent care and primary care.
   */
  public addVisitCounts(planId: string, lineOfBusiness: string, month: string, counts: Float64Array, at: number): void {
    const totals = this.totalsFor(planId, lineOfBusiness, month);
    totals.visits += counts[at];
    totals.behavioral += counts[at + 1];
    totals.rated += counts[at + 2];
    totals.ratingSum += counts[at + 3];
    totals.divertedEr += counts[at + 4];
    totals.divertedUrgentCare += counts[at + 5];
    totals.divertedPrimaryCare += counts[at + 6];
  }

  /** Takes back a visit added before (a duplicate that lost to a later row). */
  public removeVisit(row: VisitRow): void {
    this.count(row, -1);
  }

  /**
   * The snapshots, sorted by key so that output and batches are the same on every run; `assumptionSet`
   * (`assumptionSetOf` the run's assumptions) is recorded in each, and hashed with its values.
   */
  public snapshots(assumptions: Assumptions, assumptionSet?: string): Snapshot[] {
    const savings = costSavingsFor(assumptions);
    const entries: Array<[string, Totals]> = [];
    for (const byLine of this.totals.values()) {
      for (const byMonth of byLine.values()) {
        for (const t of byMonth.values()) {
          // A key whose only visit lost to a duplicate elsewhere has nothing left to report.
          if (t.visits || t.eligibility) entries.push([snapshotKey(t.planId, t.lineOfBusiness, t.month), t]);
        }
      }
    }
    return entries
      .sort(([a], [b]) =>
        // Stryker disable next-line EqualityOperator: equivalent, keys are unique
        a < b
          ? -1
          : // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, keys are unique, and V8's sort asks only whether the answer is below 0 (array-sort.tq)
            a > b
            ? 1
            : 0,
      )
      .map(([key, t]) =>
        makeSnapshot(t.planId, key, {
          Line_Of_Business__c: t.lineOfBusiness,
          Period_Start__c: `${t.month}-01`,
          Eligible_Members__c: t.eligibility?.row.eligible_members ?? null,
          Registered_Members__c: t.eligibility?.row.registered_members ?? null,
          Visits__c: t.visits,
          Behavioral_Health_Visits__c: t.behavioral,
          Rated_Visits__c: t.rated,
          Average_Rating__c: t.rated ? roundRatioHalfUp(t.ratingSum, t.rated, 2) : null,
          Cost_Savings__c: savings({
            er: t.divertedEr,
            urgentCare: t.divertedUrgentCare,
            primaryCare: t.divertedPrimaryCare,
          }),
          ...(assumptionSet === undefined ? {} : { Savings_Assumption_Set__c: assumptionSet }),
        }),
      );
  }

  private count(row: VisitRow, step: 1 | -1): void {
    const totals = this.totalsFor(row.health_plan_id, row.line_of_business, row.visit_date);
    totals.visits += step;
    if (BEHAVIORAL_SERVICE_LINES.has(row.service_line)) totals.behavioral += step;
    if (row.rating !== undefined) {
      totals.rated += step;
      totals.ratingSum += step * row.rating;
    }
    if (row.diverted_from === 'er') totals.divertedEr += step;
    else if (row.diverted_from === 'urgent_care') totals.divertedUrgentCare += step;
    else if (row.diverted_from === 'primary_care') totals.divertedPrimaryCare += step;
  }

  /** `monthText` is `YYYY-MM` or a date `YYYY-MM-DD` in that month. */
  private totalsFor(planId: string, lineOfBusiness: string, monthText: string): Totals {
    let byLine = this.totals.get(planId);
    if (!byLine) {
      byLine = new Map();
      this.totals.set(planId, byLine);
    }
    let byMonth = byLine.get(lineOfBusiness);
    if (!byMonth) {
      byMonth = new Map();
      byLine.set(lineOfBusiness, byMonth);
    }
    const month = monthNumber(monthText);
    let totals = byMonth.get(month);
    if (!totals) {
      totals = {
        planId,
        lineOfBusiness,
        month: monthText.slice(0, 7),
        eligibility: null,
        visits: 0,
        behavioral: 0,
        rated: 0,
        ratingSum: 0,
        divertedEr: 0,
        divertedUrgentCare: 0,
        divertedPrimaryCare: 0,
      };
      byMonth.set(month, totals);
      this.keys++;
    }
    return totals;
  }
}
