import { roundHalfUp } from '../../numbers/rounding.js';
import { combine, factorBadness, nonRenewalForScore, type FactorBadness } from './combine.js';
import { MEASURES, measureContext } from './measures.js';
import { MODEL_VERSION } from './version.js';
import type {
  AccountRiskInput,
  Driver,
  FactorChange,
  MissingFactor,
  Play,
  RiskAssessment,
  RiskConfig,
  Tier,
  TierCutoffs,
} from './types.js';

/** Drivers whose plays are recommended. */
export const TOP_DRIVERS = 3;

/** Scores one account. Pure: the same input and config always give the same assessment. */
export function scoreAccount(input: AccountRiskInput, config: RiskConfig): RiskAssessment {
  const context = measureContext(input);
  const missing: MissingFactor[] = [];
  const present: Array<Omit<Driver, 'contribution'>> = [];
  const entries: FactorBadness[] = [];
  for (const factor of config.factors) {
    if (factor.weight <= 0) continue;
    const measure = MEASURES[factor.key] as (typeof MEASURES)[string] | undefined;
    const result = measure
      ? measure(context)
      : { ok: false as const, reason: `model ${MODEL_VERSION} has no measure for this factor` };
    if (!result.ok) {
      missing.push({ factor: factor.key, label: factor.label, reason: result.reason });
      continue;
    }
    const entry = factorBadness(factor, result.measure);
    entries.push(entry);
    present.push({
      factor: factor.key,
      label: factor.label,
      value: result.value,
      target: result.target,
      measure: result.measure,
      sentence: result.sentence,
      badness: entry.badness,
      weight: factor.weight,
    });
  }
  const combined = combine(entries, config.baseRate);
  const drivers: Driver[] = present
    .map((driver, index) => ({ ...driver, contribution: combined ? combined.contributions[index] : 0 }))
    .sort((a, b) => b.contribution - a.contribution || b.weight - a.weight || a.factor.localeCompare(b.factor));
  const score = combined ? combined.score : null;
  return {
    modelVersion: MODEL_VERSION,
    asOf: input.asOf,
    score,
    tier: score === null ? null : tierFor(score, config.tiers),
    renewalPercent: score === null ? null : roundHalfUp(100 * (1 - nonRenewalForScore(score, config.baseRate)), 0),
    change: score === null || input.previous === null ? null : changeSince(score, input.previous.score),
    changeByFactor: score === null ? null : changeByFactor(drivers, input.previous, config),
    previous: input.previous,
    drivers,
    plays: recommendedPlays(drivers, config),
    missing,
  };
}

/** Both scores hold at most two decimals (Score__c is Number(5, 2)): subtract them in hundredths, exactly. */
function changeSince(score: number, previous: number): number {
  return roundHalfUp((Math.round(score * 100) - Math.round(previous * 100)) / 100, 1);
}

export function tierFor(score: number, tiers: TierCutoffs): Tier {
  if (score >= tiers.critical) return 'Critical';
  if (score >= tiers.high) return 'High';
  if (score >= tiers.moderate) return 'Moderate';
  return 'Low';
}

const tenths = (value: number): number => Math.round(value * 10) / 10;

/** Each factor's contribution now minus before; a factor scored on one side only counts 0 on the other. */
function changeByFactor(
  drivers: Driver[],
  previous: AccountRiskInput['previous'],
  config: RiskConfig,
): FactorChange[] | null {
  if (!previous?.contributions) return null;
  const before = previous.contributions;
  const labels = new Map(config.factors.map((factor) => [factor.key, factor.label]));
  const now = new Map(drivers.map((driver) => [driver.factor, driver.contribution]));
  const keys = [...new Set([...now.keys(), ...Object.keys(before)])];
  return keys
    .map((factor) => ({
      factor,
      label: labels.get(factor) ?? factor,
      change: tenths((now.get(factor) ?? 0) - (before[factor] ?? 0)),
    }))
    .filter((entry) => entry.change !== 0)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.factor.localeCompare(b.factor));
}

function recommendedPlays(drivers: Driver[], config: RiskConfig): Play[] {
  const plays = new Map(config.factors.map((factor) => [factor.key, factor.play]));
  return drivers
    .filter((driver) => driver.contribution > 0)
    .slice(0, TOP_DRIVERS)
    .map((driver) => ({ factor: driver.factor, label: driver.label, play: plays.get(driver.factor) ?? '' }))
    .filter((play) => play.play.trim() !== '');
}
