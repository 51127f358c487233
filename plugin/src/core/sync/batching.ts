/**
 * Splits the snapshots to write so that rows of one parent Account never go to the org in two
 * requests at once: each Account's rows stay in one lane, lanes run in parallel, and a lane's
 * requests run one after the other. That is what keeps UNABLE_TO_LOCK_ROW away.
 */

export type Parented = { accountId: string };

/** Groups by parent, groups in first-seen order (callers pass rows sorted by key). */
function groupByParent<T extends Parented>(rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.accountId);
    if (group) group.push(row);
    else groups.set(row.accountId, [row]);
  }
  return [...groups.values()];
}

/**
 * Deals parent groups into `laneCount` lanes, biggest group first to the lightest lane, then cuts
 * each lane into requests of at most `batchSize` rows.
 */
export function planLanes<T extends Parented>(rows: readonly T[], batchSize: number, laneCount: number): T[][][] {
  const groups = groupByParent(rows).sort((a, b) => b.length - a.length);
  const lanes: T[][] = Array.from({ length: Math.max(1, Math.min(laneCount, groups.length)) }, () => []);
  for (const group of groups) {
    const lightest = lanes.reduce((best, lane) => (lane.length < best.length ? lane : best), lanes[0]);
    lightest.push(...group);
  }
  return lanes.filter((lane) => lane.length).map((lane) => chunk(lane, batchSize));
}

/** Rows sorted so each parent's children are contiguous, for one Bulk API job. */
export function orderByParent<T extends Parented>(rows: readonly T[]): T[] {
  return groupByParent(rows).flat();
}

export function chunk<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
