/**
 * `sf healthplan risk fit`: fits weights and the base rate on the older renewals, then backtests the
 * org's config and the fitted one on the newer ones (held out), and writes the fitted config as
 * `Risk_Factor__mdt` / `Risk_Tier__mdt` record files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OrgConnection } from '../../org/connection.js';
import type { ConfigSource } from '../loadRiskConfig.js';
import { riskMetadataFiles } from '../metadataRecords.js';
import type { RiskConfig } from '../model/index.js';
import { scoreCases, summarize, type BacktestCase, type BacktestSummary } from './evaluate.js';
import { fitConfig } from './fit.js';
import { loadCases, type BacktestOptions } from './runBacktest.js';
import type { RenewalEvent } from './renewals.js';

/** Share of renewals, oldest first, the weights are fitted on; the rest are held out. */
export const TRAIN_SHARE = 0.7;
/**
 * Fewest non-renewals on each side of the split. Held out: with fewer than 10, one renewal moves
 * the AUC by several points. Training: 20, about two per fitted weight, the least a penalised
 * fit of 8–10 weights can use. Below that, fit refuses rather than print a number that means nothing.
 */
export const MIN_LOST = { train: 20, heldOut: 10 };

export type Side = { renewals: number; lost: number; from: string; to: string };

export type FitRunResult = {
  horizonDays: number;
  configSource: ConfigSource;
  train: Side;
  heldOut: Side;
  penalty: number;
  fittedFactors: string[];
  config: RiskConfig;
  before: BacktestSummary;
  after: BacktestSummary;
  files: string[];
};

export class NotEnoughRenewalsError extends Error {
  public constructor(
    public readonly train: Side,
    public readonly heldOut: Side,
  ) {
    super(
      `not enough renewal history: ${train.lost} non-renewals in the training part (${MIN_LOST.train} needed) and ${heldOut.lost} held out (${MIN_LOST.heldOut} needed)`,
    );
  }
}

function side(cases: BacktestCase[]): Side {
  return {
    renewals: cases.length,
    lost: cases.filter((item) => item.lost).length,
    from: cases.at(0)?.endDate ?? '',
    to: cases.at(-1)?.endDate ?? '',
  };
}

/** Oldest `TRAIN_SHARE` to train, never splitting one end date across both sides. */
export function timeSplit(cases: BacktestCase[]): { train: BacktestCase[]; heldOut: BacktestCase[] } {
  const sorted = [...cases].sort((a, b) => a.endDate.localeCompare(b.endDate));
  let cut = Math.floor(sorted.length * TRAIN_SHARE);
  while (cut > 0 && cut < sorted.length && sorted[cut].endDate === sorted[cut - 1].endDate) cut++;
  return { train: sorted.slice(0, cut), heldOut: sorted.slice(cut) };
}

export async function runFit(
  conn: OrgConnection,
  options: BacktestOptions & { outputDir: string },
): Promise<FitRunResult> {
  const loaded = await loadCases(conn, options);
  const scored = loaded.cases.filter((item) => item.assessment.score !== null);
  const { train, heldOut } = timeSplit(scored);
  if (side(train).lost < MIN_LOST.train || side(heldOut).lost < MIN_LOST.heldOut)
    throw new NotEnoughRenewalsError(side(train), side(heldOut));
  const fit = fitConfig(train, loaded.config);
  const heldOutEvents: RenewalEvent[] = heldOut.map((item) => ({
    accountId: item.accountId,
    endDate: item.endDate,
    renewed: !item.lost,
    lostLines: item.lostLines,
  }));
  const accounts = new Map(heldOut.map((item) => [item.accountId, item.account]));
  const refit = scoreCases(heldOutEvents, accounts, fit.config, options.horizonDays);
  await mkdir(options.outputDir, { recursive: true });
  const files: string[] = [];
  for (const file of riskMetadataFiles(fit.config)) {
    const target = path.join(options.outputDir, file.name);
    // eslint-disable-next-line no-await-in-loop
    await writeFile(target, file.content);
    files.push(target);
  }
  return {
    horizonDays: options.horizonDays,
    configSource: loaded.configSource,
    train: side(train),
    heldOut: side(heldOut),
    penalty: fit.penalty,
    fittedFactors: fit.fitted,
    config: fit.config,
    before: summarize(heldOut, loaded.config),
    after: summarize(refit, fit.config),
    files,
  };
}
