/**
 * Badness of a measured value: 0 at or beyond `good`, 1 at or beyond `bad`, linear in between.
 * Works in both directions (good above bad, as for ratings, or below, as for days overdue).
 */
export function badness(value: number, good: number, bad: number): number {
  if (good === bad) throw new RangeError(`The good and bad thresholds are both ${good}; they must differ.`);
  const position = (value - good) / (bad - good);
  return Math.min(1, Math.max(0, position));
}
