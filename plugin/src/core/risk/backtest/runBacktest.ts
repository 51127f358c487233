/** `sf healthplan risk backtest`: every renewal in a range, scored as of its horizon, against what happened. */
import type { OrgConnection } from '../../org/connection.js';
import { loadRiskConfig, type ConfigSource } from '../loadRiskConfig.js';
import { MODEL_VERSION, type RiskConfig } from '../model/index.js';
import { riskReader } from '../reader.js';
import { RiskConfigError } from '../scoreRenewalRisk.js';
import { scoreCases, summarize, type BacktestCase, type BacktestSummary } from './evaluate.js';
import { loadHistory } from './loadHistory.js';
import { renewalEvents } from './renewals.js';

export type BacktestOptions = {
  horizonDays: number;
  /** First and last contract end date to include; default: all up to `today`. */
  from?: string;
  to?: string;
  /** Renewals are known once a month has passed since their end date. */
  today: string;
};

export type BacktestResult = BacktestSummary & {
  horizonDays: number;
  from: string | null;
  to: string;
  modelVersion: string;
  configSource: ConfigSource;
  queries: number;
};

export type LoadedCases = { cases: BacktestCase[]; config: RiskConfig; configSource: ConfigSource; queries: number };

/** The org's config and every known renewal in the range, scored with it as of the horizon. */
export async function loadCases(conn: OrgConnection, options: BacktestOptions): Promise<LoadedCases> {
  const reader = riskReader(conn);
  const [loaded, history] = await Promise.all([loadRiskConfig(reader), loadHistory(reader)]);
  if (loaded.issues.length) throw new RiskConfigError(loaded.issues);
  const events = renewalEvents(history.contracts, {
    from: options.from ?? '0001-01-01',
    to: options.to ?? options.today,
    today: options.today,
  });
  return {
    cases: scoreCases(events, history.accounts, loaded.config, options.horizonDays),
    config: loaded.config,
    configSource: loaded.source,
    queries: reader.queries,
  };
}

export async function runBacktest(conn: OrgConnection, options: BacktestOptions): Promise<BacktestResult> {
  const { cases, config, configSource, queries } = await loadCases(conn, options);
  return {
    horizonDays: options.horizonDays,
    from: options.from ?? null,
    to: options.to ?? options.today,
    modelVersion: MODEL_VERSION,
    configSource,
    queries,
    ...summarize(cases, config),
  };
}
