import { MEASURES } from './measures.js';
import type { RiskConfig } from './types.js';

export type ConfigIssue = { factor: string | null; field: string; message: string };

/** Every reason a config cannot be used, so an admin can fix them all at once. */
export function validateRiskConfig(config: RiskConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const factor of config.factors) {
    if (factor.key.trim() === '') {
      issues.push({ factor: factor.key, field: 'key', message: 'is blank; every factor needs a DeveloperName' });
    } else if (!(factor.key in MEASURES)) {
      issues.push({
        factor: factor.key,
        field: 'key',
        message: `unknown factor; known factors: ${Object.keys(MEASURES).join(', ')}`,
      });
    }
    if (seen.has(factor.key)) issues.push({ factor: factor.key, field: 'key', message: 'appears more than once' });
    seen.add(factor.key);
    if (!Number.isFinite(factor.weight) || factor.weight < 0) {
      issues.push({
        factor: factor.key,
        field: 'weight',
        message: `must be a number of 0 or more, got ${shown(factor.weight)}`,
      });
    }
    for (const field of ['good', 'bad'] as const) {
      if (!Number.isFinite(factor[field]))
        issues.push({ factor: factor.key, field, message: `must be a number, got ${shown(factor[field])}` });
    }
    if (factor.good === factor.bad)
      issues.push({ factor: factor.key, field: 'bad', message: `must differ from good (both ${factor.good})` });
  }
  if (!config.factors.some((factor) => factor.weight > 0)) {
    issues.push({ factor: null, field: 'weight', message: 'at least one factor needs a weight above 0' });
  }
  const { moderate, high, critical } = config.tiers;
  if (
    ![moderate, high, critical].every(Number.isFinite) ||
    !(0 < moderate && moderate < high && high < critical && critical <= 100)
  ) {
    issues.push({
      factor: null,
      field: 'tiers',
      message: `tier cut-offs must rise within 0–100 (Moderate < High < Critical), got ${[moderate, high, critical].map(shown).join(', ')}`,
    });
  }
  if (!(config.baseRate > 0 && config.baseRate < 1)) {
    issues.push({
      factor: null,
      field: 'baseRate',
      message: `the base non-renewal rate must be above 0 and below 1, got ${shown(config.baseRate)}`,
    });
  }
  return issues;
}

/** Blank fields arrive as NaN. */
function shown(value: number): string {
  return Number.isNaN(value) ? 'a blank value' : String(value);
}
