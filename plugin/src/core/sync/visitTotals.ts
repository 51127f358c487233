/**
 * Visit counters per plan × line of business × month, keyed by numbers (the plan's place in the
 * run's plan list, the line of business's place in LINES_OF_BUSINESS, YYYYMM), so that a reader
 * counting millions of rows builds no string or object per row. Sent between threads as one
 * Float64Array, and handed to the SnapshotAggregator once at the end.
 */
import type { SnapshotAggregator } from './aggregator.js';
import { LINES_OF_BUSINESS } from './visitFields.js';

/** Visits, behavioral-health visits, rated visits, sum of ratings, diverted from ER, urgent care, primary care. */
export const COUNTERS = 7;
const STRIDE = COUNTERS + 1;

export const VISITS = 0;
export const BEHAVIORAL = 1;
export const RATED = 2;
export const RATING_SUM = 3;
/** Counter of visits diverted from `er`, `urgent_care`, `primary_care`: this plus the diversion's place (0–2). */
export const DIVERTED = 4;

/** Months of each plan and line the direct index holds, around the first month counted. */
const INDEX_MONTHS = 64;
/** Most entries of a direct index (4 MB); with more plans than fit, every key goes through the map. */
const MAX_INDEX_ENTRIES = 1 << 20;

/** Keys per month number (YYYYMM), and per plan number. */
const KEYS_PER_LINE = 1_000_000;
const KEYS_PER_PLAN = LINES_OF_BUSINESS.length * KEYS_PER_LINE;

const keyOf = (plan: number, lineOfBusiness: number, yyyymm: number): number =>
  plan * KEYS_PER_PLAN + lineOfBusiness * KEYS_PER_LINE + yyyymm;
const planOf = (key: number): number => Math.floor(key / KEYS_PER_PLAN);

export class VisitTotals {
  private readonly slots = new Map<number, number>();
  private counts = new Float64Array(STRIDE * 64);
  /**
   * `at`'s answer by plan, line of business and month from `firstMonth` (0: not yet looked up; an
   * answer is never 0, the key comes first), so that a row costs an array read instead of a map lookup: a feed's keys change
   * from row to row, and a map lookup per row was a tenth of a worker's time.
   */
  private readonly index: Int32Array;
  private firstMonth = Number.NaN;
  /**
   * The key `at` answered last, and its answer: a feed sorted by month or by plan has the same key
   * row after row, and comparing three numbers costs less than working out where its entry is.
   */
  // No month is -1 or 1 (months are YYYYMM), so no key matches before the first is kept, whatever the plan and line.
  // Stryker disable UnaryOperator
  private lastPlan = -1;
  private lastLineOfBusiness = -1;
  private lastMonth = -1;
  // Stryker restore UnaryOperator
  private lastAt = 0;

  /** `plans`: how many plan numbers `at` may be given; 0 keeps no direct index. */
  public constructor(plans = 0) {
    // Stryker disable next-line ArithmeticOperator: a smaller index holds fewer keys; the others go through the map, with the same answers
    const entries = plans * LINES_OF_BUSINESS.length * INDEX_MONTHS;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: memory only, an index of any size gives the same answers
    this.index = new Int32Array(entries <= MAX_INDEX_ENTRIES ? entries : 0);
  }

  /** The counters; `at` may replace them, so read this after it. */
  public get counters(): Float64Array {
    return this.counts;
  }

  /** Where the counters of a key start (`counters[at + VISITS]`…), made on first use. */
  public at(plan: number, lineOfBusiness: number, yyyymm: number): number {
    if (plan === this.lastPlan && lineOfBusiness === this.lastLineOfBusiness && yyyymm === this.lastMonth) {
      return this.lastAt;
    }
    this.lastPlan = plan;
    this.lastLineOfBusiness = lineOfBusiness;
    this.lastMonth = yyyymm;
    this.lastAt = this.lookUp(plan, lineOfBusiness, yyyymm);
    return this.lastAt;
  }

  /** Each key followed by its counters. */
  public toArray(): Float64Array<ArrayBuffer> {
    // Stryker disable next-line MethodExpression: the unused tail holds key 0 with no counts, which no snapshot reports; sent only to keep messages small
    return this.counts.slice(0, this.slots.size * STRIDE);
  }

  /**
   * Adds counters sent as `toArray` made them, their plans numbered again by `plans` (the plan
   * numbered p there is plans[p] here); a plan numbered -1 is not added.
   */
  public addArray(array: Float64Array, plans: Int32Array): void {
    for (let i = 0; i + STRIDE <= array.length; i += STRIDE) {
      const key = array[i];
      const from = planOf(key);
      const plan = plans[from];
      if (plan < 0) continue;
      const at = this.atKey(key + (plan - from) * KEYS_PER_PLAN);
      for (let c = 0; c < COUNTERS; c++) this.counts[at + c] += array[i + 1 + c];
    }
  }

  /** Hands every key's counters to `aggregator`; `plans` is the plan list the plan numbers index. */
  public addTo(aggregator: SnapshotAggregator, plans: readonly string[]): void {
    const lines = LINES_OF_BUSINESS.length;
    for (const [key, slot] of this.slots) {
      const yyyymm = key % KEYS_PER_LINE;
      const month = `${String(Math.floor(yyyymm / 100)).padStart(4, '0')}-${String(yyyymm % 100).padStart(2, '0')}`;
      const lineOfBusiness = LINES_OF_BUSINESS[Math.floor(key / KEYS_PER_LINE) % lines];
      const plan = plans[planOf(key)];
      aggregator.addVisitCounts(plan, lineOfBusiness, month, this.counts, slot * STRIDE + 1);
    }
  }

  /** `at`'s answer, through the direct index or the map. */
  private lookUp(plan: number, lineOfBusiness: number, yyyymm: number): number {
    const key = keyOf(plan, lineOfBusiness, yyyymm);
    // Stryker disable next-line ArithmeticOperator: any one-to-one numbering of months gives the same answers; this one keeps a feed's months together
    const month = Math.floor(yyyymm / 100) * 12 + (yyyymm % 100);
    // The window is centred on the first month counted, so a feed's months fit before and after it.
    // Stryker disable next-line ArithmeticOperator: where the window starts decides which keys the index holds, not the answers
    if (Number.isNaN(this.firstMonth)) this.firstMonth = month - INDEX_MONTHS / 2;
    // Unsigned: a month before the window is as far outside it as one after it.
    // Stryker disable next-line ArithmeticOperator: month + firstMonth is one-to-one in the month too, and always outside the window
    const offset = (month - this.firstMonth) >>> 0;
    const entry = (plan * LINES_OF_BUSINESS.length + lineOfBusiness) * INDEX_MONTHS + offset;
    if (offset >= INDEX_MONTHS || entry >= this.index.length) return this.atKey(key);
    const known = this.index[entry];
    // Stryker disable next-line ConditionalExpression: looking the key up in the map again gives the same answer
    if (known !== 0) return known;
    const at = this.atKey(key);
    this.index[entry] = at;
    return at;
  }

  private atKey(key: number): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(key, slot);
      if ((slot + 1) * STRIDE > this.counts.length) {
        const grown = new Float64Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
      this.counts[slot * STRIDE] = key;
    }
    return slot * STRIDE + 1;
  }
}
