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

const keyOf = (plan: number, lineOfBusiness: number, yyyymm: number): number =>
  (plan * LINES_OF_BUSINESS.length + lineOfBusiness) * 1_000_000 + yyyymm;

export class VisitTotals {
  private readonly slots = new Map<number, number>();
  private counts = new Float64Array(STRIDE * 64);

  /** The counters; `at` may replace them, so read this after it. */
  public get counters(): Float64Array {
    return this.counts;
  }

  /** Where the counters of a key start (`counters[at + VISITS]`…), made on first use. */
  public at(plan: number, lineOfBusiness: number, yyyymm: number): number {
    return this.atKey(keyOf(plan, lineOfBusiness, yyyymm));
  }

  /** Each key followed by its counters. */
  public toArray(): Float64Array<ArrayBuffer> {
    // Stryker disable next-line MethodExpression: the unused tail holds key 0 with no counts, which no snapshot reports; sent only to keep messages small
    return this.counts.slice(0, this.slots.size * STRIDE);
  }

  /** Adds counters sent as `toArray` made them. */
  public addArray(array: Float64Array): void {
    for (let i = 0; i + STRIDE <= array.length; i += STRIDE) {
      const at = this.atKey(array[i]);
      for (let c = 0; c < COUNTERS; c++) this.counts[at + c] += array[i + 1 + c];
    }
  }

  /** Hands every key's counters to `aggregator`; `plans` is the plan list the plan numbers index. */
  public addTo(aggregator: SnapshotAggregator, plans: readonly string[]): void {
    const lines = LINES_OF_BUSINESS.length;
    for (const [key, slot] of this.slots) {
      const yyyymm = key % 1_000_000;
      const month = `${String(Math.floor(yyyymm / 100)).padStart(4, '0')}-${String(yyyymm % 100).padStart(2, '0')}`;
      const lineOfBusiness = LINES_OF_BUSINESS[Math.floor(key / 1_000_000) % lines];
      const plan = plans[Math.floor(key / (1_000_000 * lines))];
      aggregator.addVisitCounts(plan, lineOfBusiness, month, this.counts, slot * STRIDE + 1);
    }
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
