/**
 * Which row wins when valid rows collide — several visits with one visit_id, several eligibility
 * rows for one plan × line of business × month — decided by the rows' values, never by their
 * place in the file, so that the warehouse SQL (`sql/`, where rows have no order) keeps the
 * same rows as this sync. Visits: the lowest visit_date, then the lowest health_plan_id,
 * line_of_business, service_line, diverted_from, rating (not rated first), text by code point.
 * Eligibility: the lowest eligible_members, then the lowest registered_members.
 * Rows equal on all of these are interchangeable: the first one read is kept.
 *
 * A visit only learns it has a duplicate after its first row was aggregated, and the reader
 * keeps no rows, so: the first valid row of each id is aggregated as it is read; a later row of
 * the same id is held if it beats the other later ones (which are rejected); after the file the
 * winner of each such id's first row and its held row is the one aggregated. The parallel reader
 * has read each first row again already (earlierVisits.ts) and hands it over with the held row;
 * for the single-threaded reader the file is read again, only if some id had duplicates, to find
 * the first rows. Memory: one held row per duplicated id, and its first row when handed over.
 */
import type { FirstVisit } from './earlierVisits.js';
import { readFeed } from './feedReader.js';
import type { EligibilityRow, RowIssue, VisitRow } from './rowSchemas.js';
import { VISIT_COLUMNS } from './rowSchemas.js';

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Negative when `a` is kept over `b`, positive when `b` is, 0 when they are interchangeable. */
export function compareVisits(a: VisitRow, b: VisitRow): number {
  return (
    compareText(a.visit_date, b.visit_date) ||
    compareText(a.health_plan_id, b.health_plan_id) ||
    compareText(a.line_of_business, b.line_of_business) ||
    compareText(a.service_line, b.service_line) ||
    compareText(a.diverted_from, b.diverted_from) ||
    (a.rating ?? 0) - (b.rating ?? 0)
  );
}

/** Negative when `a` is kept over `b`, positive when `b` is, 0 when they are interchangeable. */
export function compareEligibility(a: EligibilityRow, b: EligibilityRow): number {
  return a.eligible_members - b.eligible_members || a.registered_members - b.registered_members;
}

export const DUPLICATE_VISIT_REASON =
  'duplicate visit_id: another row with this id is kept (the earliest visit_date, then the lowest values)';

export const duplicateVisitIssue = (row: VisitRow): RowIssue => ({
  field: 'visit_id',
  value: row.visit_id,
  reason: DUPLICATE_VISIT_REASON,
});

/**
 * The row held for an id, and the line of the first row held for it (`since`), which a later one may
 * have beaten; the id's first row when the reader knows it.
 */
type Held = { line: number; row: VisitRow; since: number; first?: FirstVisit };

/** What resolving duplicates needs from the run: how a row is judged valid, aggregated, rejected. */
export type DuplicateResolution = {
  file: string;
  /** The row as the first pass read it when it is valid for a known plan, else undefined. */
  accept: (values: Record<string, string | undefined>) => VisitRow | undefined;
  add: (row: VisitRow) => void;
  remove: (row: VisitRow) => void;
  reject: (line: number, issue: RowIssue) => void;
};

export class DuplicateVisits {
  private readonly held = new Map<string, Held>();

  public get duplicatedIds(): number {
    return this.held.size;
  }

  /** The first row of an id offered with it. */
  public firstOf(id: string): FirstVisit | undefined {
    return this.held.get(id)?.first;
  }

  /**
   * A valid row whose visit_id an earlier valid row has (`first`, when the reader knows it). Answers
   * the line of the row to reject now: this one, or the held one it beats (this one is then held in its place).
   */
  public offer(row: VisitRow, line: number, first?: FirstVisit): number | undefined {
    const held = this.held.get(row.visit_id);
    if (!held) {
      this.held.set(row.visit_id, { line, row, since: line, first });
      return undefined;
    }
    if (compareVisits(row, held.row) < 0) {
      this.held.set(row.visit_id, { ...held, line, row });
      return held.line;
    }
    return line;
  }

  /**
   * After the file: each id seen twice, its first row against its held row; the loser is rejected
   * and the winner aggregated. The first rows are the ones offered with the held rows, or else
   * found by reading the file again. Answers how many rows it rejected.
   */
  public async settle(resolution: DuplicateResolution): Promise<number> {
    const waiting = new Set(this.held.keys());
    if (!waiting.size) return 0;
    const known = [...this.held.values()].filter((held) => held.first);
    if (known.length === waiting.size) {
      // In the order the read below meets the first rows.
      for (const held of known.sort((x, y) => x.first!.line - y.first!.line)) decide(held.first!, held, resolution);
      this.held.clear();
      return waiting.size;
    }
    let settled = waiting.size;
    for await (const batch of readFeed(resolution.file, VISIT_COLUMNS)) {
      for (const item of batch) {
        if ('error' in item) continue;
        const id = item.row.values.visit_id?.trim();
        if (id === undefined || !waiting.has(id)) continue;
        const first = resolution.accept(item.row.values);
        if (!first) continue;
        waiting.delete(id);
        const later = this.held.get(id)!;
        if (item.row.line === later.since) {
          // The id set took another id for this one (a hash collision): its first row was held, never
          // counted, and rejected already if a later row beat it; the row held now is the one kept.
          resolution.add(later.row);
          settled--;
        } else decide({ line: item.row.line, row: first }, later, resolution);
      }
      if (!waiting.size) break;
    }
    this.held.clear();
    return settled;
  }
}

/** The first row or the held one is kept, the other rejected. */
function decide(first: FirstVisit, later: Held, resolution: DuplicateResolution): void {
  if (compareVisits(later.row, first.row) < 0) {
    resolution.remove(first.row);
    resolution.add(later.row);
    resolution.reject(first.line, duplicateVisitIssue(first.row));
  } else {
    resolution.reject(later.line, duplicateVisitIssue(later.row));
  }
}
