/**
 * The model's weights, thresholds, plays and tier cut-offs from the org's `Risk_Factor__mdt` and
 * `Risk_Tier__mdt` records; the shipped defaults only when the org has none.
 */
import {
  DEFAULT_RISK_CONFIG,
  validateRiskConfig,
  type ConfigIssue,
  type FactorConfig,
  type RiskConfig,
} from './model/index.js';
import { numberOrNull, stringOrNull } from './fields.js';
import type { RiskReader } from './reader.js';

export type ConfigSource = 'org' | 'defaults';

export type LoadedConfig = {
  config: RiskConfig;
  source: ConfigSource;
  /** Factors whose record cannot be used: no thresholds, or a DeveloperName the model does not know. */
  issues: ConfigIssue[];
};

type FactorRow = {
  DeveloperName: string;
  MasterLabel: string | null;
  Weight__c: unknown;
  Good_Threshold__c: unknown;
  Bad_Threshold__c: unknown;
  Play__c: unknown;
  Active__c: unknown;
  Sort_Order__c: unknown;
};
type TierRow = { DeveloperName: string; Min_Score__c: unknown; Base_Rate__c: unknown };

const FACTOR_SOQL =
  'SELECT DeveloperName, MasterLabel, Weight__c, Good_Threshold__c, Bad_Threshold__c, Play__c, Active__c, Sort_Order__c FROM Risk_Factor__mdt';
const TIER_SOQL = 'SELECT DeveloperName, Min_Score__c, Base_Rate__c FROM Risk_Tier__mdt';

export async function loadRiskConfig(reader: RiskReader): Promise<LoadedConfig> {
  const [factorRows, tierRows] = await Promise.all([
    reader.queryOptional<FactorRow>(FACTOR_SOQL),
    reader.queryOptional<TierRow>(TIER_SOQL),
  ]);
  if (!factorRows?.length) return { config: DEFAULT_RISK_CONFIG, source: 'defaults', issues: [] };
  const factors = factorRows
    .filter((row) => row.Active__c !== false)
    .sort((a, b) => (numberOrNull(a.Sort_Order__c) ?? 0) - (numberOrNull(b.Sort_Order__c) ?? 0))
    .map(toFactor);
  const tiers = tierRows ?? [];
  const low = tiers.find((row) => row.DeveloperName === 'Low');
  const config: RiskConfig = {
    factors,
    tiers: toTiers(tiers),
    baseRate: low ? (numberOrNull(low.Base_Rate__c) ?? Number.NaN) : DEFAULT_RISK_CONFIG.baseRate,
  };
  return { config, source: 'org', issues: validateRiskConfig(config) };
}

function toFactor(row: FactorRow): FactorConfig {
  return {
    key: row.DeveloperName,
    label: stringOrNull(row.MasterLabel) ?? row.DeveloperName,
    weight: numberOrNull(row.Weight__c) ?? Number.NaN,
    good: numberOrNull(row.Good_Threshold__c) ?? Number.NaN,
    bad: numberOrNull(row.Bad_Threshold__c) ?? Number.NaN,
    play: stringOrNull(row.Play__c) ?? '',
  };
}

/** Tiers the org does not define keep the shipped cut-off. */
function toTiers(rows: TierRow[]): RiskConfig['tiers'] {
  const minimum = new Map(rows.map((row) => [row.DeveloperName, numberOrNull(row.Min_Score__c)]));
  const pick = (tier: 'Moderate' | 'High' | 'Critical', fallback: number): number => minimum.get(tier) ?? fallback;
  const defaults = DEFAULT_RISK_CONFIG.tiers;
  return {
    moderate: pick('Moderate', defaults.moderate),
    high: pick('High', defaults.high),
    critical: pick('Critical', defaults.critical),
  };
}
