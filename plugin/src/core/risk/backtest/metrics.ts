/** How well scores predicted renewals: discrimination (AUC, lift), calibration (Brier, bins) and tiers. */
import type { Tier } from '../model/index.js';

export type Scored = { score: number; chance: number; tier: Tier; lost: boolean };

/** Area under the ROC curve: the chance a random non-renewal outscores a random renewal (ties count half). */
export function auc(items: Scored[]): number | null {
  const lost = items.filter((item) => item.lost).length;
  const kept = items.length - lost;
  if (lost === 0 || kept === 0) return null;
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1].score === sorted[start].score) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) if (sorted[i].lost) rankSum += averageRank;
    start = end + 1;
  }
  return (rankSum - (lost * (lost + 1)) / 2) / (lost * kept);
}

/** Mean squared gap between the modelled chance of not renewing and what happened (1 lost, 0 renewed). */
export function brier(items: Scored[]): number {
  return items.reduce((sum, item) => sum + (item.chance - (item.lost ? 1 : 0)) ** 2, 0) / items.length;
}

/** Brier score of always predicting the observed non-renewal rate: the bar to beat. */
export function baseRateBrier(items: Scored[]): number {
  const rate = lostRate(items);
  return rate * (1 - rate);
}

export function lostRate(items: Scored[]): number {
  return items.length ? items.filter((item) => item.lost).length / items.length : 0;
}

export type TierOutcome = { tier: Tier; renewals: number; lost: number; lostRate: number | null };

export function tierOutcomes(items: Scored[]): TierOutcome[] {
  return (['Low', 'Moderate', 'High', 'Critical'] as const).map((tier) => {
    const inTier = items.filter((item) => item.tier === tier);
    const lost = inTier.filter((item) => item.lost).length;
    return { tier, renewals: inTier.length, lost, lostRate: inTier.length ? lost / inTier.length : null };
  });
}

/** Non-renewal rate of the riskiest tenth (at least one) divided by the overall rate. */
export function topDecileLift(items: Scored[]): number | null {
  const overall = lostRate(items);
  if (overall === 0) return null;
  const count = Math.max(1, Math.ceil(items.length / 10));
  return lostRate([...items].sort((a, b) => b.score - a.score).slice(0, count)) / overall;
}

export type RocPoint = { falsePositiveRate: number; truePositiveRate: number };

/** The ROC curve from (0,0) to (1,1), one point per distinct score, riskiest first. */
export function rocCurve(items: Scored[]): RocPoint[] {
  const lost = items.filter((item) => item.lost).length;
  const kept = items.length - lost;
  const points: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0 }];
  if (!lost || !kept) return points;
  const sorted = [...items].sort((a, b) => b.score - a.score);
  let tp = 0;
  let fp = 0;
  sorted.forEach((item, index) => {
    if (item.lost) tp++;
    else fp++;
    if (index === sorted.length - 1 || sorted[index + 1].score !== item.score)
      points.push({ falsePositiveRate: fp / kept, truePositiveRate: tp / lost });
  });
  return points;
}

export type CalibrationBin = { renewals: number; meanChance: number; lostRate: number };

/** Renewals in `bins` groups of equal size by modelled chance: predicted against observed. */
export function calibrationBins(items: Scored[], bins = 10): CalibrationBin[] {
  const sorted = [...items].sort((a, b) => a.chance - b.chance);
  const result: CalibrationBin[] = [];
  for (let bin = 0; bin < bins; bin++) {
    const group = sorted.slice(
      Math.floor((bin * sorted.length) / bins),
      Math.floor(((bin + 1) * sorted.length) / bins),
    );
    if (!group.length) continue;
    result.push({
      renewals: group.length,
      meanChance: group.reduce((sum, item) => sum + item.chance, 0) / group.length,
      lostRate: lostRate(group),
    });
  }
  return result;
}
